/**
 * The ledger in the engine, in-process against s3rver: a recorded image whose file is gone
 * (delete-local, or by hand) keeps its entry and its links, and its links follow a new
 * public-url once its object is verified there by key; when the object is not there, the
 * links stay and the run fails for that image.
 */
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryLogger } from "../../../src/core/logger.js";
import { runFailure } from "../../../src/engine/failures.js";
import { runOffload } from "../../../src/engine/run.js";
import { parseInputs } from "../../../src/options/parse-inputs.js";
import { createS3Storage } from "../../../src/storage/s3-storage.js";
import {
  type RunningS3rver,
  S3RVER_ACCESS_KEY_ID,
  S3RVER_SECRET_ACCESS_KEY,
  startS3rver,
} from "../../support/s3rver.js";

const bucket = "recorded-bucket";
const png = await readFile(path.resolve(import.meta.dirname, "../../fixtures/blog/x.png"));
let server: RunningS3rver;
beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
});
afterAll(async () => {
  await server?.stop();
});

async function run(root: string, inputs: Record<string, string>) {
  const all: Record<string, string> = {
    bucket,
    endpoint: server.endpoint,
    "access-key-id": S3RVER_ACCESS_KEY_ID,
    "secret-access-key": S3RVER_SECRET_ACCESS_KEY,
    "verify-public-url": "false",
    ...inputs,
  };
  const options = parseInputs((name) => all[name], "cli");
  const storage = createS3Storage(options.storage);
  try {
    const logger = new MemoryLogger();
    const result = await runOffload(root, options, {
      storage,
      logger,
      clock: { now: () => 0 },
      fetch: (url, init) => fetch(url, init),
    });
    return { result, failure: runFailure(result, options), logger };
  } finally {
    storage.close();
  }
}

async function offloadedThenGone(prefix: string): Promise<{ root: string; oldUrl: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), "mio-recorded-"));
  await mkdir(path.join(root, "img"));
  await writeFile(path.join(root, "post.md"), "![a](img/a.png?v=1)\n");
  await writeFile(path.join(root, "img/a.png"), png);
  const base = `${server.endpoint}/${bucket}`;
  const first = await run(root, { "public-url": base, prefix });
  expect(first.result.counts.uploaded).toBe(1);
  const oldUrl = first.result.images[0]?.url ?? "";
  await unlink(path.join(root, "img/a.png"));
  return { root, oldUrl };
}

describe("a recorded image whose file is gone", () => {
  it("keeps its entry and links; a new public-url moves them after a check by key", async () => {
    const { root, oldUrl } = await offloadedThenGone("gone-1/");
    const same = await run(root, {
      "public-url": `${server.endpoint}/${bucket}`,
      prefix: "gone-1/",
    });
    expect(same.result.counts).toMatchObject({ uploaded: 0, failed: 0, rewritten: 0 });
    expect(await readFile(path.join(root, "post.md"), "utf8")).toBe(`![a](${oldUrl}?v=1)\n`);

    const newBase = `${server.endpoint.replace("127.0.0.1", "localhost")}/${bucket}`;
    const moved = await run(root, { "public-url": newBase, prefix: "gone-1/" });
    expect(moved.failure).toBeUndefined();
    expect(moved.result.counts).toMatchObject({ uploaded: 0, skipped: 1, rewritten: 1 });
    const newUrl = oldUrl.replace(`${server.endpoint}/${bucket}`, newBase);
    expect(await readFile(path.join(root, "post.md"), "utf8")).toBe(`![a](${newUrl}?v=1)\n`);
    const ledger = JSON.parse(
      await readFile(path.join(root, ".md-image-offload/manifest.json"), "utf8"),
    );
    expect(ledger.images["img/a.png"].url).toBe(newUrl);
    await rm(root, { recursive: true, force: true });
  });

  it("whose object is not in storage either: the links stay and the run fails naming it", async () => {
    const { root, oldUrl } = await offloadedThenGone("gone-2/");
    const newBase = `${server.endpoint.replace("127.0.0.1", "localhost")}/${bucket}`;
    // Another prefix's listing does not hold the object: as if the bucket had been emptied.
    const key = oldUrl.slice(`${server.endpoint}/${bucket}/`.length);
    await fetch(`${server.endpoint}/${bucket}/${key}`, { method: "DELETE" });
    const moved = await run(root, { "public-url": newBase, prefix: "gone-2/" });
    expect(moved.result.counts).toMatchObject({ uploaded: 0, failed: 1, rewritten: 0 });
    expect(moved.failure).toMatch(/^1 image\(s\) could not be offloaded/);
    expect(moved.result.images.find((image) => image.status === "failed")?.reason).toBe(
      `img/a.png is gone and its recorded object ${key} is not in storage with the recorded bytes, so links to it were left as they are; restore the file to upload it again.`,
    );
    expect(await readFile(path.join(root, "post.md"), "utf8")).toBe(`![a](${oldUrl}?v=1)\n`);
    await rm(root, { recursive: true, force: true });
  });
});
