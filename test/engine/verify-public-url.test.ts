import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { httpGet } from "../../src/core/http-get.js";
import type { ImageResult } from "../../src/engine/types.js";
import {
  alternativeBaseUrl,
  checkPublicObject,
  type PublicUrlSetup,
  verifyPublicUrl,
} from "../../src/engine/verify-public-url.js";
import type { Provider } from "../../src/options/options.js";
import { s3rverClient, startS3rver } from "../support/s3rver.js";

const bucket = "verify-bucket";
const key = "images/0123456789abcdef.png";
const png = await readFile(
  path.resolve(import.meta.dirname, "../fixtures/check/site/img/cafe.png"),
);
const image: ImageResult = {
  path: "img/cafe.png",
  absolutePath: "/unused",
  size: png.length,
  sha256: createHash("sha256").update(png).digest("hex"),
  md5: createHash("md5").update(png).digest("hex"),
  contentType: "image/png",
  key,
  url: "",
  status: "uploaded",
};

let s3: Awaited<ReturnType<typeof startS3rver>>;
const servers: Server[] = [];
beforeAll(async () => {
  s3 = await startS3rver({ buckets: [bucket] });
  const client = s3rverClient(s3.endpoint);
  await client.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: png, ContentType: "image/png" }),
  );
  client.destroy();
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  await s3?.stop();
});

/** A web server answering every GET with `status` and `body`, counting requests. */
async function startWeb(status: number, body = Buffer.alloc(0)) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? "");
    res.writeHead(status, { "content-type": "text/html" }).end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function failure(setup: PublicUrlSetup): Promise<string> {
  const error = await verifyPublicUrl(image, (url, init) => fetch(url, init), setup).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).input).toBe("public-url");
  const message = (error as Error).message;
  // One sentence that names the input.
  expect(message).toMatch(/^Input public-url: /);
  expect(message.replace(/\b\S+\.\S+/g, "").match(/\. /g)).toBeNull();
  return message;
}

const setup = (publicUrl: string, provider: Provider = "custom"): PublicUrlSetup => ({
  provider,
  bucket,
  publicUrl,
});

describe("verifyPublicUrl", () => {
  it("passes when public-url + key serves the same bytes", async () => {
    await expect(
      verifyPublicUrl(image, (url, init) => fetch(url, init), setup(`${s3.endpoint}/${bucket}`)),
    ).resolves.toBeUndefined();
  });

  it("a public-url missing the bucket name suggests the URL with it", async () => {
    const message = await failure(setup(s3.endpoint));
    expect(message).toContain(`${s3.endpoint}/${key} gave HTTP 404`);
    expect(message).toContain(`use ${s3.endpoint}/${bucket} as public-url`);
  });

  it("a public-url with a bucket name the server does not want suggests it without", async () => {
    // A CDN that serves the bucket at its root: /<bucket>/<key> is a 404 there.
    const cdn = createServer((req, res) => {
      if (req.url === `/${key}`) res.writeHead(200, { "content-type": "image/png" }).end(png);
      else res.writeHead(404).end();
    });
    servers.push(cdn);
    await new Promise<void>((resolve) => cdn.listen(0, "127.0.0.1", resolve));
    const root = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
    const message = await failure(setup(`${root}/${bucket}`));
    expect(message).toContain(`use ${root} as public-url`);
  });

  it.each([
    ["r2", /connect a custom domain to "verify-bucket" or enable its r2\.dev URL/],
    ["s3", /bucket policy that allows s3:GetObject to everyone .*acl: public-read/],
    ["b2", /make "verify-bucket" public \(Bucket Settings → Files in Bucket are: Public\)/],
    ["minio", /mc anonymous set download <alias>\/verify-bucket/],
    ["gcs", /allUsers the Storage Object Viewer role/],
  ] as const)(
    "a 403 names the %s fix and the way out for private buckets",
    async (provider, fix) => {
      const web = await startWeb(403);
      const message = await failure(setup(web.url, provider));
      expect(message).toContain("answered HTTP 403");
      expect(message).toMatch(fix);
      expect(message).toContain("verify-public-url: false");
      // The URL as given, then once with the bucket name: never more than two requests.
      expect(web.seen).toEqual([`/${key}`, `/${bucket}/${key}`]);
    },
  );

  it("a 404 names where the provider serves buckets from", async () => {
    const web = await startWeb(404);
    expect(await failure(setup(web.url, "r2"))).toMatch(
      /HTTP 404.*custom domain or r2\.dev URL connected to the bucket, with no bucket name/,
    );
    expect(await failure(setup(web.url, "b2"))).toContain(
      "https://f<NNN>.backblazeb2.com/file/verify-bucket",
    );
  });

  it("a page that answers 200 with other bytes fails as pointing at something else", async () => {
    const web = await startWeb(200, Buffer.from("<!doctype html><title>Blog</title>"));
    const message = await failure(setup(web.url));
    expect(message).toMatch(/serves 34 bytes that differ from the uploaded img\/cafe\.png/);
  });

  it("an unreachable public-url fails with the reason and no second request", async () => {
    // A port that was free a moment ago: nothing listens there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    let requests = 0;
    const message = await verifyPublicUrl(
      image,
      (url, init) => {
        requests++;
        return fetch(url, init);
      },
      setup(`http://127.0.0.1:${port}/assets`),
    ).catch((error: Error) => error.message);
    expect(message).toMatch(/^Input public-url: fetching .* failed \(ECONNREFUSED\)/);
    expect(requests).toBe(1);
  });
});

describe("a run's client (core/http-get.ts) and fetch", () => {
  /** Each way a public-url can answer, with the check's timeout. */
  async function answers(): Promise<[string, string, number][]> {
    const web = createServer((req, res) => {
      if (req.url?.startsWith("/hang/")) return;
      if (req.url?.startsWith("/loop/")) return res.writeHead(302, { location: req.url }).end();
      if (req.url?.startsWith("/moved/")) {
        const location = `${s3.endpoint}/${bucket}/${req.url.slice("/moved/".length)}`;
        return res.writeHead(301, { location }).end();
      }
      if (req.url?.startsWith("/forbidden/")) return res.writeHead(403).end("<h1>no</h1>");
      res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html>");
    });
    servers.push(web);
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    const root = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    return [
      ["the object", `${s3.endpoint}/${bucket}`, 15_000],
      ["a 404, then the object with the bucket name", s3.endpoint, 15_000],
      ["a redirect to the object", `${root}/moved`, 15_000],
      ["a 403", `${root}/forbidden`, 15_000],
      ["a web page", root, 15_000],
      ["endless redirects", `${root}/loop`, 15_000],
      ["no answer in time", `${root}/hang`, 300],
      ["a refused connection", `http://127.0.0.1:${port}`, 15_000],
      ["a host that does not exist", "http://no-such-host.invalid", 15_000],
    ];
  }

  it("give the same verdict, in the same words, whatever public-url answers", async () => {
    const object = { key, sha256: image.sha256, label: image.path };
    for (const [what, publicUrl, timeoutMs] of await answers()) {
      const check = (fetchUrl: Parameters<typeof checkPublicObject>[2]) =>
        checkPublicObject(object, setup(publicUrl), fetchUrl, timeoutMs);
      const viaFetch = await check((url, init) => fetch(url, init));
      expect(await check(httpGet), what).toEqual(viaFetch);
    }
  });
});

describe("alternativeBaseUrl", () => {
  it.each([
    ["https://cdn.example.com", "https://cdn.example.com/verify-bucket"],
    ["https://cdn.example.com/verify-bucket", "https://cdn.example.com"],
    ["https://host/file/verify-bucket", "https://host/file"],
    ["https://host/assets", "https://host/assets/verify-bucket"],
  ])("%s → %s", (publicUrl, alternative) => {
    expect(alternativeBaseUrl(publicUrl, bucket)).toBe(alternative);
  });
});
