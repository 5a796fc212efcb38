/**
 * Runs the built Action (`node dist/index.js`) exactly as the runner does: every input from
 * action.yml's defaults as INPUT_* (expressions evaluated the way the runner would), then
 * the test's inputs; the event payload in a file named by GITHUB_EVENT_PATH; outputs and
 * the job summary in files. Never blocks this process: s3rver runs in it.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { type ProcessRun, readGithubOutput, runNode } from "./run-node.js";

const repo = path.resolve(import.meta.dirname, "../..");
const actionYml = parse(await readFile(path.join(repo, "action.yml"), "utf8")) as {
  inputs: Record<string, { default?: string }>;
};

/** The token the runner substitutes for `${{ github.token }}` in these runs. */
export const JOB_TOKEN = "ghs_jobtoken";

export interface ActionEvent {
  readonly name: string;
  readonly payload: unknown;
}

/** A push to main whose `before` is unknown: every content file is in scope. */
export const PUSH_TO_MAIN: ActionEvent = {
  name: "push",
  payload: { ref: "refs/heads/main", after: "0".repeat(40) },
};

export interface RunActionOptions {
  readonly event?: ActionEvent;
  /** GITHUB_* and other variables on top of the defaults below. */
  readonly env?: NodeJS.ProcessEnv;
  /** Gets the child as soon as it runs, e.g. to kill it. */
  readonly onStart?: (child: ChildProcess) => void;
}

export interface ActionRun extends ProcessRun {
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

export async function runAction(
  workspace: string,
  inputs: Record<string, string>,
  options: RunActionOptions = {},
): Promise<ActionRun> {
  const temp = await mkdtemp(path.join(os.tmpdir(), "mio-runner-"));
  const event = options.event ?? PUSH_TO_MAIN;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    // git reads no user config from the developer's machine.
    HOME: temp,
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: path.join(temp, "event.json"),
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: path.join(temp, "output"),
    GITHUB_STEP_SUMMARY: path.join(temp, "summary.md"),
    GITHUB_REPOSITORY: "o/r",
    // Tests reach nothing off this machine: the API is a closed local port unless a test
    // points it at its fake GitHub server.
    GITHUB_API_URL: "http://127.0.0.1:9",
    RUNNER_TEMP: temp,
    ...options.env,
  };
  for (const [name, input] of Object.entries(actionYml.inputs)) {
    env[`INPUT_${name.toUpperCase()}`] = (input.default ?? "").replace(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the runner's expression, not JS.
      "${{ github.token }}",
      JOB_TOKEN,
    );
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  await writeFile(env.GITHUB_EVENT_PATH as string, JSON.stringify(event.payload));
  await writeFile(env.GITHUB_OUTPUT as string, "");
  await writeFile(env.GITHUB_STEP_SUMMARY as string, "");
  const result = await runNode(path.join(repo, "dist/index.js"), [], {
    cwd: workspace,
    env,
    ...(options.onStart ? { onStart: options.onStart } : {}),
  });
  return {
    ...result,
    outputs: await readGithubOutput(env.GITHUB_OUTPUT as string),
    summary: await readFile(env.GITHUB_STEP_SUMMARY as string, "utf8"),
  };
}
