/** The engine as a whole, in-process against s3rver: what a run reports and what it leaves. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryLogger } from "../../src/core/logger.js";
import { runFailure } from "../../src/engine/failures.js";
import { runOffload } from "../../src/engine/run.js";
import { parseInputs } from "../../src/options/parse-inputs.js";
import { createS3Storage } from "../../src/storage/s3-storage.js";
import { type S3FaultProxy, startS3FaultProxy } from "../support/fault-proxy.js";
import {
  type RunningS3rver,
  S3RVER_ACCESS_KEY_ID,
  S3RVER_SECRET_ACCESS_KEY,
  startS3rver,
} from "../support/s3rver.js";

const bucket = "run-bucket";
const fixture = path.resolve(import.meta.dirname, "../fixtures/blog");
let server: RunningS3rver;
let proxy: S3FaultProxy;
let root: string;
let runs = 0;

beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
  proxy = await startS3FaultProxy(server);
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});

async function blog(files: Record<string, string | Buffer>): Promise<string> {
  root = await mkdtemp(path.join(os.tmpdir(), "mio-run-"));
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  return root;
}

/** What the run asked of storage's preflight, and what the log held at that moment. */
const preflights: { logged: string[] }[] = [];

async function run(inputs: Record<string, string> = {}) {
  const all: Record<string, string> = {
    bucket,
    endpoint: proxy.endpoint,
    "public-url": `${proxy.endpoint}/${bucket}`,
    "access-key-id": S3RVER_ACCESS_KEY_ID,
    "secret-access-key": S3RVER_SECRET_ACCESS_KEY,
    // Each run its own prefix, so objects from earlier tests are never "already present".
    prefix: `run-${runs++}/`,
    ...inputs,
  };
  const options = parseInputs((name) => all[name], "cli");
  const real = createS3Storage(options.storage);
  const logger = new MemoryLogger();
  const storage = {
    ...real,
    preflight: (prefix: string) => {
      preflights.push({ logged: logger.lines.map((line) => line.message) });
      return real.preflight(prefix);
    },
  };
  try {
    const result = await runOffload(root, options, {
      storage,
      logger,
      clock: { now: () => 0 },
      fetch: (url, init) => fetch(url, init),
    });
    return { result, logger, options };
  } finally {
    real.close();
  }
}

const png = await readFile(path.join(fixture, "x.png"));
const big = Buffer.concat([png, Buffer.alloc(3000)]);

describe("runOffload", () => {
  it("warns when the content globs match no file, instead of a silent success", async () => {
    await blog({ "docs/post.md": "# Post\n" });
    const { result, logger } = await run({ content: "content/**/*.md" });
    expect(result.counts.rewritten).toBe(0);
    expect(logger.lines.filter((line) => line.level === "warning").map((l) => l.message)).toEqual([
      "No content file matches content/**/*.md; check the content input (globs are relative to the repository root).",
    ]);
    await rm(root, { recursive: true, force: true });
  });

  it("refuses an image over max-size at every line that links it, and leaves those links", async () => {
    const post = "![small](small.png)\n\n![big](big.png)\n\nAgain: ![big](big.png)\n";
    await blog({ "post.md": post, "small.png": png, "big.png": big });
    const { result, logger, options } = await run({ "max-size": "1KB" });

    expect(result.counts).toMatchObject({ uploaded: 1, failed: 1, rewritten: 1 });
    const errors = logger.lines.filter((line) => line.level === "error");
    expect(errors.map((line) => line.location)).toEqual([
      { file: "post.md", line: 3 },
      { file: "post.md", line: 5 },
    ]);
    expect(errors[0]?.message).toBe(
      "big.png is 3.1 kB, over max-size 1 kB; raise max-size or shrink the image; the link was left as it is.",
    );
    const rewritten = await readFile(path.join(root, "post.md"), "utf8");
    expect(rewritten).toMatch(
      /^!\[small\]\(http:\/\/127\.0\.0\.1:\d+\/run-bucket\/run-\d+\/[0-9a-f]{16}\.png\)\n\n!\[big\]\(big\.png\)\n\nAgain: !\[big\]\(big\.png\)\n$/,
    );
    expect(runFailure(result, options)).toBe(
      "1 image(s) could not be offloaded (big.png); their links were left unchanged and each is reported at the lines that link it.",
    );
    await rm(root, { recursive: true, force: true });
  });

  it("with fail-on-missing, a missing image fails the run in one sentence naming the place", async () => {
    await blog({ "post.md": "# Post\n\n![gone](img/gone.png)\n" });
    const { result, options } = await run({ "fail-on-missing": "true" });
    expect(result.counts.missing).toBe(1);
    expect(runFailure(result, options)).toBe(
      "1 reference(s) point at missing local images (first: post.md:3 → img/gone.png); add the files or fix the links, or set fail-on-missing: false.",
    );
    const lenient = await run();
    expect(runFailure(lenient.result, lenient.options)).toBeUndefined();
    await rm(root, { recursive: true, force: true });
  });

  it("a dry run plans every upload and edit but sends no PUT and writes no byte", async () => {
    const post = "![a](a.png)\n";
    await blog({ "post.md": post, "a.png": png });
    const puts = proxy.puts.length;
    const { result } = await run({ "dry-run": "true" });
    expect(result.dryRun).toBe(true);
    expect(result.images.map((image) => image.status)).toEqual(["planned"]);
    expect(result.files).toEqual(["post.md"]);
    expect(result.edits).toHaveLength(1);
    expect(proxy.puts.length).toBe(puts);
    expect(await readFile(path.join(root, "post.md"), "utf8")).toBe(post);
    await rm(root, { recursive: true, force: true });
  });

  it("checks storage while the images are still being hashed, once", async () => {
    await blog({ "post.md": "![a](a.png) ![b](b.png)\n", "a.png": png, "b.png": big });
    preflights.length = 0;
    const { result } = await run();
    expect(result.images.map((image) => image.status)).toEqual(["uploaded", "uploaded"]);
    expect(preflights).toHaveLength(1);
    // Sent before the plan was done: its round trips overlap the hashing.
    expect(preflights[0]?.logged.some((line) => line.includes("distinct object(s) to check"))).toBe(
      false,
    );
    await rm(root, { recursive: true, force: true });
  });

  it("asks storage nothing when no content links a local image", async () => {
    await blog({ "post.md": "![a](https://example.com/a.png) ![b](missing.png)\n" });
    preflights.length = 0;
    const { result } = await run({ endpoint: "http://127.0.0.1:9" });
    expect(result.counts.missing).toBe(1);
    expect(preflights).toHaveLength(0);
    await rm(root, { recursive: true, force: true });
  });
});
