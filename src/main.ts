import os from "node:os";
import * as core from "@actions/core";
import { actionLogger } from "./action/logger.js";
import { type FinishedRun, finishRun, type PreparedRun, prepareRun } from "./action/modes.js";
import { setOutputs } from "./action/outputs.js";
import { describeError } from "./core/errors.js";
import { systemClock } from "./core/logger.js";
import type { RunResult } from "./engine/types.js";
import { offload } from "./offload.js";
import { withEnvFallbacks } from "./options/env-fallbacks.js";
import { INPUTS } from "./options/inputs.js";
import type { Options } from "./options/options.js";
import { parseInputs } from "./options/parse-inputs.js";
import { renderSummary, type SummaryOptions } from "./report/summary.js";

/** The Action: inputs from the runner, the engine on GITHUB_WORKSPACE, outputs and summary back. */
export async function run(entry: { readonly parseWorker?: URL } = {}): Promise<void> {
  try {
    // Mask secrets before anything else can print them.
    const getInput = withEnvFallbacks((name) => core.getInput(name), process.env);
    for (const input of INPUTS) {
      const value = input.secret ? getInput(input.name) : "";
      if (value) core.setSecret(value);
    }
    const options = parseInputs(getInput, "action");
    const root = process.env.GITHUB_WORKSPACE || process.cwd();
    const prepared = await prepareRun(root, options, process.env, actionLogger);
    const run = await offload(
      {
        root,
        options,
        logger: actionLogger,
        tempDir: process.env.RUNNER_TEMP || os.tmpdir(),
        ...(entry.parseWorker ? { parseWorker: entry.parseWorker } : {}),
        scope: {
          ...(prepared.scopeFiles ? { contentFiles: prepared.scopeFiles } : {}),
          ...(prepared.stagingRoot ? { outputRoot: prepared.stagingRoot } : {}),
          // A runner's workspace lives for one job: a machine crash loses the job anyway,
          // and what counts is committed, uploaded or built from it in this same job.
          durable: false,
        },
      },
      // A dry run also proves the setup: the checklist needs the storage still open.
      async (storage) => {
        if (!options.dryRun) return undefined;
        // Loaded only for a dry run: the checklist's bucket probe needs the AWS SDK.
        const { checkSetupInDryRun } = await import("./check/dry-run.js");
        return checkSetupInDryRun(
          options,
          { storage, fetch: (url, init) => fetch(url, init), clock: systemClock },
          actionLogger,
        );
      },
    );
    const finished = await finishRun(prepared, run.result, actionLogger);
    setOutputs(run.result, run.manifestPath, finished);
    const used = { ...options, publicUrl: run.publicUrl };
    await writeJobSummary(run.result, used, finished, run.extra?.markdown);
    if (options.comment) await comment(prepared, run.result, used, finished);
    const failure = [run.failure, finished.failure].filter(Boolean).join(" ");
    if (failure) core.setFailed(failure);
  } catch (error) {
    core.setFailed(describeError(error));
  }
}

async function writeJobSummary(
  result: RunResult,
  options: Options,
  finished: FinishedRun,
  setupCheck: string | undefined,
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary
    .addRaw(
      renderSummary(result, { publicUrl: options.publicUrl, ...manifestLink(result, options) }),
    )
    .addRaw(finished.summary ? `\n${finished.summary}` : "")
    .addRaw(setupCheck ? `\n${setupCheck}` : "")
    .write();
}

/** The repository's manifest as the summary links it: on the branch the run pushed to. */
function manifestLink(result: RunResult, options: Options): Pick<SummaryOptions, "manifest"> {
  const file = options.manifestFile;
  if (!file || !result.written.includes(file)) return {};
  const server = process.env.GITHUB_SERVER_URL || "https://github.com";
  const repository = process.env.GITHUB_REPOSITORY;
  const ref = process.env.GITHUB_HEAD_REF || process.env.GITHUB_REF_NAME;
  if (options.mode !== "commit" || !repository || !ref) return { manifest: { file } };
  const encoded = file.split("/").map(encodeURIComponent).join("/");
  return {
    manifest: { file, url: `${server}/${repository}/blob/${encodeURIComponent(ref)}/${encoded}` },
  };
}

/** The sticky PR comment; never throws (a fork's read-only token becomes a warning). */
async function comment(
  prepared: PreparedRun,
  result: RunResult,
  options: Options,
  finished: FinishedRun,
): Promise<void> {
  const env = process.env;
  const runUrl =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  // Loaded when a comment is due: the GitHub client is a large part of the bundle.
  const { commentOnPullRequest } = await import("./github/pull-request-comment.js");
  await commentOnPullRequest(
    {
      event: prepared.event,
      token: options.githubToken ?? "",
      ...(options.commentAuthor ? { author: { login: options.commentAuthor, type: "" } } : {}),
      apiUrl: env.GITHUB_API_URL || "https://api.github.com",
      result,
      report: {
        publicUrl: options.publicUrl,
        ...(runUrl ? { runUrl } : {}),
        ...(finished.commitSha ? { pushedSha: finished.commitSha } : {}),
      },
    },
    actionLogger,
  );
}
