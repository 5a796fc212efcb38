/**
 * The five S3 requests a run sends, behind one shape with two implementations: signed
 * HTTP requests for S3-compatible endpoints (s3-lean.ts), and the AWS SDK for AWS itself
 * (s3-sdk.ts, loaded only when a run needs it: the SDK is most of the bundle's load time).
 * Each method is one attempt; retries and error translation are s3-storage.ts's.
 */
import type { ObjectInfo, PutRequest } from "./storage.js";

/** One ListObjectsV2 page and the token of the next, if the listing is truncated. */
export interface ListPage {
  readonly objects: ObjectInfo[];
  readonly next?: string;
}

export interface ListPageRequest {
  readonly prefix: string;
  readonly token?: string;
  readonly maxKeys?: number;
  readonly signal?: AbortSignal;
}

export interface S3Transport {
  /** Throws an "XML parse error" when the answer is no ListBucketResult. */
  listPage(request: ListPageRequest): Promise<ListPage>;
  /** Undefined when there is no such object (HTTP 404). */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** Throws CorruptedUploadError when the returned ETag is not the MD5 sent. */
  put(put: PutRequest, attempt: number, maxAttempts: number): Promise<{ etag?: string }>;
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
}

/** The clock correction both transports share: ms to add to the local clock. */
export interface ClockOffset {
  get(): number;
  set(ms: number): void;
}

/** A listing answered with 200 and no ListBucketResult (a web page where S3 should be). */
export class NotListBucketResult extends Error {
  readonly $metadata = { httpStatusCode: 200 };
  constructor() {
    super("XML parse error: the answer is no ListBucketResult");
  }
}

export function notListBucketResult(): Error {
  return new NotListBucketResult();
}

/** With SSE-KMS or SSE-C the ETag is not the MD5 of the bytes. */
export function isEncrypted(sse: string | undefined, customerAlgorithm: unknown): boolean {
  return (sse ?? "").startsWith("aws:kms") || (customerAlgorithm ?? undefined) !== undefined;
}
