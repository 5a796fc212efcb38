import { rm } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { effectiveScope, resolveScope } from "../../src/action/scope.js";
import { MemoryLogger } from "../../src/core/logger.js";
import { Git } from "../../src/git/git.js";
import { parseTriggerEvent, type TriggerEvent, ZERO_SHA } from "../../src/github/event.js";
import { createRemote, git, type RemoteRepo } from "../support/git-repos.js";

const remotes: RemoteRepo[] = [];
afterEach(async () => {
  for (const remote of remotes.splice(0)) await rm(remote.dir, { recursive: true, force: true });
});

async function remoteWithPush() {
  const remote = await createRemote({ "a.md": "a\n", "b.md": "b\n", "img/x.png": "x" });
  remotes.push(remote);
  const before = await remote.head("main");
  await remote.pushAs("main", { "b.md": "b2\n", "new/c.md": "c\n" });
  const after = await remote.pushAs("main", { "img/y.png": "y" });
  return { remote, before, after };
}

const pushEvent = (before: string, after: string): TriggerEvent =>
  parseTriggerEvent("push", {
    ref: "refs/heads/main",
    before,
    after,
    repository: { full_name: "o/r" },
  });

function notices(logger: MemoryLogger): string[] {
  return logger.lines.filter((line) => line.message.startsWith("Notice:")).map((l) => l.message);
}

describe("effectiveScope", () => {
  it.each([
    ["auto", "commit", "push", "changed"],
    ["auto", "commit", "pull_request", "changed"],
    ["auto", "workspace", "push", "all"],
    ["auto", "artifact", "pull_request", "all"],
    ["auto", "commit", "schedule", "all"],
    ["changed", "workspace", "push", "changed"],
    ["changed", "commit", "workflow_dispatch", "all"],
    ["all", "commit", "push", "all"],
  ] as const)("scope %s, mode %s, event %s → %s", (scope, mode, event, expected) => {
    expect(effectiveScope(scope, mode, event)).toBe(expected);
  });
});

describe("resolveScope on real clones", () => {
  it("is the files a push changed (before..after), deleted ones left out", async () => {
    const { remote, before, after } = await remoteWithPush();
    const work = await remote.clone("work");
    const logger = new MemoryLogger();
    const files = await resolveScope(
      "auto",
      "commit",
      pushEvent(before, after),
      new Git(work),
      logger,
    );
    expect(files).toEqual(["b.md", "img/y.png", "new/c.md"]);
    expect(notices(logger)).toEqual([]);
  });

  it("fetches a `before` missing from a depth-1 clone", async () => {
    const { remote, before, after } = await remoteWithPush();
    const work = await remote.clone("shallow", ["--depth=1"]);
    expect(await git(work, "rev-parse", "--is-shallow-repository")).toBe("true");
    const files = await resolveScope(
      "changed",
      "commit",
      pushEvent(before, after),
      new Git(work),
      new MemoryLogger(),
    );
    expect(files).toEqual(["b.md", "img/y.png", "new/c.md"]);
  });

  it("falls back to all files, with a notice, for a new branch or an unknown `before`", async () => {
    const { remote, after } = await remoteWithPush();
    const work = await remote.clone("work");
    const logger = new MemoryLogger();
    expect(
      await resolveScope("auto", "commit", pushEvent(ZERO_SHA, after), new Git(work), logger),
    ).toBe(undefined);
    expect(
      await resolveScope("auto", "commit", pushEvent("1".repeat(40), after), new Git(work), logger),
    ).toBe(undefined);
    expect(notices(logger)).toEqual([
      "Notice: scope is all content files because this push created the branch, so there is no earlier commit to compare.",
      "Notice: scope is all content files because commit 1111111 could not be fetched (a force-push?).",
    ]);
  });

  it("is what a pull request changed since its merge base, not what main did since", async () => {
    const remote = await createRemote({ "a.md": "a\n", "b.md": "b\n" });
    remotes.push(remote);
    const headSha = await remote.pushAs("feature", { "pr.md": "pr\n" });
    const baseSha = await remote.pushAs("main", { "a.md": "moved on main\n" });
    const work = await remote.clone("work");
    await git(work, "checkout", "--quiet", "--detach", headSha);
    const event = parseTriggerEvent("pull_request", {
      pull_request: {
        number: 3,
        base: { sha: baseSha, ref: "main" },
        head: { sha: headSha, ref: "feature", repo: { full_name: "o/r" } },
      },
      repository: { full_name: "o/r" },
    });
    const files = await resolveScope("auto", "commit", event, new Git(work), new MemoryLogger());
    expect(files).toEqual(["pr.md"]);
  });

  it("is all files for workflow_dispatch, and when the workspace is no clone", async () => {
    const logger = new MemoryLogger();
    const dispatch = parseTriggerEvent("workflow_dispatch", { ref: "refs/heads/main" });
    expect(await resolveScope("changed", "commit", dispatch, undefined, logger)).toBe(undefined);
    const push = pushEvent("1".repeat(40), "2".repeat(40));
    expect(await resolveScope("changed", "workspace", push, undefined, logger)).toBe(undefined);
    expect(notices(logger)).toEqual([
      "Notice: scope is all content files because the workspace is not a git clone.",
    ]);
  });
});

describe("parseTriggerEvent", () => {
  it("reads the branch, before and after of a push", () => {
    expect(
      parseTriggerEvent("push", {
        ref: "refs/heads/docs/new",
        before: "a".repeat(40),
        after: "b".repeat(40),
        repository: { full_name: "o/r" },
      }),
    ).toEqual({
      name: "push",
      repository: "o/r",
      branch: "docs/new",
      before: "a".repeat(40),
      after: "b".repeat(40),
    });
    expect(parseTriggerEvent("push", { ref: "refs/tags/v1" }).branch).toBeUndefined();
    expect(parseTriggerEvent("push", null, { GITHUB_REF: "refs/heads/main" }).branch).toBe("main");
  });

  it("reads a pull request's head branch, shas and head repository", () => {
    const event = parseTriggerEvent("pull_request", {
      pull_request: {
        number: 12,
        base: { sha: "b".repeat(40) },
        head: { sha: "h".repeat(40), ref: "fix", repo: { full_name: "fork/r" } },
      },
      repository: { full_name: "o/r" },
    });
    expect(event).toEqual({
      name: "pull_request",
      repository: "o/r",
      branch: "fix",
      pullRequest: {
        number: 12,
        baseSha: "b".repeat(40),
        headSha: "h".repeat(40),
        headRepository: "fork/r",
      },
    });
  });
});
