import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { commentTarget, parseTriggerEvent, readTriggerEvent } from "../../src/github/event.js";

const SHA = "3f786850e387550fdab836ed7e6dc881de23001b";

describe("commentTarget", () => {
  it("takes the number and head commit from a pull_request or pull_request_target payload", () => {
    const payload = { number: 12, pull_request: { number: 12, head: { sha: SHA } } };
    for (const event of ["pull_request", "pull_request_target"]) {
      expect(commentTarget(parseTriggerEvent(event, payload))).toEqual({
        kind: "pull-request",
        number: 12,
        headSha: SHA,
      });
    }
  });

  it("looks a push up by its `after` commit, or GITHUB_SHA when the payload has none", () => {
    const target = (payload: unknown, sha?: string) =>
      commentTarget(parseTriggerEvent("push", payload, sha ? { GITHUB_SHA: sha } : {}));
    expect(target({ after: SHA }, "ignored")).toEqual({ kind: "commit", sha: SHA });
    expect(target({}, SHA)).toEqual({ kind: "commit", sha: SHA });
  });

  it("has no target for a deleted branch, other events, or a payload without a number", () => {
    expect(commentTarget(parseTriggerEvent("push", { after: "0".repeat(40) })).kind).toBe("none");
    expect(commentTarget(parseTriggerEvent("workflow_dispatch", {}, { GITHUB_SHA: SHA }))).toEqual({
      kind: "none",
      reason: "workflow_dispatch event has no pull request",
    });
    expect(commentTarget(parseTriggerEvent("pull_request", { pull_request: {} }))).toEqual({
      kind: "none",
      reason: "the pull_request event payload has no pull request number",
    });
  });
});

describe("readTriggerEvent", () => {
  it("parses the file and treats a missing or broken one as an empty payload", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "mio-event-"));
    const good = path.join(dir, "event.json");
    await writeFile(good, JSON.stringify({ after: SHA }));
    const bad = path.join(dir, "bad.json");
    await writeFile(bad, "{");
    const read = (file?: string) =>
      readTriggerEvent({ GITHUB_EVENT_NAME: "push", ...(file ? { GITHUB_EVENT_PATH: file } : {}) });
    expect(await read(good)).toEqual({ name: "push", after: SHA });
    expect(await read(bad)).toEqual({ name: "push" });
    expect(await read(path.join(dir, "absent.json"))).toEqual({ name: "push" });
    expect(await read(undefined)).toEqual({ name: "push" });
    await rm(dir, { recursive: true, force: true });
  });
});
