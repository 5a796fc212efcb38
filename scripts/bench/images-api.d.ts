export interface StoredImage {
  readonly id: string;
  readonly bytes: Buffer;
  readonly contentType: string;
  readonly filename: string;
  readonly metadata: Record<string, unknown>;
  readonly requireSignedURLs: boolean;
  readonly uploaded: string;
}
export interface ImagesRequestRecord {
  readonly listener: "api" | "batch";
  readonly method: string;
  /** Path and query as sent. */
  readonly path: string;
  readonly authorization: string;
}
export interface FakeImagesApi {
  /** Use as cloudflare-api-url. */
  readonly apiUrl: string;
  /** Use as cloudflare-batch-url. */
  readonly batchUrl: string;
  /** Origin of the delivery listener (what variant URLs start with). */
  readonly deliveryOrigin: string;
  /** `<deliveryOrigin>/<hash>`: the default public-url a run should learn. */
  readonly deliveryBase: string;
  readonly accountId: string;
  readonly accountHash: string;
  readonly token: string;
  readonly images: Map<string, StoredImage>;
  readonly requests: ImagesRequestRecord[];
  /** Batch tokens handed out so far. */
  readonly batchTokens: string[];
  /** The next `count` API and batch requests answer 429 with `Retry-After: seconds`. */
  rateLimit(count: number, retryAfterSeconds: number): void;
  /** How a custom ID's slashes must be spelled in API paths: `/`, `%2F`, or either. */
  idSlashes: "raw" | "encoded" | "both";
  /** Milliseconds every API and batch answer waits (bench). */
  latencyMs: number;
  /** Stores an image as if uploaded earlier (another tool, an earlier run). */
  seed(id: string, bytes: Buffer, metadata: Record<string, unknown>, contentType?: string): void;
  stop(): Promise<void>;
}
export declare function startImagesApi(options?: {
  accountId?: string;
  token?: string;
}): Promise<FakeImagesApi>;
