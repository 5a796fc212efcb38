import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ItemError, StorageError } from "../../src/core/errors.js";
import type { StorageOptions } from "../../src/options/options.js";
import { createS3Storage } from "../../src/storage/s3-storage.js";
import type { PutRequest, Storage } from "../../src/storage/storage.js";
import { type S3FaultProxy, startS3FaultProxy } from "../support/fault-proxy.js";
import {
  type RunningS3rver,
  S3RVER_SECRET_ACCESS_KEY,
  s3rverClient,
  s3rverStorageOptions,
  startS3rver,
} from "../support/s3rver.js";

const BUCKET = "test-bucket";
const CACHE_CONTROL = "public, max-age=31536000, immutable";

let s3rver: RunningS3rver;
let workDir: string;
const opened: Storage[] = [];

beforeAll(async () => {
  s3rver = await startS3rver({ buckets: [BUCKET] });
  workDir = await mkdtemp(join(tmpdir(), "s3-storage-test-"));
});

afterAll(async () => {
  await s3rver.stop();
  await rm(workDir, { recursive: true, force: true });
});

afterEach(() => {
  for (const storage of opened.splice(0)) storage.close();
});

function optionsFor(endpoint: string, overrides: Partial<StorageOptions> = {}): StorageOptions {
  return s3rverStorageOptions(endpoint, BUCKET, overrides);
}

function open(endpoint: string, overrides: Partial<StorageOptions> = {}): Storage {
  // One attempt and short backoff keep failure tests fast; retries are tested explicitly.
  const storage = createS3Storage(optionsFor(endpoint, overrides), {
    maxAttempts: 1,
    retryBaseDelayMs: 10,
  });
  opened.push(storage);
  return storage;
}

let fileCounter = 0;
/** A real file on disk and the PutRequest that uploads it. */
async function imageFile(
  key: string,
  size = 2048,
): Promise<{ bytes: Buffer; request: PutRequest }> {
  const bytes = randomBytes(size);
  const path = join(workDir, `image-${fileCounter++}.png`);
  await writeFile(path, bytes);
  return {
    bytes,
    request: {
      key,
      body: () => createReadStream(path),
      size: bytes.length,
      contentType: "image/png",
      cacheControl: CACHE_CONTROL,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      md5: createHash("md5").update(bytes).digest("hex"),
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("createS3Storage against s3rver", () => {
  it("stores size, sha256 metadata, content type and cache control, and head reports them", async () => {
    const storage = open(s3rver.endpoint);
    const { bytes, request } = await imageFile("images/head-me.png", 3000);

    const result = await storage.put(request);
    expect(result.etag).toBe(request.md5);

    const info = await storage.head(request.key);
    expect(info).toEqual({
      key: request.key,
      size: bytes.length,
      sha256: request.sha256,
      etag: request.md5,
    });

    // Check what the server really holds with a plain client, independent of the adapter.
    const raw = s3rverClient(s3rver.endpoint);
    try {
      const head = await raw.send(new HeadObjectCommand({ Bucket: BUCKET, Key: request.key }));
      expect(head.ContentType).toBe("image/png");
      expect(head.CacheControl).toBe(CACHE_CONTROL);
      expect(head.ContentLength).toBe(bytes.length);
      expect(head.Metadata).toEqual({ sha256: request.sha256 });
    } finally {
      raw.destroy();
    }
  });

  it("reads back exactly the bytes that were uploaded", async () => {
    const storage = open(s3rver.endpoint);
    const { bytes, request } = await imageFile("images/roundtrip.png", 200_000);
    await storage.put(request);
    const back = await storage.get(request.key);
    expect(back.equals(bytes)).toBe(true);
  });

  it("returns undefined from head for a key that does not exist", async () => {
    const storage = open(s3rver.endpoint);
    expect(await storage.head("images/never-uploaded.png")).toBeUndefined();
  });

  it("deletes an object", async () => {
    const storage = open(s3rver.endpoint);
    const { request } = await imageFile("images/delete-me.png");
    await storage.put(request);
    expect(await storage.head(request.key)).toBeDefined();
    await storage.delete(request.key);
    expect(await storage.head(request.key)).toBeUndefined();
  });

  it("lists only the objects under a prefix, with size and etag", async () => {
    const storage = open(s3rver.endpoint);
    const inside = [await imageFile("listing/a.png", 10), await imageFile("listing/sub/b.png", 20)];
    const outside = await imageFile("listing-other/c.png", 30);
    for (const file of [...inside, outside]) await storage.put(file.request);

    const listed = await storage.list("listing/");
    const byKey = new Map(listed.map((info) => [info.key, info]));
    expect([...byKey.keys()].sort()).toEqual(["listing/a.png", "listing/sub/b.png"]);
    expect(byKey.get("listing/a.png")).toEqual({
      key: "listing/a.png",
      size: 10,
      etag: inside[0]?.request.md5,
    });
    expect(byKey.get("listing/sub/b.png")?.size).toBe(20);
  });

  it("hands on the prefix's listing from a preflight asked to list, whose first page is the check", async () => {
    const storage = open(s3rver.endpoint);
    for (const file of [await imageFile("early/a.png", 10), await imageFile("early-not/b.png", 20)])
      await storage.put(file.request);
    const checked = await storage.preflight("early/", { list: true });
    expect(checked.canList).toBe(true);
    expect((await checked.objects)?.map((object) => object.key)).toEqual(["early/a.png"]);
    expect((await storage.preflight("early/")).objects).toBeUndefined();
    const missing = open(s3rver.endpoint, { bucket: "no-such-bucket" });
    await expect(missing.preflight("early/", { list: true })).rejects.toThrow(/`bucket`/);
  });

  it("fails the one upload with a clear reason when its file cannot be read", async () => {
    const storage = open(s3rver.endpoint);
    const { request } = await imageFile("images/vanished.png");
    const path = join(workDir, "deleted-before-upload.png");
    const error = await storage
      .put({ ...request, body: () => createReadStream(path) })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ItemError);
    expect((error as ItemError).message).toContain(
      "Could not read the file for images/vanished.png",
    );
    expect((error as ItemError).message).toContain("ENOENT");
    expect(await storage.head(request.key)).toBeUndefined();
  });

  it("names the bucket input when the bucket does not exist", async () => {
    const storage = open(s3rver.endpoint, { bucket: "no-such-bucket" });
    const { request } = await imageFile("images/x.png");
    const error = await storage.put(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toContain("`bucket`");
    expect((error as StorageError).message).toContain("no-such-bucket");
    await expect(storage.list("images/")).rejects.toThrow(/`bucket`/);
  });

  it("names the endpoint input when nothing listens at the endpoint", async () => {
    const port = await closedPort();
    const storage = open(`http://127.0.0.1:${port}`);
    const error = await storage.head("images/x.png").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toContain("`endpoint`");
    expect((error as StorageError).message).toContain(`127.0.0.1:${port}`);
    const { request } = await imageFile("images/y.png");
    await expect(storage.put(request)).rejects.toThrow(/`endpoint`/);
  });

  it("names the access-key-id input when the server does not know the key", async () => {
    const storage = open(s3rver.endpoint, {
      credentials: { accessKeyId: "NOT-A-KEY", secretAccessKey: S3RVER_SECRET_ACCESS_KEY },
    });
    const { request } = await imageFile("images/denied.png");
    const error = await storage.put(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toContain("`access-key-id`");
  });
});

describe("createS3Storage through a faulty network", () => {
  let proxy: S3FaultProxy;

  beforeAll(async () => {
    proxy = await startS3FaultProxy(s3rver);
  });

  afterAll(async () => {
    await proxy.stop();
  });

  it("detects bytes damaged in transit by comparing the ETag with the MD5", async () => {
    const storage = open(proxy.endpoint);
    const { request } = await imageFile("images/damaged.png", 5000);
    proxy.corruptPut = (path) => path.endsWith("/images/damaged.png");
    try {
      const error = await storage.put(request).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ItemError);
      expect((error as ItemError).message).toMatch(
        /^Storage stored different bytes for images\/damaged\.png than were sent \(ETag [0-9a-f]{32} ≠ MD5 [0-9a-f]{32}, attempt 1 of 1\); the upload was corrupted in transit\.$/,
      );
    } finally {
      proxy.corruptPut = () => false;
    }
  });

  it("retries a PUT answered with 503 and sends the whole body again", async () => {
    const storage = createS3Storage(optionsFor(proxy.endpoint), {
      maxAttempts: 3,
      retryBaseDelayMs: 10,
    });
    opened.push(storage);
    const { bytes, request } = await imageFile("images/retried.png", 100_000);
    const before = proxy.puts.length;
    proxy.failNextPuts(`/${BUCKET}/images/retried.png`, 2);

    await storage.put(request);

    expect(proxy.puts.length - before).toBe(3);
    expect((await storage.get(request.key)).equals(bytes)).toBe(true);
  });

  it("gives up after maxAttempts and reports the status as an item failure", async () => {
    const storage = createS3Storage(optionsFor(proxy.endpoint), {
      maxAttempts: 2,
      retryBaseDelayMs: 10,
    });
    opened.push(storage);
    const { request } = await imageFile("images/overloaded.png");
    const before = proxy.puts.length;
    proxy.failNextPuts(`/${BUCKET}/images/overloaded.png`, 5);

    const error = await storage.put(request).catch((caught: unknown) => caught);

    expect(proxy.puts.length - before).toBe(2);
    expect(error).toBeInstanceOf(ItemError);
    expect((error as ItemError).message).toContain("images/overloaded.png");
    expect((error as ItemError).message).toContain("503");
    proxy.failNextPuts(`/${BUCKET}/images/overloaded.png`, 0);
  });
});
