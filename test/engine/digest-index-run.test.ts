/**
 * Runs that look images up in the digest index by their git blob id, in-process against
 * s3rver and a real git repository: a run with nothing new reads no image, and an index
 * that is stale or an image edited in the work tree costs time, never a wrong link.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryLogger } from "../../src/core/logger.js";
import { DIGEST_INDEX_KEY, parseDigestIndex } from "../../src/engine/digest-index.js";
import { runOffload } from "../../src/engine/run.js";
import { cleanBlobIds } from "../../src/git/blob-ids.js";
import { parseInputs } from "../../src/options/parse-inputs.js";
import { createS3Storage } from "../../src/storage/s3-storage.js";
import { git, writeFiles } from "../support/git-repos.js";
import { putRequestOf } from "../support/put-request.js";
import {
  type RunningS3rver,
  S3RVER_ACCESS_KEY_ID,
  S3RVER_SECRET_ACCESS_KEY,
  startS3rver,
} from "../support/s3rver.js";

const bucket = "digest-index";
const IMAGES = 60;
const png = await readFile(path.resolve(import.meta.dirname, "../fixtures/blog/x.png"));
let server: RunningS3rver;
let root: string;

beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
  root = await mkdtemp(path.join(os.tmpdir(), "mio-digests-run-"));
  const files: Record<string, string | Buffer> = {};
  for (let post = 0; post < IMAGES / 3; post++) {
    const lines = [`# Post ${post}`];
    for (let figure = 0; figure < 3; figure++) {
      files[`posts/${post}/f${figure}.png`] = Buffer.concat([png, randomBytes(64)]);
      lines.push(`![figure](f${figure}.png)`);
    }
    files[`posts/${post}/index.md`] = `${lines.join("\n\n")}\n`;
  }
  await git(root, "init", "-q");
  await writeFiles(root, files);
  await git(root, "add", "-A");
  await git(root, "commit", "-q", "-m", "blog");
});
afterAll(async () => {
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});

/** One run over the repository, written to a fresh folder: the links there stay local. */
async function run() {
  const inputs: Record<string, string> = {
    bucket,
    endpoint: server.endpoint,
    "public-url": `${server.endpoint}/${bucket}`,
    "access-key-id": S3RVER_ACCESS_KEY_ID,
    "secret-access-key": S3RVER_SECRET_ACCESS_KEY,
    "verify-public-url": "false",
  };
  const options = parseInputs((name) => inputs[name], "cli");
  const storage = createS3Storage(options.storage);
  const logger = new MemoryLogger();
  const outputRoot = await mkdtemp(path.join(os.tmpdir(), "mio-digests-out-"));
  try {
    const result = await runOffload(
      root,
      options,
      {
        storage,
        logger,
        clock: { now: () => 0 },
        fetch: (url, init) => fetch(url, init),
        blobIds: () => cleanBlobIds(root),
      },
      { outputRoot },
    );
    const post = await readFile(path.join(outputRoot, "posts/0/index.md"), "utf8");
    const messages = logger.lines.map((line) => line.message);
    const known = messages.find((message) => message.includes("known from the digest index"));
    const index = parseDigestIndex((await storage.get(DIGEST_INDEX_KEY)).toString("utf8"));
    return { result, post, known, index };
  } finally {
    storage.close();
    await rm(outputRoot, { recursive: true, force: true });
  }
}

describe("the digest index", () => {
  it("is written by the first run and spares the next one from reading any image", async () => {
    const cold = await run();
    expect(cold.result.counts).toMatchObject({ uploaded: IMAGES, failed: 0 });
    expect(cold.known).toBeUndefined();
    expect(cold.index.size).toBe(IMAGES);
    const blob = await git(root, "rev-parse", "HEAD:posts/0/f0.png");
    const firstImage = cold.result.images.find((image) => image.path === "posts/0/f0.png");
    expect(cold.index.get(blob)?.sha256).toBe(firstImage?.sha256);

    const again = await run();
    expect(again.known).toBe(
      `${IMAGES} unchanged image(s) known from the digest index, not read again.`,
    );
    expect(again.result.counts).toMatchObject({ uploaded: 0, skipped: IMAGES, failed: 0 });
    expect(again.post).toBe(cold.post);
  });

  it("reads an image edited in the work tree, uploads its new bytes and links them", async () => {
    const before = await run();
    const edited = path.join(root, "posts/0/f1.png");
    await writeFile(edited, Buffer.concat([png, randomBytes(64)]));
    const after = await run();
    expect(after.known).toBe(
      `${IMAGES - 1} unchanged image(s) known from the digest index, not read again.`,
    );
    expect(after.result.counts).toMatchObject({ uploaded: 1, skipped: IMAGES - 1 });
    const [, , oldLink] = before.post.split("\n\n");
    const [, , newLink] = after.post.split("\n\n");
    expect(newLink).not.toBe(oldLink);
    const image = after.result.images.find((item) => item.path === "posts/0/f1.png");
    expect(newLink).toContain(image?.key);
    // Not committed: no entry for a blob that is not its bytes.
    expect(after.index.size).toBe(before.index.size);
    await git(root, "checkout", "--", "posts/0/f1.png");
  });

  it("hashes every image when the index holds wrong digests, and still links the right objects", async () => {
    const truth = await run();
    const storage = createS3Storage(
      parseInputs(
        (name) =>
          ({
            bucket,
            endpoint: server.endpoint,
            "public-url": "https://cdn.example",
            "access-key-id": S3RVER_ACCESS_KEY_ID,
            "secret-access-key": S3RVER_SECRET_ACCESS_KEY,
          })[name],
        "cli",
      ).storage,
    );
    const stale = (await storage.get(DIGEST_INDEX_KEY))
      .toString("utf8")
      .replace(/ [0-9a-f]{64} /g, ` ${"e".repeat(64)} `);
    await storage.put(putRequestOf(DIGEST_INDEX_KEY, Buffer.from(stale)));
    storage.close();
    const after = await run();
    expect(after.known).toBeUndefined();
    expect(after.result.counts).toMatchObject({ uploaded: 0, skipped: IMAGES, failed: 0 });
    expect(after.post).toBe(truth.post);
  });
});
