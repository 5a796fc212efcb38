/**
 * The few bucket-level requests the checklist makes that the engine's Storage interface has
 * no use for (ListObjectsV2 of one key, GetBucketCors) and the server's Date header, over
 * an S3Client built with the same settings as createS3Storage's.
 */
import {
  GetBucketCorsCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import type { Clock } from "../core/logger.js";
import type { StorageOptions } from "../options/options.js";
import { s3ClientConfig } from "../storage/s3-client-config.js";

/** The run's client settings, with one retry: the checklist reports failures, it doesn't wait them out. */
export function checkClientConfig(options: StorageOptions): S3ClientConfig {
  return { ...s3ClientConfig(options), maxAttempts: 2 };
}

/** One CORS rule as the checklist reports it. */
export interface CorsRule {
  readonly origins: readonly string[];
  readonly methods: readonly string[];
}

export type CorsReading =
  | { readonly kind: "rules"; readonly rules: readonly CorsRule[] }
  | { readonly kind: "none" }
  | { readonly kind: "unreadable"; readonly code: string };

export interface BucketProbe {
  /** ListObjectsV2 of at most one key under `prefix`; throws what the SDK threw. */
  listOne(prefix: string): Promise<void>;
  readCors(): Promise<CorsReading>;
  /**
   * Server clock minus local clock in ms, from the Date header of the last response
   * (errors included: a rejected request still tells the time), or undefined.
   */
  clockOffsetMs(): number | undefined;
  close(): void;
}

export function createBucketProbe(options: StorageOptions, clock: Clock): BucketProbe {
  const client = new S3Client(checkClientConfig(options));
  let offsetMs: number | undefined;
  // Innermost in the deserialize step, so it sees the raw HTTP response of every attempt
  // before the SDK turns an error status into an exception.
  client.middlewareStack.add(
    (next) => async (args) => {
      const sentAt = clock.now();
      const result = await next(args);
      const response = result.response as { headers?: Record<string, string | undefined> };
      const date = Date.parse(response.headers?.date ?? "");
      // The Date header has whole seconds; the request's midpoint is the best local match.
      if (Number.isFinite(date)) offsetMs = date - (sentAt + clock.now()) / 2;
      return result;
    },
    { step: "deserialize", priority: "low", name: "mdImageOffloadServerDate" },
  );
  const bucket = options.bucket;
  return {
    async listOne(prefix) {
      await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }));
    },
    async readCors() {
      try {
        const output = await client.send(new GetBucketCorsCommand({ Bucket: bucket }));
        const rules = (output.CORSRules ?? []).map((rule) => ({
          origins: rule.AllowedOrigins ?? [],
          methods: rule.AllowedMethods ?? [],
        }));
        return { kind: "rules", rules };
      } catch (error) {
        const name = (error as { name?: unknown } | null)?.name;
        if (name === "NoSuchCORSConfiguration") return { kind: "none" };
        return { kind: "unreadable", code: typeof name === "string" ? name : "error" };
      }
    },
    clockOffsetMs: () => offsetMs,
    close: () => client.destroy(),
  };
}
