import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { SourceData } from "@smithy/types";
import { describe, expect, it } from "vitest";
import { createSigner, escapeUri } from "../../src/storage/sigv4.js";
import { seededInts } from "../support/seeded-random.js";

/** node:crypto as the SDK's signer takes a hash. */
class Sha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: SourceData) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return this.hash.digest();
  }
}

function bytes(data: SourceData): string | Uint8Array {
  if (typeof data === "string" || data instanceof Uint8Array) return data;
  return ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
}

const KEY_PARTS = ["img", "a b", "图片", "ü", "(1)!*'", "a+b=c&d", "~x_y.z-", "%41", "é.png"];
const VALUES = ["", "images/", "a b", "x=y&z", "图片/", "~-._", "*'()!", "tok/en+=="];

function randomRequest(next: (n: number) => number) {
  const key = Array.from({ length: 1 + next(3) }, () => KEY_PARTS[next(KEY_PARTS.length)]).join(
    "/",
  );
  const path = `/bucket/${key.split("/").map(escapeUri).join("/")}`;
  const query: Record<string, string> = {};
  for (let i = next(3); i > 0; i--)
    query[["list-type", "prefix", "continuation-token", "max-keys", "a b"][next(5)] ?? "x"] =
      VALUES[next(VALUES.length)] ?? "";
  const payloadSha256 = createHash("sha256")
    .update(String(next(1000)))
    .digest("hex");
  const headers: Record<string, string> = {
    host: `127.0.0.1:${9000 + next(100)}`,
    "x-amz-content-sha256": payloadSha256,
    "content-type": ["image/png", "image/svg+xml"][next(2)] ?? "",
    "cache-control": "public, max-age=31536000, immutable",
    "x-amz-meta-sha256": payloadSha256,
    "content-md5": "  padded   value\t",
  };
  if (next(2)) headers["x-amz-acl"] = "public-read";
  if (next(2)) headers["content-length"] = String(next(100_000));
  return {
    method: ["GET", "PUT", "HEAD", "DELETE"][next(4)] ?? "GET",
    path,
    query,
    headers,
    payloadSha256,
  };
}

describe("SigV4 signing", () => {
  it("gives the SDK signer's Authorization for 300 varied requests, keys, dates and tokens", async () => {
    const next = seededInts(20261203);
    for (let round = 0; round < 300; round++) {
      const request = randomRequest(next);
      const credentials = {
        accessKeyId: `AKID${next(100)}`,
        secretAccessKey: `secret/${next(100)}+key`,
        ...(next(2) ? { sessionToken: `token${next(100)}==` } : {}),
      };
      const region = ["auto", "us-east-1", "eu-central-003"][next(3)] ?? "auto";
      const date = new Date(
        Date.UTC(2026, next(12), 1 + next(28), next(24), next(60), next(60), next(1000)),
      );
      const ours = createSigner(region, "s3")(request, credentials, date);
      const sdk = await new SignatureV4({
        service: "s3",
        region,
        credentials,
        sha256: Sha256,
        uriEscapePath: false,
        applyChecksum: false,
      }).sign(
        {
          method: request.method,
          protocol: "http:",
          hostname: "127.0.0.1",
          path: request.path,
          query: request.query,
          headers: request.headers,
        },
        { signingDate: date },
      );
      const context = JSON.stringify({ round, request, region, date });
      expect(ours.authorization, context).toBe(sdk.headers.authorization);
      expect(ours["x-amz-date"], context).toBe(sdk.headers["x-amz-date"]);
      expect(ours["x-amz-security-token"], context).toBe(sdk.headers["x-amz-security-token"]);
    }
  });

  it("derives a new signing key when the day or the secret changes", () => {
    const sign = createSigner("auto", "s3");
    const request = randomRequest(seededInts(7));
    const credentials = { accessKeyId: "AKID", secretAccessKey: "one" };
    const day1 = sign(request, credentials, new Date("2026-12-03T23:59:59Z")).authorization;
    const day2 = sign(request, credentials, new Date("2026-12-04T00:00:01Z")).authorization;
    const otherSecret = sign(
      request,
      { ...credentials, secretAccessKey: "two" },
      new Date("2026-12-04T00:00:01Z"),
    );
    expect(
      createSigner("auto", "s3")(request, credentials, new Date("2026-12-04T00:00:01Z"))
        .authorization,
    ).toBe(day2);
    expect(day1).not.toBe(day2);
    expect(otherSecret.authorization).not.toBe(day2);
  });
});
