import type { S3ClientConfig } from "@aws-sdk/client-s3";
import type { AwsCredentialIdentity } from "@smithy/types";
import type { StorageOptions } from "../options/options.js";

// The SDK warns on the console when a streaming request fails; the engine reports errors itself.
const quietSdkLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/**
 * The S3 client settings every client of this product shares (the run's storage and the
 * setup check), so that `check` tests exactly what a run will send.
 */
export function s3ClientConfig(options: StorageOptions): S3ClientConfig {
  const config: S3ClientConfig = {
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    logger: quietSdkLogger,
  };
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    // Many S3-compatible providers reject the CRC32 checksum headers the SDK sends by default.
    config.requestChecksumCalculation = "WHEN_REQUIRED";
    config.responseChecksumValidation = "WHEN_REQUIRED";
  } else {
    // On AWS, `region: auto` starts at us-east-1: follow the bucket's region redirect.
    config.followRegionRedirects = true;
  }
  if (options.credentials) config.credentials = credentialIdentity(options.credentials);
  return config;
}

/** The keys the inputs gave, as the SDK and the signer take them. */
export function credentialIdentity(
  credentials: NonNullable<StorageOptions["credentials"]>,
): AwsCredentialIdentity {
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}
