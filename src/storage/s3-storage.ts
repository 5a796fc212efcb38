/**
 * The Storage interface over @aws-sdk/client-s3, for AWS S3 and S3-compatible providers.
 */
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandOutput,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { describeError, ItemError } from "../engine/errors.js";
import type { StorageOptions } from "../options/options.js";
import { type ErrorContext, isTransientStorageError, translateStorageError } from "./s3-errors.js";
import type { ObjectInfo, PutRequest, PutResult, Storage } from "./storage.js";

/** Knobs for tests and for later retry work; defaults suit a CI runner. */
export interface S3StorageTuning {
  /** Attempts per request, first one included (the SDK's default is 3). */
  readonly maxAttempts?: number;
  /** First backoff delay of a retried upload; doubles each attempt, with jitter. */
  readonly retryBaseDelayMs?: number;
  /** Give up on a connection that is not established within this time. */
  readonly connectionTimeoutMs?: number;
  /** Give up on a socket that stays silent this long (an idle timeout, not a total one). */
  readonly socketTimeoutMs?: number;
}

const DEFAULT_MAX_ATTEMPTS = 3;
const MAX_RETRY_DELAY_MS = 5_000;

// The SDK warns on the console when a streaming request fails; the engine reports errors itself.
const quietSdkLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** Quotes stripped and lower-cased, as ETags are compared with hex MD5s. */
function normalizeEtag(etag: string | undefined): string | undefined {
  if (!etag) return undefined;
  return etag.replace(/"/g, "").replace(/^W\//, "").toLowerCase();
}

const PLAIN_MD5 = /^[0-9a-f]{32}$/;

function isNotFound(error: unknown): boolean {
  const record = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  return (
    record?.name === "NotFound" ||
    record?.name === "NoSuchKey" ||
    record?.$metadata?.httpStatusCode === 404
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function createS3Storage(options: StorageOptions, tuning: S3StorageTuning = {}): Storage {
  const maxAttempts = Math.max(1, tuning.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const retryBaseDelayMs = tuning.retryBaseDelayMs ?? 200;
  // One agent for the whole run: keep-alive saves a TLS handshake per object, and enough
  // sockets that `concurrency` requests never queue behind each other.
  const agentOptions = { keepAlive: true, maxSockets: Math.max(1, options.concurrency) };
  const config: S3ClientConfig = {
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    maxAttempts,
    logger: quietSdkLogger,
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
      connectionTimeout: tuning.connectionTimeoutMs ?? 15_000,
      socketTimeout: tuning.socketTimeoutMs ?? 120_000,
    }),
  };
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    // Many S3-compatible providers reject the CRC32 checksum headers the SDK sends by default.
    config.requestChecksumCalculation = "WHEN_REQUIRED";
    config.responseChecksumValidation = "WHEN_REQUIRED";
  }
  if (options.credentials) {
    const { accessKeyId, secretAccessKey, sessionToken } = options.credentials;
    config.credentials = {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
    };
  }
  const client = new S3Client(config);
  const bucket = options.bucket;

  const fail = (error: unknown, action: string, key?: string): never => {
    const context: ErrorContext = {
      action,
      bucket,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(key === undefined ? {} : { key }),
    };
    throw translateStorageError(error, context);
  };

  async function sendPut(request: PutRequest): Promise<PutObjectCommandOutput> {
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
    try {
      return await Promise.race([client.send(command, { abortSignal: abort.signal }), bodyFailed]);
    } finally {
      // A request refused before the body was read would otherwise keep the file open.
      body.destroy();
    }
  }

  /**
   * The SDK refuses to retry a request whose body is a stream (it cannot rewind it), so
   * uploads retry here, opening a fresh body stream for every attempt.
   */
  async function putWithRetries(request: PutRequest): Promise<PutObjectCommandOutput> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await sendPut(request);
      } catch (error) {
        if (attempt >= maxAttempts || !isTransientStorageError(error)) throw error;
        const ceiling = Math.min(MAX_RETRY_DELAY_MS, retryBaseDelayMs * 2 ** (attempt - 1));
        await sleep(ceiling / 2 + Math.random() * (ceiling / 2));
      }
    }
  }

  return {
    async head(key: string): Promise<ObjectInfo | undefined> {
      try {
        const output = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        const etag = normalizeEtag(output.ETag);
        const sha256 = output.Metadata?.sha256?.toLowerCase();
        return {
          key,
          size: output.ContentLength ?? 0,
          ...(sha256 ? { sha256 } : {}),
          ...(etag ? { etag } : {}),
        };
      } catch (error) {
        // A HEAD response has no body, so a missing bucket also looks like this; the
        // upload that follows reports NoSuchBucket.
        if (isNotFound(error)) return undefined;
        return fail(error, "checking", key);
      }
    },

    async list(prefix: string): Promise<ObjectInfo[]> {
      const objects: ObjectInfo[] = [];
      let continuationToken: string | undefined;
      try {
        do {
          const output = await client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: prefix,
              ...(continuationToken ? { ContinuationToken: continuationToken } : {}),
            }),
          );
          for (const item of output.Contents ?? []) {
            if (item.Key === undefined) continue;
            const etag = normalizeEtag(item.ETag);
            objects.push({ key: item.Key, size: item.Size ?? 0, ...(etag ? { etag } : {}) });
          }
          continuationToken = output.IsTruncated ? output.NextContinuationToken : undefined;
        } while (continuationToken);
      } catch (error) {
        return fail(error, `listing prefix "${prefix}" of`);
      }
      return objects;
    },

    async put(request: PutRequest): Promise<PutResult> {
      let output: PutObjectCommandOutput;
      try {
        output = await putWithRetries(request);
      } catch (error) {
        return fail(error, "uploading", request.key);
      }
      const etag = normalizeEtag(output.ETag);
      // With SSE-KMS or SSE-C the ETag is not the MD5 of the bytes, so it proves nothing;
      // multipart ETags ("<hex>-<parts>") never are.
      const encrypted =
        output.ServerSideEncryption?.startsWith("aws:kms") || output.SSECustomerAlgorithm;
      const expected = request.md5.toLowerCase();
      if (etag && PLAIN_MD5.test(etag) && !encrypted && etag !== expected) {
        throw new ItemError(
          `Storage stored different bytes for ${request.key} than were sent (ETag ${etag} ≠ MD5 ${expected}); the upload was corrupted in transit.`,
        );
      }
      return etag ? { etag } : {};
    },

    async get(key: string): Promise<Buffer> {
      try {
        const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!output.Body) return Buffer.alloc(0);
        return Buffer.from(await output.Body.transformToByteArray());
      } catch (error) {
        return fail(error, "reading", key);
      }
    },

    async delete(key: string): Promise<void> {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        fail(error, "deleting", key);
      }
    },

    close(): void {
      client.destroy();
    },
  };
}
