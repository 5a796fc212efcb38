/**
 * `mode: commit`: stage exactly the rewritten content files (and, with delete-local, the
 * images nothing uses any more), commit them as github-actions[bot], and push to the branch
 * that triggered the run. A push rejected because the branch moved is fetched, rebased and
 * retried; a rebase conflict aborts the rebase and fails in one sentence with the remote
 * untouched. A push the token may not make (fork PRs, read-only token) is no failure: the
 * outcome carries the reason and the diff for the job summary.
 */
import path from "node:path";
import { OffloadError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { locallyReferencedImages } from "../engine/collect.js";
import type { ReadSettings } from "../engine/site-context.js";
import type { ManifestEntry, ReadContent } from "../engine/types.js";
import type { Git, GitOutput } from "../git/git.js";
import { forkReason, type TriggerEvent } from "../github/event.js";
import type { Options } from "../options/options.js";

/** What a workflow writes to check out a PR's head branch (a GitHub expression, not JS). */
const HEAD_REF_EXPRESSION = ["$", "{{ github.head_ref }}"].join("");

/** Retries after the first push is rejected because the branch moved. */
export const PUSH_RETRIES = 3;

export type CommitOutcome =
  | { readonly kind: "nothing"; readonly reason: string }
  | {
      readonly kind: "pushed";
      readonly sha: string;
      readonly branch: string;
      /** Rebases needed because someone else pushed first. */
      readonly retries: number;
      readonly files: readonly string[];
      readonly removed: readonly string[];
    }
  | { readonly kind: "not-pushed"; readonly reason: string; readonly diff: string };

/** Markers GitHub honours to skip workflow runs for a push. */
const SKIP_MARKERS = /\[(skip ci|ci skip|no ci|skip actions|actions skip)\]|skip-checks: ?true/i;

/**
 * The commit message: `{count}` is the number of images uploaded by this run. A message
 * without a skip marker gets ` [skip ci]` appended, so the bot's push cannot start the
 * workflow again (a loop when the workflow runs on push).
 */
export function commitMessage(template: string, uploaded: number): string {
  const message = template.replaceAll("{count}", String(uploaded)).trim();
  return SKIP_MARKERS.test(message) ? message : `${message} [skip ci]`;
}

export interface CommitModeInput {
  readonly git: Git;
  readonly root: string;
  readonly options: Pick<
    Options,
    | "commitMessage"
    | "deleteLocal"
    | "dryRun"
    | "content"
    | "extensions"
    | "manifestFile"
    | keyof ReadSettings
  >;
  readonly event: TriggerEvent;
  /** Files the engine wrote: rewritten content files and the repository's manifest. */
  readonly files: readonly string[];
  readonly manifest: readonly ManifestEntry[];
  /** What the run already read: those files are not parsed again for delete-local. */
  readonly read?: ReadContent;
  readonly uploaded: number;
  readonly logger: Logger;
}

/** The whole of commit mode after the engine ran; see the module comment. */
export async function runCommitMode(input: CommitModeInput): Promise<CommitOutcome> {
  const { git, event, files, logger } = input;
  if (input.options.dryRun) return { kind: "nothing", reason: "dry run: nothing was written" };

  const removed = input.options.deleteLocal
    ? await imagesToDelete(git, input.root, input.options, input.manifest, input.read)
    : [];
  if (files.length === 0 && removed.length === 0)
    return { kind: "nothing", reason: "no content file was rewritten" };

  const blocked = forkReason(event) ?? (await checkoutProblem(git, event));
  if (blocked) {
    logger.warning(`Not pushing: ${blocked}. The job summary shows the rewrite as a diff.`);
    return { kind: "not-pushed", reason: blocked, diff: await git.diff(files) };
  }
  const branch = event.branch as string;

  await git.add(files);
  await git.rm(removed);
  if (!(await git.hasStagedChanges()))
    return { kind: "nothing", reason: "the rewritten files equal the committed ones" };
  const message = commitMessage(input.options.commitMessage, input.uploaded);
  await git.commit(message);
  await assertCommitHoldsOnly(git, [...files, ...removed]);
  logger.info(
    `Committed ${files.length} rewritten file(s)${removed.length ? ` and ${removed.length} removed image(s)` : ""}: ${message}`,
  );
  return pushWithRetry(git, branch, files, removed, logger);
}

/** Why the clone cannot be pushed to the triggering branch, or undefined when it can. */
async function checkoutProblem(git: Git, event: TriggerEvent): Promise<string | undefined> {
  if (!event.branch)
    return `the ${event.name || "triggering"} event names no branch to push to (a tag, or no ref in the payload)`;
  const headSha = event.pullRequest?.headSha;
  if (headSha) {
    // actions/checkout's default for pull_request is the PR's merge commit
    // (refs/pull/N/merge): pushing it would merge the base branch into the head branch.
    const parents = await git.parents("HEAD");
    if (parents.length === 2 && parents[1] === headSha)
      return `the checkout is the pull request's merge commit; give actions/checkout \`ref: ${HEAD_REF_EXPRESSION}\` to commit to the head branch`;
  }
  return undefined;
}

async function pushWithRetry(
  git: Git,
  branch: string,
  files: readonly string[],
  removed: readonly string[],
  logger: Logger,
): Promise<CommitOutcome> {
  const remoteRef = `refs/heads/${branch}`;
  for (let retries = 0; ; retries++) {
    // A rebase replays the commit onto other people's work: check it again before every push.
    if (retries > 0) await assertCommitHoldsOnly(git, [...files, ...removed]);
    const output = await git.push(`HEAD:${remoteRef}`);
    if (output.exitCode === 0) {
      const sha = await git.revParse("HEAD");
      logger.info(`Pushed ${sha} to ${branch}${retries ? ` after ${retries} rebase(s)` : ""}.`);
      return { kind: "pushed", sha, branch, retries, files, removed };
    }
    const why = git.redact(`${output.stderr}\n${output.stdout}`);
    if (!isRejection(output)) {
      if (isPermissionDenied(why)) {
        const reason = `the token may not push to ${branch} (give the job \`permissions: contents: write\`)`;
        logger.warning(`Not pushing: ${reason}. The job summary shows the rewrite as a diff.`);
        return { kind: "not-pushed", reason, diff: await git.diff(files, "HEAD^..HEAD") };
      }
      throw new OffloadError(
        `Pushing the rewritten files to ${branch} failed: ${lastLine(why)}; check the remote and the github-token input.`,
      );
    }
    if (retries >= PUSH_RETRIES) {
      throw new OffloadError(
        `Pushing to ${branch} was rejected ${retries + 1} times because the branch kept moving; re-run the workflow.`,
      );
    }
    logger.info(`${branch} moved since checkout; fetching and rebasing (retry ${retries + 1}).`);
    const fetched = await git.fetch([`+${remoteRef}:refs/remotes/origin/${branch}`]);
    if (fetched.exitCode !== 0) {
      throw new OffloadError(
        `Fetching ${branch} to rebase onto it failed: ${lastLine(git.redact(fetched.stderr))}.`,
      );
    }
    if (!(await git.rebase(`refs/remotes/origin/${branch}`))) {
      throw new OffloadError(
        `The new commits on ${branch} conflict with the rewritten files (${files.join(", ")}), so nothing was pushed; re-run the workflow on the new commits.`,
      );
    }
  }
}

/**
 * The last guard before anything leaves the runner: the commit must change exactly the
 * files this run rewrote or removed. Anything else (a file staged through a pattern, a
 * hook, a concurrent writer) is undone and nothing is pushed.
 */
async function assertCommitHoldsOnly(git: Git, expected: readonly string[]): Promise<void> {
  const wanted = new Set(expected);
  const committed = await git.committedFiles("HEAD");
  const unexpected = committed.filter((file) => !wanted.has(file));
  if (unexpected.length === 0) return;
  await git.run(["reset", "--soft", "HEAD^"]);
  const shown = unexpected.slice(0, 5).map((file) => JSON.stringify(file));
  const more = unexpected.length > 5 ? ` and ${unexpected.length - 5} more` : "";
  throw new OffloadError(
    `The commit would also have changed files this run did not rewrite (${shown.join(", ")}${more}), so it was undone and nothing was pushed; report this as a bug.`,
  );
}

/** A push refused because the remote branch is not an ancestor (someone pushed first). */
function isRejection(output: GitOutput): boolean {
  return /\[rejected\]|\[remote rejected\] .*(cannot lock ref|incorrect old value)|non-fast-forward|fetch first/.test(
    `${output.stdout}\n${output.stderr}`,
  );
}

function isPermissionDenied(text: string): boolean {
  return /\b403\b|permission to .* denied|not allowed to push|authentication failed|could not read username|protected branch/i.test(
    text,
  );
}

function lastLine(text: string): string {
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return (lines.at(-1) ?? "no output").replace(/[.\s]+$/, "");
}

/**
 * delete-local: the images this run uploaded or found in storage that are now dead weight
 * in the repository. An image is removed only if it is tracked, no content file (in or out
 * of scope) still references it locally, and no tracked text file mentions its file name
 * (shortcodes, templates and config refer to images in ways the parser cannot see).
 */
export async function imagesToDelete(
  git: Git,
  root: string,
  options: Pick<Options, "content" | "extensions" | "manifestFile" | keyof ReadSettings>,
  manifest: readonly ManifestEntry[],
  read: ReadContent = { files: [], stillLinked: [] },
): Promise<string[]> {
  const candidates = manifest
    .filter((entry) => entry.status === "uploaded" || entry.status === "present")
    .map((entry) => entry.source);
  if (candidates.length === 0) return [];
  // The run's own table covers the files it read; only the others are parsed here.
  const stillReferenced = await locallyReferencedImages(root, options, new Set(read.files));
  for (const image of read.stillLinked) stillReferenced.add(image);
  const removable: string[] = [];
  for (const image of candidates) {
    if (stillReferenced.has(image)) continue;
    if (!(await git.isTracked(image))) continue;
    // The repository's manifest names every offloaded image: that is no use of it.
    const mentions = (await git.grepTracked(path.posix.basename(image))).filter(
      (file) => file !== image && file !== options.manifestFile,
    );
    if (mentions.length === 0) removable.push(image);
  }
  return removable;
}
