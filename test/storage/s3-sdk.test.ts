/**
 * The SDK transport (AWS itself, and the default credential chain) against a real S3
 * server: the same answers as the signed-request transport, for each of its five requests.
 */
import { randomBytes } from "node:crypto";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSdkTransport } from "../../src/storage/s3-sdk.js";
import { putRequestOf } from "../support/put-request.js";
import { type RunningS3rver, s3rverStorageOptions, startS3rver } from "../support/s3rver.js";

const BUCKET = "sdk-transport";
let s3rver: RunningS3rver;
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent() };

beforeAll(async () => {
  s3rver = await startS3rver({ buckets: [BUCKET] });
});

afterAll(async () => {
  agents.http.destroy();
  agents.https.destroy();
  await s3rver.stop();
});

describe("the SDK transport", () => {
  it("puts, heads, lists, reads and deletes as the signed transport does", async () => {
    let offset = 0;
    const transport = createSdkTransport(s3rverStorageOptions(s3rver.endpoint, BUCKET), {
      agents,
      connectionTimeoutMs: 5000,
      socketTimeoutMs: 5000,
      clockOffset: { get: () => offset, set: (ms) => (offset = ms) },
    });
    try {
      const bytes = randomBytes(3000);
      const put = putRequestOf("sdk/a b.png", bytes);
      expect(await transport.put(put, 1, 1)).toEqual({ etag: put.md5 });
      expect(await transport.head(put.key)).toEqual({
        key: put.key,
        size: bytes.length,
        sha256: put.sha256,
        etag: put.md5,
      });
      expect(await transport.head("sdk/missing.png")).toBeUndefined();
      const page = await transport.listPage({ prefix: "sdk/" });
      expect(page.objects).toEqual([{ key: put.key, size: bytes.length, etag: put.md5 }]);
      expect(page.next).toBeUndefined();
      expect(await transport.get(put.key)).toEqual(bytes);
      await transport.delete(put.key);
      expect(await transport.head(put.key)).toBeUndefined();
      expect(await transport.credentials()).toMatchObject({ accessKeyId: "S3RVER" });
    } finally {
      transport.destroy();
    }
  });
});
