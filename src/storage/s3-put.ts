/**
 * One PutObject attempt with a fresh body stream, checked end to end: the returned ETag
 * must be the MD5 of the bytes sent. Test servers such as s3rver verify no Content-MD5 and
 * store whatever arrives, so the client has to notice damage itself.
 */
import { PutObjectCommand, type PutObjectCommandOutput, type S3Client } from "@aws-sdk/client-s3";
import { describeError, ItemError } from "../core/errors.js";
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

export async function sendPut(
  client: S3Client,
  bucket: string,
  request: PutRequest,
  attempt = 1,
  maxAttempts = 1,
): Promise<PutObjectCommandOutput> {
  const body = request.body();
  const command = new PutObjectCommand({
    Bucket: bucket,
    Key: request.key,
    Body: body,
    ContentLength: request.size,
    ContentType: request.contentType,
    CacheControl: request.cacheControl,
    ContentMD5: Buffer.from(request.md5, "hex").toString("base64"),
    Metadata: { sha256: request.sha256 },
    ...(request.acl ? { ACL: request.acl as PutObjectCommand["input"]["ACL"] } : {}),
  });
  // A body that fails to read (file deleted or unreadable) would otherwise be an
  // uncaught error and leave the request waiting for bytes forever.
  const abort = new AbortController();
  const bodyFailed = new Promise<never>((_, reject) => {
    body.on("error", (error) => {
      abort.abort();
      reject(
        new ItemError(
          `Could not read the file for ${request.key} while uploading it (${describeError(error)}).`,
        ),
      );
    });
  });
  bodyFailed.catch(() => {});
  let output: PutObjectCommandOutput;
  try {
    output = await Promise.race([client.send(command, { abortSignal: abort.signal }), bodyFailed]);
  } finally {
    // A request refused before the body was read would otherwise keep the file open.
    body.destroy();
  }
  const encrypted =
    output.ServerSideEncryption?.startsWith("aws:kms") || output.SSECustomerAlgorithm !== undefined;
  checkStoredBytes(request, output.ETag, encrypted === true, attempt, maxAttempts);
  return output;
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
