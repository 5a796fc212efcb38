/**
 * `md-image-offload orphans` (node dist/cli.js) against s3rver: after a run, planted objects
 * that nothing names are listed with their sizes; objects named by the manifest, by a link
 * in content, or by a link under an older public-url are not; --delete removes only the
 * listed ones.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNode } from "../support/run-node.js";
import { s3rverCliEnv, startS3rver } from "../support/s3rver.js";

const repo = path.resolve(import.meta.dirname, "../..");
const cli = path.join(repo, "dist/cli.js");
const bucket = "orphans-bucket";
const png = await readFile(path.join(repo, "test/fixtures/blog/x.png"));
let server: Awaited<ReturnType<typeof startS3rver>>;
beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
});
afterAll(async () => {
  await server?.stop();
});

async function put(key: string, body: string): Promise<void> {
  const response = await fetch(`${server.endpoint}/${bucket}/${key}`, { method: "PUT", body });
  expect(response.status).toBe(200);
}

async function keys(): Promise<string[]> {
  const listing = await (await fetch(`${server.endpoint}/${bucket}?list-type=2`)).text();
  return [...listing.matchAll(/<Key>([^<]+)<\/Key>/g)].map((match) => match[1] ?? "").sort();
}

describe("md-image-offload orphans", () => {
  it("lists objects nothing names, with sizes and total, and deletes them only with --delete", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "mio-orphans-"));
    await mkdir(path.join(root, "img"));
    await writeFile(path.join(root, "img/a.png"), png);
    await writeFile(path.join(root, "post.md"), "![a](img/a.png)\n");
    const env = {
      ...s3rverCliEnv(server.endpoint, bucket),
      MD_IMAGE_OFFLOAD_VERIFY_PUBLIC_URL: "false",
    };
    const run = await runNode(cli, [], { cwd: root, env });
    expect(run.code, run.stderr).toBe(0);

    await put("images/unused-1.png", "x".repeat(1000));
    await put("images/unused-2.png", "y".repeat(24));
    // Linked under an older domain of the same bucket: still named, not an orphan.
    await put("images/old-domain.png", "z");
    await writeFile(
      path.join(root, "old.md"),
      "![o](https://old-cdn.example.com/images/old-domain.png)\n",
    );
    const ledgerPath = path.join(root, ".md-image-offload/manifest.json");
    const ledger = JSON.parse(await readFile(ledgerPath, "utf8"));
    ledger.images["img/gone.png"] = {
      sha256: "0".repeat(64),
      bytes: 1,
      key: "images/old-domain-ledger.png",
      url: "https://old-cdn.example.com/images/old-domain-ledger.png",
    };
    await writeFile(ledgerPath, JSON.stringify(ledger));
    // Outside the prefix: never listed.
    await put("other/elsewhere.png", "w");

    const listed = await runNode(cli, ["orphans", "--json"], { cwd: root, env });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({
      orphans: [
        { key: "images/unused-1.png", bytes: 1000 },
        { key: "images/unused-2.png", bytes: 24 },
      ],
      bytes: 1024,
    });
    const text = await runNode(cli, ["orphans"], { cwd: root, env });
    expect(text.stdout).toBe(
      "images/unused-1.png  1 kB\nimages/unused-2.png  24 B\n2 object(s), 1 kB, not named by the manifest or any content file.\n",
    );
    expect(await keys()).toContain("images/unused-1.png");

    const deleted = await runNode(cli, ["orphans", "--delete"], { cwd: root, env });
    expect(deleted.code, deleted.stderr).toBe(0);
    const left = await keys();
    expect(left).not.toContain("images/unused-1.png");
    expect(left).not.toContain("images/unused-2.png");
    expect(left).toEqual(expect.arrayContaining(["images/old-domain.png", "other/elsewhere.png"]));
    expect(left.filter((key) => key.startsWith("images/"))).toHaveLength(2);
    await rm(root, { recursive: true, force: true });
  });
});
