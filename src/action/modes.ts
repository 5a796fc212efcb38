/**
 * What the Action does around the engine for each `mode`: before the run, find the event,
 * the git clone and the content files in scope; after it, commit and push, or upload the
 * artifact the engine staged outside the workspace. Errors here become a failure string
 * so that the outputs and the job summary are still written.
 */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as core from "@actions/core";
import { describeError, InputError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { RunResult } from "../engine/types.js";
import { Git } from "../git/git.js";
import { readTriggerEvent, type TriggerEvent } from "../github/event.js";
import type { Options } from "../options/options.js";
import { runArtifactMode, type UploadArtifact } from "./artifact.js";
import { runCommitMode } from "./commit.js";
import { type RepositoryLinks, renderArtifactSection, renderCommitSection } from "./mode-report.js";
import { effectiveScope, resolveScope, type ScopeFiles } from "./scope.js";

export interface PreparedRun {
  readonly root: string;
  readonly options: Options;
  readonly event: TriggerEvent;
  /** Undefined when the workspace is not a git clone, or when the run does not use it. */
  readonly git?: Git;
  readonly scopeFiles: ScopeFiles;
  /** Artifact mode: where the engine writes the rewritten files instead of the workspace. */
  readonly stagingRoot?: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface FinishedRun {
  readonly commitSha?: string;
  readonly artifactId?: number;
  /** Markdown appended to the job summary. */
  readonly summary: string;
  /** One sentence when this step failed the run. */
  readonly failure?: string;
}

/** Before the engine: refuse commit mode without a clone, and work out the scope. */
export async function prepareRun(
  root: string,
  options: Options,
  env: NodeJS.ProcessEnv,
  logger: Logger,
): Promise<PreparedRun> {
  const event = await readTriggerEvent(env);
  // Only commit mode and a changed-files scope use the clone: other runs spare the spawn.
  const usesGit =
    options.mode === "commit" ||
    effectiveScope(options.scope, options.mode, event.name) === "changed";
  const candidate = new Git(root);
  const git = usesGit && (await candidate.isRepository()) ? candidate : undefined;
  if (options.mode === "commit" && !git) {
    throw new InputError(
      "mode",
      `mode: commit needs a git clone in ${root}; add actions/checkout before this step, or use mode: workspace.`,
    );
  }
  if (git && options.githubToken) {
    git.useToken(options.githubToken, env.GITHUB_SERVER_URL || "https://github.com");
    for (const secret of git.maskedValues) core.setSecret(secret);
  }
  const scopeFiles = await resolveScope(options.scope, options.mode, event, git, logger);
  // Artifact mode never writes the workspace: later steps of the job see it as checked out.
  const stagingRoot =
    options.mode === "artifact"
      ? await mkdtemp(path.join(env.RUNNER_TEMP || os.tmpdir(), "md-image-offload-artifact-"))
      : undefined;
  return {
    root,
    options,
    event,
    ...(git ? { git } : {}),
    scopeFiles,
    ...(stagingRoot ? { stagingRoot } : {}),
    env,
  };
}

/** What one mode does after the engine; `links` point the job summary at the run. */
interface ModeFinish {
  readonly title: string;
  finish(
    prepared: PreparedRun,
    result: RunResult,
    logger: Logger,
    links: RepositoryLinks,
    upload?: UploadArtifact,
  ): Promise<FinishedRun>;
}

/** Each mode as data: commit and push, upload the artifact, or leave the workspace as written. */
const MODE_STEPS: Readonly<Record<Options["mode"], ModeFinish>> = {
  commit: {
    title: "Commit",
    async finish(prepared, result, logger, links) {
      const { git } = prepared;
      if (!git) return { summary: "" };
      const outcome = await logger.group("Commit and push", () =>
        runCommitMode({
          git,
          root: prepared.root,
          options: prepared.options,
          event: prepared.event,
          files: result.written,
          manifest: result.manifest,
          read: result.read,
          uploaded: result.counts.uploaded,
          logger,
        }),
      );
      return {
        ...(outcome.kind === "pushed" ? { commitSha: outcome.sha } : {}),
        summary: renderCommitSection(outcome, links),
      };
    },
  },
  artifact: {
    title: "Artifact",
    async finish(prepared, result, logger, links, upload) {
      const outcome = await logger.group("Upload artifact", () =>
        runArtifactMode({
          root: prepared.stagingRoot ?? prepared.root,
          files: result.written,
          dryRun: result.dryRun,
          logger,
          ...(upload ? { upload } : {}),
        }),
      );
      return {
        ...(outcome.id !== undefined ? { artifactId: outcome.id } : {}),
        summary: renderArtifactSection(outcome, links),
      };
    },
  },
  workspace: { title: "Workspace", finish: async () => ({ summary: "" }) },
};

/** After the engine: the mode's own step. A failure here is a sentence, not a throw. */
export async function finishRun(
  prepared: PreparedRun,
  result: RunResult,
  logger: Logger,
  upload?: UploadArtifact,
): Promise<FinishedRun> {
  const { env, git } = prepared;
  const links = {
    serverUrl: env.GITHUB_SERVER_URL || "https://github.com",
    ...(prepared.event.repository ? { repository: prepared.event.repository } : {}),
    ...(env.GITHUB_RUN_ID ? { runId: env.GITHUB_RUN_ID } : {}),
  };
  const mode = MODE_STEPS[prepared.options.mode];
  try {
    return await mode.finish(prepared, result, logger, links, upload);
  } catch (error) {
    const failure = git ? git.redact(describeError(error)) : describeError(error);
    return { summary: `### ${mode.title}\n\nFailed: ${failure}\n`, failure };
  }
}
