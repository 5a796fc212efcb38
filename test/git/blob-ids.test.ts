/** The blob ids of clean tracked files, from a real repository. */
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cleanBlobIds } from "../../src/git/blob-ids.js";
import { git, writeFiles } from "../support/git-repos.js";

let dir: string;
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function committed(files: Record<string, string>): Promise<string> {
  dir = await mkdtemp(path.join(os.tmpdir(), "mio-blobs-"));
  await git(dir, "init", "-q");
  await writeFiles(dir, files);
  await git(dir, "add", "-A");
  await git(dir, "commit", "-q", "-m", "content");
  return dir;
}

describe("cleanBlobIds", () => {
  it("gives git's own blob id for each clean file, by path below the root, whatever its name", async () => {
    const root = await committed({
      "posts/a b.png": "image a",
      ":!x*.png": "pattern-like name",
      "posts/post.md": "text",
    });
    const blobs = await cleanBlobIds(root);
    expect(blobs.get("posts/a b.png")).toBe(await git(root, "hash-object", "posts/a b.png"));
    expect(blobs.get(":!x*.png")).toBe(await git(root, "hash-object", "--", ":!x*.png"));
    expect(blobs.size).toBe(3);
    // From a subdirectory: paths relative to it, nothing outside it.
    const inPosts = await cleanBlobIds(path.join(root, "posts"));
    expect([...inPosts.keys()].sort()).toEqual(["a b.png", "post.md"]);
  });

  it("leaves out edited, untracked and symlinked files, whose bytes git has not hashed", async () => {
    const root = await committed({ "edited.png": "before", "kept.png": "kept" });
    await symlink("kept.png", path.join(root, "link.png"));
    await git(root, "add", "link.png");
    await git(root, "commit", "-q", "-m", "link");
    await writeFile(path.join(root, "edited.png"), "after!");
    await writeFile(path.join(root, "new.png"), "untracked");
    expect([...(await cleanBlobIds(root)).keys()]).toEqual(["kept.png"]);
  });

  it("is empty outside a git work tree", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "mio-blobs-"));
    await writeFile(path.join(dir, "a.png"), "a");
    expect((await cleanBlobIds(dir)).size).toBe(0);
  });
});
