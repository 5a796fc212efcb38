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

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}
