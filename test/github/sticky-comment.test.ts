import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGitHubApi, type GitHubApi } from "../../src/github/api.js";
import { ACTIONS_BOT, upsertStickyComment } from "../../src/github/sticky-comment.js";
import { type FakeGitHubApi, startGitHubApi } from "../support/github-api.js";

const repo = { owner: "octo", name: "blog" };
const MARKER = "<!-- md-image-offload -->";
let server: FakeGitHubApi;
let api: GitHubApi;
beforeAll(async () => {
  server = await startGitHubApi();
  api = createGitHubApi({ token: server.token, baseUrl: server.url });
});
afterAll(async () => server?.stop());
beforeEach(() => {
  server.comments.length = 0;
  server.requests.length = 0;
});

const upsert = (body: string, create = true) =>
  upsertStickyComment(api, {
    repo,
    issue: 5,
    marker: MARKER,
    author: ACTIONS_BOT,
    body: `${MARKER}\n${body}`,
    create,
  });

describe("upsertStickyComment", () => {
  it("never edits a comment someone else started with the marker: it posts its own", async () => {
    const foreign = server.addComment("octo/blog", 5, `${MARKER}\nmallory's bait`, "mallory");
    const outcome = await upsert("run 1");
    expect(outcome.action).toBe("created");
    expect(server.requests.filter((request) => request.method === "PATCH")).toHaveLength(0);
    expect(server.commentsOn("octo/blog", 5).find((c) => c.id === foreign.id)?.body).toBe(
      `${MARKER}\nmallory's bait`,
    );
    // A user who calls themselves "github-actions[bot]" is still a User, not the Bot.
    server.comments.length = 0;
    server.addComment("octo/blog", 5, `${MARKER}\nimpostor`, "github-actions[bot]", "User");
    expect((await upsert("run 2")).action).toBe("created");
  });

  it("with comment-author, updates the comment of that account (a PAT's user)", async () => {
    const mine = server.addComment("octo/blog", 5, `${MARKER}\nold`, "Octo-Bot");
    const outcome = await upsertStickyComment(api, {
      repo,
      issue: 5,
      marker: MARKER,
      author: { login: "octo-bot", type: "" },
      body: `${MARKER}\nnew`,
      create: true,
    });
    expect(outcome).toEqual({ action: "updated", id: mine.id });
  });

  it("creates the comment once, then updates that same comment", async () => {
    server.addComment("octo/blog", 5, "Looks good!", "reviewer");
    const first = await upsert("run 1");
    expect(first.action).toBe("created");
    const second = await upsert("run 2");
    expect(second).toEqual({ action: "updated", id: first.action === "created" ? first.id : -1 });
    const third = await upsert("run 2");
    expect(third.action).toBe("unchanged");
    expect(server.commentsOn("octo/blog", 5).map((comment) => comment.body)).toEqual([
      "Looks good!",
      `${MARKER}\nrun 2`,
    ]);
    expect(server.requests.filter((request) => request.method === "POST")).toHaveLength(1);
    expect(server.requests.filter((request) => request.method === "PATCH")).toHaveLength(1);
  });

  it("finds its comment on the second page of a long discussion", async () => {
    for (let index = 0; index < 100; index++) server.addComment("octo/blog", 5, `chatter ${index}`);
    const ours = server.addComment("octo/blog", 5, `${MARKER}\nold report`, "github-actions[bot]");
    for (let index = 0; index < 20; index++) server.addComment("octo/blog", 5, `later ${index}`);
    expect(await upsert("new report")).toEqual({ action: "updated", id: ours.id });
    expect(server.comments.filter((comment) => comment.body.includes(MARKER))).toHaveLength(1);
    expect(ours.body).toBe(`${MARKER}\nnew report`);
    expect(server.requests.map((request) => request.path)).toContain(
      "/repos/octo/blog/issues/5/comments?per_page=100&page=2",
    );
  });

  it("leaves a reply that quotes the marker alone", async () => {
    const quote = server.addComment("octo/blog", 5, `> ${MARKER}\n> old report\n\nWhy?`, "human");
    expect((await upsert("report")).action).toBe("created");
    expect(quote.body).toBe(`> ${MARKER}\n> old report\n\nWhy?`);
    expect(server.commentsOn("octo/blog", 5)).toHaveLength(2);
  });

  it("with create: false, updates an existing comment but never posts a new one", async () => {
    expect(await upsert("nothing new", false)).toEqual({ action: "skipped" });
    expect(server.comments).toHaveLength(0);
    const ours = server.addComment("octo/blog", 5, `${MARKER}\nstale`, "github-actions[bot]");
    expect(await upsert("all offloaded", false)).toEqual({ action: "updated", id: ours.id });
    expect(ours.body).toBe(`${MARKER}\nall offloaded`);
  });
});
