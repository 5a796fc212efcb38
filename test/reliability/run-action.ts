/** Runs the built Action (`node dist/index.js`) the way the runner does, for fault tests. */
import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { readGithubOutput } from "../support/run-node.js";
import { S3RVER_ACCESS_KEY_ID, S3RVER_SECRET_ACCESS_KEY } from "../support/s3rver.js";

export const repo = path.resolve(import.meta.dirname, "../..");
const actionYml = parse(await readFile(path.join(repo, "action.yml"), "utf8")) as {
  inputs: Record<string, { default?: string }>;
};

export interface ActionRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
}

/** Inputs for workspace mode against `endpoint` (a proxy in front of s3rver). */
export function workspaceInputs(endpoint: string, bucket: string): Record<string, string> {
  return {
    mode: "workspace",
    bucket,
    endpoint,
    "public-url": `${endpoint}/${bucket}`,
    "access-key-id": S3RVER_ACCESS_KEY_ID,
    "secret-access-key": S3RVER_SECRET_ACCESS_KEY,
  };
}

/**
 * Starts the Action with action.yml's defaults overridden by `inputs`; `onStart` gets the
 * child so a test can kill it. Never blocks this process: s3rver runs in it.
 */
export async function runAction(
  workspace: string,
  inputs: Record<string, string>,
  onStart: (child: ChildProcess) => void = () => {},
): Promise<ActionRun> {
  const temp = await mkdtemp(path.join(os.tmpdir(), "mio-reliability-runner-"));
  const eventPath = path.join(temp, "event.json");
  await writeFile(eventPath, JSON.stringify({ ref: "refs/heads/main", after: "0".repeat(40) }));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: "push",
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: path.join(temp, "output"),
    GITHUB_STEP_SUMMARY: path.join(temp, "summary.md"),
    GITHUB_REPOSITORY: "o/r",
    RUNNER_TEMP: temp,
  };
  for (const [name, input] of Object.entries(actionYml.inputs))
    env[`INPUT_${name.toUpperCase()}`] = input.default ?? "";
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  await writeFile(env.GITHUB_OUTPUT as string, "");
  await writeFile(env.GITHUB_STEP_SUMMARY as string, "");
  const result = await new Promise<Omit<ActionRun, "outputs">>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repo, "dist/index.js")], {
      cwd: workspace,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    onStart(child);
  });
  return { ...result, outputs: await readGithubOutput(env.GITHUB_OUTPUT as string) };
}

/** `::error…::` lines of a run's output. */
export function errorLines(stdout: string): string[] {
  return stdout.split("\n").filter((line) => line.startsWith("::error"));
}

/**
 * A small blog in a temp dir: `posts` Markdown files, each with `perPost` images under
 * img/ (PNG signature + random bytes, so every image is distinct).
 */
export async function makeBlog(
  posts: number,
  perPost: number,
): Promise<{ root: string; files: string[]; images: string[] }> {
  const root = await mkdtemp(path.join(os.tmpdir(), "mio-reliability-blog-"));
  await mkdir(path.join(root, "posts/img"), { recursive: true });
  const files: string[] = [];
  const images: string[] = [];
  const png = await readFile(path.join(repo, "test/fixtures/blog/x.png"));
  for (let post = 0; post < posts; post++) {
    const lines = [`# Post ${post}`, ""];
    for (let index = 0; index < perPost; index++) {
      const image = `posts/img/p${post}-${index}.png`;
      // A real PNG with distinct trailing bytes (decoders ignore data after IEND).
      await writeFile(path.join(root, image), Buffer.concat([png, Buffer.from(image)]));
      images.push(image);
      lines.push(`Picture ${index}: ![p${post}-${index}](img/p${post}-${index}.png)`, "");
    }
    const file = `posts/post-${post}.md`;
    await writeFile(path.join(root, file), lines.join("\n"));
    files.push(file);
  }
  return { root, files, images };
}

/** A copy of `source` in a new temp dir. */
export async function copyTree(source: string): Promise<string> {
  const target = await mkdtemp(path.join(os.tmpdir(), "mio-reliability-copy-"));
  await cp(source, target, { recursive: true });
  return target;
}
