import type { Readable } from "node:stream";

/** What storage knows about an existing object. */
export interface ObjectInfo {
  readonly key: string;
  /** Bytes; absent when the storage does not say (the Images listing has no size). */
  readonly size?: number;
  /** The `sha256` user metadata we set on upload (hex), when known. */
  readonly sha256?: string;
  /** The ETag without quotes; equals the hex MD5 for single-part uploads. */
  readonly etag?: string;
}

export interface PutRequest {
  readonly key: string;
  /** The image's repository-relative path (Images keeps it in the metadata). */
  readonly path?: string;
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
  /**
   * Every object under the prefix, when the preflight was asked to list it: the first page
   * is the check itself, so a run that lists anyway saves a round trip and a request.
   */
  readonly objects?: Promise<ObjectInfo[]>;
}

/** What a storage may refuse before any request (Images: size, dimensions, format). */
export interface ImageFacts {
  /** Repository-relative, for messages. */
  readonly path: string;
  readonly size: number;
  /** Sniffed from the bytes. */
  readonly contentType: string;
  /** The file's first bytes (up to 4 KiB). */
  readonly head: Buffer;
  /** The whole file, read through the checked descriptor; only when `head` is not enough. */
  readonly bytes: () => Promise<Buffer>;
}

/** How stored objects are reached on the web, and what serving one proves. */
export interface Delivery {
  /** The URL an object is served at under `publicUrl` (no trailing slash). */
  url(publicUrl: string, key: string): string;
  /**
   * `bytes`: the URL serves the stored bytes, so a fetch is compared by sha256 (S3);
   * `image`: the server re-encodes (Images variants), so HTTP 200 with an image
   * Content-Type is the proof.
   */
  readonly proof: "bytes" | "image";
  /**
   * `prefix`: `list(prefix)` reads only that prefix, so an empty one would walk a whole
   * bucket; `all`: every listing reads everything whatever the prefix (Images: the account).
   */
  readonly listing: "prefix" | "all";
}

/**
 * Object storage as the engine needs it: S3 over @aws-sdk/client-s3, or Cloudflare Images
 * over its REST API. What the two do differently (how URLs are made, what a served copy
 * proves, what is refused up front) is said here, so the engine never asks which it has.
 */
export interface Storage {
  readonly delivery: Delivery;
  /**
   * Why this image cannot be stored, decided before any request; undefined when it can.
   * The reason names the image and the limit. Absent: nothing is refused up front.
   */
  refusal?(image: ImageFacts): Promise<string | undefined>;
  /**
   * Told how many requests the upload phase is about to make, before it makes them
   * (Images gets a batch token when there are many).
   */
  expectRequests(count: number): Promise<void>;
  /**
   * The base URL when `public-url` is empty; throws InputError naming public-url when the
   * storage cannot know it (S3 always; Images when no image is there to learn it from).
   */
  defaultPublicUrl(mayWrite: boolean): Promise<string>;
  /**
   * One cheap request before anything is written (S3: a one-key ListObjectsV2 of `prefix`;
   * Images: a 10-image listing): throws StorageError naming the input to fix for wrong
   * credentials, a missing bucket or account, an unreachable or silent endpoint, a DNS
   * failure. AccessDenied alone is not an error for S3. With `list`, S3 lists `prefix`
   * itself and hands on the listing (`objects`); Images ignores it.
   */
  preflight(prefix: string, options?: { readonly list?: boolean }): Promise<PreflightResult>;
  /** HeadObject: `undefined` when the object does not exist. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** Every object under `prefix` (S3: 1 request per 1,000 keys; Images: per 10,000). */
  list(prefix: string): Promise<ObjectInfo[]>;
  /** PutObject; throws ItemError when the returned ETag does not match `md5`. */
  put(request: PutRequest): Promise<PutResult>;
  /** Reads an object back (used by checks and tests). */
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
  /** Releases sockets. */
  close(): void;
}
