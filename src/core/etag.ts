/**
 * An ETag that is the hex MD5 of the object's bytes: what S3-compatible servers return for
 * a single-part upload without SSE-KMS. A multipart ETag (`<hex>-<parts>`) or an encrypted
 * object's is something else and proves nothing about the bytes.
 */
export function isPlainMd5Etag(etag: string | undefined): etag is string {
  return etag !== undefined && /^[0-9a-f]{32}$/.test(etag);
}
