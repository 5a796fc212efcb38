import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";

export interface ProcessRun {
  /** The exit code; 1 when the process was killed by a signal. */
  readonly code: number;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ProcessOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Gets the child as soon as it runs, e.g. to kill it. */
  readonly onStart?: (child: ChildProcess) => void;
}

/**
 * Runs a program as a child process WITHOUT blocking this process: s3rver runs in the
 * test's own process and would starve under execFileSync/spawnSync.
 */
export function runProcess(
  file: string,
  args: readonly string[],
  options: ProcessOptions,
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
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
    child.on("close", (code, signal) => resolve({ code: code ?? 1, signal, stdout, stderr }));
    options.onStart?.(child);
  });
}

/** `node <script> <args>` through runProcess. */
export function runNode(
  script: string,
  args: readonly string[],
  options: ProcessOptions,
): Promise<ProcessRun> {
  return runProcess(process.execPath, [script, ...args], options);
}

/** Parses a GITHUB_OUTPUT file as @actions/core writes it (`name<<delimiter` blocks). */
export async function readGithubOutput(file: string): Promise<Record<string, string>> {
  const text = await readFile(file, "utf8").catch(() => "");
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[index] ?? "");
    if (!match?.[1] || !match[2]) continue;
    const value: string[] = [];
    for (index++; index < lines.length && lines[index] !== match[2]; index++)
      value.push(lines[index] ?? "");
    outputs[match[1]] = value.join("\n");
  }
  return outputs;
}
