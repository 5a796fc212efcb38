/**
 * Storage faults injected for real: a proxy in front of s3rver drops connections, never
 * answers, answers 5xx/429 with Retry-After, checks signatures and clocks, and damages
 * bodies, while the real @aws-sdk/client-s3 talks to it.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { StorageError } from "../../src/core/errors.js";
import { MemoryLogger } from "../../src/core/logger.js";
import { uploadImages } from "../../src/engine/upload.js";
import { createS3Storage, type S3StorageTuning } from "../../src/storage/s3-storage.js";
import type { Storage } from "../../src/storage/storage.js";
import { type ProxyFault, type S3FaultProxy, startS3FaultProxy } from "../support/fault-proxy.js";
import { type RunningS3rver, startS3rver } from "../support/s3rver.js";
import { seededRandom } from "../support/seeded-random.js";
import { BUCKET, closedPort, plannedImages, storageOptions } from "./helpers.js";

let s3rver: RunningS3rver;
let proxy: S3FaultProxy;
let workDir: string;
let prefixCounter = 0;
const opened: Storage[] = [];
/** Every backoff the retry policy asked for; the tests do not sleep it. */
let delays: number[] = [];

const fastRetries: S3StorageTuning = {
  sleep: async (ms) => {
    delays.push(ms);
    await new Promise((resolve) => setImmediate(resolve));
  },
  random: seededRandom(7),
};

function open(endpoint: string, tuning: S3StorageTuning = {}, overrides = {}): Storage {
  const storage = createS3Storage(storageOptions(endpoint, overrides), {
    ...fastRetries,
    ...tuning,
  });
  opened.push(storage);
  return storage;
}

const settings = {
  root: tmpdir(),
  concurrency: 16,
  cacheControl: "public, max-age=60",
  dryRun: false,
};
const clock = { now: () => 0 };
const nextPrefix = (): string => `r${prefixCounter++}/`;

beforeAll(async () => {
  s3rver = await startS3rver({ buckets: [BUCKET] });
  workDir = await mkdtemp(join(tmpdir(), "reliability-"));
});
afterAll(async () => {
  await s3rver.stop();
  await rm(workDir, { recursive: true, force: true });
});
beforeEach(async () => {
  proxy = await startS3FaultProxy(s3rver);
  delays = [];
});
afterEach(async () => {
  for (const storage of opened.splice(0)) storage.close();
  await proxy.stop();
});

describe("preflight before the first write", () => {
  it("passes on a good configuration, checked by a proxy that verifies SigV4 signatures", async () => {
    proxy.secretAccessKey = "S3RVER";
    expect(await open(proxy.endpoint).preflight("images/")).toEqual({ canList: true });
    expect(proxy.requests).toEqual([
      `GET /${BUCKET}/?list-type=2&max-keys=1&prefix=images%2F.md-image-offload-preflight%2F`,
    ]);
  });

  it("signs with the default credential chain (AWS_* variables) when no keys are given", async () => {
    // s3rver knows one key id; the proxy checks the signature made with the secret.
    proxy.secretAccessKey = "S3RVER";
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = "S3RVER";
    process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
    try {
      const { credentials: _keys, ...withoutKeys } = storageOptions(proxy.endpoint);
      const storage = createS3Storage(withoutKeys, fastRetries);
      opened.push(storage);
      expect(await storage.preflight("images/")).toEqual({ canList: true });
      expect(await storage.head("images/none.png")).toBeUndefined();
      expect(proxy.requests).toHaveLength(2);
    } finally {
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      else process.env.AWS_ACCESS_KEY_ID = saved.id;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    }
  });

  it("sends a query exactly as it signed it: a prefix with a space lists, its signature checked", async () => {
    proxy.secretAccessKey = "S3RVER";
    const storage = open(proxy.endpoint);
    expect(await storage.preflight("my images/")).toEqual({ canList: true });
    expect(await storage.list("my images/ + more")).toEqual([]);
    expect(proxy.requests).toEqual([
      `GET /${BUCKET}/?list-type=2&max-keys=1&prefix=my%20images%2F.md-image-offload-preflight%2F`,
      `GET /${BUCKET}/?list-type=2&prefix=my%20images%2F%20%2B%20more`,
    ]);
  });

  it("names secret-access-key when the signature does not match", async () => {
    proxy.secretAccessKey = "S3RVER";
    const storage = open(
      proxy.endpoint,
      {},
      {
        credentials: { accessKeyId: "S3RVER", secretAccessKey: "wrong-secret" },
      },
    );
    await expect(storage.preflight("images/")).rejects.toThrow(
      `Storage at ${proxy.endpoint} rejected the request signature (SignatureDoesNotMatch); check the \`secret-access-key\` input.`,
    );
    expect(proxy.requests).toHaveLength(1);
  });

  it("names bucket when the bucket does not exist", async () => {
    const storage = open(proxy.endpoint, {}, { bucket: "no-such-bucket" });
    const error = await storage.preflight("images/").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toBe(
      `The bucket "no-such-bucket" does not exist on ${proxy.endpoint}; check the \`bucket\` input (and \`endpoint\`/\`region\`).`,
    );
  });

  it("names endpoint when the connection is refused, without retrying", async () => {
    const port = await closedPort();
    const storage = open(`http://127.0.0.1:${port}`);
    await expect(storage.preflight("")).rejects.toThrow(
      `Could not reach storage at http://127.0.0.1:${port} (ECONNREFUSED); check the \`endpoint\` input.`,
    );
    expect(delays).toEqual([]);
  });

  it("names endpoint when its host name does not resolve", async () => {
    const storage = open("http://storage.md-image-offload.invalid:9000");
    await expect(storage.preflight("")).rejects.toThrow(
      "Could not find the storage host of http://storage.md-image-offload.invalid:9000 (DNS lookup failed, ENOTFOUND); check the `endpoint` input.",
    );
  });

  it("gives up on a server that accepts and never answers within the preflight deadline", async () => {
    proxy.fault = () => ({ type: "hang" });
    const storage = open(proxy.endpoint, { preflightTimeoutMs: 1_000 });
    const started = Date.now();
    await expect(storage.preflight("")).rejects.toThrow(
      `Storage at ${proxy.endpoint} did not answer within 1 s while listing prefix "" of bucket "${BUCKET}"; check the \`endpoint\` input and that the runner can reach it.`,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("goes on when listing is denied (an R2 token scoped to objects), and uploads still work", async () => {
    proxy.denyListing = true;
    const storage = open(proxy.endpoint);
    expect(await storage.preflight("images/")).toEqual({ canList: false });
    const [image] = await plannedImages(workDir, nextPrefix(), 1);
    if (!image) throw new Error("image expected");
    const results = await uploadImages([image], storage, settings, new MemoryLogger(), clock);
    expect(results[0]?.status).toBe("uploaded");
  });
});

describe("retries", () => {
  it("uploads 1,000 images with 20 % of all requests failing (resets, 500, 503 + Retry-After, 429)", async () => {
    const chance = seededRandom(2024);
    const kinds: ProxyFault[] = [
      { type: "reset" },
      { type: "status", status: 500, code: "InternalError" },
      { type: "status", status: 503, code: "SlowDown", retryAfter: 1 },
      { type: "status", status: 429, code: "TooManyRequests" },
    ];
    proxy.fault = () => (chance() < 0.2 ? kinds[Math.floor(chance() * kinds.length)] : undefined);
    const images = await plannedImages(workDir, nextPrefix(), 1000, 64);
    const storage = open(proxy.endpoint);
    // Every request is also checked for a valid signature, retries included.
    proxy.secretAccessKey = "S3RVER";

    const results = await uploadImages(images, storage, settings, new MemoryLogger(), clock);

    expect(results.filter((result) => result.status !== "uploaded")).toEqual([]);
    expect(proxy.faults.length).toBeGreaterThan(200);
    // Retry-After: 1 was honoured: some waits are at least a second.
    expect(delays.some((ms) => ms >= 1_000)).toBe(true);
    proxy.fault = () => undefined;
    const direct = open(s3rver.endpoint);
    for (const image of images.slice(0, 50)) {
      const stored = await direct.get(image.key);
      expect(stored.length).toBe(image.size);
    }
  }, 60_000);

  it("waits what Retry-After asks (capped), with backoff growing between attempts", async () => {
    // Retry-After 4 s, then 120 s, then none.
    const answers: (number | undefined)[] = [4, 120, undefined];
    proxy.fault = (request) => {
      if (request.method !== "PUT" || answers.length === 0) return undefined;
      const retryAfter = answers.shift();
      return {
        type: "status",
        status: 503,
        code: "SlowDown",
        ...(retryAfter === undefined ? {} : { retryAfter }),
      };
    };
    const [image] = await plannedImages(workDir, nextPrefix(), 1);
    if (!image) throw new Error("image expected");
    const storage = open(proxy.endpoint, { retryBaseDelayMs: 100, maxRetryDelayMs: 20_000 });
    const results = await uploadImages([image], storage, settings, new MemoryLogger(), clock);
    expect(results[0]?.status).toBe("uploaded");
    // 4 s asked, then 120 s asked but capped at 20 s, then plain backoff (≤ 400 ms).
    expect(delays).toHaveLength(3);
    expect(delays[0]).toBe(4_000);
    expect(delays[1]).toBe(20_000);
    expect(delays[2]).toBeGreaterThanOrEqual(200);
    expect(delays[2]).toBeLessThanOrEqual(400);
  });

  it("retries a request that times out on a silent socket", async () => {
    let hung = false;
    proxy.fault = (request) => {
      if (request.method !== "PUT" || hung) return undefined;
      hung = true;
      return { type: "hang" };
    };
    const [image] = await plannedImages(workDir, nextPrefix(), 1);
    if (!image) throw new Error("image expected");
    const storage = open(proxy.endpoint, { socketTimeoutMs: 500 });
    const results = await uploadImages([image], storage, settings, new MemoryLogger(), clock);
    expect(results[0]?.status).toBe("uploaded");
    expect(proxy.faults).toEqual([`hang PUT /${BUCKET}/${image.key}`]);
  });

  it("fails only the image whose uploads keep failing, after every attempt, naming the status", async () => {
    const images = await plannedImages(workDir, nextPrefix(), 3);
    const doomed = images[1];
    if (!doomed) throw new Error("image expected");
    proxy.fault = (request) =>
      request.method === "PUT" && request.path.endsWith(doomed.key)
        ? { type: "status", status: 500, code: "InternalError" }
        : undefined;
    const storage = open(proxy.endpoint, { maxAttempts: 4 });
    const results = await uploadImages(images, storage, settings, new MemoryLogger(), clock);
    expect(results.map((result) => result.status)).toEqual(["uploaded", "failed", "uploaded"]);
    expect(results[1]?.reason).toBe(
      `Storage failed uploading ${doomed.key} (HTTP 500 InternalError, 4 attempts): Injected by the test proxy.`,
    );
    expect(proxy.faults).toHaveLength(4);
  });

  it("stops the run when storage fails request after request, instead of waiting out every image", async () => {
    proxy.fault = () => ({ type: "status", status: 503, code: "ServiceUnavailable" });
    const images = await plannedImages(workDir, nextPrefix(), 40);
    const storage = open(proxy.endpoint, { maxAttempts: 2 });
    const error = await uploadImages(
      images,
      storage,
      { ...settings, concurrency: 2 },
      new MemoryLogger(),
      clock,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(
      /^Storage at http:\/\/127\.0\.0\.1:\d+ failed 10 requests in a row even after retries, so the run stopped \(last: Storage failed checking .+ \(HTTP 503, 2 attempts\)\); try again later, or check the `endpoint` input\.$/,
    );
    expect(proxy.faults.length).toBeLessThan(30);
  });
});

describe("clock skew", () => {
  it.each([
    ["ahead", 10 * 60_000],
    ["behind", -10 * 60_000],
  ])(
    "corrects a client clock 10 minutes off (server %s) from the server's Date and retries",
    async (_label, offset) => {
      proxy.serverClockOffsetMs = offset;
      const images = await plannedImages(workDir, nextPrefix(), 5);
      const storage = open(proxy.endpoint, { maxAttempts: 3 });
      const results = await uploadImages(
        images,
        storage,
        { ...settings, concurrency: 1 },
        new MemoryLogger(),
        clock,
      );
      expect(results.map((result) => result.status)).toEqual(Array(5).fill("uploaded"));
      // Only the first request was rejected: every later one was signed with the corrected clock.
      expect(proxy.skewRejections).toBe(1);
    },
  );
});

describe("integrity", () => {
  it("retries an upload damaged in transit and stores the right bytes", async () => {
    const [image] = await plannedImages(workDir, nextPrefix(), 1, 5000);
    if (!image) throw new Error("image expected");
    let damaged = 0;
    proxy.corruptPut = () => damaged++ < 2;
    const storage = open(proxy.endpoint);
    const results = await uploadImages([image], storage, settings, new MemoryLogger(), clock);
    expect(results[0]?.status).toBe("uploaded");
    expect(proxy.puts).toHaveLength(3);
    const stored = await open(s3rver.endpoint).get(image.key);
    expect(stored.equals(await readFile(image.absolutePath))).toBe(true);
  });

  it("fails the image when every attempt is damaged, and never takes the damaged object as present later", async () => {
    const [image] = await plannedImages(workDir, nextPrefix(), 1, 5000);
    if (!image) throw new Error("image expected");
    proxy.corruptPut = () => true;
    const storage = open(proxy.endpoint, { maxAttempts: 3 });
    const first = await uploadImages([image], storage, settings, new MemoryLogger(), clock);
    expect(first[0]?.status).toBe("failed");
    expect(first[0]?.reason).toMatch(
      /^Storage stored different bytes for .+ than were sent \(ETag [0-9a-f]{32} ≠ MD5 [0-9a-f]{32}, attempt 3 of 3\); the upload was corrupted in transit\.$/,
    );
    // The damaged object sits under the key with the sha256 metadata it was sent with; the
    // next run must see through that and upload again.
    proxy.corruptPut = () => false;
    const second = await uploadImages([image], storage, settings, new MemoryLogger(), clock);
    expect(second[0]?.status).toBe("uploaded");
    expect((await storage.head(image.key))?.etag).toBe(image.md5);
  });

  it("sends no Expect: 100-continue, even for a body over 2 MB", async () => {
    const [image] = await plannedImages(workDir, nextPrefix(), 1, 3_000_000);
    if (!image) throw new Error("image expected");
    const expects: (string | undefined)[] = [];
    proxy.fault = (request) => {
      if (request.method === "PUT") expects.push(request.headers.expect);
      return undefined;
    };
    const results = await uploadImages(
      [image],
      open(proxy.endpoint),
      settings,
      new MemoryLogger(),
      clock,
    );
    expect(results[0]?.status).toBe("uploaded");
    expect(expects).toEqual([undefined]);
  });
});
