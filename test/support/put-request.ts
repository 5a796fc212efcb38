import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { PutRequest } from "../../src/storage/storage.js";

/** An upload of `bytes` under `key` as the engine asks for it: a PNG, immutable, hashes right. */
export function putRequestOf(
  key: string,
  bytes: Buffer,
  overrides: Partial<PutRequest> = {},
): PutRequest {
  return {
    key,
    body: () => Readable.from([bytes]),
    size: bytes.length,
    contentType: "image/png",
    cacheControl: "public, max-age=31536000, immutable",
    sha256: createHash("sha256").update(bytes).digest("hex"),
    md5: createHash("md5").update(bytes).digest("hex"),
    ...overrides,
  };
}
