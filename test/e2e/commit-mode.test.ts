/**
 * The built Action (`node dist/index.js`) for a `push` event in commit mode, run as the
 * runner runs it, against a real s3rver and a real bare git remote; and the same bundle in
 * artifact mode against a local artifact service (proof that @actions/artifact bundles).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuthHeader } from "../../src/git/git.js";
import {
  type ArtifactService,
  readZip,
  startArtifactService,
} from "../support/artifact-service.js";
import { createRemote, git, type RemoteRepo, writeFiles } from "../support/git-repos.js";
import { runAction } from "../support/run-action.js";
import {
  type RunningS3rver,
  S3RVER_ACCESS_KEY_ID,
  S3RVER_SECRET_ACCESS_KEY,
  startS3rver,
} from "../support/s3rver.js";

const repo = path.resolve(import.meta.dirname, "../..");
const bucket = "blog-images";
const TOKEN = "ghs_e2eCommitModeToken000111222333444";
const png = await readFile(path.join(repo, "test/fixtures/blog/x.png"));
const cover = await readFile(path.join(repo, "test/fixtures/blog/cover.png"));

let server: RunningS3rver;
let remote: RemoteRepo;
beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
  remote = await createRemote({
    "old.md": "# Old post, not part of the push\n\n![b](img/b.png)\n",
    "img/b.png": cover,
  });
});
afterAll(async () => {
  await server?.stop();
  if (remote) await rm(remote.dir, { recursive: true, force: true });
});

function runPushAction(
  workspace: string,
  payload: object,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
) {
  return runAction(workspace, inputs, {
    event: { name: "push", payload },
    env: {
      GITHUB_REPOSITORY: "o/blog",
      GITHUB_REF: "refs/heads/main",
      GITHUB_RUN_ID: "77",
      ...extraEnv,
    },
  });
}

describe("node dist/index.js, push event, mode: commit", () => {
  it("offloads the pushed post's images, commits as the bot, pushes, and converges", async () => {
    const before = await remote.head("main");
    const after = await remote.pushAs("main", {
      "posts/new.md": "# New\n\n![a](../img/a.png)\n",
      "img/a.png": png,
    });
    // actions/checkout's default: depth 1, detached at the pushed commit.
    const workspace = await remote.clone("workspace", ["--depth=1"]);
    await git(workspace, "checkout", "--quiet", "--detach", after);
    const event = {
      ref: "refs/heads/main",
      before,
      after,
      created: false,
      forced: false,
      repository: { full_name: "o/blog", default_branch: "main" },
      head_commit: { id: after, message: "a writer's commit" },
      pusher: { name: "writer" },
    };
    const inputs = {
      bucket,
      endpoint: server.endpoint,
      "public-url": `${server.endpoint}/${bucket}`,
      "access-key-id": S3RVER_ACCESS_KEY_ID,
      "secret-access-key": S3RVER_SECRET_ACCESS_KEY,
      "github-token": TOKEN,
      "delete-local": "true",
    };

    const first = await runPushAction(workspace, event, inputs);

    expect(first.code, first.stdout + first.stderr).toBe(0);
    // scope auto = changed for a push in commit mode: old.md and img/b.png are not touched.
    expect(first.outputs).toMatchObject({ uploaded: "1", rewritten: "1" });
    expect(JSON.parse(first.outputs.files ?? "")).toEqual(["posts/new.md"]);
    const sha = first.outputs["commit-sha"] ?? "";
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await remote.head("main")).toBe(sha);
    expect(await git(remote.bare, "rev-parse", `${sha}^`)).toBe(after);
    expect(await git(remote.bare, "log", "-1", "--format=%an|%s", sha)).toBe(
      "github-actions[bot]|chore(images): offload 1 image(s) [skip ci]",
    );
    expect(await git(remote.bare, "show", "--name-status", "--format=", sha)).toBe(
      "A\t.md-image-offload/manifest.json\nD\timg/a.png\nM\tposts/new.md",
    );
    // The repository's manifest records the image under the URL the post now links.
    const ledger = JSON.parse(
      await git(remote.bare, "show", `${sha}:.md-image-offload/manifest.json`),
    ) as { version: number; images: Record<string, { url: string; bytes: number }> };
    expect(ledger.version).toBe(1);
    expect(Object.keys(ledger.images)).toEqual(["img/a.png"]);
    expect(ledger.images["img/a.png"]?.bytes).toBe(png.length);
    const post = await git(remote.bare, "show", `${sha}:posts/new.md`);
    expect(post).toMatch(
      new RegExp(`!\\[a\\]\\(${server.endpoint}/${bucket}/images/[0-9a-f]{16}\\.png\\)`),
    );
    expect(await git(remote.bare, "show", `${sha}:old.md`)).toContain("](img/b.png)");
    expect(first.summary).toMatch(
      /### Commit\s+Pushed \[`[0-9a-f]{7}`\]\(https:\/\/github\.com\/o\/blog\/commit\//,
    );

    // The token: masked if it were printed, and never printed nor persisted.
    const encoded = basicAuthHeader(TOKEN).split(" ").at(-1) ?? "";
    for (const line of `${first.stdout}\n${first.stderr}`.split("\n")) {
      if (line.startsWith("::add-mask::")) continue;
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain(encoded);
    }
    const config = await readFile(path.join(workspace, ".git/config"), "utf8");
    expect(config).not.toContain(TOKEN);
    expect(config).not.toContain(encoded);

    // A second run of the same event: nothing to upload, nothing to commit.
    const second = await runPushAction(workspace, event, inputs);
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs).toMatchObject({ uploaded: "0", rewritten: "0", "commit-sha": "" });
    expect(await remote.head("main")).toBe(sha);
    expect(second.summary).toMatch(/No commit: no content file was rewritten/);
  });
});

describe("node dist/index.js, mode: artifact", () => {
  let service: ArtifactService;
  beforeAll(async () => {
    service = await startArtifactService(9001);
  });
  afterAll(async () => {
    await service?.stop();
  });

  it("uploads the rewritten files as an artifact and leaves the workspace as it was", async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), "mio-e2e-artifact-"));
    const original = "# Post\r\n\r\n![a](img/a.png)\r\n";
    await writeFiles(workspace, { "docs/post.md": original, "docs/img/a.png": png });
    try {
      const run = await runPushAction(
        workspace,
        { ref: "refs/heads/main", repository: { full_name: "o/blog" } },
        {
          mode: "artifact",
          bucket,
          endpoint: server.endpoint,
          "public-url": `${server.endpoint}/${bucket}`,
          "access-key-id": S3RVER_ACCESS_KEY_ID,
          "secret-access-key": S3RVER_SECRET_ACCESS_KEY,
        },
        service.env,
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.outputs).toMatchObject({
        "artifact-id": "9001",
        rewritten: "1",
        "commit-sha": "",
      });
      const zip = readZip(service.blobs.get("md-image-offload") ?? Buffer.alloc(0));
      expect([...zip.keys()].sort()).toEqual([".md-image-offload/manifest.json", "docs/post.md"]);
      expect(zip.get("docs/post.md")?.toString("utf8")).toMatch(
        new RegExp(
          `^# Post\\r\\n\\r\\n!\\[a\\]\\(${server.endpoint}/${bucket}/images/[0-9a-f]{16}\\.png\\)\\r\\n$`,
        ),
      );
      expect(await readFile(path.join(workspace, "docs/post.md"), "utf8")).toBe(original);
      expect(run.summary).toMatch(
        /Uploaded \[md-image-offload\]\(https:\/\/github\.com\/o\/blog\/actions\/runs\/77\/artifacts\/9001\)/,
      );
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });
});
