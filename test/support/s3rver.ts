/**
 * Starts a real S3-compatible server (the npm `s3rver` package) inside the test process,
 * on 127.0.0.1 with a free port and a fresh temp directory, so storage tests go through the
 * real @aws-sdk/client-s3 over real HTTP.
 */
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import type { StorageOptions } from "../../src/options/options.js";

/** s3rver's built-in account (lib/models/account.js); any other key id is rejected. */
export const S3RVER_ACCESS_KEY_ID = "S3RVER";
export const S3RVER_SECRET_ACCESS_KEY = "S3RVER";
/** s3rver checks no region; the SDK needs one to sign. */
export const S3RVER_REGION = "us-east-1";

export interface RunningS3rver {
  /** `http://127.0.0.1:<port>`; use with path-style addressing. */
  readonly endpoint: string;
  readonly port: number;
  /** Where s3rver keeps buckets and objects. */
  readonly directory: string;
  stop(): Promise<void>;
}

/** The small part of s3rver's API used here (the package ships no types). */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  readonly httpServer?: Server;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}) => S3rverInstance;

// s3rver is CommonJS without type declarations; requiring it keeps the cast in one place.
const S3rver = createRequire(import.meta.url)("s3rver") as S3rverConstructor;

export async function startS3rver(options: { buckets?: string[] } = {}): Promise<RunningS3rver> {
  const buckets = options.buckets ?? ["test-bucket"];
  const directory = await mkdtemp(join(tmpdir(), "s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  let address: AddressInfo;
  try {
    address = await server.run();
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const port = address.port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    directory,
    async stop() {
      // Keep-alive sockets of a client a test forgot to close would hold close() open.
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** The engine's storage settings for s3rver at `endpoint` (s3rver itself or a proxy in front). */
export function s3rverStorageOptions(
  endpoint: string,
  bucket: string,
  overrides: Partial<StorageOptions> = {},
): StorageOptions {
  return {
    bucket,
    endpoint,
    provider: "custom",
    region: S3RVER_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: S3RVER_SECRET_ACCESS_KEY },
    concurrency: 8,
    ...overrides,
  };
}

/**
 * A plain SDK client straight to s3rver (no proxy, none of this product's settings): an
 * independent reader for assertions, and a writer to plant objects other tools left.
 */
export function s3rverClient(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: S3RVER_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: S3RVER_SECRET_ACCESS_KEY },
  });
}

/** The Action's inputs for a workspace-mode run against s3rver at `endpoint`. */
export function s3rverActionInputs(endpoint: string, bucket: string): Record<string, string> {
  return {
    mode: "workspace",
    bucket,
    endpoint,
    "public-url": `${endpoint}/${bucket}`,
    "access-key-id": S3RVER_ACCESS_KEY_ID,
    "secret-access-key": S3RVER_SECRET_ACCESS_KEY,
  };
}

/** The CLI's environment (MD_IMAGE_OFFLOAD_*) for a run against s3rver at `endpoint`. */
export function s3rverCliEnv(endpoint: string, bucket: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    MD_IMAGE_OFFLOAD_BUCKET: bucket,
    MD_IMAGE_OFFLOAD_ENDPOINT: endpoint,
    MD_IMAGE_OFFLOAD_PUBLIC_URL: `${endpoint}/${bucket}`,
    MD_IMAGE_OFFLOAD_ACCESS_KEY_ID: S3RVER_ACCESS_KEY_ID,
    MD_IMAGE_OFFLOAD_SECRET_ACCESS_KEY: S3RVER_SECRET_ACCESS_KEY,
  };
}
