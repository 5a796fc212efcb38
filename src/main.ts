import os from "node:os";
import * as core from "@actions/core";
import { actionLogger } from "./action/logger.js";
import { finishRun, prepareRun } from "./action/modes.js";
import { setOutputs } from "./action/outputs.js";
import { checkSetupInDryRun } from "./check/dry-run.js";
import { describeError } from "./core/errors.js";
import { systemClock } from "./core/logger.js";
import { writeRunManifest } from "./engine/report/manifest.js";
import { runFailure, runOffload } from "./engine/run.js";
import { commentOnPullRequest } from "./github/pull-request-comment.js";
import { INPUTS } from "./options/inputs.js";
import { parseInputs } from "./options/parse-inputs.js";
import { renderSummary } from "./report/summary.js";
import { createS3Storage } from "./storage/s3-storage.js";

/** The Action: inputs from the runner, the engine on GITHUB_WORKSPACE, outputs and summary back. */
export async function run(): Promise<void> {
  try {
    // Mask secrets before anything else can print them.
    for (const input of INPUTS) {
      const value = input.secret ? core.getInput(input.name) : "";
      if (value) core.setSecret(value);
    }
    const options = parseInputs((name) => core.getInput(name), "action");
    const root = process.env.GITHUB_WORKSPACE || process.cwd();
    const prepared = await prepareRun(root, options, process.env, actionLogger);
    const storage = createS3Storage(options.storage);
    try {
      const result = await runOffload(
        root,
        options,
        {
          storage,
          logger: actionLogger,
          clock: systemClock,
          fetch: (url, init) => fetch(url, init),
        },
        {
          ...(prepared.scopeFiles ? { contentFiles: prepared.scopeFiles } : {}),
          ...(prepared.stagingRoot ? { outputRoot: prepared.stagingRoot } : {}),
        },
      );
      const setupCheck = options.dryRun
        ? await checkSetupInDryRun(
            options,
            { storage, fetch: (url, init) => fetch(url, init), clock: systemClock },
            actionLogger,
          )
        : undefined;
      const finished = await finishRun(prepared, result, actionLogger);
      const manifestPath = await writeRunManifest(
        process.env.RUNNER_TEMP || os.tmpdir(),
        result.manifest,
      );
      setOutputs(result, manifestPath, finished);
      if (process.env.GITHUB_STEP_SUMMARY) {
        await core.summary
          .addRaw(renderSummary(result, { publicUrl: options.publicUrl }))
          .addRaw(finished.summary ? `\n${finished.summary}` : "")
          .addRaw(setupCheck ? `\n${setupCheck.markdown}` : "")
          .write();
      }
      if (options.comment) {
        const env = process.env;
        const runUrl =
          env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
            ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
            : undefined;
        // Never throws: API failures (a fork's read-only token) become a warning.
        await commentOnPullRequest(
          {
            event: prepared.event,
            token: options.githubToken ?? "",
            ...(options.commentAuthor
              ? { author: { login: options.commentAuthor, type: "" } }
              : {}),
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
      const failure = [runFailure(result, options), finished.failure, setupCheck?.failure]
        .filter(Boolean)
        .join(" ");
      if (failure) core.setFailed(failure);
    } finally {
      storage.close();
    }
  } catch (error) {
    core.setFailed(describeError(error));
  }
}
