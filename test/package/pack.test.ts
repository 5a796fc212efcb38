import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProcess } from "../support/run-node.js";
import { s3rverCliEnv, startS3rver } from "../support/s3rver.js";

// The package users install is the bundle: `npm pack`, installed into an empty folder,
// must bring no dependency at all and still run the whole job.
const repo = path.resolve(import.meta.dirname, "../..");
const bucket = "pack-bucket";
let server: Awaited<ReturnType<typeof startS3rver>>;
let scratch: string;

beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
  scratch = await mkdtemp(path.join(os.tmpdir(), "mio-pack-"));
});
afterAll(async () => {
  await server?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function npm(args: string[], cwd: string) {
  // A private cache: the install must not depend on (or pollute) the developer's.
  return runProcess(
    "npm",
    [...args, "--no-audit", "--no-fund", "--cache", path.join(scratch, "cache")],
    {
      cwd,
      env: { PATH: process.env.PATH, HOME: scratch },
    },
  );
}

describe("the published package", () => {
  it("installs with no dependencies and runs the CLI against S3", async () => {
    const packed = await npm(["pack", "--pack-destination", scratch], repo);
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = (await readdir(scratch)).find((name) => name.endsWith(".tgz"));
    expect(tarball).toBeDefined();

    const app = path.join(scratch, "app");
    await cp(path.join(repo, "examples"), app, { recursive: true });
    await writeFile(path.join(app, "package.json"), '{"name":"blog","private":true}\n');
    const installed = await npm(["install", "--offline", path.join(scratch, tarball ?? "")], app);
    expect(installed.code, installed.stderr).toBe(0);
    const modules = (await readdir(path.join(app, "node_modules"))).filter(
      (n) => !n.startsWith("."),
    );
    expect(modules).toEqual(["md-image-offload"]);

    const bin = path.join(app, "node_modules/.bin/md-image-offload");
    const help = await runProcess(bin, ["--help"], { cwd: app, env: { PATH: process.env.PATH } });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain("--public-url");

    const run = await runProcess(bin, ["--content", "content/**/*.md", "--json"], {
      cwd: app,
      env: s3rverCliEnv(server.endpoint, bucket),
    });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { counts: { uploaded: number }; files: string[] };
    expect(report.counts.uploaded).toBeGreaterThan(0);
    const first = report.files[0] ?? "";
    expect(await readFile(path.join(app, first), "utf8")).toContain(
      `${server.endpoint}/${bucket}/`,
    );
  });
});
