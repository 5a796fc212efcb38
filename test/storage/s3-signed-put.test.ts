import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StorageError } from "../../src/core/errors.js";
import { s3ClientConfig } from "../../src/storage/s3-client-config.js";
import { sendPut } from "../../src/storage/s3-put.js";
import { objectUrl } from "../../src/storage/s3-signed-put.js";
import { createS3Storage } from "../../src/storage/s3-storage.js";
import type { PutRequest } from "../../src/storage/storage.js";
import {
  type RunningS3rver,
  s3rverClient,
  s3rverStorageOptions,
  startS3rver,
} from "../support/s3rver.js";

const BUCKET = "signed-put";

let s3rver: RunningS3rver;
let client: S3Client;

beforeAll(async () => {
  s3rver = await startS3rver({ buckets: [BUCKET] });
  client = s3rverClient(s3rver.endpoint);
});

afterAll(async () => {
  client.destroy();
  await s3rver.stop();
});

function putOf(key: string, bytes: Buffer, inMemory: boolean): PutRequest {
  return {
    key,
    body: () => Readable.from([bytes]),
    ...(inMemory ? { bytes } : {}),
    size: bytes.length,
    contentType: "image/png",
    cacheControl: "public, max-age=31536000, immutable",
    sha256: createHash("sha256").update(bytes).digest("hex"),
    md5: createHash("md5").update(bytes).digest("hex"),
  };
}

describe("objectUrl", () => {
  const endpoint = new URL("https://acct.r2.cloudflarestorage.com");
  it("puts the bucket in the path for path style, in the host otherwise", () => {
    const key = "images/a.png";
    expect(objectUrl({ endpoint, bucket: "blog", forcePathStyle: true }, key).href).toBe(
      "https://acct.r2.cloudflarestorage.com/blog/images/a.png",
    );
    expect(objectUrl({ endpoint, bucket: "blog", forcePathStyle: false }, key).href).toBe(
      "https://blog.acct.r2.cloudflarestorage.com/images/a.png",
    );
  });

  it("keeps the path style for a bucket that is no DNS label, and an endpoint's own path", () => {
    const proxied = new URL("http://127.0.0.1:9000/s3/");
    expect(
      objectUrl({ endpoint: proxied, bucket: "my.blog", forcePathStyle: false }, "k").href,
    ).toBe("http://127.0.0.1:9000/s3/my.blog/k");
  });

  it("encodes each key segment as the SDK does, slashes kept", () => {
    const url = objectUrl({ endpoint, bucket: "b", forcePathStyle: true }, "img/a b/(1)!*'é+.png");
    expect(url.pathname).toBe("/b/img/a%20b/%281%29%21%2A%27%C3%A9%2B.png");
  });
});

describe("uploads to an S3-compatible endpoint without the SDK stack", () => {
  const keys = ["plain/a.png", "odd/a b (1)!*'.png", "unicode/图片 ü.png", "plus/a+b=c&d.png"];

  it.each([true, false])(
    "stores the exact bytes, type, cache control and sha256 under every kind of key (in memory: %s)",
    async (inMemory) => {
      const storage = createS3Storage(s3rverStorageOptions(s3rver.endpoint, BUCKET));
      try {
        for (const key of keys) {
          const bytes = randomBytes(3000);
          const put = putOf(`${inMemory}/${key}`, bytes, inMemory);
          expect(await storage.put(put)).toEqual({ etag: put.md5 });
          const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: put.key }));
          expect(head.ContentType).toBe("image/png");
          expect(head.CacheControl).toBe("public, max-age=31536000, immutable");
          expect(head.Metadata?.sha256).toBe(put.sha256);
          const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: put.key }));
          expect(Buffer.from((await got.Body?.transformToByteArray()) ?? [])).toEqual(bytes);
        }
      } finally {
        storage.close();
      }
    },
  );

  it("names the bucket input when the bucket does not exist", async () => {
    const storage = createS3Storage(s3rverStorageOptions(s3rver.endpoint, "no-such-bucket"), {
      maxAttempts: 1,
    });
    try {
      const error = await storage.put(putOf("a.png", randomBytes(10), true)).catch((e) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as Error).message).toMatch(/`bucket`/);
    } finally {
      storage.close();
    }
  });
});

describe("sendPut (the SDK's PutObject, kept for AWS itself)", () => {
  it("stores the bytes and checks the returned ETag", async () => {
    const bytes = randomBytes(2048);
    // Configured as a run configures it (no CRC32 chunked bodies, which s3rver would store).
    const runClient = new S3Client(s3ClientConfig(s3rverStorageOptions(s3rver.endpoint, BUCKET)));
    const output = await sendPut(runClient, BUCKET, putOf("sdk/a.png", bytes, false));
    runClient.destroy();
    expect(output.ETag?.replaceAll('"', "")).toBe(createHash("md5").update(bytes).digest("hex"));
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "sdk/a.png" }));
    expect(Buffer.from((await got.Body?.transformToByteArray()) ?? [])).toEqual(bytes);
  });
});
