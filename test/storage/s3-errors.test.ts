/**
 * Error classification for failures s3rver cannot produce (it checks no SigV4 signature,
 * has no tokens, regions or DNS); the ones it can produce are covered in s3-storage.test.ts.
 */
import { S3ServiceException } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { ItemError, OffloadError, StorageError } from "../../src/core/errors.js";
import { isTransientStorageError, translateStorageError } from "../../src/storage/s3-errors.js";

const context = {
  action: "uploading",
  bucket: "blog-images",
  endpoint: "https://acct.r2.cloudflarestorage.com",
};

function serviceError(
  name: string,
  status: number,
  message = `${name} message`,
): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
    message,
  });
}

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code} example`), { code });
}

describe("translateStorageError", () => {
  it.each([
    [serviceError("SignatureDoesNotMatch", 403), "`secret-access-key`"],
    [serviceError("InvalidAccessKeyId", 403), "`access-key-id`"],
    [serviceError("AccessDenied", 403), "`access-key-id`"],
    [serviceError("ExpiredToken", 400), "`session-token`"],
    [serviceError("PermanentRedirect", 301), "`region`"],
    [serviceError("NoSuchBucket", 404), "`bucket`"],
    [systemError("ENOTFOUND"), "`endpoint`"],
    [systemError("ERR_TLS_CERT_ALTNAME_INVALID"), "`endpoint`"],
    [
      Object.assign(new Error("Could not load credentials from any providers"), {
        name: "CredentialsProviderError",
      }),
      "`access-key-id`",
    ],
  ])("makes %s a StorageError naming %s", (error, input) => {
    const translated = translateStorageError(error, { ...context, key: "images/a.png" });
    expect(translated).toBeInstanceOf(StorageError);
    expect(translated.message).toContain(input);
    expect(translated.cause).toBe(error);
  });

  it("finds the connect error inside an AggregateError from a dual-stack connect", () => {
    const error = new AggregateError(
      [systemError("ECONNREFUSED"), systemError("ECONNREFUSED")],
      "",
    );
    const translated = translateStorageError(error, context);
    expect(translated).toBeInstanceOf(StorageError);
    expect(translated.message).toBe(
      "Could not reach storage at https://acct.r2.cloudflarestorage.com (ECONNREFUSED); check the `endpoint` input.",
    );
  });

  it("says AWS S3 when no endpoint is set", () => {
    const translated = translateStorageError(systemError("ECONNREFUSED"), {
      action: "checking",
      bucket: "b",
    });
    expect(translated.message).toContain("at AWS S3");
  });

  it("blames bucket and region for a DNS failure on AWS S3, the endpoint elsewhere", () => {
    expect(
      translateStorageError(systemError("ENOTFOUND"), { action: "checking", bucket: "b" }).message,
    ).toBe(
      'Could not find the AWS S3 host for bucket "b" (DNS lookup failed, ENOTFOUND); check the `bucket` and `region` inputs.',
    );
    expect(translateStorageError(systemError("ENOTFOUND"), context).message).toBe(
      "Could not find the storage host of https://acct.r2.cloudflarestorage.com (DNS lookup failed, ENOTFOUND); check the `endpoint` input.",
    );
  });

  it("blames the runner's clock, not the credentials, for a skew 403 that outlived the retries", () => {
    const translated = translateStorageError(serviceError("RequestTimeTooSkewed", 403), {
      ...context,
      key: "k.png",
    });
    expect(translated).toBeInstanceOf(StorageError);
    expect(translated.message).toContain("check the runner's clock");
    expect(translated.message).not.toContain("access-key-id");
  });

  it("says how many attempts a transient failure survived", () => {
    const translated = translateStorageError(
      serviceError("SlowDown", 503, "Please reduce your request rate."),
      { ...context, key: "images/a.png" },
      8,
    );
    expect(translated).toBeInstanceOf(ItemError);
    expect(translated.message).toBe(
      "Storage failed uploading images/a.png (HTTP 503 SlowDown, 8 attempts): Please reduce your request rate.",
    );
  });

  it("turns a server error on one object into an ItemError naming the key and status", () => {
    const translated = translateStorageError(
      serviceError("InternalError", 500, "We encountered an internal error."),
      {
        ...context,
        key: "images/a.png",
      },
    );
    expect(translated).toBeInstanceOf(ItemError);
    expect(translated.message).toBe(
      "Storage failed uploading images/a.png (HTTP 500 InternalError): We encountered an internal error.",
    );
  });

  it("passes the engine's own errors through unchanged", () => {
    const own = new ItemError("Storage stored different bytes.");
    expect(translateStorageError(own, context)).toBe(own);
    expect(translateStorageError(new Error("boom"), context)).toBeInstanceOf(OffloadError);
  });
});

describe("isTransientStorageError", () => {
  it.each([
    serviceError("ServiceUnavailable", 503),
    serviceError("SlowDown", 503),
    serviceError("TooManyRequests", 429),
    serviceError("InternalError", 500),
    systemError("ECONNRESET"),
    systemError("ETIMEDOUT"),
    serviceError("BadDigest", 400),
    serviceError("RequestTimeTooSkewed", 403),
  ])("retries %s", (error) => {
    expect(isTransientStorageError(error)).toBe(true);
  });

  it.each([
    serviceError("NoSuchBucket", 404),
    serviceError("AccessDenied", 403),
    serviceError("SignatureDoesNotMatch", 403),
    systemError("ENOENT"),
    systemError("ECONNREFUSED"),
  ])("does not retry %s", (error) => {
    expect(isTransientStorageError(error)).toBe(false);
  });
});
