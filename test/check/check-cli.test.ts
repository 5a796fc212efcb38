/**
 * `md-image-offload check` as users run it: node dist/cli.js (build first) against s3rver
 * behind a proxy that verifies request signatures like real storage.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type S3FaultProxy, startS3FaultProxy } from "../support/fault-proxy.js";
import { runNode } from "../support/run-node.js";
import { S3RVER_ACCESS_KEY_ID, S3RVER_SECRET_ACCESS_KEY, startS3rver } from "../support/s3rver.js";

const repo = path.resolve(import.meta.dirname, "../..");
const cli = path.join(repo, "dist/cli.js");
const bucket = "check-bucket";

let server: Awaited<ReturnType<typeof startS3rver>>;
let proxy: S3FaultProxy;
let cwd: string;
beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
  // s3rver checks no signature; the proxy answers a wrong secret as real storage does.
  proxy = await startS3FaultProxy(server);
  proxy.secretAccessKey = S3RVER_SECRET_ACCESS_KEY;
  cwd = await mkdtemp(path.join(os.tmpdir(), "mio-check-"));
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
  await rm(cwd, { recursive: true, force: true });
});

function env(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    MD_IMAGE_OFFLOAD_BUCKET: bucket,
    MD_IMAGE_OFFLOAD_ENDPOINT: proxy.endpoint,
    MD_IMAGE_OFFLOAD_PUBLIC_URL: `${proxy.endpoint}/${bucket}`,
    MD_IMAGE_OFFLOAD_ACCESS_KEY_ID: S3RVER_ACCESS_KEY_ID,
    MD_IMAGE_OFFLOAD_SECRET_ACCESS_KEY: S3RVER_SECRET_ACCESS_KEY,
    ...overrides,
  };
}

/** The mark of the line that starts with `label`. */
function mark(stdout: string, label: string): string | undefined {
  return stdout
    .split("\n")
    .find((line) => line.slice(2).startsWith(label))
    ?.slice(0, 1);
}

async function objectsLeft(): Promise<string[]> {
  const dir = path.join(server.directory, bucket);
  return (await readdir(dir, { recursive: true }).catch(() => [])).filter((name) =>
    name.includes("md-image-offload-check-"),
  );
}

describe("md-image-offload check", () => {
  it("passes every line on a good setup, exits 0 and leaves no probe object behind", async () => {
    const run = await runNode(cli, ["check"], { cwd, env: env() });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const lines = run.stdout.split("\n").filter((line) => /^[✓✗–] /.test(line));
    expect(lines).toHaveLength(9);
    expect(lines.every((line) => line.startsWith("✓ "))).toBe(true);
    expect(run.stdout).toContain("image/png");
    expect(run.stdout).toMatch(/Provider preset: .*custom, detected from endpoint.*path style/);
    expect(run.stdout).toContain("Setup OK");
    expect(await objectsLeft()).toEqual([]);
  });

  it("a wrong secret fails the credentials line naming secret-access-key", async () => {
    const refusedBefore = proxy.refused.length;
    const run = await runNode(cli, ["check", "--secret-access-key", "not-the-secret"], {
      cwd,
      env: env(),
    });
    expect(run.code).toBe(1);
    expect(mark(run.stdout, "Credentials accepted")).toBe("✗");
    expect(run.stdout).toMatch(/fix: .*SignatureDoesNotMatch.*`secret-access-key`/);
    expect(mark(run.stdout, "Bucket")).toBe("–");
    expect(proxy.refused.slice(refusedBefore)).toContain("SignatureDoesNotMatch");
  });

  it("a missing bucket passes credentials and fails the bucket line naming bucket", async () => {
    const run = await runNode(cli, ["check", "--bucket", "no-such-bucket"], { cwd, env: env() });
    expect(run.code).toBe(1);
    expect(mark(run.stdout, "Credentials accepted")).toBe("✓");
    expect(mark(run.stdout, 'Bucket "no-such-bucket" exists')).toBe("✗");
    expect(run.stdout).toMatch(/fix: The bucket "no-such-bucket" does not exist .*`bucket` input/);
  });

  it("a public-url at the server root fails that line and names the URL with the bucket", async () => {
    const run = await runNode(cli, ["check"], {
      cwd,
      env: env({ MD_IMAGE_OFFLOAD_PUBLIC_URL: proxy.endpoint }),
    });
    expect(run.code).toBe(1);
    expect(mark(run.stdout, "public-url serves the probe")).toBe("✗");
    expect(run.stdout).toContain(`use ${proxy.endpoint}/${bucket} as public-url`);
    // Everything else still passes, and the probe is cleaned up.
    expect(run.stdout.split("\n").filter((line) => line.startsWith("✗ "))).toHaveLength(1);
    expect(await objectsLeft()).toEqual([]);
  });

  it("--json prints the checklist as JSON on stdout", async () => {
    const run = await runNode(cli, ["check", "--json", "--bucket", "no-such-bucket"], {
      cwd,
      env: env(),
    });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      items: { id: string; status: string; fix?: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.items.map((item) => item.id)).toEqual([
      "credentials",
      "bucket",
      "put",
      "read",
      "public-url",
      "delete",
      "clock",
      "cors",
      "provider",
    ]);
    expect(report.items.find((item) => item.id === "bucket")).toMatchObject({ status: "fail" });
    expect(report.items.find((item) => item.id === "put")).toMatchObject({ status: "skipped" });
  });

  it("an unreachable endpoint fails the credentials line naming endpoint", async () => {
    const run = await runNode(cli, ["check"], {
      cwd,
      env: env({ MD_IMAGE_OFFLOAD_ENDPOINT: "http://127.0.0.1:1" }),
    });
    expect(run.code).toBe(1);
    expect(mark(run.stdout, "Credentials accepted")).toBe("✗");
    expect(run.stdout).toMatch(/ECONNREFUSED.*`endpoint`/);
  });
});
