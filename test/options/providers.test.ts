import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import { checkClientConfig } from "../../src/check/s3-probe.js";
import { parseInputs } from "../../src/options/parse-inputs.js";
import { detectProvider, providerPreset } from "../../src/options/providers.js";
import { createS3Storage } from "../../src/storage/s3-storage.js";

const base: Record<string, string> = {
  bucket: "blog",
  "public-url": "https://assets.example.com",
  "access-key-id": "AKID",
  "secret-access-key": "SECRET",
};
const storageFor = (inputs: Record<string, string>) =>
  parseInputs((name) => ({ ...base, ...inputs })[name], "cli").storage;

describe("provider presets from the endpoint", () => {
  it.each([
    // endpoint, provider, region, path style
    ["https://0123abcd.r2.cloudflarestorage.com", "r2", "auto", false],
    ["https://0123abcd.eu.r2.cloudflarestorage.com", "r2", "auto", false],
    ["https://s3.us-west-004.backblazeb2.com", "b2", "us-west-004", true],
    ["https://s3.eu-central-003.backblazeb2.com", "b2", "eu-central-003", true],
    ["https://s3.eu-west-1.amazonaws.com", "s3", "eu-west-1", false],
    ["https://s3-ap-southeast-2.amazonaws.com", "s3", "ap-southeast-2", false],
    ["https://s3.dualstack.us-east-2.amazonaws.com", "s3", "us-east-2", false],
    ["https://s3.cn-north-1.amazonaws.com.cn", "s3", "cn-north-1", false],
    ["https://s3.amazonaws.com", "s3", "us-east-1", false],
    ["https://nyc3.digitaloceanspaces.com", "spaces", "nyc3", false],
    ["https://blog.fra1.digitaloceanspaces.com", "spaces", "fra1", false],
    ["https://s3.wasabisys.com", "wasabi", "us-east-1", false],
    ["https://s3.eu-central-1.wasabisys.com", "wasabi", "eu-central-1", false],
    ["https://oss-cn-hangzhou.aliyuncs.com", "oss", "oss-cn-hangzhou", false],
    ["https://oss-cn-shanghai-internal.aliyuncs.com", "oss", "oss-cn-shanghai", false],
    ["https://cos.ap-guangzhou.myqcloud.com", "cos", "ap-guangzhou", false],
    ["https://storage.googleapis.com", "gcs", "auto", false],
    ["http://minio.internal:9000", "minio", "us-east-1", true],
    ["http://127.0.0.1:9000", "custom", "us-east-1", true],
    ["https://s3.example.org", "custom", "us-east-1", true],
  ] as const)("%s → %s, region %s, path style %s", (endpoint, provider, region, pathStyle) => {
    expect(detectProvider(endpoint)).toBe(provider);
    expect(storageFor({ endpoint })).toMatchObject({
      provider,
      region,
      forcePathStyle: pathStyle,
    });
  });

  it("no endpoint is AWS S3 with the SDK's default checksums", () => {
    expect(storageFor({})).toMatchObject({ provider: "s3", region: "us-east-1" });
    expect(providerPreset("s3", undefined).checksums).toBe("when-supported");
    expect(providerPreset("r2", "https://a.r2.cloudflarestorage.com").checksums).toBe(
      "when-required",
    );
  });

  it("explicit inputs win over the preset, and provider forces one", () => {
    const b2 = "https://s3.us-west-004.backblazeb2.com";
    expect(storageFor({ endpoint: b2, region: "us-west-002" }).region).toBe("us-west-002");
    expect(storageFor({ endpoint: b2, "force-path-style": "false" }).forcePathStyle).toBe(false);
    // A Cloudflare R2 bucket behind a custom S3 hostname: the preset by name.
    const forced = storageFor({ endpoint: "https://s3.example.org", provider: "r2" });
    expect(forced).toMatchObject({ provider: "r2", region: "auto", forcePathStyle: false });
    expect(storageFor({ provider: "MinIO", endpoint: "http://10.0.0.5:9000" })).toMatchObject({
      provider: "minio",
      forcePathStyle: true,
    });
  });

  it("R2 never sends the acl input; every other provider does", () => {
    const r2 = storageFor({ endpoint: "https://a.r2.cloudflarestorage.com", acl: "public-read" });
    expect(r2.acl).toBeUndefined();
    for (const endpoint of [
      "https://s3.us-west-004.backblazeb2.com",
      "https://nyc3.digitaloceanspaces.com",
    ]) {
      expect(storageFor({ endpoint, acl: "public-read" }).acl).toBe("public-read");
    }
  });

  it("the resolved S3 client settings follow the preset", async () => {
    const cases = [
      ["https://a.r2.cloudflarestorage.com", "auto", false],
      ["https://s3.us-west-004.backblazeb2.com", "us-west-004", true],
      ["http://minio:9000", "us-east-1", true],
    ] as const;
    for (const [endpoint, region, pathStyle] of cases) {
      const client = new S3Client(checkClientConfig(storageFor({ endpoint })));
      expect(await client.config.region()).toBe(region);
      expect(client.config.forcePathStyle).toBe(pathStyle);
      expect(await client.config.requestChecksumCalculation()).toBe("WHEN_REQUIRED");
      client.destroy();
    }
    const aws = new S3Client(checkClientConfig(storageFor({ region: "eu-west-1" })));
    expect(await aws.config.requestChecksumCalculation()).toBe("WHEN_SUPPORTED");
    aws.destroy();
  });
});

describe("what the storage client puts on the wire for a preset", () => {
  const servers: Server[] = [];
  afterAll(() => {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
  });

  /** An S3 stand-in that records each request's method, path and headers. */
  async function recordingServer() {
    const requests: { method: string; path: string; headers: IncomingHttpHeaders }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers });
        const md5 = createHash("md5").update(Buffer.concat(chunks)).digest("hex");
        res.writeHead(200, { etag: `"${md5}"` }).end();
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
  }

  async function putOne(inputs: Record<string, string>) {
    const recording = await recordingServer();
    const body = Buffer.from("\x89PNG\r\n\x1a\n fake but fine");
    const options = storageFor({ endpoint: recording.endpoint, ...inputs });
    const storage = createS3Storage(options);
    try {
      await storage.put({
        key: "images/a.png",
        body: () => Readable.from([body]),
        size: body.length,
        contentType: "image/png",
        cacheControl: "no-store",
        sha256: createHash("sha256").update(body).digest("hex"),
        md5: createHash("md5").update(body).digest("hex"),
        // As the engine does: the acl only when the parsed options keep it.
        ...(options.acl ? { acl: options.acl } : {}),
      });
    } finally {
      storage.close();
    }
    const put = recording.requests.find((request) => request.method === "PUT");
    expect(put).toBeDefined();
    return put as NonNullable<typeof put>;
  }

  it("R2: no CRC32 checksum headers and no ACL, signed for region auto", async () => {
    const put = await putOne({ provider: "r2", acl: "public-read" });
    const names = Object.keys(put.headers);
    expect(names.filter((name) => name.startsWith("x-amz-checksum-"))).toEqual([]);
    expect(names).not.toContain("x-amz-sdk-checksum-algorithm");
    expect(names).not.toContain("x-amz-trailer");
    expect(names).not.toContain("x-amz-acl");
    expect(put.headers["content-md5"]).toBeDefined();
    expect(put.headers.authorization).toMatch(/Credential=AKID\/\d{8}\/auto\/s3\/aws4_request/);
  });

  it("B2 (forced): path style, region from the preset, the ACL sent when set", async () => {
    const put = await putOne({ provider: "b2", region: "us-west-004", acl: "public-read" });
    expect(put.path.split("?")[0]).toBe("/blog/images/a.png");
    expect(put.headers["x-amz-acl"]).toBe("public-read");
    expect(put.headers.authorization).toMatch(/\/us-west-004\/s3\/aws4_request/);
    expect(Object.keys(put.headers).filter((name) => name.startsWith("x-amz-checksum-"))).toEqual(
      [],
    );
  });
});
