import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runNode } from "../support/run-node.js";

const repo = path.resolve(import.meta.dirname, "../..");

describe("npm run demo", () => {
  it("uploads the example blog to a local S3 server, prints the URLs and the diff, and leaves examples/ as it was", async () => {
    const run = await runNode(path.join(repo, "scripts/demo.js"), [], {
      cwd: repo,
      env: { PATH: process.env.PATH },
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /static\/images\/logo\.svg → http:\/\/127\.0\.0\.1:\d+\/demo-blog\/images\/[0-9a-f]{16}\.svg/,
    );
    expect(run.stdout).toMatch(
      /11 uploaded, 0 already present, 0 failed, 1 missing, 3 files rewritten/,
    );
    expect(run.stdout).toMatch(
      /\+ cover: http:\/\/127\.0\.0\.1:\d+\/demo-blog\/images\/[0-9a-f]{16}\.jpg/,
    );
    expect(run.stdout).toContain(
      "Second run on the rewritten copy: 0 uploaded, 0 files rewritten.",
    );
    expect(
      execFileSync("git", ["status", "--porcelain", "--", "examples"], {
        cwd: repo,
        encoding: "utf8",
      }),
    ).toBe("");
  });
});
