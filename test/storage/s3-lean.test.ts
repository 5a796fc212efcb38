import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StorageError } from "../../src/core/errors.js";
import { s3ClientConfig } from "../../src/storage/s3-client-config.js";
import { parseListPage } from "../../src/storage/s3-lean.js";
import { sendPut } from "../../src/storage/s3-sdk.js";
import { createS3Storage } from "../../src/storage/s3-storage.js";
import { putRequestOf } from "../support/put-request.js";
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

describe("listing without the SDK", () => {
  it("lists every key of a prefix, with size and ETag, and nothing outside it", async () => {
    const storage = createS3Storage(s3rverStorageOptions(s3rver.endpoint, BUCKET));
    try {
      const stored = new Map<string, Buffer>();
      for (let index = 0; index < 30; index++) {
        const bytes = Buffer.from(`image ${index} & <more>`);
        const put = putOf(`listed/${String(index).padStart(4, "0")} a&b <é>.png`, bytes, true);
        await storage.put(put);
        stored.set(put.key, bytes);
      }
      await storage.put(putOf("listed-not/x.png", Buffer.from("x"), true));
      const listed = await storage.list("listed/");
      expect(listed.map((object) => object.key).sort()).toEqual([...stored.keys()].sort());
      for (const object of listed) {
        const bytes = stored.get(object.key) as Buffer;
        expect(object.size).toBe(bytes.length);
        expect(object.etag).toBe(createHash("md5").update(bytes).digest("hex"));
      }
    } finally {
      storage.close();
    }
  });

  it("follows the continuation token page after page", async () => {
    // s3rver pages past 1,000 keys only under a legacy OpenSSL flag: a server that answers
    // three short pages as S3 documents them stands in here.
    const asked: (string | null)[] = [];
    const server = createServer((req, res) => {
      const query = new URL(req.url ?? "/", "http://x").searchParams;
      const token = query.get("continuation-token");
      asked.push(token);
      const page = token === null ? 0 : Number(token.replace("page-", ""));
      const next =
        page < 2 ? `<NextContinuationToken>page-${page + 1}</NextContinuationToken>` : "";
      res.writeHead(200, { "content-type": "application/xml" });
      res.end(
        `<ListBucketResult><Name>b</Name><Prefix>${query.get("prefix")}</Prefix><IsTruncated>${page < 2}</IsTruncated>${next}<Contents><Key>p/${page}.png</Key><ETag>"e${page}"</ETag><Size>${page + 1}</Size></Contents></ListBucketResult>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const storage = createS3Storage(s3rverStorageOptions(`http://127.0.0.1:${port}`, "b"));
    try {
      expect(await storage.list("p/")).toEqual([
        { key: "p/0.png", size: 1, etag: "e0" },
        { key: "p/1.png", size: 2, etag: "e1" },
        { key: "p/2.png", size: 3, etag: "e2" },
      ]);
      expect(asked).toEqual([null, "page-1", "page-2"]);
    } finally {
      storage.close();
      server.close();
    }
  });
});

describe("parseListPage", () => {
  it("reads keys with XML entities, sizes, ETags and the continuation token", () => {
    const page = parseListPage(
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>p/</Prefix><NextContinuationToken>tok&amp;en</NextContinuationToken><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated><Contents><Key>p/a &amp; &lt;b&gt; &#233;.png</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>&quot;0CC175B9C0F1B6A831C399E269772661&quot;</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Contents><Contents><Key>p/c.png</Key><ETag>"abc-2"</ETag><Size>20</Size></Contents></ListBucketResult>`,
    );
    expect(page).toEqual({
      objects: [
        { key: "p/a & <b> é.png", size: 1, etag: "0cc175b9c0f1b6a831c399e269772661" },
        { key: "p/c.png", size: 20, etag: "abc-2" },
      ],
      next: "tok&en",
    });
  });

  it("gives no token for the last page, and refuses an answer that is no listing", () => {
    expect(
      parseListPage("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>"),
    ).toEqual({ objects: [] });
    expect(() => parseListPage("<html><body>Welcome</body></html>")).toThrow(/XML parse error/);
  });
});

function putOf(key: string, bytes: Buffer, inMemory: boolean) {
  return putRequestOf(key, bytes, inMemory ? { bytes } : {});
}
