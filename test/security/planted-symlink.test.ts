import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../support/run-action.js";
import { s3rverActionInputs, startS3rver } from "../support/s3rver.js";

const repo = path.resolve(import.meta.dirname, "../..");
const bucket = "planted";
let server: Awaited<ReturnType<typeof startS3rver>>;
beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
});
afterAll(async () => server?.stop());

describe("the run's manifest file", () => {
  it("is never written through a symlink planted in RUNNER_TEMP", async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), "mio-planted-"));
    await cp(path.join(repo, "examples"), workspace, { recursive: true });
    const runnerTemp = await mkdtemp(path.join(os.tmpdir(), "mio-planted-temp-"));
    const victim = path.join(workspace, "victim.txt");
    await writeFile(victim, "precious\n");
    // The name the manifest used to get: predictable from GITHUB_RUN_ID.
    await symlink(victim, path.join(runnerTemp, "md-image-offload-4242.json"));

    const run = await runAction(
      workspace,
      { ...s3rverActionInputs(server.endpoint, bucket), "dry-run": "true" },
      { env: { RUNNER_TEMP: runnerTemp, GITHUB_RUN_ID: "4242" } },
    );

    expect(run.code, run.stdout).toBe(0);
    expect(await readFile(victim, "utf8")).toBe("precious\n");
    const manifest = run.outputs.manifest ?? "";
    expect(path.dirname(path.dirname(manifest))).toBe(runnerTemp);
    expect(JSON.parse(await readFile(manifest, "utf8")).version).toBe(1);
    await rm(workspace, { recursive: true, force: true });
    await rm(runnerTemp, { recursive: true, force: true });
  });
});
