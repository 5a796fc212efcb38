/** Shared pieces of the fault-injection tests: images on disk, storage options, randomness. */
import { createHash, randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import type { PlannedImage } from "../../src/engine/types.js";
import type { StorageOptions } from "../../src/options/options.js";
import {
  S3RVER_ACCESS_KEY_ID,
  S3RVER_REGION,
  S3RVER_SECRET_ACCESS_KEY,
} from "../support/s3rver.js";

export const BUCKET = "reliable-bucket";
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function storageOptions(
  endpoint: string,
  overrides: Partial<StorageOptions> = {},
): StorageOptions {
  return {
    bucket: BUCKET,
    endpoint,
    provider: "custom",
    region: S3RVER_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: S3RVER_SECRET_ACCESS_KEY },
    concurrency: 16,
    ...overrides,
  };
}

/** Writes `count` small PNG-signed files with distinct bytes and plans them under `prefix`. */
export async function plannedImages(
  directory: string,
  prefix: string,
  count: number,
  size = 512,
): Promise<PlannedImage[]> {
  const images: PlannedImage[] = [];
  for (let index = 0; index < count; index++) {
    const bytes = Buffer.concat([PNG_SIGNATURE, randomBytes(size - PNG_SIGNATURE.length)]);
    const absolutePath = join(directory, `${prefix.replaceAll("/", "_")}${index}.png`);
    await writeFile(absolutePath, bytes);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const key = `${prefix}${sha256.slice(0, 16)}.png`;
    images.push({
      path: `img/${index}.png`,
      absolutePath,
      size: bytes.length,
      sha256,
      md5: createHash("md5").update(bytes).digest("hex"),
      contentType: "image/png",
      key,
      url: `https://assets.example.com/${key}`,
    });
  }
  return images;
}

/** A seeded generator (mulberry32), so a "20 % of requests fail" run is the same every time. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}
