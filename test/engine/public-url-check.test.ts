import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { MemoryLogger } from "../../src/core/logger.js";
import { Outcomes } from "../../src/engine/outcomes.js";
import { publicUrlCheck } from "../../src/engine/public-url-check.js";
import type { ImageResult, PlannedImage } from "../../src/engine/types.js";
import { createS3Storage } from "../../src/storage/s3-storage.js";
import type { Storage } from "../../src/storage/storage.js";
import { s3rverStorageOptions, startS3rver } from "../support/s3rver.js";

const bucket = "check-bucket";
const png = await readFile(
  path.resolve(import.meta.dirname, "../fixtures/check/site/img/cafe.png"),
);
const planned = (key: string): PlannedImage => ({
  path: `img/${key}`,
  absolutePath: "/unused",
  size: png.length,
  sha256: createHash("sha256").update(png).digest("hex"),
  md5: createHash("md5").update(png).digest("hex"),
  contentType: "image/png",
  key,
  url: `${s3.endpoint}/${bucket}/${key}`,
});

let s3: Awaited<ReturnType<typeof startS3rver>>;
let storage: Storage;
const uploaded: ImageResult[] = [];

beforeAll(async () => {
  s3 = await startS3rver({ buckets: [bucket] });
  storage = createS3Storage(s3rverStorageOptions(s3.endpoint, bucket));
  for (const key of ["images/first.png", "images/second.png"]) {
    const image = planned(key);
    await storage.put({ ...image, body: () => Readable.from([png]), bytes: png, cacheControl: "" });
    uploaded.push({ ...image, status: "uploaded" });
  }
});
afterAll(async () => {
  storage.close();
  await s3?.stop();
});

/** Real fetches, recorded. */
function recordingFetch() {
  const urls: string[] = [];
  const fetchUrl = (url: string, init?: { signal?: AbortSignal }) => {
    urls.push(url);
    return fetch(url, init);
  };
  return { urls, fetchUrl };
}

const options = (publicUrl: string, dryRun = false) => ({
  verifyPublicUrl: true,
  dryRun,
  publicUrl,
  storage: s3rverStorageOptions(s3.endpoint, bucket),
});

const outcomesOf = (results: ImageResult[]) =>
  new Outcomes({ images: results, refused: [], byPath: new Map() }, results);

describe("publicUrlCheck", () => {
  it("fetches the first uploaded object at once, while other uploads go on, and reports at its stage", async () => {
    const { urls, fetchUrl } = recordingFetch();
    const logger = new MemoryLogger();
    const check = publicUrlCheck(options(`${s3.endpoint}/${bucket}`), {
      storage,
      logger,
      fetch: fetchUrl,
    });
    const [first, second] = uploaded as [ImageResult, ImageResult];
    check.onVerified(first);
    check.onVerified(second);
    expect(urls).toEqual([`${s3.endpoint}/${bucket}/images/first.png`]);
    expect(logger.lines).toEqual([]);

    await check.stage(outcomesOf([second, first]));
    expect(urls).toHaveLength(1);
    expect(logger.lines.map((line) => line.message).join("\n")).toContain(
      "images/first.png serves the uploaded bytes.",
    );
  });

  it("a public-url that does not serve the object fails the run at the stage, not at the upload", async () => {
    const { fetchUrl } = recordingFetch();
    const check = publicUrlCheck(options(`${s3.endpoint}/wrong-bucket`), {
      storage,
      logger: new MemoryLogger(),
      fetch: fetchUrl,
    });
    expect(() => check.onVerified(uploaded[0] as ImageResult)).not.toThrow();
    const failure = await check.stage(outcomesOf(uploaded)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InputError);
    expect((failure as InputError).input).toBe("public-url");
  });

  it("with no upload, checks an object found present; a dry run fetches nothing", async () => {
    const present: ImageResult = { ...(uploaded[1] as ImageResult), status: "present" };
    const live = recordingFetch();
    const check = publicUrlCheck(options(`${s3.endpoint}/${bucket}`), {
      storage,
      logger: new MemoryLogger(),
      fetch: live.fetchUrl,
    });
    await check.stage(outcomesOf([present]));
    expect(live.urls).toEqual([`${s3.endpoint}/${bucket}/images/second.png`]);

    // Told of a present object as the upload stage settles it, it fetches at once.
    const early = recordingFetch();
    const earlyCheck = publicUrlCheck(options(`${s3.endpoint}/${bucket}`), {
      storage,
      logger: new MemoryLogger(),
      fetch: early.fetchUrl,
    });
    earlyCheck.onVerified(present);
    expect(early.urls).toEqual([`${s3.endpoint}/${bucket}/images/second.png`]);
    await earlyCheck.stage(outcomesOf([present]));
    expect(early.urls).toHaveLength(1);

    const dry = recordingFetch();
    const dryCheck = publicUrlCheck(options(`${s3.endpoint}/${bucket}`, true), {
      storage,
      logger: new MemoryLogger(),
      fetch: dry.fetchUrl,
    });
    dryCheck.onVerified(uploaded[0] as ImageResult);
    await dryCheck.stage(outcomesOf(uploaded));
    expect(dry.urls).toEqual([]);
  });
});
