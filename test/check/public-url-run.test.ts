/**
 * verify-public-url as users meet it: the built Action (node dist/index.js, as the runner
 * runs it) and the CLI against s3rver, with a public-url that does or does not serve the
 * bucket. Build first (`npm run build`).
 */
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../support/run-action.js";
import { runNode } from "../support/run-node.js";
import { S3RVER_ACCESS_KEY_ID, S3RVER_SECRET_ACCESS_KEY, startS3rver } from "../support/s3rver.js";

const repo = path.resolve(import.meta.dirname, "../..");
const site = path.join(repo, "test/fixtures/check/site");
const post = "posts/post.md";
const bucket = "public-url-bucket";

let server: Awaited<ReturnType<typeof startS3rver>>;
const temps: string[] = [];
beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
});
afterAll(async () => {
  await server?.stop();
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function temp(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

async function siteCopy(): Promise<{ workspace: string; original: Buffer }> {
  const workspace = await temp("mio-site-");
  await cp(site, workspace, { recursive: true });
  return { workspace, original: await readFile(path.join(workspace, post)) };
}

// Each run its own prefix: s3rver answers 500 to a ListObjectsV2 that would be truncated
// (MaxKeys below the number of keys), which the run's preflight listing would otherwise hit.
let runs = 0;
const inputs = (overrides: Record<string, string> = {}): Record<string, string> => ({
  mode: "workspace",
  prefix: `run-${++runs}/`,
  bucket,
  endpoint: server.endpoint,
  "public-url": `${server.endpoint}/${bucket}`,
  "access-key-id": S3RVER_ACCESS_KEY_ID,
  "secret-access-key": S3RVER_SECRET_ACCESS_KEY,
  ...overrides,
});

describe("verify-public-url in the Action", () => {
  it("a public-url at the server root fails the run before any file is rewritten", async () => {
    const { workspace, original } = await siteCopy();
    const run = await runAction(workspace, inputs({ "public-url": server.endpoint }));
    expect(run.code).toBe(1);
    const error = run.stdout.split("\n").find((line) => line.startsWith("::error::")) ?? "";
    expect(error).toMatch(/^::error::Input public-url: .* gave HTTP 404 for the uploaded img\//);
    expect(error).toContain(`use ${server.endpoint}/${bucket} as public-url`);
    expect(await readFile(path.join(workspace, post))).toEqual(original);
  });

  it("the same with verify-public-url: false rewrites the links", async () => {
    const { workspace, original } = await siteCopy();
    const run = await runAction(
      workspace,
      inputs({ "public-url": server.endpoint, "verify-public-url": "false" }),
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.rewritten).toBe("1");
    const text = (await readFile(path.join(workspace, post))).toString("utf8");
    expect(text).not.toEqual(original.toString("utf8"));
    expect(text).toMatch(
      new RegExp(
        `cover: ${server.endpoint.replaceAll(".", "\\.")}/run-\\d+/[0-9a-f]{16}\\.png\\r\\n`,
      ),
    );
    // Only the destinations changed: CRLF, title and the code span stay.
    expect(text.replace(/http:\/\/[^\s")]+/g, "URL")).toBe(
      original.toString("utf8").replace(/\.\.\/img\/(cafe|cover)\.png(?=[\r ])/g, "URL"),
    );
  });

  it("a good setup verifies one object and rewrites", async () => {
    const { workspace } = await siteCopy();
    const run = await runAction(workspace, inputs());
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/serves the uploaded bytes/);
    expect(await readFile(path.join(workspace, post), "utf8")).toContain(
      `${server.endpoint}/${bucket}/run-`,
    );
  });

  it("a dry run also runs the setup checklist, into the log and the job summary", async () => {
    const { workspace, original } = await siteCopy();
    const good = await runAction(workspace, inputs({ "dry-run": "true" }));
    expect(good.code, good.stdout).toBe(0);
    expect(good.stdout).toMatch(/✓ Probe object reads back byte-exact/);
    expect(good.summary).toContain("### Setup check");
    const bad = await runAction(
      workspace,
      inputs({ "dry-run": "true", "public-url": server.endpoint }),
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      /::error::.*The setup check failed 1 line\(s\); first: Input public-url: /,
    );
    expect(bad.summary).toMatch(/\| ✗ \| public-url serves the probe/);
    expect(await readFile(path.join(workspace, post))).toEqual(original);
  });
});

describe("verify-public-url in the CLI", () => {
  it("fails a wrong public-url naming it, and leaves the Markdown as it was", async () => {
    const { workspace, original } = await siteCopy();
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
    const args = Object.entries(inputs({ "public-url": server.endpoint })).flatMap(
      ([name, value]) => [`--${name}`, value],
    );
    const run = await runNode(path.join(repo, "dist/cli.js"), args, { cwd: workspace, env });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`use ${server.endpoint}/${bucket} as public-url`);
    expect(await readFile(path.join(workspace, post))).toEqual(original);
    const skipped = await runNode(
      path.join(repo, "dist/cli.js"),
      [...args, "--no-verify-public-url", "--prefix", "cli-again/"],
      { cwd: workspace, env },
    );
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(await readFile(path.join(workspace, post), "utf8")).toContain(
      `${server.endpoint}/cli-again/`,
    );
  });
});
