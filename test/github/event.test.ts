import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { commentTarget, readEventPayload } from "../../src/github/event.js";

const SHA = "3f786850e387550fdab836ed7e6dc881de23001b";

describe("commentTarget", () => {
  it("takes the number and head commit from a pull_request or pull_request_target payload", () => {
    const payload = { number: 12, pull_request: { number: 12, head: { sha: SHA } } };
    for (const event of ["pull_request", "pull_request_target"]) {
      expect(commentTarget(event, payload)).toEqual({
        kind: "pull-request",
        number: 12,
        headSha: SHA,
      });
    }
  });

  it("looks a push up by its `after` commit, or GITHUB_SHA when the payload has none", () => {
    expect(commentTarget("push", { after: SHA }, "ignored")).toEqual({ kind: "commit", sha: SHA });
    expect(commentTarget("push", {}, SHA)).toEqual({ kind: "commit", sha: SHA });
  });

  it("has no target for a deleted branch, other events, or a payload without a number", () => {
    expect(commentTarget("push", { after: "0".repeat(40) }).kind).toBe("none");
    expect(commentTarget("workflow_dispatch", {}, SHA)).toEqual({
      kind: "none",
      reason: "workflow_dispatch event has no pull request",
    });
    expect(commentTarget("pull_request", {})).toEqual({
      kind: "none",
      reason: "the pull_request event payload has no pull request number",
    });
  });
});

describe("readEventPayload", () => {
  it("parses the file and treats a missing or broken one as an empty payload", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "mio-event-"));
    const good = path.join(dir, "event.json");
    await writeFile(good, JSON.stringify({ after: SHA }));
    const bad = path.join(dir, "bad.json");
    await writeFile(bad, "{");
    expect(await readEventPayload(good)).toEqual({ after: SHA });
    expect(await readEventPayload(bad)).toEqual({});
    expect(await readEventPayload(path.join(dir, "absent.json"))).toEqual({});
    expect(await readEventPayload(undefined)).toEqual({});
    await rm(dir, { recursive: true, force: true });
  });
});
