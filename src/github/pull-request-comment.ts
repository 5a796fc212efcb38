/**
 * Posts (or updates) the sticky report comment on the pull request a run belongs to.
 * Takes plain data, so the Action only has to read the environment and pass it on.
 * The comment is a report, not the job: nothing here fails the run.
 */

import { describeError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { RunResult } from "../engine/types.js";
import {
  COMMENT_MARKER,
  type CommentOptions,
  hasCommentWorthyNews,
  renderComment,
} from "../report/comment.js";
import {
  type CommentAuthor,
  createGitHubApi,
  type GitHubApi,
  GitHubApiError,
  type GitHubFetch,
  parseRepository,
  type RepositoryName,
} from "./api.js";
import { commentTarget, type TriggerEvent } from "./event.js";
import { ACTIONS_BOT, type StickyCommentOutcome, upsertStickyComment } from "./sticky-comment.js";

export interface PullRequestCommentRequest {
  /** The event that triggered the run, read once by the Action. */
  readonly event: TriggerEvent;
  readonly token: string;
  /** Who the token comments as; default github-actions[bot] (GITHUB_TOKEN). */
  readonly author?: CommentAuthor;
  /** `GITHUB_API_URL`. */
  readonly apiUrl: string;
  readonly result: RunResult;
  /** How to render the report (public URL, run link, commit or artifact link). */
  readonly report: CommentOptions;
  readonly fetch?: GitHubFetch;
}

export type PullRequestCommentOutcome =
  | (StickyCommentOutcome & { readonly pullRequest: number })
  | { readonly action: "none"; readonly reason: string }
  | { readonly action: "warned"; readonly message: string };

export async function commentOnPullRequest(
  request: PullRequestCommentRequest,
  logger: Logger,
): Promise<PullRequestCommentOutcome> {
  return logger.group("Pull-request comment", async () => {
    const outcome = await comment(request);
    if (outcome.action === "warned") logger.warning(outcome.message);
    else if (outcome.action === "none") logger.info(`No pull-request comment: ${outcome.reason}.`);
    else logger.info(describeOutcome(outcome));
    return outcome;
  });
}

async function comment(request: PullRequestCommentRequest): Promise<PullRequestCommentOutcome> {
  const target = commentTarget(request.event);
  if (target.kind === "none") return { action: "none", reason: target.reason };
  const repo = parseRepository(request.event.repository ?? "");
  if (!repo) {
    return { action: "none", reason: "GITHUB_REPOSITORY is not of the form owner/name" };
  }
  if (!request.token) {
    return {
      action: "warned",
      message:
        "The pull-request comment was skipped because github-token is empty; pass a token with pull-requests: write, or set comment: false.",
    };
  }
  const api = createGitHubApi({
    token: request.token,
    baseUrl: request.apiUrl,
    ...(request.fetch ? { fetch: request.fetch } : {}),
  });
  let pullRequest: number | undefined;
  try {
    if (target.kind === "commit") {
      pullRequest = await openPullFor(api, repo, target.sha);
      if (pullRequest === undefined) {
        return {
          action: "none",
          reason: `no open pull request contains ${target.sha.slice(0, 7)}`,
        };
      }
    } else {
      pullRequest = target.number;
    }
    const sha = target.kind === "pull-request" ? target.headSha : target.sha;
    const body = renderComment(request.result, {
      ...request.report,
      ...(sha && !request.report.sha ? { sha } : {}),
    });
    const outcome = await upsertStickyComment(api, {
      repo,
      issue: pullRequest,
      marker: COMMENT_MARKER,
      author: request.author ?? ACTIONS_BOT,
      body,
      create: hasCommentWorthyNews(request.result),
    });
    return { ...outcome, pullRequest };
  } catch (error) {
    return { action: "warned", message: warningFor(error, pullRequest) };
  }
}

/** The first open pull request whose head contains the pushed commit. */
async function openPullFor(
  api: GitHubApi,
  repo: RepositoryName,
  sha: string,
): Promise<number | undefined> {
  const pulls = await api.pullsForCommit(repo, sha);
  return pulls.find((pull) => pull.state === "open" && pull.number > 0)?.number;
}

function describeOutcome(outcome: StickyCommentOutcome & { pullRequest: number }): string {
  const where = `pull request #${outcome.pullRequest}`;
  switch (outcome.action) {
    case "created":
      return `Commented on ${where}.`;
    case "updated":
      return `Updated the comment on ${where}.`;
    case "unchanged":
      return `The comment on ${where} is already up to date.`;
    case "skipped":
      return `Nothing new to report, so ${where} gets no comment.`;
  }
}

function warningFor(error: unknown, pullRequest: number | undefined): string {
  const on = pullRequest === undefined ? "" : ` on pull request #${pullRequest}`;
  const prefix = `Could not update the report comment${on}: ${describeError(error)}`;
  if (error instanceof GitHubApiError && (error.status === 403 || error.status === 404)) {
    // Fork PRs get a read-only token; a workflow without the permission gets a 403 too.
    return `${prefix} Give the job \`permissions: pull-requests: write\` (a pull request from a fork only gets a read-only token), or set comment: false; the job summary has the report.`;
  }
  return `${prefix} The job summary has the report.`;
}
