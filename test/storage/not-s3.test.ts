import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createS3Storage } from "../../src/storage/s3-storage.js";

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A web server where the S3 API should be: it answers every request with one page. */
async function website(status: number, body: string): Promise<string> {
  server = http.createServer((_req, res) => {
    res.writeHead(status, { "Content-Type": "text/html" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("an endpoint that is no S3 API", () => {
  it.each([
    [200, "<html><body>Welcome to nginx!</body></html>", "HTTP 200 without a ListBucketResult"],
    [200, "<html><body>Welcome", "HTTP 200 without a ListBucketResult"],
    [404, "<html><body>Not Found</body></html>", "HTTP 404, no S3 error code"],
    [403, "<html><body>Forbidden</body></html>", "HTTP 403, no S3 error code"],
  ])(
    "answering %i %j fails the preflight in one sentence naming endpoint",
    async (status, body, what) => {
      const endpoint = await website(status, body);
      const storage = createS3Storage(
        {
          bucket: "blog",
          endpoint,
          provider: "custom",
          region: "us-east-1",
          forcePathStyle: true,
          credentials: { accessKeyId: "a", secretAccessKey: "b" },
          concurrency: 1,
        },
        { maxAttempts: 1 },
      );
      const error = await storage.preflight("images/").catch((caught: unknown) => caught);
      storage.close();
      expect((error as Error).message).toBe(
        `${endpoint} did not answer like an S3 API (${what}); check the \`endpoint\` input: it must be the storage's S3 API URL, not a website.`,
      );
    },
  );
});
