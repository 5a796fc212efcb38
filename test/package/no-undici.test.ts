/**
 * A run's public-url check goes through core/http-get.ts, not the global fetch: on Node 20
 * the first use of fetch (or of Response or Headers) loads the bundled undici, 25-35 ms of
 * CPU in a no-op run of about a second. Both built entry points run as users run them,
 * and report at exit which of Node's own modules they loaded.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../support/run-action.js";
import { runNode } from "../support/run-node.js";
import { S3RVER_ACCESS_KEY_ID, S3RVER_SECRET_ACCESS_KEY, startS3rver } from "../support/s3rver.js";

const repo = path.resolve(import.meta.dirname, "../..");
const bucket = "no-undici";
let server: Awaited<ReturnType<typeof startS3rver>>;
let temp: string;
let hook: string;

beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
  temp = await mkdtemp(path.join(os.tmpdir(), "mio-undici-"));
  hook = path.join(temp, "hook.mjs");
  await writeFile(
    hook,
    `import { writeFileSync } from "node:fs";
process.on("exit", () => writeFileSync(process.env.MIO_LOADED, JSON.stringify(process.moduleLoadList)));
`,
  );
});
afterAll(async () => {
  await server?.stop();
  await rm(temp, { recursive: true, force: true });
});

/** The examples, in a directory of their own, and where the run's module list will go. */
async function workspace(name: string) {
  const root = path.join(temp, name);
  await cp(path.join(repo, "examples"), root, { recursive: true });
  return {
    root,
    loaded: path.join(temp, `${name}.json`),
    env: (loaded: string) => ({
      NODE_OPTIONS: `--import=${pathToFileURL(hook)}`,
      MIO_LOADED: loaded,
    }),
  };
}

async function undiciIn(loaded: string): Promise<string[]> {
  const modules = JSON.parse(await readFile(loaded, "utf8")) as string[];
  // The hook saw the run: Node's HTTP client is in the list.
  expect(modules).toContain("NativeModule _http_client");
  return modules.filter((name) => name.includes("undici"));
}

describe("a run's public-url check", () => {
  it("loads no undici in the CLI", async () => {
    const { root, loaded, env } = await workspace("cli");
    const run = await runNode(path.join(repo, "dist/cli.js"), [], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        MD_IMAGE_OFFLOAD_BUCKET: bucket,
        MD_IMAGE_OFFLOAD_ENDPOINT: server.endpoint,
        MD_IMAGE_OFFLOAD_PREFIX: "cli/",
        MD_IMAGE_OFFLOAD_PUBLIC_URL: `${server.endpoint}/${bucket}`,
        MD_IMAGE_OFFLOAD_ACCESS_KEY_ID: S3RVER_ACCESS_KEY_ID,
        MD_IMAGE_OFFLOAD_SECRET_ACCESS_KEY: S3RVER_SECRET_ACCESS_KEY,
        ...env(loaded),
      },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/serves the uploaded bytes/);
    expect(await undiciIn(loaded)).toEqual([]);
  });

  it("loads no undici in the Action", async () => {
    const { root, loaded, env } = await workspace("action");
    const run = await runAction(
      root,
      {
        mode: "workspace",
        bucket,
        endpoint: server.endpoint,
        prefix: "action/",
        "public-url": `${server.endpoint}/${bucket}`,
        "access-key-id": S3RVER_ACCESS_KEY_ID,
        "secret-access-key": S3RVER_SECRET_ACCESS_KEY,
      },
      { env: env(loaded) },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/serves the uploaded bytes/);
    expect(await undiciIn(loaded)).toEqual([]);
  });
});
