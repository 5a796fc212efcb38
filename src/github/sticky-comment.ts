/**
 * One comment per pull request that every run rewrites, found again by a hidden marker,
 * so that a PR pushed to twenty times has one report, not twenty.
 */
import type { CommentAuthor, GitHubApi, IssueComment, RepositoryName } from "./api.js";

/** Who `GITHUB_TOKEN` comments as. */
export const ACTIONS_BOT: CommentAuthor = { login: "github-actions[bot]", type: "Bot" };

export interface StickyCommentRequest {
  readonly repo: RepositoryName;
  readonly issue: number;
  /** The hidden HTML comment that identifies our comment; the body must start with it. */
  readonly marker: string;
  /**
   * The token's own identity. Only a comment it wrote is ours to edit: anyone can paste
   * the marker into a comment of their own, and that comment must stay theirs.
   */
  readonly author: CommentAuthor;
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
  const existing = await findOwnComment(api, request);
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
 * The oldest comment by our own identity whose body starts with the marker. Only the
 * start counts: someone quoting our comment in a reply writes `> <!-- … -->`.
 */
async function findOwnComment(
  api: GitHubApi,
  request: Pick<StickyCommentRequest, "repo" | "issue" | "marker" | "author">,
): Promise<IssueComment | undefined> {
  for await (const comment of api.issueComments(request.repo, request.issue)) {
    if (isBy(comment, request.author) && comment.body.trimStart().startsWith(request.marker))
      return comment;
  }
  return undefined;
}

/** Logins compare case-insensitively, as GitHub's do; a type is checked when one is known. */
function isBy(comment: IssueComment, author: CommentAuthor): boolean {
  if (comment.author.login.toLowerCase() !== author.login.toLowerCase()) return false;
  return author.type === "" || comment.author.type === author.type;
}
