import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MemoryLogger } from "../../src/core/logger.js";
import { parseTriggerEvent } from "../../src/github/event.js";
import {
  commentOnPullRequest,
  type PullRequestCommentRequest,
} from "../../src/github/pull-request-comment.js";
import { COMMENT_MARKER } from "../../src/report/comment.js";
import { type FakeGitHubApi, startGitHubApi } from "../support/github-api.js";
import { image, missing, PUBLIC_URL, runResult } from "./run-result.js";

const HEAD = "3f786850e387550fdab836ed7e6dc881de23001b";
const uploaded = runResult({
  images: [image("posts/hello/cat.png", "uploaded"), image("static/logo.png", "present")],
  files: ["posts/hello/index.md"],
});
const quiet = runResult({ images: [image("static/logo.png", "present")] });

let server: FakeGitHubApi;
beforeAll(async () => {
  server = await startGitHubApi();
});
afterAll(async () => server?.stop());
beforeEach(() => {
  server.comments.length = 0;
  server.requests.length = 0;
  server.clearFailure();
});

/** A request as the Action builds it; the event as GitHub describes it in GITHUB_EVENT_*. */
function request(
  overrides: Partial<PullRequestCommentRequest> & {
    eventName?: string;
    payload?: unknown;
    sha?: string;
  } = {},
): PullRequestCommentRequest {
  const {
    eventName = "pull_request",
    payload = { number: 4, pull_request: { number: 4, head: { sha: HEAD } } },
    sha,
    ...rest
  } = overrides;
  const env = { GITHUB_REPOSITORY: "octo/blog", ...(sha ? { GITHUB_SHA: sha } : {}) };
  return {
    event: parseTriggerEvent(eventName, payload, env),
    token: server.token,
    apiUrl: server.url,
    result: uploaded,
    report: { publicUrl: PUBLIC_URL, runUrl: "https://github.com/octo/blog/actions/runs/99" },
    ...rest,
  };
}

function expectNoToken(logger: MemoryLogger): void {
  for (const line of logger.lines) expect(line.message).not.toContain(server.token);
}

describe("commentOnPullRequest", () => {
  it("posts the report on the pull request of a pull_request event, then updates it", async () => {
    const logger = new MemoryLogger();
    const first = await commentOnPullRequest(request(), logger);
    expect(first).toMatchObject({ action: "created", pullRequest: 4 });
    const [comment] = server.commentsOn("octo/blog", 4);
    expect(comment?.body.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(comment?.body).toContain(`<img src="${PUBLIC_URL}/`);
    expect(comment?.body).toContain("posts/hello/cat.png");
    expect(comment?.body).toContain("Commit 3f78685");
    expect(comment?.body).toContain('<a href="https://github.com/octo/blog/actions/runs/99">');

    const second = await commentOnPullRequest(
      request({ result: runResult({ missing: [missing("posts/a.md", 9, "gone.png")] }) }),
      logger,
    );
    expect(second).toMatchObject({ action: "updated", pullRequest: 4 });
    expect(server.commentsOn("octo/blog", 4)).toHaveLength(1);
    expect(server.commentsOn("octo/blog", 4)[0]?.body).toContain("posts/a.md:9 → gone.png");
    expect(logger.lines.map((line) => line.message)).toEqual([
      "Pull-request comment",
      "Commented on pull request #4.",
      "Pull-request comment",
      "Updated the comment on pull request #4.",
    ]);
    expectNoToken(logger);
  });

  it("uses the number of a pull_request_target event", async () => {
    const outcome = await commentOnPullRequest(
      request({ eventName: "pull_request_target", payload: { pull_request: { number: 31 } } }),
      new MemoryLogger(),
    );
    expect(outcome).toMatchObject({ action: "created", pullRequest: 31 });
    expect(server.commentsOn("octo/blog", 31)).toHaveLength(1);
  });

  it("on push, comments on the open pull request that contains the commit", async () => {
    server.setPullsForCommit("octo/blog", HEAD, [
      { number: 2, state: "closed" },
      { number: 6, state: "open" },
    ]);
    const logger = new MemoryLogger();
    const outcome = await commentOnPullRequest(
      request({ eventName: "push", payload: { after: HEAD, ref: "refs/heads/feature" } }),
      logger,
    );
    expect(outcome).toMatchObject({ action: "created", pullRequest: 6 });
    expect(server.requests[0]?.path).toBe(`/repos/octo/blog/commits/${HEAD}/pulls`);
    expect(server.commentsOn("octo/blog", 6)).toHaveLength(1);
    expect(server.commentsOn("octo/blog", 2)).toHaveLength(0);
  });

  it("on push without an open pull request, posts nothing", async () => {
    server.setPullsForCommit("octo/blog", HEAD, [{ number: 2, state: "closed" }]);
    const logger = new MemoryLogger();
    const outcome = await commentOnPullRequest(
      request({ eventName: "push", payload: {}, sha: HEAD }),
      logger,
    );
    expect(outcome).toEqual({ action: "none", reason: "no open pull request contains 3f78685" });
    expect(server.requests.map((r) => r.method)).toEqual(["GET"]);
    expect(server.comments).toHaveLength(0);
    expect(logger.lines.at(-1)?.message).toBe(
      "No pull-request comment: no open pull request contains 3f78685.",
    );
  });

  it("makes no request for other events", async () => {
    const outcome = await commentOnPullRequest(
      request({ eventName: "workflow_dispatch", payload: {} }),
      new MemoryLogger(),
    );
    expect(outcome.action).toBe("none");
    expect(server.requests).toHaveLength(0);
  });

  it("does not open a comment for a run with nothing new, but keeps an existing one current", async () => {
    expect(
      await commentOnPullRequest(request({ result: quiet }), new MemoryLogger()),
    ).toMatchObject({ action: "skipped" });
    expect(server.comments).toHaveLength(0);
    await commentOnPullRequest(request(), new MemoryLogger());
    expect(
      await commentOnPullRequest(request({ result: quiet }), new MemoryLogger()),
    ).toMatchObject({ action: "updated" });
    expect(server.comments).toHaveLength(1);
    expect(server.comments[0]?.body).toContain("**0** uploaded, **1** already present");
  });

  it.each([403, 404])(
    "turns HTTP %i into a warning that says which permission to grant",
    async (status) => {
      server.failWith(status, "POST");
      const logger = new MemoryLogger();
      const outcome = await commentOnPullRequest(request(), logger);
      expect(outcome.action).toBe("warned");
      const warnings = logger.lines.filter((line) => line.level === "warning");
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.message).toContain(
        `Could not update the report comment on pull request #4: POST /repos/octo/blog/issues/4/comments answered HTTP ${status}`,
      );
      expect(warnings[0]?.message).toContain("permissions: pull-requests: write");
      expect(logger.lines.some((line) => line.level === "error")).toBe(false);
      expectNoToken(logger);
    },
  );

  it("warns, without throwing, when the API cannot be reached or the token is empty", async () => {
    const logger = new MemoryLogger();
    const down = await commentOnPullRequest(request({ apiUrl: "http://127.0.0.1:1" }), logger);
    expect(down.action).toBe("warned");
    const empty = await commentOnPullRequest(request({ token: "" }), logger);
    expect(empty).toMatchObject({ action: "warned" });
    expect(logger.lines.filter((line) => line.level === "warning").map((l) => l.message)).toEqual([
      expect.stringMatching(
        /^Could not update the report comment on pull request #4: GET .* failed \([^)]+\)\. The job summary has the report\.$/,
      ),
      "The pull-request comment was skipped because github-token is empty; pass a token with pull-requests: write, or set comment: false.",
    ]);
    expectNoToken(logger);
  });
});
