import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { commitMessage, runCommitMode } from "../../src/action/commit.js";
import { OffloadError } from "../../src/core/errors.js";
import { MemoryLogger } from "../../src/core/logger.js";
import type { ManifestEntry } from "../../src/engine/types.js";
import { BOT_EMAIL, BOT_NAME, basicAuthHeader, Git } from "../../src/git/git.js";
import type { TriggerEvent } from "../../src/github/event.js";
import { createRemote, git, type RemoteRepo, writeFiles } from "../support/git-repos.js";
import { readSettings } from "../support/read-settings.js";

const png = await readFile(path.resolve(import.meta.dirname, "../fixtures/blog/x.png"));
const URL_A = "https://cdn.example.com/images/aaaa.png";
const TOKEN = "ghs_commitTestToken0123456789abcdef";

const options = {
  commitMessage: "chore(images): offload {count} image(s) [skip ci]",
  deleteLocal: false,
  dryRun: false,
  content: ["**/*.md"],
  extensions: new Set(["png"]),
  ...readSettings(["."]),
};
const push: TriggerEvent = { name: "push", repository: "o/r", branch: "main" };

const remotes: RemoteRepo[] = [];
afterEach(async () => {
  for (const remote of remotes.splice(0)) await rm(remote.dir, { recursive: true, force: true });
});

async function blogRemote(extra: Record<string, string | Uint8Array> = {}): Promise<RemoteRepo> {
  const remote = await createRemote({
    "post.md": "# Post\n\n![a](img/a.png)\n",
    "other.md": "# Other\n",
    "img/a.png": png,
    ...extra,
  });
  remotes.push(remote);
  return remote;
}

/** The engine's effect on post.md: the one destination replaced. */
async function rewritePost(work: string): Promise<void> {
  await writeFiles(work, { "post.md": `# Post\n\n![a](${URL_A})\n` });
}

function entry(source: string, status: ManifestEntry["status"] = "uploaded"): ManifestEntry {
  return {
    source,
    sha256: "0".repeat(64),
    key: "k",
    url: URL_A,
    bytes: 1,
    status,
    referencedFrom: [],
  };
}

async function commit(
  work: string,
  event: TriggerEvent = push,
  extra: Partial<Parameters<typeof runCommitMode>[0]> = {},
) {
  const gitClient = new Git(work);
  gitClient.useToken(TOKEN);
  const logger = new MemoryLogger();
  const outcome = await runCommitMode({
    git: gitClient,
    root: work,
    options,
    event,
    files: ["post.md"],
    manifest: [entry("img/a.png")],
    uploaded: 1,
    logger,
    ...extra,
  });
  return { outcome, logger };
}

describe("commit mode against a real bare remote", () => {
  it("commits only the rewritten files as the bot and pushes them to main", async () => {
    const remote = await blogRemote();
    const work = await remote.clone("work");
    await rewritePost(work);
    await writeFiles(work, { "other.md": "# Other, edited by an earlier step\n", "new.txt": "x" });

    const { outcome, logger } = await commit(work);

    expect(outcome).toMatchObject({ kind: "pushed", branch: "main", retries: 0 });
    const sha = outcome.kind === "pushed" ? outcome.sha : "";
    expect(await remote.head("main")).toBe(sha);
    expect(await git(remote.bare, "log", "-1", "--format=%an <%ae>|%cn|%s", sha)).toBe(
      `${BOT_NAME} <${BOT_EMAIL}>|${BOT_NAME}|chore(images): offload 1 image(s) [skip ci]`,
    );
    expect(await git(remote.bare, "show", "--name-only", "--format=", sha)).toBe("post.md");
    expect(await git(remote.bare, "show", `${sha}:post.md`)).toContain(URL_A);
    expect(logger.lines.map((line) => line.message).join("\n")).not.toContain(TOKEN);
  });

  it("a second run with nothing rewritten makes no commit", async () => {
    const remote = await blogRemote();
    const work = await remote.clone("work");
    await rewritePost(work);
    await commit(work);
    const pushed = await remote.head("main");

    const second = await commit(work, push, { files: [], uploaded: 0 });
    expect(second.outcome).toEqual({ kind: "nothing", reason: "no content file was rewritten" });
    // Same bytes written again (the engine found nothing new to change): still no commit.
    const same = await commit(work);
    expect(same.outcome.kind).toBe("nothing");
    expect(await remote.head("main")).toBe(pushed);
  });

  it("rebases onto a branch another writer moved, keeps their commit, and pushes", async () => {
    const remote = await blogRemote();
    const work = await remote.clone("work");
    await rewritePost(work);
    const theirs = await remote.pushAs("main", { "other.md": "# Other, by someone else\n" });

    const { outcome, logger } = await commit(work);

    expect(outcome).toMatchObject({ kind: "pushed", retries: 1 });
    const head = await remote.head("main");
    expect(await git(remote.bare, "rev-parse", `${head}^`)).toBe(theirs);
    expect(await git(remote.bare, "show", `${head}:other.md`)).toBe("# Other, by someone else");
    expect(await git(remote.bare, "show", `${head}:post.md`)).toContain(URL_A);
    expect(logger.lines.some((line) => /moved since checkout/.test(line.message))).toBe(true);
  });

  it("a conflicting new commit fails in one sentence and leaves the remote untouched", async () => {
    const remote = await blogRemote();
    const work = await remote.clone("work");
    await rewritePost(work);
    const theirs = await remote.pushAs("main", { "post.md": "# Post\n\n![a](img/other.png)\n" });

    const error = await commit(work).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(OffloadError);
    expect((error as Error).message).toMatch(
      /^The new commits on main conflict with the rewritten files \(post\.md\), so nothing was pushed; re-run/,
    );
    expect(await remote.head("main")).toBe(theirs);
    expect(existsSync(path.join(work, ".git/rebase-merge"))).toBe(false);
    expect(existsSync(path.join(work, ".git/rebase-apply"))).toBe(false);
  });

  it("pushes a same-repo PR to its head branch from the detached HEAD actions/checkout leaves", async () => {
    const remote = await blogRemote();
    const headSha = await remote.pushAs("feature", { "new-post.md": "![a](img/a.png)\n" });
    const work = await remote.clone("work");
    await git(work, "checkout", "--quiet", "--detach", headSha);
    await rewritePost(work);
    const event: TriggerEvent = {
      name: "pull_request",
      repository: "o/r",
      branch: "feature",
      pullRequest: {
        number: 7,
        headSha,
        baseSha: await remote.head("main"),
        headRepository: "o/r",
      },
    };

    const { outcome } = await commit(work, event);

    expect(outcome).toMatchObject({ kind: "pushed", branch: "feature" });
    expect(await git(remote.bare, "rev-parse", "refs/heads/feature^")).toBe(headSha);
    expect(await git(remote.bare, "show", "refs/heads/feature:post.md")).toContain(URL_A);
    expect(await git(remote.bare, "show", "refs/heads/main:post.md")).toContain("img/a.png");
  });

  it("does not push a fork's PR, and returns the rewrite as a diff instead", async () => {
    const remote = await blogRemote();
    const work = await remote.clone("work");
    const before = await remote.head("main");
    await rewritePost(work);
    const event: TriggerEvent = {
      name: "pull_request",
      repository: "o/r",
      branch: "main",
      pullRequest: { number: 8, headSha: before, headRepository: "someone/r" },
    };

    const { outcome, logger } = await commit(work, event);

    expect(outcome.kind).toBe("not-pushed");
    if (outcome.kind !== "not-pushed") return;
    expect(outcome.reason).toMatch(/fork someone\/r/);
    expect(outcome.diff).toContain("-![a](img/a.png)");
    expect(outcome.diff).toContain(`+![a](${URL_A})`);
    expect(await remote.head("main")).toBe(before);
    expect(await git(work, "rev-parse", "HEAD")).toBe(before);
    expect(logger.lines.some((line) => line.level === "warning")).toBe(true);
  });

  it("refuses to push the PR merge commit that actions/checkout checks out by default", async () => {
    const remote = await blogRemote();
    const headSha = await remote.pushAs("feature", { "new-post.md": "x\n" });
    await remote.pushAs("main", { "other.md": "# moved\n" });
    const work = await remote.clone("work");
    await git(work, "merge", "--quiet", "--no-ff", "-m", "merge", headSha);
    await rewritePost(work);
    const event: TriggerEvent = {
      name: "pull_request",
      repository: "o/r",
      branch: "feature",
      pullRequest: { number: 9, headSha, headRepository: "o/r" },
    };

    const { outcome } = await commit(work, event);

    expect(outcome).toMatchObject({ kind: "not-pushed" });
    expect(outcome.kind === "not-pushed" && outcome.reason).toMatch(
      /ref: \$\{\{ github\.head_ref \}\}/,
    );
    expect(await remote.head("feature")).toBe(headSha);
  });

  it("delete-local removes only uploaded images nothing references or mentions", async () => {
    const remote = await blogRemote({
      "img/b.png": png, // uploaded, no link left, but a layout names it
      "img/c.png": png, // uploaded, still linked from a file outside the scope
      "img/d.png": png, // only "present" in storage, no link left: removed too
      "layouts/hero.html": '<img src="/img/b.png">\n',
      "old.md": "![c](img/c.png)\n",
    });
    const work = await remote.clone("work");
    await rewritePost(work);
    const manifest = ["img/a.png", "img/b.png", "img/c.png"].map((source) => entry(source));

    const { outcome } = await commit(work, push, {
      options: { ...options, deleteLocal: true },
      manifest: [...manifest, entry("img/d.png", "present")],
    });

    expect(outcome).toMatchObject({ kind: "pushed", removed: ["img/a.png", "img/d.png"] });
    const tree = await git(remote.bare, "ls-tree", "-r", "--name-only", "refs/heads/main");
    expect(tree.split("\n")).toEqual([
      "img/b.png",
      "img/c.png",
      "layouts/hero.html",
      "old.md",
      "other.md",
      "post.md",
    ]);
  });

  it("delete-local trusts the run's own table for the files it read, and parses only the rest", async () => {
    const remote = await blogRemote({
      "img/b.png": png, // still linked by post.md after the rewrite (its upload failed)
      "img/c.png": png, // linked from old.md, outside what the run read
      "old.md": "![c](img/c.png)\n",
    });
    const work = await remote.clone("work");
    // post.md, as the run left it: a, rewritten; b, left local because its upload failed.
    await writeFiles(work, { "post.md": `# Post\n\n![a](${URL_A})\n\n![b](img/b.png)\n` });
    const manifest = ["img/a.png", "img/b.png", "img/c.png"].map((source) => entry(source));

    const { outcome } = await commit(work, push, {
      options: { ...options, deleteLocal: true },
      manifest,
      // The run read post.md and still links b from it: post.md is not parsed again.
      read: { files: ["post.md"], stillLinked: ["img/b.png"] },
    });

    expect(outcome).toMatchObject({ kind: "pushed", removed: ["img/a.png"] });
  });

  it("never writes the token to .git/config, a log line or an error", async () => {
    const remote = await blogRemote();
    const work = await remote.clone("work");
    await rewritePost(work);
    const { logger } = await commit(work);
    const config = await readFile(path.join(work, ".git/config"), "utf8");
    const encoded = basicAuthHeader(TOKEN).split(" ").at(-1) ?? "";
    expect(config).not.toContain(TOKEN);
    expect(config).not.toContain(encoded);
    expect(config).not.toMatch(/extraheader/i);
    expect(JSON.stringify(logger.lines)).not.toContain(TOKEN);

    // A failing push with git tracing on: the error is shown without the credentials.
    await rewritePost(work);
    await writeFiles(work, { "post.md": "changed again\n" });
    await git(work, "remote", "set-url", "origin", path.join(remote.dir, "gone.git"));
    const tracing = new Git(work, { env: { GIT_TRACE: "1", GIT_CURL_VERBOSE: "1" } });
    tracing.useToken(TOKEN);
    const error = (await runCommitMode({
      git: tracing,
      root: work,
      options,
      event: push,
      files: ["post.md"],
      manifest: [],
      uploaded: 0,
      logger,
    }).catch((thrown: unknown) => thrown)) as Error;
    expect(error.message).toMatch(/^Pushing the rewritten files to main failed: /);
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain(encoded);
  });
});

describe("commitMessage", () => {
  it("fills {count} and keeps a skip marker so the push does not start the workflow again", () => {
    expect(commitMessage("chore(images): offload {count} image(s) [skip ci]", 3)).toBe(
      "chore(images): offload 3 image(s) [skip ci]",
    );
    expect(commitMessage("Offload {count} images", 2)).toBe("Offload 2 images [skip ci]");
    expect(commitMessage("[no ci] offload", 2)).toBe("[no ci] offload");
    expect(commitMessage("offload [SKIP ACTIONS]", 0)).toBe("offload [SKIP ACTIONS]");
  });
});

describe("commit mode reads file names literally, never as pathspec patterns", () => {
  it("a content file named `:!post.md` stages itself only: no untracked secret, no unrelated edit", async () => {
    const remote = await blogRemote({ ":!post.md": "# Magic\n\n![a](img/a.png)\n" });
    const work = await remote.clone("work");
    await writeFiles(work, {
      ":!post.md": `# Magic\n\n![a](${URL_A})\n`,
      ".env": "AWS_SECRET=hunter2\n",
      "other.md": "# Other, edited by an earlier step\n",
    });

    const { outcome } = await commit(work, push, { files: [":!post.md"] });

    expect(outcome.kind).toBe("pushed");
    const sha = outcome.kind === "pushed" ? outcome.sha : "";
    expect(await git(remote.bare, "show", "--name-only", "--format=", sha)).toBe(":!post.md");
    expect(await git(remote.bare, "ls-tree", "--name-only", sha)).not.toContain(".env");
  });

  it("`pages/[slug].mdx` stages only itself, not pages/s.mdx or an untracked pages/g.mdx", async () => {
    const remote = await blogRemote({
      "pages/[slug].mdx": "![a](../img/a.png)\n",
      "pages/s.mdx": "# s\n",
    });
    const work = await remote.clone("work");
    await writeFiles(work, {
      "pages/[slug].mdx": `![a](${URL_A})\n`,
      "pages/s.mdx": "# s, edited\n",
      "pages/g.mdx": "# g, untracked\n",
    });

    const { outcome } = await commit(work, push, { files: ["pages/[slug].mdx"] });

    const sha = outcome.kind === "pushed" ? outcome.sha : "";
    expect(await git(remote.bare, "show", "--name-only", "--format=", sha)).toBe(
      "pages/[slug].mdx",
    );
  });

  it("the fork diff in the summary shows only the rewritten file, not an unrelated secret", async () => {
    const remote = await blogRemote({ "post[s].md": "![a](img/a.png)\n", "posts.md": "x\n" });
    const work = await remote.clone("work");
    await writeFiles(work, {
      "post[s].md": `![a](${URL_A})\n`,
      "posts.md": "DB_PASSWORD=swordfish\n",
    });
    const fork: TriggerEvent = {
      ...push,
      name: "pull_request",
      pullRequest: { number: 1, headRepository: "mallory/r", headSha: "0".repeat(40) },
    };

    const { outcome } = await commit(work, fork, { files: ["post[s].md"] });

    expect(outcome.kind).toBe("not-pushed");
    const diff = outcome.kind === "not-pushed" ? outcome.diff : "";
    expect(diff).toContain(URL_A);
    expect(diff).not.toContain("DB_PASSWORD");
  });

  it("refuses to push a commit that holds a file the run did not rewrite", async () => {
    const remote = await blogRemote();
    const work = await remote.clone("work");
    await rewritePost(work);
    // A pre-staged change (an earlier step's `git add`) would ride along in the commit.
    await writeFiles(work, { ".env": "AWS_SECRET=hunter2\n" });
    await git(work, "add", ".env");
    const before = await remote.head("main");

    const error = await commit(work).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(OffloadError);
    expect((error as Error).message).toBe(
      'The commit would also have changed files this run did not rewrite (".env"), so it was undone and nothing was pushed; report this as a bug.',
    );
    expect(await remote.head("main")).toBe(before);
  });
});
