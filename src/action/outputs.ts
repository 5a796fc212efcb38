import * as core from "@actions/core";
import type { RunResult } from "../engine/types.js";

/** Sets the outputs action.yml declares; commit-sha and artifact-id are empty in other modes. */
export function setOutputs(
  result: RunResult,
  manifestPath: string,
  mode: { readonly commitSha?: string; readonly artifactId?: number } = {},
): void {
  core.setOutput("uploaded", result.counts.uploaded);
  core.setOutput("skipped", result.counts.skipped);
  core.setOutput("failed", result.counts.failed);
  core.setOutput("missing", result.counts.missing);
  core.setOutput("rewritten", result.counts.rewritten);
  core.setOutput("files", JSON.stringify(result.files));
  core.setOutput("manifest", manifestPath);
  core.setOutput("commit-sha", mode.commitSha ?? "");
  core.setOutput("artifact-id", mode.artifactId === undefined ? "" : String(mode.artifactId));
}
