import { I as ItemError } from './errors.js';

/**
 * An ETag that is the hex MD5 of the object's bytes: what S3-compatible servers return for
 * a single-part upload without SSE-KMS. A multipart ETag (`<hex>-<parts>`) or an encrypted
 * object's is something else and proves nothing about the bytes.
 */
function isPlainMd5Etag(etag) {
    return etag !== undefined && /^[0-9a-f]{32}$/.test(etag);
}

/**
 * Every upload is checked end to end: the returned ETag must be the MD5 of the bytes sent.
 * Test servers such as s3rver verify no Content-MD5 and store whatever arrives, so the
 * client has to notice damage itself.
 */
/**
 * The stored bytes differ from the sent ones. Retryable: the next attempt overwrites the
 * damaged object, so after a success no link can point at it.
 */
class CorruptedUploadError extends ItemError {
    name = "CorruptedUploadError";
}
/** Quotes stripped and lower-cased, as ETags are compared with hex MD5s. */
function normalizeEtag(etag) {
    if (!etag)
        return undefined;
    return etag.replace(/"/g, "").replace(/^W\//, "").toLowerCase();
}
/**
 * Throws CorruptedUploadError when the returned ETag is a plain MD5 other than the one sent.
 * With SSE-KMS or SSE-C the ETag is not the MD5 of the bytes, so it proves nothing;
 * multipart ETags ("<hex>-<parts>") never are.
 */
function checkStoredBytes(request, returnedEtag, encrypted, attempt, maxAttempts) {
    const etag = normalizeEtag(returnedEtag);
    const expected = request.md5.toLowerCase();
    if (isPlainMd5Etag(etag) && !encrypted && etag !== expected) {
        throw new CorruptedUploadError(`Storage stored different bytes for ${request.key} than were sent (ETag ${etag} ≠ MD5 ${expected}, attempt ${attempt} of ${maxAttempts}); the upload was corrupted in transit.`);
    }
}

/** A listing answered with 200 and no ListBucketResult (a web page where S3 should be). */
class NotListBucketResult extends Error {
    $metadata = { httpStatusCode: 200 };
    constructor() {
        super("XML parse error: the answer is no ListBucketResult");
    }
}
function notListBucketResult() {
    return new NotListBucketResult();
}
/** With SSE-KMS or SSE-C the ETag is not the MD5 of the bytes. */
function isEncrypted(sse, customerAlgorithm) {
    return (sse ?? "").startsWith("aws:kms") || (customerAlgorithm ?? undefined) !== undefined;
}

export { NotListBucketResult as N, notListBucketResult as a, isPlainMd5Etag as b, checkStoredBytes as c, isEncrypted as i, normalizeEtag as n };
