/** verify-public-url for a storage that re-encodes (Cloudflare Images variants). */
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import type { ImageResult } from "../../src/engine/types.js";
import { verifyPublicUrl } from "../../src/engine/verify-public-url.js";
import { createImagesStorage } from "../../src/storage/cloudflare-images/images-storage.js";
import { type FakeImagesApi, startImagesApi } from "../support/cloudflare-images.js";
import { png } from "../support/image-bytes.js";

let api: FakeImagesApi;
const bytes = png(4, 4, "verify");
const image: ImageResult = {
  path: "img/a.png",
  absolutePath: "/unused",
  size: bytes.length,
  sha256: createHash("sha256").update(bytes).digest("hex"),
  md5: "",
  contentType: "image/png",
  key: "images/a.png",
  url: "",
  status: "uploaded",
};
beforeAll(async () => {
  api = await startImagesApi();
  api.seed("images/a.png", bytes, { sha256: image.sha256 });
});
afterAll(() => api.stop());

function setup(variant: string, publicUrl = api.deliveryBase) {
  const storage = createImagesStorage({
    accountId: api.accountId,
    apiToken: api.token,
    variant,
    apiUrl: api.apiUrl,
    batchUrl: api.batchUrl,
  });
  return { provider: "custom" as const, bucket: "", publicUrl, delivery: storage.delivery };
}

const fetchUrl = (url: string, init?: { signal?: AbortSignal }) => fetch(url, init);

describe("verify-public-url with Cloudflare Images", () => {
  it("passes on HTTP 200 with an image Content-Type, though the bytes are re-encoded", async () => {
    await expect(verifyPublicUrl(image, fetchUrl, setup("public"))).resolves.toBeUndefined();
  });

  it("a variant the account does not have fails naming cloudflare-variant", async () => {
    const error = await verifyPublicUrl(image, fetchUrl, setup("huge")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe("public-url");
    expect((error as Error).message).toContain(
      `${api.deliveryBase}/images/a.png/huge answered HTTP 404`,
    );
    expect((error as Error).message).toContain("cloudflare-variant");
  });

  it("a page that is not an image fails, naming what it served", async () => {
    const site = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<html></html>");
    });
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(site.address() as AddressInfo).port}/hash`;
    try {
      const error = await verifyPublicUrl(image, fetchUrl, setup("public", base)).catch(
        (e: unknown) => e,
      );
      expect((error as Error).message).toContain("serves text/html, not an image");
      expect((error as Error).message).toContain("/cdn-cgi/imagedelivery/<account hash>");
    } finally {
      site.close();
    }
  });
});
