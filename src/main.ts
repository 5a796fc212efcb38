import os from "node:os";
import path from "node:path";
import * as core from "@actions/core";
import { actionLogger } from "./action/logger.js";
import { setOutputs } from "./action/outputs.js";
import { describeError } from "./engine/errors.js";
import { systemClock } from "./engine/logger.js";
import { writeManifest } from "./engine/report/manifest.js";
import { renderSummary } from "./engine/report/summary.js";
import { runFailure, runOffload } from "./engine/run.js";
import { INPUTS } from "./options/inputs.js";
import { parseInputs } from "./options/parse-inputs.js";
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
    const storage = createS3Storage(options.storage);
    try {
      const result = await runOffload(root, options, {
        storage,
        logger: actionLogger,
        clock: systemClock,
        fetch: (url, init) => fetch(url, init),
      });
      const runId = process.env.GITHUB_RUN_ID ?? String(process.pid);
      const manifestPath = path.join(
        process.env.RUNNER_TEMP || os.tmpdir(),
        `md-image-offload-${runId}.json`,
      );
      await writeManifest(manifestPath, result.manifest);
      setOutputs(result, manifestPath);
      if (process.env.GITHUB_STEP_SUMMARY) {
        await core.summary.addRaw(renderSummary(result, { publicUrl: options.publicUrl })).write();
      }
      if (options.comment && process.env.GITHUB_EVENT_NAME?.startsWith("pull_request")) {
        core.notice(
          "Pull-request comments are not supported yet in this version; the job summary has the report.",
        );
      }
      const failure = runFailure(result, options);
      if (failure) core.setFailed(failure);
    } finally {
      storage.close();
    }
  } catch (error) {
    core.setFailed(describeError(error));
  }
}
