/**
 * The built Action (`node dist/index.js`) against bad configuration and broken storage:
 * exactly one `::error::` sentence naming the input to fix, no stack trace, no file
 * changed. Storage faults are injected by a proxy in front of s3rver.
 */
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type S3FaultProxy, startS3FaultProxy } from "../support/fault-proxy.js";
import { runAction } from "../support/run-action.js";
import { type RunningS3rver, startS3rver } from "../support/s3rver.js";
import { closedPort } from "./helpers.js";
import { copyTree, errorLines, makeBlog, workspaceInputs } from "./run-action.js";

const bucket = "action-faults";
let server: RunningS3rver;
let proxy: S3FaultProxy;
let blog: { root: string; files: string[]; images: string[] };
let originals: Map<string, string>;

beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
  proxy = await startS3FaultProxy(server);
  blog = await makeBlog(2, 2);
  originals = new Map(
    await Promise.all(
      blog.files.map(
        async (file) => [file, await readFile(path.join(blog.root, file), "utf8")] as const,
      ),
    ),
  );
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
  await rm(blog.root, { recursive: true, force: true });
});
beforeEach(() => {
  proxy.fault = () => undefined;
  proxy.secretAccessKey = undefined;
  proxy.serverClockOffsetMs = undefined;
  proxy.denyListing = false;
});

async function expectUnchanged(): Promise<void> {
  for (const [file, text] of originals)
    expect(await readFile(path.join(blog.root, file), "utf8"), file).toBe(text);
}

/** Runs the Action and checks the one-sentence failure contract; returns the sentence. */
async function failure(inputs: Record<string, string>): Promise<string> {
  const run = await runAction(blog.root, inputs);
  expect(run.code, run.stdout).toBe(1);
  const errors = errorLines(run.stdout);
  expect(errors, run.stdout).toHaveLength(1);
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  await expectUnchanged();
  return (errors[0] ?? "").replace(/^::error::/, "");
}

describe("bad configuration fails before anything is touched", () => {
  it.each([
    [{ bucket: "" }, "Input bucket is required: set it to the name of your bucket."],
    [
      { "public-url": "" },
      "Input public-url is required: set it to the base URL your bucket is served from, e.g. https://assets.example.com.",
    ],
    [
      { "public-url": "ftp://cdn.example.com" },
      'Input public-url: "ftp://cdn.example.com" must start with https:// or http://.',
    ],
    [
      { "public-url": "cdn.example.com" },
      'Input public-url: "cdn.example.com" is not a URL; write it as https://host/path.',
    ],
    [
      { concurrency: "eight" },
      'Input concurrency: "eight" is not valid; use a whole number from 1 to 64.',
    ],
    [{ concurrency: "0" }, 'Input concurrency: "0" is not valid; use a whole number from 1 to 64.'],
    [{ mode: "push" }, 'Input mode: "push" is not valid; use one of commit, artifact, workspace.'],
    [{ scope: "some" }, 'Input scope: "some" is not valid; use one of changed, all, auto.'],
  ])("%o", async (bad, message) => {
    const requests = proxy.requests.length;
    expect(await failure({ ...workspaceInputs(proxy.endpoint, bucket), ...bad })).toBe(message);
    expect(proxy.requests.length).toBe(requests);
  });

  it.each([
    [{ "max-size": "huge" }, "max-size"],
    [{ "key-template": "{prefix}{name}{ext}" }, "key-template"],
    [{ "key-template": "{prefix}{hash}{nope}" }, "{nope}"],
  ])("%o names the input", async (bad, named) => {
    const requests = proxy.requests.length;
    const message = await failure({ ...workspaceInputs(proxy.endpoint, bucket), ...bad });
    expect(message).toContain(named);
    expect(proxy.requests.length).toBe(requests);
  });
});

describe("preflight: storage that cannot work fails in one sentence before any upload", () => {
  it("wrong secret (the proxy checks SigV4 signatures)", async () => {
    proxy.secretAccessKey = "S3RVER";
    const message = await failure({
      ...workspaceInputs(proxy.endpoint, bucket),
      "secret-access-key": "not-the-secret",
    });
    expect(message).toBe(
      `Storage at ${proxy.endpoint} rejected the request signature (SignatureDoesNotMatch); check the \`secret-access-key\` input.`,
    );
    expect(proxy.puts).toEqual([]);
  });

  it("unknown access key", async () => {
    expect(
      await failure({ ...workspaceInputs(proxy.endpoint, bucket), "access-key-id": "NOBODY" }),
    ).toBe(
      `Storage at ${proxy.endpoint} does not know this access key (InvalidAccessKeyId); check the \`access-key-id\` input.`,
    );
  });

  it("missing bucket, in a dry run too", async () => {
    const expected = `The bucket "no-such-bucket" does not exist on ${proxy.endpoint}; check the \`bucket\` input (and \`endpoint\`/\`region\`).`;
    const inputs = { ...workspaceInputs(proxy.endpoint, bucket), bucket: "no-such-bucket" };
    expect(await failure(inputs)).toBe(expected);
    expect(await failure({ ...inputs, "dry-run": "true" })).toBe(expected);
  });

  it("connection refused", async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    expect(await failure(workspaceInputs(endpoint, bucket))).toBe(
      `Could not reach storage at ${endpoint} (ECONNREFUSED); check the \`endpoint\` input.`,
    );
  });

  it("a host name that does not resolve", async () => {
    const endpoint = "http://s3.md-image-offload.invalid";
    expect(await failure(workspaceInputs(endpoint, bucket))).toBe(
      `Could not find the storage host of ${endpoint} (DNS lookup failed, ENOTFOUND); check the \`endpoint\` input.`,
    );
  });

  it("a server that accepts connections and never answers, within 15 s", async () => {
    proxy.fault = () => ({ type: "hang" });
    const started = Date.now();
    expect(await failure(workspaceInputs(proxy.endpoint, bucket))).toBe(
      `Storage at ${proxy.endpoint} did not answer within 10 s while listing prefix "images/" of bucket "${bucket}"; check the \`endpoint\` input and that the runner can reach it.`,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 20_000);
});

describe("storage that works despite itself", () => {
  it("a token that may not list the bucket (AccessDenied on the preflight) is not an error", async () => {
    proxy.denyListing = true;
    const workspace = await copyTree(blog.root);
    const run = await runAction(workspace, workspaceInputs(proxy.endpoint, bucket));
    expect(run.code, run.stdout).toBe(0);
    expect(errorLines(run.stdout)).toEqual([]);
    expect(run.outputs).toMatchObject({ uploaded: "4", failed: "0", rewritten: "2" });
    await rm(workspace, { recursive: true, force: true });
  });

  it("a runner clock 10 minutes off is corrected from the server's Date", async () => {
    proxy.serverClockOffsetMs = -10 * 60_000;
    const before = proxy.skewRejections;
    const workspace = await copyTree(blog.root);
    const run = await runAction(workspace, {
      ...workspaceInputs(proxy.endpoint, bucket),
      prefix: "skewed/",
    });
    expect(run.code, run.stdout).toBe(0);
    expect(proxy.skewRejections - before).toBeGreaterThanOrEqual(1);
    expect(run.outputs).toMatchObject({ uploaded: "4", failed: "0", rewritten: "2" });
    await rm(workspace, { recursive: true, force: true });
  });
});
