import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { basicAuthHeader, Git, GitError } from "../../src/git/git.js";
import { createRemote, git, type RemoteRepo, writeFiles } from "../support/git-repos.js";

const TOKEN = "ghs_wrapperTestToken42";
const dirs: string[] = [];
const remotes: RemoteRepo[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  for (const remote of remotes.splice(0)) await rm(remote.dir, { recursive: true, force: true });
});

describe("Git wrapper", () => {
  it("builds the header actions/checkout uses", () => {
    const header = basicAuthHeader(TOKEN);
    expect(header).toBe(
      `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`,
    );
  });

  it("returns stdout, stderr and the exit code, and throws a redacted GitError from run", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "mio-gitw-"));
    dirs.push(dir);
    const client = new Git(dir);
    expect(await client.isRepository()).toBe(false);
    const output = await client.exec(["status"]);
    expect(output.exitCode).toBe(128);
    expect(output.stderr).toMatch(/not a git repository/);

    client.useToken(TOKEN);
    const encoded = basicAuthHeader(TOKEN).split(" ").at(-1) ?? "";
    expect(client.redact(`x ${TOKEN} y ${encoded}`)).toBe("x *** y ***");
    const error = await client.run(["log", TOKEN]).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(GitError);
    expect((error as GitError).message).toMatch(/^git log failed \(exit 128\)/);
    expect((error as GitError).message).not.toContain(TOKEN);
  });

  it("lists the files changed between two commits, and finds tracked text by whole word", async () => {
    const remote = await createRemote({ "a.md": "see hero.png\n", "b.md": "superhero.png\n" });
    remotes.push(remote);
    const work = await remote.clone("work");
    const first = await git(work, "rev-parse", "HEAD");
    await writeFiles(work, { "a.md": "changed\n", "c d/é.md": "new\n" });
    await git(work, "add", "--all");
    await git(work, "commit", "--quiet", "-m", "change");
    const client = new Git(work);
    expect(await client.changedFiles(first, "HEAD")).toEqual(["a.md", "c d/é.md"]);
    expect(await client.grepTracked("hero.png")).toEqual([]);
    expect(await client.grepTracked("superhero.png")).toEqual(["b.md"]);
    expect(await client.hasCommit(first)).toBe(true);
    expect(await client.hasCommit("1".repeat(40))).toBe(false);
  });
});
