import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { StorageError } from "../../src/core/errors.js";
import { type Clock, MemoryLogger } from "../../src/core/logger.js";
import { commonPrefix, LIST_MIN_KEYS, objectsByKey } from "../../src/engine/existence.js";
import type { PlannedImage } from "../../src/engine/types.js";
import { type UploadSettings, uploadImages } from "../../src/engine/upload.js";
import type { StorageOptions } from "../../src/options/options.js";
import { createS3Storage } from "../../src/storage/s3-storage.js";
import type { Storage } from "../../src/storage/storage.js";
import { type S3FaultProxy, startS3FaultProxy } from "../support/fault-proxy.js";
import { plannedImages } from "../support/planned-images.js";
import {
  type RunningS3rver,
  s3rverClient,
  s3rverStorageOptions,
  startS3rver,
} from "../support/s3rver.js";

const BUCKET = "existence-bucket";
const MANY = LIST_MIN_KEYS + 10;

let s3rver: RunningS3rver;
let proxy: S3FaultProxy;
let storage: Storage;
let workDir: string;
let runCounter = 0;

const settings: UploadSettings = {
  // Every test's images live under the system temp dir.
  root: tmpdir(),
  concurrency: 8,
  cacheControl: "public, max-age=31536000, immutable",
  dryRun: false,
};
const clock: Clock = { now: () => 0 };

function storageOptions(overrides: Partial<StorageOptions> = {}): StorageOptions {
  return s3rverStorageOptions(proxy.endpoint, BUCKET, overrides);
}

/** A client straight to s3rver (not through the proxy) to plant objects other tools left. */
function rawClient(): S3Client {
  return s3rverClient(s3rver.endpoint);
}

beforeAll(async () => {
  s3rver = await startS3rver({ buckets: [BUCKET] });
  workDir = await mkdtemp(join(tmpdir(), "existence-test-"));
});

afterAll(async () => {
  await s3rver.stop();
  await rm(workDir, { recursive: true, force: true });
});

beforeEach(async () => {
  proxy = await startS3FaultProxy(s3rver);
  storage = createS3Storage(storageOptions(), { retryBaseDelayMs: 10 });
});

afterEach(async () => {
  storage.close();
  await proxy.stop();
});

/** `count` real image files with distinct bytes, planned under a fresh key prefix. */
function planImages(count: number, prefix = `run-${runCounter++}/`): Promise<PlannedImage[]> {
  return plannedImages(workDir, prefix, count, 256);
}

const upload = (images: readonly PlannedImage[], logger = new MemoryLogger()) =>
  uploadImages(images, storage, settings, logger, clock);

/** The proxy's requests since the last call, by kind. */
function takeRequests(): { list: number; head: number; put: number; other: number } {
  const requests = proxy.requests.splice(0);
  const count = (test: (request: string) => boolean) => requests.filter(test).length;
  const list = count((request) => /^GET [^?]*\?.*list-type=2/.test(request));
  const head = count((request) => request.startsWith("HEAD "));
  const put = count((request) => request.startsWith("PUT "));
  return { list, head, put, other: requests.length - list - head - put };
}

describe("commonPrefix", () => {
  it("is the longest shared start of every key", () => {
    expect(commonPrefix(["images/ab.png", "images/ac.png", "images/a.png"])).toBe("images/a");
    expect(commonPrefix(["images/ab.png"])).toBe("images/ab.png");
    expect(commonPrefix(["a/x.png", "b/x.png"])).toBe("");
    expect(commonPrefix([])).toBe("");
  });
});

describe("existence checks before upload", () => {
  it("lists once instead of one HEAD per image when a run has many keys", async () => {
    const images = await planImages(MANY);

    const cold = await upload(images);
    expect(cold.every((result) => result.status === "uploaded")).toBe(true);
    // Nothing listed, so every image is uploaded without asking first.
    expect(takeRequests()).toEqual({ list: 1, head: 0, put: MANY, other: 0 });

    const logger = new MemoryLogger();
    const noop = await upload(images, logger);
    expect(noop.every((result) => result.status === "present")).toBe(true);
    expect(takeRequests()).toEqual({ list: 1, head: 0, put: 0, other: 0 });
    expect(logger.lines).toContainEqual({
      level: "info",
      message: `Listed ${MANY} object(s) under "${commonPrefix(images.map((image) => image.key))}": ${MANY} of ${MANY} image(s) already present.`,
    });
  });

  it("uses a listing sent while the images were hashed, and lists again only for other keys", async () => {
    const prefix = `early-${runCounter++}/`;
    const images = await planImages(MANY, prefix);
    await upload(images.slice(0, 10));
    takeRequests();

    const listing = { prefix, objects: storage.list(prefix) };
    const results = await uploadImages(
      images,
      storage,
      { ...settings, listing },
      new MemoryLogger(),
      clock,
    );
    expect(results.filter((result) => result.status === "present").length).toBe(10);
    expect(takeRequests()).toEqual({ list: 1, head: 0, put: MANY - 10, other: 0 });

    // Keys outside the early listing's prefix (a recorded image under an old prefix): listed anew.
    const elsewhere = { prefix: "other/", objects: storage.list("other/") };
    const again = await uploadImages(
      images,
      storage,
      { ...settings, listing: elsewhere },
      new MemoryLogger(),
      clock,
    );
    expect(again.every((result) => result.status === "present")).toBe(true);
    expect(takeRequests()).toEqual({ list: 2, head: 0, put: 0, other: 0 });
  });

  it("plans a dry run from the listing alone", async () => {
    const images = await planImages(MANY);
    await upload(images.slice(0, 10));
    takeRequests();

    const results = await uploadImages(
      images,
      storage,
      { ...settings, dryRun: true },
      new MemoryLogger(),
      clock,
    );

    expect(results.filter((result) => result.status === "present").length).toBe(10);
    expect(results.filter((result) => result.status === "planned").length).toBe(MANY - 10);
    expect(takeRequests()).toEqual({ list: 1, head: 0, put: 0, other: 0 });
  });

  it("asks HeadObject per key and never lists when a run has few keys", async () => {
    const images = await planImages(5);
    await upload(images);
    expect(takeRequests()).toEqual({ list: 0, head: 5, put: 5, other: 0 });

    const noop = await upload(images);
    expect(noop.every((result) => result.status === "present")).toBe(true);
    expect(takeRequests()).toEqual({ list: 0, head: 5, put: 0, other: 0 });
  });

  it("falls back to HeadObject per key, with a notice, when listing is denied", async () => {
    const images = await planImages(MANY);
    await upload(images);
    takeRequests();
    proxy.denyListing = true;

    const logger = new MemoryLogger();
    const results = await upload(images, logger);

    expect(results.every((result) => result.status === "present")).toBe(true);
    expect(takeRequests()).toEqual({ list: 1, head: MANY, put: 0, other: 0 });
    const notice = logger.lines.find((line) => line.message.startsWith("Could not list"));
    expect(notice?.level).toBe("info");
    expect(notice?.message).toContain("listing is not allowed for this key");
    expect(logger.lines.filter((line) => line.level === "error")).toEqual([]);
  });

  it("does not ask to list again when the preflight already learned it may not", async () => {
    const images = await planImages(MANY);
    await upload(images);
    takeRequests();
    const logger = new MemoryLogger();
    const results = await uploadImages(
      images,
      storage,
      { ...settings, canList: false },
      logger,
      clock,
    );
    expect(results.every((result) => result.status === "present")).toBe(true);
    expect(takeRequests()).toEqual({ list: 0, head: MANY, put: 0, other: 0 });
  });

  it("confirms a listed object of the right size with HEAD when its ETag is not the MD5", async () => {
    const images = await planImages(MANY);
    const [multipart, sameSizeOtherBytes, otherSize] = images;
    if (!multipart || !sameSizeOtherBytes || !otherSize) throw new Error("images expected");
    await upload(images.slice(3));
    const raw = rawClient();
    try {
      // The right bytes with our sha256 metadata, and the ETag of a multipart upload
      // ("<hex>-<parts>"), so the listing cannot prove the content and only HeadObject's
      // metadata can. s3rver computes whole-object MD5 ETags even for multipart uploads,
      // so the ETag file it keeps next to the object is replaced.
      await raw.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: multipart.key,
          Body: await readFile(multipart.absolutePath),
          Metadata: { sha256: multipart.sha256 },
        }),
      );
      await writeFile(
        join(s3rver.directory, BUCKET, `${multipart.key}._S3rver_object.md5`),
        `${"ab".repeat(16)}-2`,
      );
      // Same size, other bytes, no metadata: the listing's ETag differs, HEAD says stale.
      await raw.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: sameSizeOtherBytes.key,
          Body: randomBytes(sameSizeOtherBytes.size),
        }),
      );
      // Another size: listing alone proves it stale, so it is replaced without a HEAD.
      await raw.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: otherSize.key, Body: randomBytes(10) }),
      );
    } finally {
      raw.destroy();
    }
    takeRequests();

    const results = await upload(images);

    expect(results.slice(0, 4).map((result) => result.status)).toEqual([
      "present",
      "uploaded",
      "uploaded",
      "present",
    ]);
    expect(takeRequests()).toEqual({ list: 1, head: 2, put: 2, other: 0 });
    expect(proxy.puts).toEqual(
      expect.arrayContaining([
        `/${BUCKET}/${sameSizeOtherBytes.key}`,
        `/${BUCKET}/${otherSize.key}`,
      ]),
    );
    expect(
      createHash("md5")
        .update(await storage.get(otherSize.key))
        .digest("hex"),
    ).toBe(otherSize.md5);
  });

  it("checks keys that share no prefix with HEAD rather than listing the bucket", async () => {
    const images = await planImages(MANY, "");
    // Hash-first keys: with this many, two of them surely start with different hex digits.
    expect(commonPrefix(images.map((image) => image.key))).toBe("");
    await upload(images);
    expect(takeRequests()).toEqual({ list: 0, head: MANY, put: MANY, other: 0 });
  });

  it("aborts the run when the listing shows the bucket itself is missing", async () => {
    const images = await planImages(MANY);
    const missingBucket = createS3Storage(storageOptions({ bucket: "no-such-bucket" }));
    try {
      const error = await uploadImages(
        images,
        missingBucket,
        settings,
        new MemoryLogger(),
        clock,
      ).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).message).toContain("`bucket`");
      expect(takeRequests()).toMatchObject({ list: 1, head: 0, put: 0 });
    } finally {
      missingBucket.close();
    }
  });
});

describe("objectsByKey", () => {
  it("indexes one listing once, however many stages look keys up in it", () => {
    const listing = [
      { key: "images/a.png", size: 1, etag: "a" },
      { key: "images/b.png", size: 2, etag: "b" },
    ];
    const byKey = objectsByKey(listing);
    expect(byKey.get("images/b.png")).toBe(listing[1]);
    expect(byKey.get("images/c.png")).toBeUndefined();
    expect(objectsByKey(listing)).toBe(byKey);
    // Another listing, even with the same objects, is indexed on its own.
    expect(objectsByKey([...listing])).not.toBe(byKey);
  });
});
