import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import pLimit from "p-limit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { StorageError } from "../../src/core/errors.js";
import { type Clock, MemoryLogger } from "../../src/core/logger.js";
import type { ImageResult, PlannedImage } from "../../src/engine/types.js";
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

const BUCKET = "test-bucket";

let s3rver: RunningS3rver;
let proxy: S3FaultProxy;
let storage: Storage;
let workDir: string;
let prefixCounter = 0;

const settings: UploadSettings = {
  // Every test's images live under the system temp dir.
  root: tmpdir(),
  concurrency: 4,
  cacheControl: "public, max-age=31536000, immutable",
  dryRun: false,
};
const frozenClock: Clock = { now: () => 0 };

function storageOptions(overrides: Partial<StorageOptions> = {}): StorageOptions {
  return s3rverStorageOptions(proxy.endpoint, BUCKET, overrides);
}

beforeAll(async () => {
  s3rver = await startS3rver({ buckets: [BUCKET] });
  workDir = await mkdtemp(join(tmpdir(), "upload-test-"));
});

afterAll(async () => {
  await s3rver.stop();
  await rm(workDir, { recursive: true, force: true });
});

// A fresh proxy per test, so its request counters describe that test alone.
beforeEach(async () => {
  proxy = await startS3FaultProxy(s3rver);
  storage = createS3Storage(storageOptions(), { retryBaseDelayMs: 10 });
});

afterEach(async () => {
  storage.close();
  await proxy.stop();
});

/** Writes `count` real image files with distinct bytes and plans them under a fresh prefix. */
function planImages(count: number, size = 4096): Promise<PlannedImage[]> {
  return plannedImages(workDir, `run-${prefixCounter++}/`, count, size);
}

describe("uploadImages", () => {
  it("uploads every new image, then finds them all present without sending anything", async () => {
    const images = await planImages(5);

    const verified: string[] = [];
    const onVerified = (image: ImageResult) => verified.push(`${image.status} ${image.key}`);
    const first = await uploadImages(
      images,
      storage,
      { ...settings, onVerified },
      new MemoryLogger(),
      frozenClock,
    );
    expect(first.map((result) => result.status)).toEqual(Array(5).fill("uploaded"));
    expect(proxy.puts.length).toBe(5);
    for (const image of images) {
      const stored = await storage.get(image.key);
      expect(createHash("sha256").update(stored).digest("hex")).toBe(image.sha256);
    }

    const second = await uploadImages(
      images,
      storage,
      { ...settings, onVerified },
      new MemoryLogger(),
      frozenClock,
    );
    expect(second.map((result) => result.status)).toEqual(Array(5).fill("present"));
    expect(proxy.puts.length).toBe(5);
    // Each object is told to the public-url check once verified: uploaded, then present.
    const keys = images.map((image) => image.key).sort();
    expect(verified.sort()).toEqual([
      ...keys.map((key) => `present ${key}`),
      ...keys.map((key) => `uploaded ${key}`),
    ]);
  });

  it("settles images the listing shows present without waiting for a request slot", async () => {
    // 60 images: enough for one listing to replace the HEADs.
    const images = await planImages(60, 512);
    await uploadImages(images, storage, settings, new MemoryLogger(), frozenClock);
    // The run's only slot is taken (an early upload still in flight, say).
    const limit = pLimit(1);
    let release = () => {};
    void limit(() => new Promise<void>((resolve) => (release = resolve)));
    const settled = uploadImages(
      images,
      storage,
      { ...settings, limit },
      new MemoryLogger(),
      frozenClock,
    );
    const timeout = new Promise<"waiting">((resolve) => setTimeout(() => resolve("waiting"), 3000));
    const results = await Promise.race([settled, timeout]);
    release();
    expect(results === "waiting" ? results : results.map((result) => result.status)).toEqual(
      Array(60).fill("present"),
    );
    await settled;
  });

  it("keeps the input order and carries every planned field into the results", async () => {
    const images = await planImages(6);
    proxy.putDelayMs = 20;
    const results = await uploadImages(images, storage, settings, new MemoryLogger(), frozenClock);
    expect(results.map(({ status, reason, ...image }) => image)).toEqual(images);
  });

  it("sends nothing in a dry run and reports what would be uploaded", async () => {
    const images = await planImages(3);
    await uploadImages(images.slice(0, 1), storage, settings, new MemoryLogger(), frozenClock);
    const putsBefore = proxy.puts.length;

    const results = await uploadImages(
      images,
      storage,
      { ...settings, dryRun: true },
      new MemoryLogger(),
      frozenClock,
    );

    expect(results.map((result) => result.status)).toEqual(["present", "planned", "planned"]);
    expect(proxy.puts.length).toBe(putsBefore);
    expect(await storage.head(images[1]?.key ?? "")).toBeUndefined();
  });

  it("never has more requests in flight than the concurrency setting", async () => {
    const images = await planImages(12);
    proxy.putDelayMs = 40;

    const results = await uploadImages(
      images,
      storage,
      { ...settings, concurrency: 3 },
      new MemoryLogger(),
      frozenClock,
    );

    expect(results.every((result) => result.status === "uploaded")).toBe(true);
    expect(proxy.maxInFlight).toBeLessThanOrEqual(3);
    // Reaching the limit shows the requests really ran in parallel.
    expect(proxy.maxInFlightPuts).toBe(3);
  });

  it("re-uploads an object whose stored content differs, and trusts a matching ETag without metadata", async () => {
    const [changed, legacy] = await planImages(2);
    if (!changed || !legacy) throw new Error("two images expected");
    const raw = s3rverClient(s3rver.endpoint);
    try {
      // Same size, other bytes, other sha256 metadata: a stale object under this key.
      await raw.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: changed.key,
          Body: randomBytes(changed.size),
          Metadata: { sha256: "0".repeat(64) },
        }),
      );
      // The right bytes uploaded by another tool, without our sha256 metadata.
      await raw.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: legacy.key,
          Body: await readFile(legacy.absolutePath),
        }),
      );
    } finally {
      raw.destroy();
    }

    const results = await uploadImages(
      [changed, legacy],
      storage,
      settings,
      new MemoryLogger(),
      frozenClock,
    );

    expect(results.map((result) => result.status)).toEqual(["uploaded", "present"]);
    expect(proxy.puts).toEqual([`/${BUCKET}/${changed.key}`]);
    expect((await storage.head(changed.key))?.sha256).toBe(changed.sha256);
  });

  it("marks a corrupted upload and an unreadable file as failed and uploads the rest", async () => {
    const images = await planImages(5);
    const [, corrupted, , vanished] = images;
    if (!corrupted || !vanished) throw new Error("images expected");
    proxy.corruptPut = (path) => path.endsWith(corrupted.key);
    await unlink(vanished.absolutePath);

    const results = await uploadImages(images, storage, settings, new MemoryLogger(), frozenClock);

    expect(results.map((result) => result.status)).toEqual([
      "uploaded",
      "failed",
      "uploaded",
      "failed",
      "uploaded",
    ]);
    expect(results[1]?.reason).toMatch(
      /^Storage stored different bytes for .+ than were sent .+corrupted in transit\.$/,
    );
    expect(results[3]?.reason).toBe(
      `${results[3]?.path} changed while the run was in progress (it was deleted); run again once the files are settled.`,
    );
    expect(await storage.head(vanished.key)).toBeUndefined();
  });

  it("never sends an image swapped for a symlink to a file outside, or edited, since it was hashed", async () => {
    const images = await planImages(3);
    const [swapped, edited] = images;
    if (!swapped || !edited) throw new Error("images expected");
    const outside = await mkdtemp(join(tmpdir(), "mio-outside-"));
    const secret = join(outside, "secret.png");
    await writeFile(secret, Buffer.alloc(swapped.size, "S"));
    await unlink(swapped.absolutePath);
    await symlink(secret, swapped.absolutePath);
    await writeFile(edited.absolutePath, Buffer.alloc(edited.size, 7));

    const results = await uploadImages(
      images,
      storage,
      { ...settings, root: workDir },
      new MemoryLogger(),
      frozenClock,
    );

    expect(results.map((result) => result.status)).toEqual(["failed", "failed", "uploaded"]);
    expect(results[0]?.reason).toBe(
      `${swapped.path} changed while the run was in progress (it is now a symbolic link); run again once the files are settled.`,
    );
    expect(results[1]?.reason).toBe(
      `${edited.path} changed while the run was in progress (its bytes differ from when it was hashed); run again once the files are settled.`,
    );
    expect(proxy.puts).toHaveLength(1);
    expect(await storage.head(swapped.key)).toBeUndefined();
    await rm(outside, { recursive: true, force: true });
  });

  it("sends the bytes it hashed when the run holds them, whatever happens to the file meanwhile", async () => {
    const images = await planImages(2);
    const [edited, deleted] = images;
    if (!edited || !deleted) throw new Error("images expected");
    const hashed = new Map<string, Buffer>();
    for (const image of images) hashed.set(image.absolutePath, await readFile(image.absolutePath));
    await writeFile(edited.absolutePath, Buffer.alloc(edited.size, 7));
    await unlink(deleted.absolutePath);

    const results = await uploadImages(
      images,
      storage,
      { ...settings, heldBytes: (absolutePath) => hashed.get(absolutePath) },
      new MemoryLogger(),
      frozenClock,
    );

    expect(results.map((result) => result.status)).toEqual(["uploaded", "uploaded"]);
    for (const image of images)
      expect(await storage.get(image.key)).toEqual(hashed.get(image.absolutePath));
  });

  it("aborts the whole run on a storage error that every image would hit", async () => {
    const images = await planImages(10);
    const missingBucket = createS3Storage(storageOptions({ bucket: "no-such-bucket" }));
    try {
      const error = await uploadImages(
        images,
        missingBucket,
        { ...settings, concurrency: 2 },
        new MemoryLogger(),
        frozenClock,
      ).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).message).toContain("`bucket`");
      // Only the uploads already started when the first failure came back were sent.
      expect(proxy.puts.length).toBeLessThanOrEqual(2);
    } finally {
      missingBucket.close();
    }
  });

  it("logs progress at most every 5 seconds of the clock, with counts, bytes and rate", async () => {
    const images = await planImages(8, 1024);
    let time = 0;
    const clock: Clock = { now: () => time };
    // Each upload takes 3 s of test-clock time.
    proxy.onPut = () => {
      time += 3_000;
    };
    const logger = new MemoryLogger();
    const loggedAt: number[] = [];
    const info = logger.info.bind(logger);
    logger.info = (message: string) => {
      loggedAt.push(time);
      info(message);
    };

    await uploadImages(images, storage, { ...settings, concurrency: 1 }, logger, clock);

    const lines = logger.lines.filter((line) => line.level === "info").map((line) => line.message);
    // 8 uploads over 24 s of clock time: a line at 6, 12, 18 and 24 s.
    expect(lines.length).toBe(4);
    expect(lines[0]).toBe("Progress: 2/8 images done, 2 kB uploaded (341 B/s).");
    expect(lines[3]).toMatch(/^Progress: 8\/8 images done, 8.2 kB uploaded/);
    for (let index = 1; index < loggedAt.length; index++) {
      expect((loggedAt[index] ?? 0) - (loggedAt[index - 1] ?? 0)).toBeGreaterThanOrEqual(5_000);
    }
  });

  it("logs no progress line when the whole phase takes less than 5 seconds", async () => {
    const images = await planImages(4);
    const logger = new MemoryLogger();
    await uploadImages(images, storage, settings, logger, frozenClock);
    expect(logger.lines.filter((line) => line.level === "info")).toEqual([]);
  });
});
