/** The checklist in-process against s3rver, for what the CLI tests cannot set up: clock, CORS, CDNs. */
import { createServer, request as forward, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DeleteBucketCorsCommand, PutBucketCorsCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Checklist } from "../../src/check/checklist.js";
import { renderChecklistMarkdown, renderChecklistText } from "../../src/check/render.js";
import { runSetupCheck } from "../../src/check/run-check.js";
import { parseInputs } from "../../src/options/parse-inputs.js";
import { createS3Storage } from "../../src/storage/s3-storage.js";
import { startS3FaultProxy } from "../support/fault-proxy.js";
import {
  S3RVER_ACCESS_KEY_ID,
  S3RVER_REGION,
  S3RVER_SECRET_ACCESS_KEY,
  s3rverClient,
  startS3rver,
} from "../support/s3rver.js";

const bucket = "checklist-bucket";
let server: Awaited<ReturnType<typeof startS3rver>>;
const servers: Server[] = [];

beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
});
afterAll(async () => {
  for (const http of servers) {
    http.closeAllConnections();
    http.close();
  }
  await server?.stop();
});

async function check(inputs: Record<string, string>, now = () => Date.now()): Promise<Checklist> {
  const all: Record<string, string> = {
    bucket,
    endpoint: server.endpoint,
    "public-url": `${server.endpoint}/${bucket}`,
    "access-key-id": S3RVER_ACCESS_KEY_ID,
    "secret-access-key": S3RVER_SECRET_ACCESS_KEY,
    ...inputs,
  };
  const options = parseInputs((name) => all[name], "cli");
  const storage = createS3Storage(options.storage);
  try {
    return await runSetupCheck(options, {
      storage,
      fetch: (url, init) => fetch(url, init),
      clock: { now },
    });
  } finally {
    storage.close();
  }
}

const item = (checklist: Checklist, id: string) => checklist.items.find((i) => i.id === id);

/** A "CDN" in front of s3rver that serves the bucket at its root and can break responses. */
async function startCdn(answer: (path: string) => { status?: number; contentType?: string }) {
  const http = createServer((req, res) => {
    const wanted = answer(req.url ?? "/");
    if (wanted.status) {
      res.writeHead(wanted.status).end();
      return;
    }
    const upstream = forward(
      { host: "127.0.0.1", port: server.port, path: `/${bucket}${req.url}`, method: "GET" },
      (response) => {
        const headers = { ...response.headers };
        if (wanted.contentType) headers["content-type"] = wanted.contentType;
        res.writeHead(response.statusCode ?? 502, headers);
        response.pipe(res);
      },
    );
    upstream.end();
  });
  servers.push(http);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

describe("the setup checklist", () => {
  it("flags a clock far from the server's, from the Date header", async () => {
    const skewed = await check({}, () => Date.now() + 60 * 60_000);
    expect(item(skewed, "clock")).toMatchObject({ status: "fail" });
    expect(item(skewed, "clock")?.detail).toMatch(/server is 360\d s behind this machine/);
    expect(item(skewed, "clock")?.fix).toMatch(/clock/);
    expect(skewed.ok).toBe(false);
    const good = await check({});
    expect(item(good, "clock")).toMatchObject({ status: "pass" });
    expect(good.ok).toBe(true);
  });

  it("reports the bucket's CORS rules, and fails rules that do not allow GET", async () => {
    const client = s3rverClient(server.endpoint);
    const before = await check({});
    expect(item(before, "cors")?.detail).toMatch(/^none set/);
    await client.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: {
          CORSRules: [{ AllowedOrigins: ["https://blog.example.com"], AllowedMethods: ["GET"] }],
        },
      }),
    );
    const withGet = await check({});
    expect(item(withGet, "cors")).toMatchObject({
      status: "pass",
      detail: "GET allowed from https://blog.example.com",
    });
    await client.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: { CORSRules: [{ AllowedOrigins: ["*"], AllowedMethods: ["PUT"] }] },
      }),
    );
    const putOnly = await check({});
    expect(item(putOnly, "cors")).toMatchObject({ status: "fail" });
    expect(item(putOnly, "cors")?.fix).toMatch(/GET/);
    await client.send(new DeleteBucketCorsCommand({ Bucket: bucket }));
    client.destroy();
  });

  it("fails a public URL that serves the probe with another Content-Type", async () => {
    const cdn = await startCdn(() => ({ contentType: "application/octet-stream" }));
    const checklist = await check({ "public-url": cdn });
    expect(item(checklist, "public-url")).toMatchObject({ status: "fail" });
    expect(item(checklist, "public-url")?.fix).toMatch(
      /public-url: .* serves the probe as "application\/octet-stream" instead of image\/png/,
    );
  });

  it("names the provider's fix when the public URL answers 403", async () => {
    const cdn = await startCdn(() => ({ status: 403 }));
    const r2 = await check({ "public-url": cdn, provider: "r2", "force-path-style": "true" });
    expect(item(r2, "public-url")?.fix).toMatch(/custom domain .*r2\.dev URL/);
    expect(item(r2, "provider")?.detail).toMatch(
      /Cloudflare R2 \(r2, set by the provider input\).*no ACL sent/,
    );
    const b2 = await check({ "public-url": cdn, provider: "b2", region: S3RVER_REGION });
    expect(item(b2, "public-url")?.fix).toMatch(/Files in Bucket are: Public/);
  });

  it("with verify-public-url: false passes the public URL line without fetching it", async () => {
    let fetched = 0;
    const cdn = await startCdn(() => {
      fetched++;
      return { status: 403 };
    });
    const checklist = await check({ "public-url": cdn, "verify-public-url": "false" });
    expect(item(checklist, "public-url")).toMatchObject({ status: "pass" });
    expect(item(checklist, "public-url")?.detail).toMatch(/verify-public-url is false/);
    expect(fetched).toBe(0);
    expect(checklist.ok).toBe(true);
  });

  it("renders one line per item with a fix line under failures, and a Markdown table", async () => {
    const checklist = await check({ bucket: "missing-bucket" });
    const text = renderChecklistText(checklist);
    expect(text).toMatch(/^✓ Credentials accepted: /m);
    expect(text).toMatch(/^✗ Bucket "missing-bucket" exists: NoSuchBucket\n {4}fix: The bucket/m);
    expect(text).toMatch(/^– Probe object can be put/m);
    expect(text).toMatch(/1 check\(s\) failed/);
    const markdown = renderChecklistMarkdown(checklist);
    expect(markdown).toContain('| ✗ | Bucket "missing-bucket" exists | NoSuchBucket |');
  });

  it("passes a key that may not list the bucket (R2 object-scoped tokens) and still probes it", async () => {
    const proxy = await startS3FaultProxy(server);
    proxy.denyListing = true;
    try {
      const checklist = await check({
        endpoint: proxy.endpoint,
        "public-url": `${proxy.endpoint}/${bucket}`,
      });
      expect(item(checklist, "credentials")?.status).toBe("pass");
      expect(item(checklist, "bucket")?.detail).toMatch(/listing is not allowed/);
      expect(item(checklist, "put")?.status).toBe("pass");
      expect(item(checklist, "read")?.status).toBe("pass");
      expect(item(checklist, "delete")?.status).toBe("pass");
    } finally {
      await proxy.stop();
    }
  });
});
