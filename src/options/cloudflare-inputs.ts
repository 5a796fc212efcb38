/**
 * The inputs of `storage: cloudflare-images`. The S3 inputs mean nothing to the Images API,
 * so one given with it is an error naming it rather than silently ignored: a workflow that
 * sets `bucket` most likely meant the S3 storage.
 */
import { InputError } from "../core/errors.js";
import { printable } from "../core/printable.js";
import { INPUTS } from "./inputs.js";
import type { CloudflareImagesOptions } from "./options.js";

/** Inputs only the S3 storage reads. */
export const S3_ONLY_INPUTS = [
  "bucket",
  "endpoint",
  "provider",
  "region",
  "force-path-style",
  "access-key-id",
  "secret-access-key",
  "session-token",
  "acl",
] as const;

/** An input's value and default as parseInputs reads them. */
export type RawInput = (name: string) => string | undefined;

/**
 * Throws InputError naming the S3 inputs given with `storage: cloudflare-images`. A value
 * equal to the default is not "given": the runner passes every default as INPUT_*.
 */
export function refuseS3Inputs(get: RawInput): void {
  const given = S3_ONLY_INPUTS.filter((name) => {
    const value = get(name)?.trim() ?? "";
    const fallback = INPUTS.find((input) => input.name === name)?.default ?? "";
    return value !== "" && value !== fallback;
  });
  const [first] = given;
  if (first === undefined) return;
  const names = given.join(", ");
  throw new InputError(
    first,
    `Input${given.length > 1 ? "s" : ""} ${names} ${given.length > 1 ? "are" : "is"} for S3 storage and not used with storage: cloudflare-images; remove ${given.length > 1 ? "them" : "it"}, or set storage: s3.`,
  );
}

/**
 * The Cloudflare settings; `url` parses and checks a URL input (parse-inputs' optionalUrl).
 * The token may be empty here: the adapter has already fallen back to CLOUDFLARE_API_TOKEN,
 * and the API's 401 names the input.
 */
export function parseCloudflare(
  read: (name: string) => string,
  url: (name: string, text: string) => string | undefined,
): CloudflareImagesOptions {
  const accountId = read("cloudflare-account-id");
  if (!accountId) {
    throw new InputError(
      "cloudflare-account-id",
      "Input cloudflare-account-id is required with storage: cloudflare-images: set it to the account ID shown on the Images page of the Cloudflare dashboard.",
    );
  }
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(accountId)) {
    throw new InputError(
      "cloudflare-account-id",
      `Input cloudflare-account-id: "${printable(accountId)}" is not an account ID; copy the 32 hex characters from the Images page of the Cloudflare dashboard.`,
    );
  }
  const variant = read("cloudflare-variant");
  // Named variants (public, thumbnail) and flexible ones (w=400,sharpen=1).
  if (!/^[A-Za-z0-9_=,.:-]{1,100}$/.test(variant)) {
    throw new InputError(
      "cloudflare-variant",
      `Input cloudflare-variant: "${printable(variant)}" is not a variant name; use one defined for the account, such as public, or flexible options such as w=800.`,
    );
  }
  const apiToken = read("cloudflare-api-token");
  if (/[\s]/.test(apiToken)) {
    throw new InputError(
      "cloudflare-api-token",
      "Input cloudflare-api-token contains spaces or line breaks; paste the token alone (without Bearer).",
    );
  }
  return {
    accountId,
    apiToken,
    variant,
    apiUrl: url("cloudflare-api-url", read("cloudflare-api-url")) ?? "",
    batchUrl: url("cloudflare-batch-url", read("cloudflare-batch-url")) ?? "",
  };
}
