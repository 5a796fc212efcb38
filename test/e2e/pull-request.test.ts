/**
 * The built Action (`node dist/index.js`) as the runner starts it for a pull_request (and
 * a push) event with `comment: true`, against a real S3 server (s3rver) and a local
 * stand-in for the GitHub API that GITHUB_API_URL points at.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type S3FaultProxy, startS3FaultProxy } from "../support/fault-proxy.js";
import { type FakeGitHubApi, startGitHubApi } from "../support/github-api.js";
import { runAction } from "../support/run-action.js";
import { S3RVER_ACCESS_KEY_ID, S3RVER_SECRET_ACCESS_KEY, startS3rver } from "../support/s3rver.js";

const repo = path.resolve(import.meta.dirname, "../..");
// One bucket per test, so that no test depends on what another uploaded.
const buckets = { pr: "pr-images", fork: "fork-images", push: "push-images" } as const;
const MARKER = "<!-- md-image-offload -->";
const HEAD_SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
const BASE_SHA = "9049f1265b7d61be4a8904a9a27120d2064dab3b";
const MERGE_SHA = "e5bd3914e2e596debea16f433f57875b5b90bcd6";

let s3: Awaited<ReturnType<typeof startS3rver>>;
let proxy: S3FaultProxy;
let github: FakeGitHubApi;
beforeAll(async () => {
  s3 = await startS3rver({ buckets: Object.values(buckets) });
  // The same front as test/e2e/action.test.ts: the child process talks to s3rver through it.
  proxy = await startS3FaultProxy(s3);
  github = await startGitHubApi("ghs_e2eSecretToken1234567890abcdef");
});
afterAll(async () => {
  await github?.stop();
  await proxy?.stop();
  await s3?.stop();
});
beforeEach(() => {
  github.comments.length = 0;
  github.requests.length = 0;
  github.clearFailure();
});

/** The fields of GitHub's pull_request webhook payload (action "synchronize") that matter. */
function pullRequestPayload(number: number) {
  const repository = { id: 1, name: "blog", full_name: "octo/blog", private: false };
  return {
    action: "synchronize",
    number,
    before: BASE_SHA,
    after: HEAD_SHA,
    pull_request: {
      id: 100 + number,
      number,
      state: "open",
      title: "New post with pictures",
      head: { label: "octo:new-post", ref: "new-post", sha: HEAD_SHA, repo: repository },
      base: { label: "octo:main", ref: "main", sha: BASE_SHA, repo: repository },
    },
    repository,
    sender: { login: "octocat", type: "User" },
  };
}

function runPullRequestAction(
  workspace: string,
  bucket: string,
  event: { name: string; payload: unknown; env?: Record<string, string> },
) {
  return runAction(
    workspace,
    {
      mode: "workspace",
      comment: "true",
      "github-token": github.token,
      bucket,
      endpoint: proxy.endpoint,
      "public-url": `${proxy.endpoint}/${bucket}`,
      "access-key-id": S3RVER_ACCESS_KEY_ID,
      "secret-access-key": S3RVER_SECRET_ACCESS_KEY,
    },
    {
      event,
      env: {
        GITHUB_REPOSITORY: "octo/blog",
        GITHUB_SERVER_URL: "https://github.com",
        GITHUB_API_URL: github.url,
        GITHUB_RUN_ID: "4242",
        ...event.env,
      },
    },
  );
}

/** The runner masks a secret after `::add-mask::`; everything else must not contain it. */
function expectTokenNeverPrinted(run: { stdout: string; stderr: string }): void {
  const lines = [...run.stdout.split("\n"), ...run.stderr.split("\n")];
  const shown = lines.filter((line) => !line.startsWith("::add-mask::"));
  for (const line of shown) expect(line).not.toContain(github.token);
  expect(run.stdout).toContain(`::add-mask::${github.token}`);
  for (const request of github.requests) {
    expect(request.path).not.toContain(github.token);
    expect(request.body).not.toContain(github.token);
    expect(request.headers.authorization).toBe(`token ${github.token}`);
  }
}

async function examplesCopy(): Promise<string> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), "mio-pr-"));
  await cp(path.join(repo, "examples"), workspace, { recursive: true });
  return workspace;
}

const prEvent = (number: number) => ({
  name: "pull_request",
  payload: pullRequestPayload(number),
  env: {
    GITHUB_SHA: MERGE_SHA,
    GITHUB_REF: `refs/pull/${number}/merge`,
    GITHUB_HEAD_REF: "new-post",
    GITHUB_BASE_REF: "main",
  },
});

describe("node dist/index.js for a pull_request event with comment: true", () => {
  it("posts one sticky comment with thumbnails, updates it on the next run, and never prints the token", async () => {
    const workspace = await examplesCopy();
    const first = await runPullRequestAction(workspace, buckets.pr, prEvent(7));
    expect(first.code, first.stdout).toBe(0);
    expect(Number(first.outputs.uploaded)).toBeGreaterThan(0);
    expect(first.stdout).toContain("Commented on pull request #7.");
    const comments = github.commentsOn("octo/blog", 7);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? "";
    expect(body.startsWith(`${MARKER}\n## Image offload\n`)).toBe(true);
    expect(body).toContain(`**${first.outputs.uploaded}** uploaded`);
    expect(body).toMatch(
      new RegExp(
        `<img src="${proxy.endpoint}/${buckets.pr}/images/[0-9a-f]{16}\\.\\w+" width="64">`,
      ),
    );
    // examples/ has one deliberately missing image; the comment names where it is referenced.
    // (GFM escapes: the leading underscore of _posts is written \_.)
    expect(body).toContain(
      "### Missing (1)\n\n- \\_posts/2024-03-01-hello-world.md:26 → /images/roadmap.png",
    );
    expect(body).toContain(`Commit ${HEAD_SHA.slice(0, 7)}`);
    expect(body).toContain(
      '<a href="https://github.com/octo/blog/actions/runs/4242">workflow run</a>',
    );
    expectTokenNeverPrinted(first);

    // The next push to the PR: same workspace, every image present now; the one comment is updated.
    const second = await runPullRequestAction(workspace, buckets.pr, prEvent(7));
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs.uploaded).toBe("0");
    expect(second.stdout).toContain("Updated the comment on pull request #7.");
    expect(github.commentsOn("octo/blog", 7)).toHaveLength(1);
    expect(github.commentsOn("octo/blog", 7)[0]?.body).toContain("**0** uploaded");
    expect(github.requests.filter((request) => request.method === "POST")).toHaveLength(1);
    expect(github.requests.filter((request) => request.method === "PATCH")).toHaveLength(1);
    expectTokenNeverPrinted(second);
    await rm(workspace, { recursive: true, force: true });
  });

  it("succeeds with a warning when the token may not comment (a fork's read-only token)", async () => {
    github.failWith(403, "POST");
    const workspace = await examplesCopy();
    const run = await runPullRequestAction(workspace, buckets.fork, prEvent(8));
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(
      /::warning::Could not update the report comment on pull request #8: POST \/repos\/octo\/blog\/issues\/8\/comments answered HTTP 403 \(Resource not accessible by integration\)\. Give the job `permissions: pull-requests: write`/,
    );
    expect(run.stdout).not.toContain("::error::");
    expect(github.comments).toHaveLength(0);
    expectTokenNeverPrinted(run);
    await rm(workspace, { recursive: true, force: true });
  });
});

describe("node dist/index.js for a push event with comment: true", () => {
  it("comments on the open pull request that contains the pushed commit", async () => {
    github.setPullsForCommit("octo/blog", HEAD_SHA, [{ number: 12, state: "open" }]);
    const workspace = await examplesCopy();
    const run = await runPullRequestAction(workspace, buckets.push, {
      name: "push",
      payload: {
        ref: "refs/heads/new-post",
        before: BASE_SHA,
        after: HEAD_SHA,
        repository: { full_name: "octo/blog" },
      },
      env: { GITHUB_SHA: HEAD_SHA, GITHUB_REF: "refs/heads/new-post" },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(github.requests[0]?.path).toBe(`/repos/octo/blog/commits/${HEAD_SHA}/pulls`);
    expect(github.commentsOn("octo/blog", 12)).toHaveLength(1);
    expect(run.stdout).toContain("Commented on pull request #12.");
    expectTokenNeverPrinted(run);
    await rm(workspace, { recursive: true, force: true });
  });

  it("leaves a comment another user started with the marker alone and posts its own", async () => {
    const bait = github.addComment("octo/blog", 11, `${MARKER}\nplease click`, "mallory");
    const workspace = await examplesCopy();
    const run = await runPullRequestAction(workspace, buckets.pr, prEvent(11));
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("Commented on pull request #11.");
    const comments = github.commentsOn("octo/blog", 11);
    expect(comments.map((comment) => [comment.user, comment.id === bait.id])).toEqual([
      ["mallory", true],
      ["github-actions[bot]", false],
    ]);
    expect(comments[0]?.body).toBe(`${MARKER}\nplease click`);
    expect(github.requests.some((request) => request.method === "PATCH")).toBe(false);
  });
});
