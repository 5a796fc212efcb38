import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNode } from "../support/run-node.js";
import { S3RVER_ACCESS_KEY_ID, S3RVER_SECRET_ACCESS_KEY, startS3rver } from "../support/s3rver.js";

const repo = path.resolve(import.meta.dirname, "../..");
const cli = path.join(repo, "dist/cli.js");
const bucket = "cli-bucket";
let server: Awaited<ReturnType<typeof startS3rver>>;

beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
});
afterAll(async () => {
  await server?.stop();
});

async function examplesCopy(): Promise<string> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), "mio-cli-"));
  await cp(path.join(repo, "examples"), workspace, { recursive: true });
  return workspace;
}

function env(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    MD_IMAGE_OFFLOAD_BUCKET: bucket,
    MD_IMAGE_OFFLOAD_ENDPOINT: server.endpoint,
    MD_IMAGE_OFFLOAD_PUBLIC_URL: `${server.endpoint}/${bucket}`,
    MD_IMAGE_OFFLOAD_ACCESS_KEY_ID: S3RVER_ACCESS_KEY_ID,
    MD_IMAGE_OFFLOAD_SECRET_ACCESS_KEY: S3RVER_SECRET_ACCESS_KEY,
  };
}

const post = "content/posts/launch-week/index.md";

describe("the md-image-offload CLI", () => {
  it("prints help and exits 0; bad usage exits 2 with one sentence", async () => {
    const help = await runNode(cli, ["--help"], { cwd: repo, env: { PATH: process.env.PATH } });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--public-url");
    const bad = await runNode(cli, ["--concurency", "4"], {
      cwd: repo,
      env: { PATH: process.env.PATH },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      "error: Unknown option --concurency; run md-image-offload --help for the list of options.",
    );
    const missing = await runNode(cli, [], { cwd: repo, env: { PATH: process.env.PATH } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Input bucket is required");
  });

  it("--dry-run --json reports the plan and changes no byte and no object", async () => {
    const workspace = await examplesCopy();
    const original = await readFile(path.join(workspace, post), "utf8");
    const run = await runNode(cli, ["--dry-run", "--json"], {
      cwd: workspace,
      env: { ...env(), MD_IMAGE_OFFLOAD_PREFIX: "dry/" },
    });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      dryRun: boolean;
      counts: { uploaded: number };
      files: string[];
      images: { status: string; url: string }[];
    };
    expect(report.dryRun).toBe(true);
    expect(report.counts.uploaded).toBe(0);
    expect(
      report.images.filter((image) => image.status === "planned").length,
    ).toBeGreaterThanOrEqual(10);
    expect(report.files).toContain(post);
    expect(await readFile(path.join(workspace, post), "utf8")).toBe(original);
    const head = await fetch(report.images[0]?.url ?? "");
    expect(head.status).toBe(404);
    await rm(workspace, { recursive: true, force: true });
  });

  it("rewrites in place in the current directory and prints each uploaded URL", async () => {
    const workspace = await examplesCopy();
    const run = await runNode(cli, [], { cwd: workspace, env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`→ ${server.endpoint}/${bucket}/images/[0-9a-f]{16}\\.png`),
    );
    expect(run.stderr).toMatch(/warning: _posts\/2024-03-01-hello-world\.md:\d+: Image not found/);
    const rewritten = await readFile(path.join(workspace, post), "utf8");
    expect(rewritten).toMatch(new RegExp(`${server.endpoint}/${bucket}/images/[0-9a-f]{16}\\.jpg`));
    await rm(workspace, { recursive: true, force: true });
  });

  it("keeps the run's manifest file when it prints its path, and leaves none behind with --json", async () => {
    const workspace = await examplesCopy();
    const temp = await mkdtemp(path.join(os.tmpdir(), "mio-cli-temp-"));
    const runEnv = { ...env(), TMPDIR: temp, MD_IMAGE_OFFLOAD_PREFIX: "temp/" };
    const text = await runNode(cli, [], { cwd: workspace, env: runEnv });
    expect(text.code, text.stderr).toBe(0);
    const printed = /Manifest: (.+)$/m.exec(text.stdout)?.[1] ?? "";
    expect(path.dirname(path.dirname(printed))).toBe(temp);
    expect(JSON.parse(await readFile(printed, "utf8")).images.length).toBeGreaterThan(0);
    const second = await examplesCopy();
    const json = await runNode(cli, ["--json"], { cwd: second, env: runEnv });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).images.length).toBeGreaterThan(0);
    // Only the text run's directory is there: the JSON run's record was its output.
    expect(await readdir(temp)).toEqual([path.basename(path.dirname(printed))]);
    for (const dir of [workspace, second, temp]) await rm(dir, { recursive: true, force: true });
  });
});
