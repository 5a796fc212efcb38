import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../support/run-action.js";
import { s3rverActionInputs, startS3rver } from "../support/s3rver.js";

const repo = path.resolve(import.meta.dirname, "../..");
const bucket = "paths";
let server: Awaited<ReturnType<typeof startS3rver>>;
beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
});
afterAll(async () => server?.stop());

describe("runner paths", () => {
  it("never reach the log, the annotations or the job summary", async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), "mio-paths-"));
    const workspace = path.join(parent, "workspace");
    await mkdir(path.join(workspace, "img"), { recursive: true });
    await mkdir(path.join(parent, "outside"));
    const png = await readFile(path.join(repo, "test/fixtures/blog/x.png"));
    await writeFile(path.join(parent, "outside/secret.png"), png);
    await symlink(path.join(parent, "outside/secret.png"), path.join(workspace, "img/link.png"));
    await writeFile(
      path.join(workspace, "post.md"),
      "![a](../outside/secret.png)\n\n![b](img/link.png)\n\n![c](img/gone.png)\n",
    );

    const run = await runAction(workspace, s3rverActionInputs(server.endpoint, bucket));

    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain(
      "::warning file=post.md,line=1::Refused ../outside/secret.png: the path resolves outside the repository; only files inside the repository are uploaded.",
    );
    expect(run.stdout).toContain("through a symbolic link");
    for (const text of [
      run.stdout,
      run.stderr,
      run.summary,
      await readFile(run.outputs.manifest ?? "", "utf8"),
    ]) {
      expect(text).not.toContain(parent);
      expect(text).not.toContain(os.tmpdir());
    }
    await rm(parent, { recursive: true, force: true });
  });
});
