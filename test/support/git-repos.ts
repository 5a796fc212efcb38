/**
 * Real git repositories in temp dirs for tests: a bare "remote", clones of it, and a git
 * runner that never blocks the event loop (an in-process s3rver must keep serving).
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runProcess } from "./run-node.js";

/** Runs git in `cwd` and returns trimmed stdout; a non-zero exit rejects with stderr. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const run = await runProcess("git", args, {
    cwd,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Writer",
      GIT_AUTHOR_EMAIL: "writer@example.com",
      GIT_COMMITTER_NAME: "Writer",
      GIT_COMMITTER_EMAIL: "writer@example.com",
      GIT_CONFIG_NOSYSTEM: "1",
    },
  });
  if (run.code !== 0) throw new Error(`git ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
  return run.stdout.trim();
}

/** Writes files (creating directories) under `root`. */
export async function writeFiles(
  root: string,
  files: Record<string, string | Uint8Array>,
): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
}

export interface RemoteRepo {
  /** Temp directory holding everything. */
  readonly dir: string;
  /** The bare repository: the "origin" every clone pushes to. */
  readonly bare: string;
  /** A fresh clone of the remote, with the writer's identity. */
  clone(name: string, args?: string[]): Promise<string>;
  /** Commits `files` in a scratch clone of `branch` and pushes; returns the new SHA. */
  pushAs(
    branch: string,
    files: Record<string, string | Uint8Array>,
    message?: string,
  ): Promise<string>;
  /** The remote's SHA for a branch. */
  head(branch: string): Promise<string>;
}

/** A bare remote whose `main` holds `files` in one commit. */
export async function createRemote(
  files: Record<string, string | Uint8Array>,
): Promise<RemoteRepo> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "mio-git-"));
  const bare = path.join(dir, "remote.git");
  await git(dir, "init", "--quiet", "--bare", "--initial-branch=main", bare);
  const seed = path.join(dir, "seed");
  await git(dir, "init", "--quiet", "--initial-branch=main", seed);
  await writeFiles(seed, files);
  await git(seed, "add", "--all");
  await git(seed, "commit", "--quiet", "-m", "initial");
  await git(seed, "remote", "add", "origin", bare);
  await git(seed, "push", "--quiet", "origin", "main");
  let clones = 0;
  const clone = async (name: string, args: string[] = []): Promise<string> => {
    const target = path.join(dir, name);
    // file:// so that --depth works as with a real server.
    await git(dir, "clone", "--quiet", ...args, `file://${bare}`, target);
    await git(target, "config", "user.name", "Writer");
    await git(target, "config", "user.email", "writer@example.com");
    return target;
  };
  return {
    dir,
    bare,
    clone,
    async pushAs(branch, changed, message = "a writer's commit") {
      const scratch = await clone(`scratch-${++clones}`);
      const exists = await git(scratch, "ls-remote", "origin", `refs/heads/${branch}`);
      if (exists) await git(scratch, "checkout", "--quiet", branch);
      else await git(scratch, "checkout", "--quiet", "-b", branch);
      await writeFiles(scratch, changed);
      await git(scratch, "add", "--all");
      await git(scratch, "commit", "--quiet", "-m", message);
      await git(scratch, "push", "--quiet", "origin", `HEAD:refs/heads/${branch}`);
      return git(scratch, "rev-parse", "HEAD");
    },
    head: (branch) => git(bare, "rev-parse", `refs/heads/${branch}`),
  };
}
