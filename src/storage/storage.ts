import type { Readable } from "node:stream";

/** What storage knows about an existing object. */
export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  /** The `sha256` user metadata we set on upload (hex), when known. */
  readonly sha256?: string;
  /** The ETag without quotes; equals the hex MD5 for single-part uploads. */
  readonly etag?: string;
}

export interface PutRequest {
  readonly key: string;
  /** Opens a fresh stream of the body; called again on every retry. */
  readonly body: () => Readable;
  /** The whole body, when it is in memory: sent as it is, with no stream. */
  readonly bytes?: Buffer;
  readonly size: number;
  readonly contentType: string;
  readonly cacheControl: string;
  readonly sha256: string;
  /** Hex MD5 of the body: sent as Content-MD5 and compared with the returned ETag. */
  readonly md5: string;
  readonly acl?: string;
}

export interface PutResult {
  readonly etag?: string;
}

/** What the check before the first write learned. */
export interface PreflightResult {
  /**
   * False when listing the bucket was denied (R2 tokens scoped to objects): not an error,
   * but existence has to be checked per object.
   */
  readonly canList: boolean;
}

/**
 * Object storage as the engine needs it. One implementation (S3 over @aws-sdk/client-s3);
 * the interface keeps the engine free of the SDK and lets later work add listing strategies.
 */
export interface Storage {
  /**
   * One cheap request (a one-key ListObjectsV2 of `prefix`) before anything is written:
   * throws StorageError naming the input to fix for wrong credentials, a missing bucket, an
   * unreachable or silent endpoint, a DNS failure. AccessDenied alone is not an error.
   */
  preflight(prefix: string): Promise<PreflightResult>;
  /** HeadObject: `undefined` when the object does not exist. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** Every object under `prefix` (ListObjectsV2, 1 request per 1,000 keys). */
  list(prefix: string): Promise<ObjectInfo[]>;
  /** PutObject; throws ItemError when the returned ETag does not match `md5`. */
  put(request: PutRequest): Promise<PutResult>;
  /** Reads an object back (used by checks and tests). */
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
  /** Releases sockets. */
  close(): void;
}
