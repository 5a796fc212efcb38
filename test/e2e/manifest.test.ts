/**
 * The repository's manifest through the built Action (`node dist/index.js`, push events,
 * commit mode) against s3rver and a real bare remote: an image edited after its offload
 * reaches every link to its old URL (Markdown, front matter, a Hugo shortcode, a second
 * post) on a push that changes only the image; a new public-url moves the links once the
 * objects answer there; a corrupt manifest stops the run before anything is written.
 */
import { createHash } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRemote, git, type RemoteRepo } from "../support/git-repos.js";
import { runAction } from "../support/run-action.js";
import {
  type RunningS3rver,
  S3RVER_ACCESS_KEY_ID,
  S3RVER_SECRET_ACCESS_KEY,
  startS3rver,
} from "../support/s3rver.js";

const repo = path.resolve(import.meta.dirname, "../..");
const bucket = "ledger-images";
const TOKEN = "ghs_e2eLedgerToken000111222333444555";
const first = await readFile(path.join(repo, "test/fixtures/blog/x.png"));
const edited = await readFile(path.join(repo, "test/fixtures/blog/cover.png"));
const LEDGER = ".md-image-offload/manifest.json";

let server: RunningS3rver;
let remote: RemoteRepo;
beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
  remote = await createRemote({
    "hugo.toml": 'baseURL = "https://example.org/"\n',
    "content/posts/a/index.md": [
      "---",
      "title: A",
      "cover:",
      "  image: /diagram.png",
      "---",
      "![Diagram](/diagram.png)",
      "",
      '{{< figure src="/diagram.png" >}}',
      "",
    ].join("\n"),
    "content/posts/b.md": "# B\n\n![The same diagram](/diagram.png)\n",
    "static/diagram.png": first,
  });
});
afterAll(async () => {
  await server?.stop();
  if (remote) await rm(remote.dir, { recursive: true, force: true });
});

function inputs(publicUrl = `${server.endpoint}/${bucket}`): Record<string, string> {
  return {
    bucket,
    endpoint: server.endpoint,
    "public-url": publicUrl,
    "access-key-id": S3RVER_ACCESS_KEY_ID,
    "secret-access-key": S3RVER_SECRET_ACCESS_KEY,
    "github-token": TOKEN,
    scope: "changed",
  };
}

/** Checks out `after` as actions/checkout does and runs the Action for that push. */
async function runPush(before: string, after: string, values: Record<string, string>) {
  const workspace = await remote.clone(`ws-${after.slice(0, 8)}-${Date.now()}`, ["--depth=1"]);
  await git(workspace, "checkout", "--quiet", "--detach", after);
  const payload = {
    ref: "refs/heads/main",
    before,
    after,
    repository: { full_name: "o/blog", default_branch: "main" },
    head_commit: { id: after, message: "a writer's commit" },
  };
  const run = await runAction(workspace, values, {
    event: { name: "push", payload },
    env: { GITHUB_REPOSITORY: "o/blog", GITHUB_REF: "refs/heads/main", GITHUB_RUN_ID: "9" },
  });
  return { ...run, workspace };
}

function urlOf(bytes: Buffer, base = `${server.endpoint}/${bucket}`): string {
  return `${base}/images/${createHash("sha256").update(bytes).digest("hex").slice(0, 16)}.png`;
}

async function show(sha: string, file: string): Promise<string> {
  return git(remote.bare, "show", `${sha}:${file}`);
}

describe("node dist/index.js with the repository's manifest", () => {
  it("an edited image reaches every link to its old URL from a push of the image alone", async () => {
    // The first offload: every link becomes the URL, and the manifest records the file.
    const base = await git(remote.bare, "rev-parse", "main~0");
    const seed = await remote.pushAs("main", {
      "content/posts/b.md": "# B\n\n![The same diagram](/diagram.png)\n\nMore.\n",
    });
    const offload = await runPush(base, seed, { ...inputs(), scope: "all" });
    expect(offload.code, offload.stdout).toBe(0);
    const offloaded = await remote.head("main");
    const oldUrl = urlOf(first);
    expect(await show(offloaded, "content/posts/a/index.md")).toContain(`image: ${oldUrl}`);
    const ledger = JSON.parse(await show(offloaded, LEDGER));
    expect(ledger.images["static/diagram.png"]).toMatchObject({ url: oldUrl, bytes: first.length });

    // The writer fixes the diagram and pushes only the image.
    const fix = await remote.pushAs("main", { "static/diagram.png": edited }, "fix the diagram");
    const update = await runPush(offloaded, fix, inputs());
    expect(update.code, update.stdout).toBe(0);
    expect(update.outputs).toMatchObject({ uploaded: "1", rewritten: "2" });
    const updated = await remote.head("main");
    const newUrl = urlOf(edited);
    const post = await show(updated, "content/posts/a/index.md");
    expect(post).toBe(
      [
        "---",
        "title: A",
        "cover:",
        `  image: ${newUrl}`,
        "---",
        `![Diagram](${newUrl})`,
        "",
        `{{< figure src="${newUrl}" >}}`,
      ].join("\n"),
    );
    expect(await show(updated, "content/posts/b.md")).toContain(`![The same diagram](${newUrl})`);
    const served = Buffer.from(await (await fetch(newUrl)).arrayBuffer());
    expect(served.equals(edited)).toBe(true);
    expect(JSON.parse(await show(updated, LEDGER)).images["static/diagram.png"]).toMatchObject({
      url: newUrl,
      bytes: edited.length,
    });
    expect(await git(remote.bare, "show", "--name-only", "--format=", updated)).toBe(
      `${LEDGER}\ncontent/posts/a/index.md\ncontent/posts/b.md`,
    );
    expect(update.summary).toContain(
      `### Updated (1)\n\n- static/diagram.png (${oldUrl} → ${newUrl})`,
    );

    // Nothing changed since: nothing to upload, nothing to commit.
    const again = await runPush(updated, updated, { ...inputs(), scope: "all" });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs).toMatchObject({ uploaded: "0", rewritten: "0", "commit-sha": "" });
    expect(await remote.head("main")).toBe(updated);
  });

  it("a new public-url moves recorded links once the objects answer there, uploading nothing", async () => {
    const head = await remote.head("main");
    const before = await show(head, "content/posts/b.md");
    const oldBase = `${server.endpoint}/${bucket}`;
    // The same bucket behind another name for the host: a new CDN domain in front of it.
    const newBase = `${server.endpoint.replace("127.0.0.1", "localhost")}/${bucket}`;
    const run = await runPush(head, head, { ...inputs(newBase), scope: "all" });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.uploaded).toBe("0");
    const moved = await remote.head("main");
    expect(await show(moved, "content/posts/b.md")).toBe(before.replaceAll(oldBase, newBase));
    const ledger = JSON.parse(await show(moved, LEDGER));
    expect(ledger.images["static/diagram.png"].url.startsWith(newBase)).toBe(true);
  });

  it("a corrupt manifest fails in one sentence naming manifest-file, before any upload or write", async () => {
    const head = await remote.head("main");
    const broken = await remote.pushAs("main", {
      [LEDGER]: "{ not json",
      "content/posts/c.md": "![c](/diagram.png)\n",
    });
    const run = await runPush(head, broken, { ...inputs(), scope: "all" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `::error::The manifest ${LEDGER} (input manifest-file) is not valid JSON; fix or delete it`,
    );
    expect(await remote.head("main")).toBe(broken);
    expect(await readFile(path.join(run.workspace, "content/posts/c.md"), "utf8")).toBe(
      "![c](/diagram.png)\n",
    );
  });
});

describe("delete-local together with an edit", () => {
  it("an image re-added with new bytes is offloaded, its links move, and it is removed again", async () => {
    const own = await createRemote({
      "post.md": "# Post\n\n![d](img/d.png)\n",
      "img/d.png": first,
    });
    const saved = remote;
    remote = own;
    try {
      const values = { ...inputs(), scope: "all", "delete-local": "true" };
      const start = await own.head("main");
      const offload = await runPush(start, start, values);
      expect(offload.code, offload.stdout).toBe(0);
      const offloaded = await own.head("main");
      expect(await git(own.bare, "show", "--name-status", "--format=", offloaded)).toBe(
        `A\t${LEDGER}\nD\timg/d.png\nM\tpost.md`,
      );

      const readd = await own.pushAs("main", { "img/d.png": edited }, "a better picture");
      const update = await runPush(offloaded, readd, values);
      expect(update.code, update.stdout).toBe(0);
      const updated = await own.head("main");
      expect(await show(updated, "post.md")).toBe(`# Post\n\n![d](${urlOf(edited)})`);
      expect(await git(own.bare, "show", "--name-status", "--format=", updated)).toBe(
        `M\t${LEDGER}\nD\timg/d.png\nM\tpost.md`,
      );
      expect(JSON.parse(await show(updated, LEDGER)).images["img/d.png"].url).toBe(urlOf(edited));
    } finally {
      remote = saved;
      await rm(own.dir, { recursive: true, force: true });
    }
  });
});
