import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { withEnvFallbacks } from "../../src/options/env-fallbacks.js";
import { INPUTS } from "../../src/options/inputs.js";
import { parseInputs } from "../../src/options/parse-inputs.js";

const base: Record<string, string> = {
  storage: "cloudflare-images",
  "cloudflare-account-id": "0123456789abcdef0123456789abcdef",
  "cloudflare-api-token": "tok",
};
const from =
  (values: Record<string, string | undefined>) =>
  (name: string): string | undefined =>
    ({ ...base, ...values })[name];

function inputError(values: Record<string, string | undefined>): InputError {
  try {
    parseInputs(from(values), "action");
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("parseInputs accepted the inputs");
}

/** Every input at its action.yml default, as the runner passes them. */
const runnerDefaults = Object.fromEntries(INPUTS.map((input) => [input.name, input.default]));

describe("storage: cloudflare-images inputs", () => {
  it("needs neither bucket nor public-url, and fills the Cloudflare defaults", () => {
    const options = parseInputs(from({}), "action");
    expect(options.storage.cloudflare).toEqual({
      accountId: "0123456789abcdef0123456789abcdef",
      apiToken: "tok",
      variant: "public",
      apiUrl: "https://api.cloudflare.com/client/v4",
      batchUrl: "https://batch.imagedelivery.net",
    });
    expect(options.storage.bucket).toBe("");
    expect(options.publicUrl).toBe("");
  });

  it("takes every input at the runner's defaults (region auto is no S3 input given)", () => {
    const options = parseInputs(from({ ...runnerDefaults, ...base }), "action");
    expect(options.storage.cloudflare?.variant).toBe("public");
  });

  it("names the S3 inputs given with it", () => {
    const one = inputError({ endpoint: "https://s3.example.com" });
    expect(one.input).toBe("endpoint");
    expect(one.message).toBe(
      "Input endpoint is for S3 storage and not used with storage: cloudflare-images; remove it, or set storage: s3.",
    );
    const many = inputError({ bucket: "b", acl: "public-read", region: "eu-west-1" });
    expect(many.input).toBe("bucket");
    expect(many.message).toContain("Inputs bucket, region, acl are for S3 storage");
  });

  it("requires the account ID and refuses one that cannot be an ID", () => {
    expect(inputError({ "cloudflare-account-id": "" }).message).toMatch(
      /^Input cloudflare-account-id is required with storage: cloudflare-images/,
    );
    expect(inputError({ "cloudflare-account-id": "a/../b" }).input).toBe("cloudflare-account-id");
  });

  it("checks the variant, the token's form and the two URLs", () => {
    expect(inputError({ "cloudflare-variant": "a/b" }).input).toBe("cloudflare-variant");
    expect(
      parseInputs(from({ "cloudflare-variant": "w=400,h=300" })).storage.cloudflare?.variant,
    ).toBe("w=400,h=300");
    expect(inputError({ "cloudflare-api-token": "Bearer x" }).input).toBe("cloudflare-api-token");
    expect(inputError({ "cloudflare-api-url": "ftp://x" }).input).toBe("cloudflare-api-url");
    expect(inputError({ "cloudflare-batch-url": "https://x/?q" }).input).toBe(
      "cloudflare-batch-url",
    );
  });

  it("refuses an unknown storage by name", () => {
    const error = inputError({ storage: "gcs" });
    expect(error.input).toBe("storage");
    expect(error.message).toContain("use one of s3, cloudflare-images");
  });

  it("S3 still requires bucket and public-url", () => {
    expect(inputError({ storage: "s3", bucket: "b" }).input).toBe("public-url");
    expect(inputError({ storage: "" }).input).toBe("bucket");
  });
});

describe("the CLOUDFLARE_API_TOKEN fallback", () => {
  it("fills an empty cloudflare-api-token, and only that input", () => {
    const get = withEnvFallbacks(from({ "cloudflare-api-token": "" }), {
      CLOUDFLARE_API_TOKEN: "from-env",
      CLOUDFLARE_ACCOUNT_ID: "not-read",
    });
    expect(get("cloudflare-api-token")).toBe("from-env");
    expect(get("cloudflare-account-id")).toBe(base["cloudflare-account-id"]);
    const given = withEnvFallbacks(from({}), { CLOUDFLARE_API_TOKEN: "from-env" });
    expect(given("cloudflare-api-token")).toBe("tok");
  });
});
