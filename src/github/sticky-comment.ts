/**
 * One comment per pull request that every run rewrites, found again by a hidden marker,
 * so that a PR pushed to twenty times has one report, not twenty.
 */
import type { GitHubApi, IssueComment, RepositoryName } from "./api.js";

export interface StickyCommentRequest {
  readonly repo: RepositoryName;
  readonly issue: number;
  /** The hidden HTML comment that identifies our comment; the body must start with it. */
  readonly marker: string;
  readonly body: string;
  /**
   * False: only update a comment that already exists. Used when the run has nothing to
   * say, so that a PR gets no empty report but an old report does not go stale.
   */
  readonly create: boolean;
}

export type StickyCommentOutcome =
  | { readonly action: "created" | "updated" | "unchanged"; readonly id: number }
  | { readonly action: "skipped" };

export async function upsertStickyComment(
  api: GitHubApi,
  request: StickyCommentRequest,
): Promise<StickyCommentOutcome> {
  const existing = await findMarkedComment(api, request.repo, request.issue, request.marker);
  if (existing) {
    if (existing.body === request.body) return { action: "unchanged", id: existing.id };
    const updated = await api.updateIssueComment(request.repo, existing.id, request.body);
    return { action: "updated", id: updated.id || existing.id };
  }
  if (!request.create) return { action: "skipped" };
  const created = await api.createIssueComment(request.repo, request.issue, request.body);
  return { action: "created", id: created.id };
}

/**
 * The oldest comment whose body starts with the marker. Only the start counts: someone
 * quoting our comment in a reply writes `> <!-- … -->`, and that reply must stay theirs.
 */
async function findMarkedComment(
  api: GitHubApi,
  repo: RepositoryName,
  issue: number,
  marker: string,
): Promise<IssueComment | undefined> {
  for await (const comment of api.issueComments(repo, issue)) {
    if (comment.body.trimStart().startsWith(marker)) return comment;
  }
  return undefined;
}
