/**
 * Git behind one small wrapper: one method per verb, all through a single `exec` that runs
 * `git` as an async child process. Async matters: a synchronous spawn would block the event
 * loop, and with it anything else this process serves (a test's in-process S3 server).
 *
 * Credentials never go into a URL or argument list that is logged: `authHeader` is passed
 * as a per-command `-c http.extraheader=…` so it is never written to .git/config, and
 * `describe()` redacts it from every error message.
 */
import { spawn } from "node:child_process";

export interface GitOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface GitOptions {
  /** The `git` executable; defaults to the one on PATH. */
  readonly gitPath?: string;
  /** Extra environment on top of process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

/** A git command that exited non-zero when it had to succeed. */
export class GitError extends Error {
  override name = "GitError";
  constructor(
    message: string,
    readonly output: GitOutput,
  ) {
    super(message);
  }
}

export const BOT_NAME = "github-actions[bot]";
export const BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com";

/** The header actions/checkout sends: `AUTHORIZATION: basic base64(x-access-token:TOKEN)`. */
export function basicAuthHeader(token: string): string {
  return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`, "utf8").toString("base64")}`;
}

export class Git {
  /** `-c` options sent with network verbs only (fetch, push). */
  private readonly networkConfig: string[] = [];
  private readonly secrets: string[] = [];

  constructor(
    readonly workingDirectory: string,
    private readonly options: GitOptions = {},
  ) {}

  /**
   * Authenticates fetch and push to `serverUrl` with a token, without writing it anywhere
   * on disk. The key is the one actions/checkout persists; its empty value first clears
   * any header checkout left there, since two Authorization headers are refused.
   */
  useToken(token: string, serverUrl = "https://github.com"): void {
    const header = basicAuthHeader(token);
    const key = `http.${serverUrl.replace(/\/+$/, "")}/.extraheader`;
    this.networkConfig.push("-c", `${key}=`, "-c", `${key}=${header}`);
    this.secrets.push(token, header, header.slice("AUTHORIZATION: basic ".length));
  }

  /** The secrets `redact` removes, for the adapter to mask in the runner's log too. */
  get maskedValues(): readonly string[] {
    return this.secrets;
  }

  /**
   * Stages exactly these paths. They go through stdin, NUL-separated, never the command
   * line: no argument-length limit, and with GIT_LITERAL_PATHSPECS (set on every command)
   * a file named `:!post.md` or `[slug].mdx` names itself, not a pattern.
   */
  async add(paths: readonly string[]): Promise<void> {
    if (paths.length > 0) await this.runWithPaths(["add"], paths);
  }

  async rm(paths: readonly string[]): Promise<void> {
    if (paths.length > 0) await this.runWithPaths(["rm", "--quiet"], paths);
  }

  /** The paths a commit changed against its first parent (every path for a root commit). */
  async committedFiles(ref: string): Promise<string[]> {
    const output = await this.run([
      "-c",
      "core.quotePath=false",
      "diff-tree",
      "--root",
      "--no-commit-id",
      "--no-renames",
      "--name-only",
      "-r",
      "-z",
      ref,
    ]);
    return output.stdout.split("\0").filter(Boolean);
  }

  private runWithPaths(args: readonly string[], paths: readonly string[]): Promise<GitOutput> {
    const list = Buffer.from(`${paths.join("\0")}\0`, "utf8");
    return this.run([...args, "--pathspec-from-file=-", "--pathspec-file-nul"], list);
  }

  /** Commits the index as the github-actions bot; returns the new commit's SHA. */
  async commit(message: string): Promise<string> {
    await this.run([
      "-c",
      `user.name=${BOT_NAME}`,
      "-c",
      `user.email=${BOT_EMAIL}`,
      "commit",
      "--quiet",
      "--no-verify",
      "--message",
      message,
    ]);
    return this.revParse("HEAD");
  }

  /** True when the index differs from HEAD (something is staged). */
  async hasStagedChanges(): Promise<boolean> {
    const output = await this.exec(["diff", "--cached", "--quiet"]);
    if (output.exitCode > 1) throw this.failure(["diff", "--cached", "--quiet"], output);
    return output.exitCode === 1;
  }

  /** Fetches refspecs from origin; `depth` deepens a shallow clone by that many commits. */
  async fetch(refspecs: readonly string[], extra: readonly string[] = []): Promise<GitOutput> {
    return this.exec([
      ...this.networkConfig,
      "fetch",
      "--no-tags",
      ...extra,
      "origin",
      ...refspecs,
    ]);
  }

  /** Pushes; the exit code is returned so a rejection can be told from success. */
  async push(refspec: string): Promise<GitOutput> {
    return this.exec([...this.networkConfig, "push", "--porcelain", "origin", refspec]);
  }

  /** Rebases HEAD onto `upstream`; false (and the rebase aborted) on a conflict. */
  async rebase(upstream: string): Promise<boolean> {
    const output = await this.exec([
      "-c",
      `user.name=${BOT_NAME}`,
      "-c",
      `user.email=${BOT_EMAIL}`,
      "rebase",
      "--quiet",
      upstream,
    ]);
    if (output.exitCode === 0) return true;
    await this.exec(["rebase", "--abort"]);
    return false;
  }

  async revParse(ref: string): Promise<string> {
    return (await this.run(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).stdout.trim();
  }

  /** True when `ref` names a commit present in this clone. */
  async hasCommit(ref: string): Promise<boolean> {
    return (await this.exec(["cat-file", "-e", `${ref}^{commit}`])).exitCode === 0;
  }

  async isShallow(): Promise<boolean> {
    return (await this.run(["rev-parse", "--is-shallow-repository"])).stdout.trim() === "true";
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    const output = await this.exec(["merge-base", a, b]);
    return output.exitCode === 0 ? output.stdout.trim() : undefined;
  }

  /** Paths (repository-relative) added, copied, modified or renamed between two commits. */
  async changedFiles(from: string, to: string): Promise<string[]> {
    const output = await this.run([
      "-c",
      "core.quotePath=false",
      "diff",
      "--name-only",
      "--no-renames",
      "--diff-filter=ACMR",
      "-z",
      from,
      to,
    ]);
    return output.stdout.split("\0").filter(Boolean);
  }

  /**
   * Tracked text files (binary ones skipped) whose content contains `text` literally as a
   * whole word: `a.png` is found in `img/a.png` and `"a.png"`, not inside `aaaa.png`.
   */
  async grepTracked(text: string): Promise<string[]> {
    const output = await this.exec([
      "-c",
      "core.quotePath=false",
      "grep",
      "-l",
      "-z",
      "-I",
      "-F",
      "-w",
      "-e",
      text,
    ]);
    if (output.exitCode > 1) throw this.failure(["grep", text], output);
    return output.stdout.split("\0").filter(Boolean);
  }

  /** True when `path` is tracked in the index. */
  async isTracked(path: string): Promise<boolean> {
    return (await this.exec(["ls-files", "--error-unmatch", "--", path])).exitCode === 0;
  }

  /** The unified diff of `paths`: working tree against the index, or of `range` (`a..b`). */
  async diff(paths: readonly string[], range?: string): Promise<string> {
    if (paths.length === 0) return "";
    const args = ["-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff"];
    return (await this.run([...args, ...(range ? [range] : []), "--", ...paths])).stdout;
  }

  /** The parents of a commit, first parent first. */
  async parents(ref: string): Promise<string[]> {
    const output = await this.run(["rev-list", "--parents", "-n", "1", ref]);
    return output.stdout.trim().split(/\s+/).slice(1);
  }

  /** True when `root` is inside a git work tree. */
  async isRepository(): Promise<boolean> {
    const output = await this.exec(["rev-parse", "--is-inside-work-tree"]).catch(() => undefined);
    return output?.exitCode === 0 && output.stdout.trim() === "true";
  }

  /** Runs a git command that must succeed. */
  async run(args: readonly string[], stdin?: Buffer): Promise<GitOutput> {
    const output = await this.exec(args, stdin);
    if (output.exitCode !== 0) throw this.failure(args, output);
    return output;
  }

  /** Runs git with `args` in the working directory; never throws for a non-zero exit. */
  exec(args: readonly string[], stdin?: Buffer): Promise<GitOutput> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.gitPath ?? "git", args, {
        cwd: this.workingDirectory,
        env: {
          ...process.env,
          ...this.options.env,
          // Never wait for a password prompt on a runner.
          GIT_TERMINAL_PROMPT: "0",
          // File names come from content: `:!x`, `*` or `[ab]` must never act as patterns.
          GIT_LITERAL_PATHSPECS: "1",
        },
        stdio: ["pipe", "pipe", "pipe"],
      });
      // git reads the NUL-separated path list from stdin; every other command gets EOF.
      child.stdin.on("error", () => {}); // git may exit before reading it
      child.stdin.end(stdin);
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
      child.on("error", reject);
      child.on("close", (code) =>
        resolve({
          stdout: Buffer.concat(stdout).toString("utf8"),
          stderr: Buffer.concat(stderr).toString("utf8"),
          exitCode: code ?? 1,
        }),
      );
    });
  }

  /** Removes every credential this wrapper knows from a text before it is shown. */
  redact(text: string): string {
    let clean = text;
    for (const secret of this.secrets) if (secret) clean = clean.split(secret).join("***");
    return clean;
  }

  private failure(args: readonly string[], output: GitOutput): GitError {
    const verb = args.find((arg, index) => !arg.startsWith("-") && args[index - 1] !== "-c");
    const detail = this.redact(output.stderr.trim().split("\n").slice(-3).join(" "));
    return new GitError(
      `git ${verb ?? ""} failed (exit ${output.exitCode})${detail ? `: ${detail}` : ""}`,
      { ...output, stderr: this.redact(output.stderr), stdout: this.redact(output.stdout) },
    );
  }
}
