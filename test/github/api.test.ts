import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createGitHubApi,
  type GitHubApi,
  GitHubApiError,
  parseRepository,
} from "../../src/github/api.js";
import { type FakeGitHubApi, startGitHubApi } from "../support/github-api.js";

const repo = { owner: "octo", name: "blog" };
let server: FakeGitHubApi;
let api: GitHubApi;
beforeAll(async () => {
  server = await startGitHubApi();
});
afterAll(async () => server?.stop());
beforeEach(() => {
  server.comments.length = 0;
  server.requests.length = 0;
  server.clearFailure();
  // A trailing slash on GITHUB_API_URL must not produce `//repos`.
  api = createGitHubApi({ token: server.token, baseUrl: `${server.url}/` });
});

async function collect<T>(items: AsyncGenerator<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe("createGitHubApi", () => {
  it("sends the token only in the Authorization header, with GitHub's media type", async () => {
    await api.createIssueComment(repo, 7, "hello");
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/repos/octo/blog/issues/7/comments");
    expect(request?.headers.authorization).toBe(`token ${server.token}`);
    expect(request?.headers.accept).toBe("application/vnd.github.v3+json");
    expect(request?.headers["user-agent"]).toMatch(/^md-image-offload /);
    expect(JSON.parse(request?.body ?? "")).toEqual({ body: "hello" });
    expect(request?.path).not.toContain(server.token);
  });

  it("reads every page of comments, 100 at a time, and stops at the short page", async () => {
    for (let index = 0; index < 230; index++) server.addComment("octo/blog", 7, `c${index}`);
    server.addComment("octo/blog", 8, "another PR");
    const comments = await collect(api.issueComments(repo, 7));
    expect(comments.map((comment) => comment.body)).toEqual(
      Array.from({ length: 230 }, (_, index) => `c${index}`),
    );
    // The first page, then the pages GitHub's Link header names.
    expect(server.requests.map((request) => request.path)).toEqual([
      "/repos/octo/blog/issues/7/comments?per_page=100",
      "/repos/octo/blog/issues/7/comments?per_page=100&page=2",
      "/repos/octo/blog/issues/7/comments?per_page=100&page=3",
    ]);
  });

  it("asks for the next page only when the caller keeps reading", async () => {
    for (let index = 0; index < 150; index++) server.addComment("octo/blog", 7, `c${index}`);
    for await (const comment of api.issueComments(repo, 7)) if (comment.body === "c3") break;
    expect(server.requests).toHaveLength(1);
  });

  it("updates a comment in place by id", async () => {
    const comment = server.addComment("octo/blog", 7, "old");
    const updated = await api.updateIssueComment(repo, comment.id, "new");
    expect(updated).toEqual({
      id: comment.id,
      body: "new",
      author: { login: "someone", type: "User" },
    });
    expect(server.commentsOn("octo/blog", 7).map((c) => c.body)).toEqual(["new"]);
    expect(server.requests[0]?.method).toBe("PATCH");
    expect(server.requests[0]?.path).toBe(`/repos/octo/blog/issues/comments/${comment.id}`);
  });

  it("lists the pull requests of a commit", async () => {
    server.setPullsForCommit("octo/blog", "abc123", [
      { number: 3, state: "closed" },
      { number: 9, state: "open" },
    ]);
    expect(await api.pullsForCommit(repo, "abc123")).toEqual([
      { number: 3, state: "closed" },
      { number: 9, state: "open" },
    ]);
    expect(await api.pullsForCommit(repo, "fff")).toEqual([]);
  });

  it("turns an error status into a GitHubApiError with GitHub's message and no token", async () => {
    server.failWith(403);
    const error = await api.createIssueComment(repo, 7, "x").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(403);
    expect((error as Error).message).toBe(
      "POST /repos/octo/blog/issues/7/comments answered HTTP 403 (Resource not accessible by integration).",
    );
    const wrongToken = createGitHubApi({ token: "ghs_wrong", baseUrl: server.url });
    server.clearFailure();
    const unauthorized = await wrongToken
      .pullsForCommit(repo, "a")
      .catch((caught: Error) => caught);
    expect((unauthorized as GitHubApiError).status).toBe(401);
    expect((unauthorized as Error).message).not.toContain("ghs_wrong");
  });

  it("reports an unreachable API as status 0 without the token", async () => {
    const down = createGitHubApi({ token: "ghs_secret", baseUrl: "http://127.0.0.1:1" });
    const error = (await down
      .pullsForCommit(repo, "a")
      .catch((caught: unknown) => caught)) as GitHubApiError;
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error.status).toBe(0);
    expect(error.message).toMatch(
      /^GET \/repos\/octo\/blog\/commits\/a\/pulls to http:\/\/127\.0\.0\.1:1 failed/,
    );
    expect(error.message).not.toContain("ghs_secret");
  });
});

describe("parseRepository", () => {
  it("splits owner/name and rejects anything else", () => {
    expect(parseRepository("octo/blog")).toEqual({ owner: "octo", name: "blog" });
    expect(parseRepository("octo")).toBeUndefined();
    expect(parseRepository("a/b/c")).toBeUndefined();
    expect(parseRepository("")).toBeUndefined();
  });
});
