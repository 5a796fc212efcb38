/** The Images storage against the local fake API, over real HTTP. */
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { InputError, ItemError, StorageError } from "../../../src/core/errors.js";
import type { CloudflareImagesOptions } from "../../../src/options/options.js";
import {
  createImagesStorage,
  type ImagesStorageTuning,
} from "../../../src/storage/cloudflare-images/images-storage.js";
import { metadataJson } from "../../../src/storage/cloudflare-images/records.js";
import { type FakeImagesApi, startImagesApi } from "../../support/cloudflare-images.js";
import { png } from "../../support/image-bytes.js";
import { putRequestOf } from "../../support/put-request.js";

let api: FakeImagesApi;
beforeAll(async () => {
  api = await startImagesApi();
});
afterAll(() => api.stop());
afterEach(() => {
  api.images.clear();
  api.requests.length = 0;
});

const sleeps: number[] = [];
function open(overrides: Partial<CloudflareImagesOptions> = {}, tuning: ImagesStorageTuning = {}) {
  return createImagesStorage(
    {
      accountId: api.accountId,
      apiToken: api.token,
      variant: "public",
      apiUrl: api.apiUrl,
      batchUrl: api.batchUrl,
      ...overrides,
    },
    {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0,
      ...tuning,
    },
  );
}

describe("Cloudflare Images storage", () => {
  it("uploads the bytes under the custom ID with sha256 and path metadata", async () => {
    const storage = open();
    const bytes = png(3, 3, "s1");
    const put = putOf("images/abc.png", bytes);
    await storage.put(put);
    const stored = api.images.get("images/abc.png");
    expect(stored?.bytes.equals(bytes)).toBe(true);
    expect(stored?.metadata).toEqual({ sha256: put.sha256, path: "posts/a.png" });
    expect(stored?.requireSignedURLs).toBe(false);
    expect(stored?.contentType).toBe("image/png");
    expect(await storage.head("images/abc.png")).toEqual({
      key: "images/abc.png",
      sha256: put.sha256,
    });
    expect(await storage.head("images/none.png")).toBeUndefined();
    expect((await storage.get("images/abc.png")).equals(bytes)).toBe(true);
  });

  it("settles 'already exists' by the metadata: the same sha256 is fine, another names the ID", async () => {
    const storage = open();
    const bytes = png(2, 2, "dup");
    const put = putOf("images/dup.png", bytes);
    api.seed("images/dup.png", bytes, { sha256: put.sha256 });
    await expect(storage.put(put)).resolves.toEqual({});
    api.seed("images/other.png", png(2, 2, "x"), { sha256: "f".repeat(64) });
    const error = await storage.put(putOf("images/other.png", bytes)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ItemError);
    expect((error as Error).message).toContain("under the ID images/other.png");
    expect((error as Error).message).toContain("cannot be overwritten");
  });

  it("lists every page with sha256 from the metadata, filtered to the prefix", async () => {
    for (let i = 0; i < 30; i++) api.seed(`images/${i}.png`, png(1, 1), { sha256: `${i}` });
    api.seed("other/x.png", png(1, 1), {});
    const listed = await open().list("images/");
    expect(listed).toHaveLength(30);
    expect(listed.find((o) => o.key === "images/7.png")).toEqual({
      key: "images/7.png",
      sha256: "7",
    });
    // 31 images fit one 10,000-image page.
    expect(api.requests.filter((r) => r.path.includes("/images/v2"))).toHaveLength(1);
  });

  it("makes URLs <public-url>/<id>/<variant>, each segment encoded", () => {
    const storage = open({ variant: "w=400" });
    expect(storage.delivery.url("https://imagedelivery.net/H", "images/a b.png")).toBe(
      "https://imagedelivery.net/H/images/a%20b.png/w%3D400",
    );
    expect(storage.delivery.proof).toBe("image");
  });

  it("learns the delivery URL from a listed image, or from a probe it deletes again", async () => {
    api.seed("images/seen.png", png(1, 1), {});
    expect(await open().defaultPublicUrl(false)).toBe(api.deliveryBase);
    api.images.clear();
    await expect(open().defaultPublicUrl(false)).rejects.toThrow(InputError);
    await expect(open().defaultPublicUrl(false)).rejects.toThrow(
      /set public-url to https:\/\/imagedelivery.net/,
    );
    expect(await open().defaultPublicUrl(true)).toBe(api.deliveryBase);
    expect(api.images.size).toBe(0);
  });

  it("names cloudflare-api-token for a refused token and cloudflare-account-id for an unknown account", async () => {
    const token = await open({ apiToken: "wrong" })
      .preflight("images/")
      .catch((e: unknown) => e);
    expect(token).toBeInstanceOf(StorageError);
    expect((token as Error).message).toMatch(
      /^Input cloudflare-api-token: .*HTTP 401.*Images Write/,
    );
    const account = await open({ accountId: "ffff" })
      .preflight("images/")
      .catch((e: unknown) => e);
    expect((account as Error).message).toMatch(
      /^Input cloudflare-account-id: Cloudflare knows no such account/,
    );
  });

  it("waits out a 429 for its Retry-After and then succeeds", async () => {
    sleeps.length = 0;
    api.rateLimit(2, 3);
    const storage = open();
    await storage.put(putOf("images/limited.png", png(1, 1, "rl")));
    expect(api.images.has("images/limited.png")).toBe(true);
    expect(sleeps).toEqual([3000, 3000]);
  });

  it("gets a batch token past 200 requests and sends image requests to the batch host", async () => {
    const storage = open();
    await storage.expectRequests(200);
    expect(api.batchTokens).toHaveLength(0);
    await storage.expectRequests(201);
    expect(api.batchTokens).toHaveLength(1);
    await storage.put(putOf("images/batched.png", png(1, 1, "b")));
    await storage.list("images/");
    const upload = api.requests.find((r) => r.method === "POST");
    expect(upload).toMatchObject({ listener: "batch", path: "/images/v1" });
    expect(upload?.authorization).toBe(`Bearer ${api.batchTokens[0]}`);
    expect(storage.sent.batch).toBe(1);
  });

  it("names cloudflare-api-url when the API cannot be reached, without waiting out retries", async () => {
    sleeps.length = 0;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await open({ apiUrl: `http://127.0.0.1:${port}` })
      .preflight("images/")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toBe(
      `Input cloudflare-api-url: http://127.0.0.1:${port} could not be reached (ECONNREFUSED) while listing the account's images; leave it at https://api.cloudflare.com/client/v4 unless a proxy stands in between.`,
    );
    expect(sleeps).toEqual([]);
  });

  it("a silent API fails the first request in two short attempts, naming cloudflare-api-url", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const apiUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const started = Date.now();
      const error = await open({ apiUrl }, { preflightTimeoutMs: 300 })
        .preflight("images/")
        .catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as Error).message).toMatch(
        /^Input cloudflare-api-url: Cloudflare could not be reached while listing the account's images \(.*timeout.*\), even after retries; check cloudflare-api-url/,
      );
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it("lists 10,050 images in two pages of 10,000", async () => {
    for (let i = 0; i < 10_050; i++)
      api.seed(`images/${i}.png`, Buffer.alloc(1), { sha256: `${i}` });
    const listed = await open().list("images/");
    expect(listed).toHaveLength(10_050);
    const pages = api.requests.map((r) => r.path);
    expect(pages).toEqual([
      `/accounts/${api.accountId}/images/v2?per_page=10000`,
      `/accounts/${api.accountId}/images/v2?per_page=10000&continuation_token=10000`,
    ]);
  });

  it("stops the run after 10 requests in a row failed even after retries", async () => {
    const down = createServer((_request, response) => {
      response.writeHead(503, { "content-type": "application/json" });
      response.end(JSON.stringify({ success: false, errors: [{ code: 1, message: "down" }] }));
    });
    await new Promise<void>((resolve) => down.listen(0, "127.0.0.1", resolve));
    const apiUrl = `http://127.0.0.1:${(down.address() as AddressInfo).port}`;
    try {
      const storage = open({ apiUrl }, { maxAttempts: 2 });
      const errors: unknown[] = [];
      for (let i = 0; i < 11; i++)
        errors.push(await storage.head(`images/${i}.png`).catch((e) => e));
      expect(errors.slice(0, 9).every((e) => e instanceof ItemError)).toBe(true);
      expect((errors[8] as Error).message).toContain("HTTP 503 (down (code 1))");
      expect(errors[9]).toBeInstanceOf(StorageError);
      expect((errors[10] as Error).message).toMatch(
        /^Cloudflare Images failed 10 requests in a row/,
      );
    } finally {
      down.close();
    }
  });

  it("cuts a path that would take the metadata over Images' 1,024 bytes, never the sha256", () => {
    const sha = "a".repeat(64);
    expect(metadataJson(sha, "posts/a.png")).toBe(`{"sha256":"${sha}","path":"posts/a.png"}`);
    const long = metadataJson(sha, `${"é".repeat(600)}/${"x".repeat(600)}.png`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(1024);
    expect(JSON.parse(long)).toMatchObject({ sha256: sha });
    expect(JSON.parse(long).path).toMatch(/^é+…$/);
  });

  it("finds IDs with slashes whichever way the API wants them spelled, settling it once", async () => {
    for (const spelling of ["raw", "encoded"] as const) {
      api.idSlashes = spelling;
      api.requests.length = 0;
      const storage = open();
      const bytes = png(2, 2, `slash-${spelling}`);
      const sha = createHash("sha256").update(bytes).digest("hex");
      api.seed("images/a/b.png", bytes, { sha256: sha });
      expect(await storage.head("images/a/b.png")).toEqual({ key: "images/a/b.png", sha256: sha });
      expect(await storage.head("images/none/x.png")).toBeUndefined();
      expect((await storage.get("images/a/b.png")).equals(bytes)).toBe(true);
      await storage.delete("images/a/b.png");
      expect(api.images.size).toBe(0);
      const paths = api.requests.map((r) => r.path);
      // At most one extra request: the first, spelled the other way.
      expect(paths.length).toBe(spelling === "encoded" ? 4 : 5);
    }
    api.idSlashes = "both";
  });

  it("deletes", async () => {
    api.seed("images/gone.png", png(1, 1), {});
    await open().delete("images/gone.png");
    expect(api.images.has("images/gone.png")).toBe(false);
  });
});

function putOf(key: string, bytes: Buffer, path = "posts/a.png") {
  return putRequestOf(key, bytes, { path, cacheControl: "" });
}
