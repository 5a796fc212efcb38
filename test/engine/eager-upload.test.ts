import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pLimit from "p-limit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Clock, MemoryLogger } from "../../src/core/logger.js";
import { type EagerStart, eagerUploads } from "../../src/engine/eager-upload.js";
import type { ImageResult, PlannedImage } from "../../src/engine/types.js";
import { type UploadSettings, uploadImages } from "../../src/engine/upload.js";
import { createS3Storage } from "../../src/storage/s3-storage.js";
import type { Storage } from "../../src/storage/storage.js";
import { type S3FaultProxy, startS3FaultProxy } from "../support/fault-proxy.js";
import { plannedImages } from "../support/planned-images.js";
import { type RunningS3rver, s3rverStorageOptions, startS3rver } from "../support/s3rver.js";

const BUCKET = "eager-bucket";
const frozenClock: Clock = { now: () => 0 };

let s3rver: RunningS3rver;
let proxy: S3FaultProxy;
let storage: Storage;
let workDir: string;
let prefixCounter = 0;

const base: UploadSettings = {
  root: tmpdir(),
  concurrency: 4,
  cacheControl: "public, max-age=31536000, immutable",
  dryRun: false,
};

beforeAll(async () => {
  s3rver = await startS3rver({ buckets: [BUCKET] });
  workDir = await mkdtemp(join(tmpdir(), "eager-test-"));
});

afterAll(async () => {
  await s3rver.stop();
  await rm(workDir, { recursive: true, force: true });
});

beforeEach(async () => {
  proxy = await startS3FaultProxy(s3rver);
  storage = createS3Storage(s3rverStorageOptions(proxy.endpoint, BUCKET), {
    retryBaseDelayMs: 10,
  });
});

afterEach(async () => {
  storage.close();
  await proxy.stop();
});

/** What the run sends first: the preflight that lists `prefix` (preflight.ts). */
function listingOf(prefix: string): EagerStart {
  const preflight = storage.preflight(prefix, { list: true });
  const objects = preflight.then(({ objects }) => objects ?? []);
  return { preflight, listing: { prefix, objects } };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; waited < 5000; waited += 10) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Timed out waiting until ${what}.`);
}

const sha256Of = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("uploads started while hashing goes on", () => {
  it("sends each offered image the listing lacks at once, and the upload stage sends none again", async () => {
    const prefix = `run-${prefixCounter++}/`;
    const images = await plannedImages(workDir, prefix, 5, 2048);
    const [stored, ...fresh] = images as [PlannedImage, ...PlannedImage[]];
    await uploadImages([stored], storage, base, new MemoryLogger(), frozenClock);
    const putsBefore = proxy.puts.length;

    const start = listingOf(prefix);
    const limit = pLimit(base.concurrency);
    const verified: string[] = [];
    const onVerified = (image: ImageResult) => verified.push(`${image.status} ${image.key}`);
    const eager = eagerUploads(start, storage, { ...base, onVerified }, limit);
    for (const image of images) eager.offer(image);
    // Offered twice (two posts with the same bytes): still one upload.
    eager.offer(fresh[0] as PlannedImage);

    // Before any upload stage: the four absent images are already on their way, and the
    // public-url check has heard of the one the listing shows present.
    await until(() => proxy.puts.length - putsBefore === 4, "four images were sent");
    expect(verified).toContain(`present ${stored.key}`);
    const results = await uploadImages(
      images,
      storage,
      { ...base, eager, limit, listing: start.listing, canList: true },
      new MemoryLogger(),
      frozenClock,
    );

    expect(results.map((result) => result.status)).toEqual([
      "present",
      "uploaded",
      "uploaded",
      "uploaded",
      "uploaded",
    ]);
    expect(proxy.puts.length - putsBefore).toBe(4);
    for (const image of fresh) expect(sha256Of(await storage.get(image.key))).toBe(image.sha256);
  });

  it("shares the run's limit on requests in flight with the upload stage", async () => {
    const prefix = `run-${prefixCounter++}/`;
    const images = await plannedImages(workDir, prefix, 8, 1024);
    proxy.putDelayMs = 40;
    const start = listingOf(prefix);
    const limit = pLimit(2);
    const settings = { ...base, concurrency: 2, limit };
    const eager = eagerUploads(start, storage, settings, limit);
    for (const image of images.slice(0, 4)) eager.offer(image);

    const results = await uploadImages(
      images,
      storage,
      { ...settings, eager, listing: start.listing, canList: true },
      new MemoryLogger(),
      frozenClock,
    );

    expect(results.every((result) => result.status === "uploaded")).toBe(true);
    expect(proxy.maxInFlightPuts).toBe(2);
  });

  it("sends the plan's image over another file's bytes sent first under the same key", async () => {
    // A short {hash:N} can give two files one key; the plan keeps the first path in order,
    // but hashing may finish the other first.
    const prefix = `run-${prefixCounter++}/`;
    const [kept] = await plannedImages(workDir, prefix, 1, 2048);
    if (!kept) throw new Error("one image expected");
    const otherBytes = Buffer.concat([
      Buffer.from("\x89PNG\r\n\x1a\n", "latin1"),
      randomBytes(900),
    ]);
    const otherPath = join(workDir, `${prefix.replace("/", "_")}other.png`);
    await writeFile(otherPath, otherBytes);
    const refused: PlannedImage = {
      ...kept,
      path: "img/z-other.png",
      absolutePath: otherPath,
      size: otherBytes.length,
      sha256: sha256Of(otherBytes),
      md5: createHash("md5").update(otherBytes).digest("hex"),
    };
    const start = listingOf(prefix);
    const limit = pLimit(base.concurrency);
    const eager = eagerUploads(start, storage, base, limit);
    eager.offer(refused);
    await until(() => proxy.puts.length === 1, "the other file was sent");

    const [result] = await uploadImages(
      [kept],
      storage,
      { ...base, eager, limit, listing: start.listing, canList: true },
      new MemoryLogger(),
      frozenClock,
    );

    expect(result?.status).toBe("uploaded");
    expect(sha256Of(await storage.get(kept.key))).toBe(kept.sha256);
  });

  it("sends nothing when the preflight failed: the upload stage reports it", async () => {
    const prefix = `run-${prefixCounter++}/`;
    const images = await plannedImages(workDir, prefix, 3, 512);
    const missing = createS3Storage(s3rverStorageOptions(proxy.endpoint, "no-such-bucket"), {
      retryBaseDelayMs: 10,
    });
    try {
      const preflight = missing.preflight(prefix, { list: true });
      preflight.catch(() => {});
      const objects = preflight.then(({ objects }) => objects ?? []);
      objects.catch(() => {});
      const eager = eagerUploads(
        { preflight, listing: { prefix, objects } },
        missing,
        base,
        pLimit(4),
      );
      for (const image of images) eager.offer(image);
      await expect(preflight).rejects.toThrow(/bucket/i);
      for (const image of images) expect(await eager.started(image.key)?.result).toBeUndefined();
      expect(proxy.puts.length).toBe(0);
    } finally {
      missing.close();
    }
  });
});
