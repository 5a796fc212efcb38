/** Shared pieces of the fault-injection tests: storage options, randomness. */
export { plannedImages } from "../support/planned-images.js";

import { createServer } from "node:net";
import type { StorageOptions } from "../../src/options/options.js";
import { s3rverStorageOptions } from "../support/s3rver.js";

export const BUCKET = "reliable-bucket";

export function storageOptions(
  endpoint: string,
  overrides: Partial<StorageOptions> = {},
): StorageOptions {
  return s3rverStorageOptions(endpoint, BUCKET, { concurrency: 16, ...overrides });
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
