/**
 * Every upload is checked end to end: the returned ETag must be the MD5 of the bytes sent.
 * Test servers such as s3rver verify no Content-MD5 and store whatever arrives, so the
 * client has to notice damage itself.
 */
import { ItemError } from "../core/errors.js";
import { isPlainMd5Etag } from "../core/etag.js";
import type { PutRequest } from "./storage.js";

/**
 * The stored bytes differ from the sent ones. Retryable: the next attempt overwrites the
 * damaged object, so after a success no link can point at it.
 */
export class CorruptedUploadError extends ItemError {
  override name = "CorruptedUploadError";
}

/** Quotes stripped and lower-cased, as ETags are compared with hex MD5s. */
export function normalizeEtag(etag: string | undefined): string | undefined {
  if (!etag) return undefined;
  return etag.replace(/"/g, "").replace(/^W\//, "").toLowerCase();
}

/**
 * Throws CorruptedUploadError when the returned ETag is a plain MD5 other than the one sent.
 * With SSE-KMS or SSE-C the ETag is not the MD5 of the bytes, so it proves nothing;
 * multipart ETags ("<hex>-<parts>") never are.
 */
export function checkStoredBytes(
  request: PutRequest,
  returnedEtag: string | undefined,
  encrypted: boolean,
  attempt: number,
  maxAttempts: number,
): void {
  const etag = normalizeEtag(returnedEtag);
  const expected = request.md5.toLowerCase();
  if (isPlainMd5Etag(etag) && !encrypted && etag !== expected) {
    throw new CorruptedUploadError(
      `Storage stored different bytes for ${request.key} than were sent (ETag ${etag} ≠ MD5 ${expected}, attempt ${attempt} of ${maxAttempts}); the upload was corrupted in transit.`,
    );
  }
}
