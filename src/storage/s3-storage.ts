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
  type PutObjectCommandOutput,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { StorageError } from "../core/errors.js";
import type { StorageOptions } from "../options/options.js";
import {
  type RetryPolicy,
  type RetryTuning,
  retryPolicyFrom,
  withRetries,
} from "./retry-policy.js";
import { s3ClientConfig } from "./s3-client-config.js";
import {
  type ErrorContext,
  isNotFound,
  isTransientStorageError,
  notS3Answer,
  storageTimeoutError,
  translateStorageError,
} from "./s3-errors.js";
import { leanListPage, leanPut } from "./s3-lean.js";
import { checkStoredBytes, normalizeEtag, sendPut } from "./s3-put.js";
import { createSignedRequests } from "./s3-signed-request.js";
import { S3_TRAITS } from "./s3-traits.js";
import type { ObjectInfo, PreflightResult, PutRequest, PutResult, Storage } from "./storage.js";

/** Knobs for tests; the defaults suit a CI runner. */
export interface S3StorageTuning extends RetryTuning {
  /** Give up on a connection that is not established within this time. */
  readonly connectionTimeoutMs?: number;
  /** Give up on a socket that stays silent this long (an idle timeout, not a total one). */
  readonly socketTimeoutMs?: number;
  /** The whole preflight, retries included, must answer within this time. */
  readonly preflightTimeoutMs?: number;
  /**
   * After this many requests in a row failed even after their retries, with no success in
   * between, storage is taken as down and the run stops instead of waiting out every image.
   */
  readonly consecutiveFailureLimit?: number;
}

/** Appended to the prefix for the preflight listing; no key template produces it. */
export const PREFLIGHT_PROBE = ".md-image-offload-preflight/";

/** The spec asks an unreachable endpoint to fail within ~15 s, not the SDK's minutes. */
export const PREFLIGHT_TIMEOUT_MS = 10_000;

/**
 * The S3 implementation of `Storage`. One factory of closures on purpose: every method
 * shares the one client, its connection pool, the retry policy and the run of consecutive
 * failures, which separate functions would have to pass around.
 */
export function createS3Storage(options: StorageOptions, tuning: S3StorageTuning = {}): Storage {
  const policy: RetryPolicy = retryPolicyFrom(tuning);
  const preflightTimeoutMs = tuning.preflightTimeoutMs ?? PREFLIGHT_TIMEOUT_MS;
  const failureLimit = tuning.consecutiveFailureLimit ?? 10;
  // One agent for the whole run: keep-alive saves a TLS handshake per object, and enough
  // sockets that `concurrency` requests never queue behind each other.
  const agentOptions = { keepAlive: true, maxSockets: Math.max(1, options.concurrency) };
  const httpAgent = new HttpAgent(agentOptions);
  const httpsAgent = new HttpsAgent(agentOptions);
  const config: S3ClientConfig = {
    ...s3ClientConfig(options),
    // Retries are ours (retry-policy.ts), the same for every request; the SDK still
    // corrects its clock from the server's Date on RequestTimeTooSkewed.
    maxAttempts: 1,
    // The SDK adds `Expect: 100-continue` from 2 MB and then opens a new connection for
    // every such upload, outside the keep-alive agent.
    expectContinueHeader: false,
    requestHandler: new NodeHttpHandler({
      httpAgent,
      httpsAgent,
      connectionTimeout: tuning.connectionTimeoutMs ?? 10_000,
      socketTimeout: tuning.socketTimeoutMs ?? 30_000,
    }),
  };
  const client = new S3Client(config);
  const bucket = options.bucket;
  // S3-compatible endpoints get uploads and listings without the SDK's middleware stack
  // (s3-lean.ts); AWS itself keeps the SDK, which follows its region redirects.
  const signed = options.endpoint
    ? createSignedRequests({
        endpoint: new URL(options.endpoint),
        bucket,
        forcePathStyle: options.forcePathStyle,
        region: options.region,
        credentials: client.config.credentials,
        clockOffset: {
          get: () => client.config.systemClockOffset ?? 0,
          set: (ms) => {
            client.config.systemClockOffset = ms;
          },
        },
        agent: options.endpoint.startsWith("https:") ? httpsAgent : httpAgent,
        socketTimeoutMs: tuning.socketTimeoutMs ?? 30_000,
      })
    : undefined;
  const contextFor = (action: string, key?: string): ErrorContext => ({
    action,
    bucket,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(key === undefined ? {} : { key }),
  });

  // Requests in a row that failed after all their attempts; any success resets it.
  let consecutiveFailures = 0;
  let lastFailure: unknown;

  /** One storage request under the retry policy; what it throws is already translated. */
  async function request<T>(
    action: string,
    key: string | undefined,
    operation: (attempt: number) => Promise<T>,
  ): Promise<T> {
    const context = contextFor(action, key);
    if (consecutiveFailures >= failureLimit) throw storageDown(context);
    try {
      const result = await withRetries(policy, operation, isTransientStorageError);
      consecutiveFailures = 0;
      return result;
    } catch (error) {
      if (isTransientStorageError(error)) {
        consecutiveFailures++;
        lastFailure = error;
        if (consecutiveFailures >= failureLimit) throw storageDown(context);
      }
      throw translateStorageError(error, context, policy.maxAttempts);
    }
  }

  function storageDown(context: ErrorContext): StorageError {
    const last = translateStorageError(lastFailure, context, policy.maxAttempts).message;
    return new StorageError(
      `Storage at ${options.endpoint ?? "AWS S3"} failed ${failureLimit} requests in a row even after retries, so the run stopped (last: ${last.replace(/\.$/, "")}); try again later, or check the \`endpoint\` input.`,
      "StorageDown",
    );
  }

  return {
    ...S3_TRAITS,
    async preflight(prefix: string): Promise<PreflightResult> {
      const context = contextFor(`listing prefix "${prefix}" of`);
      // A prefix no upload uses: the answer is always one short page (never truncated),
      // and it still proves the bucket exists and the key may list it.
      const probe = `${prefix}${PREFLIGHT_PROBE}`;
      // A deadline for the whole check: a server that accepts connections and never
      // answers would otherwise hold the run for the socket timeout of every attempt.
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), preflightTimeoutMs);
      // What the server said last, if anything: more useful than "no answer" at the deadline.
      let answered: unknown;
      let attempts = 0;
      const deadlinePassed = new Promise<void>((resolve) =>
        deadline.signal.addEventListener("abort", () => resolve(), { once: true }),
      );
      // A backoff never outlasts the deadline.
      const sleep = (ms: number) => Promise.race([policy.sleep(ms), deadlinePassed]);
      try {
        const answer = await withRetries(
          { ...policy, sleep },
          async (attempt) => {
            attempts = attempt;
            try {
              return await client.send(
                new ListObjectsV2Command({ Bucket: bucket, Prefix: probe, MaxKeys: 1 }),
                { abortSignal: deadline.signal },
              );
            } catch (error) {
              if (!deadline.signal.aborted) answered = error;
              throw error;
            }
          },
          (error) => !deadline.signal.aborted && isTransientStorageError(error),
        );
        // A web server may answer 200 with a page that happens to parse as XML.
        if (answer.Name === undefined && answer.MaxKeys === undefined)
          throw notS3Answer(context, "HTTP 200 without a ListBucketResult");
        return { canList: true };
      } catch (error) {
        if (error instanceof StorageError && error.code === "NotS3") throw error;
        if (deadline.signal.aborted) {
          if (answered === undefined) throw storageTimeoutError(context, preflightTimeoutMs);
          throw translateStorageError(answered, context, attempts);
        }
        const translated = translateStorageError(error, context, policy.maxAttempts);
        // R2 tokens scoped to objects may not list the bucket: a plain AccessDenied on this
        // bucket-level call says nothing about uploads, which report their own errors.
        if (translated instanceof StorageError && translated.code === "AccessDenied")
          return { canList: false };
        throw translated;
      } finally {
        clearTimeout(timer);
      }
    },

    async head(key: string): Promise<ObjectInfo | undefined> {
      return request("checking", key, async () => {
        try {
          const output = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
          // With SSE-KMS or SSE-C the ETag is not the MD5 of the bytes: leave it out so
          // nobody compares it with one.
          const encrypted =
            output.ServerSideEncryption?.startsWith("aws:kms") || output.SSECustomerAlgorithm;
          const etag = encrypted ? undefined : normalizeEtag(output.ETag);
          const sha256 = output.Metadata?.sha256?.toLowerCase();
          return {
            key,
            size: output.ContentLength ?? 0,
            ...(sha256 ? { sha256 } : {}),
            ...(etag ? { etag } : {}),
          };
        } catch (error) {
          // A HEAD response has no body, so a missing bucket also looks like this; the
          // preflight and the upload that follows report NoSuchBucket.
          if (isNotFound(error)) return undefined;
          throw error;
        }
      });
    },

    async list(prefix: string): Promise<ObjectInfo[]> {
      const objects: ObjectInfo[] = [];
      let continuationToken: string | undefined;
      do {
        const token = continuationToken;
        if (signed) {
          const page = await request(`listing prefix "${prefix}" of`, undefined, () =>
            leanListPage(signed, prefix, token),
          );
          objects.push(...page.objects);
          continuationToken = page.next;
          continue;
        }
        const output = await request(`listing prefix "${prefix}" of`, undefined, () =>
          client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: prefix,
              ...(token ? { ContinuationToken: token } : {}),
            }),
          ),
        );
        for (const item of output.Contents ?? []) {
          if (item.Key === undefined) continue;
          const etag = normalizeEtag(item.ETag);
          objects.push({ key: item.Key, size: item.Size ?? 0, ...(etag ? { etag } : {}) });
        }
        continuationToken = output.IsTruncated ? output.NextContinuationToken : undefined;
      } while (continuationToken);
      return objects;
    },

    async put(put: PutRequest): Promise<PutResult> {
      // A fresh body stream per attempt: the SDK cannot rewind a stream, which is also why
      // it never retries one itself.
      if (signed) {
        const answer = await request("uploading", put.key, async (attempt) => {
          const response = await leanPut(signed, put);
          checkStoredBytes(put, response.etag, response.encrypted, attempt, policy.maxAttempts);
          return response;
        });
        const etag = normalizeEtag(answer.etag);
        return etag ? { etag } : {};
      }
      const output: PutObjectCommandOutput = await request("uploading", put.key, (attempt) =>
        sendPut(client, bucket, put, attempt, policy.maxAttempts),
      );
      const etag = normalizeEtag(output.ETag);
      return etag ? { etag } : {};
    },

    async get(key: string): Promise<Buffer> {
      return request("reading", key, async () => {
        const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!output.Body) return Buffer.alloc(0);
        return Buffer.from(await output.Body.transformToByteArray());
      });
    },

    async delete(key: string): Promise<void> {
      await request("deleting", key, () =>
        client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })),
      );
    },

    close(): void {
      client.destroy();
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
