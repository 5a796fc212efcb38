/**
 * The body of the sticky pull-request comment: the job summary's report (totals,
 * thumbnails of uploaded images, missing/refused references at file:line, failed images
 * with their reason) behind a hidden marker that finds the comment again, and a footer
 * saying which commit and run it describes.
 */
import type { RunResult } from "../engine/types.js";
import { MAX_SUMMARY_CHARS, renderSummary, type SummaryOptions } from "./summary.js";

/** Starts every body; the sticky-comment code finds the comment by it. */
export const COMMENT_MARKER = "<!-- md-image-offload -->";

/** GitHub rejects a comment body longer than this. */
export const MAX_COMMENT_CHARS = 65_536;

export interface CommentOptions extends SummaryOptions {
  /** The commit the run looked at (the PR head), shown shortened in the footer. */
  readonly sha?: string;
  /** The workflow run, where the full job summary and logs are. */
  readonly runUrl?: string;
  /** Commit mode: the commit that holds the rewrite. */
  readonly pushedSha?: string;
}

export function renderComment(result: RunResult, options: CommentOptions): string {
  const body = `${COMMENT_MARKER}\n${renderSummary(result, options)}${footer(options)}`;
  // renderSummary stays below MAX_SUMMARY_CHARS and the footer's parts are bounded, so this
  // only guards against a future change to either; GitHub would refuse the whole comment.
  if (body.length <= MAX_COMMENT_CHARS) return body;
  const cut = `\n\n… the report was cut at ${MAX_SUMMARY_CHARS} characters; the job summary has all of it.\n`;
  return body.slice(0, MAX_COMMENT_CHARS - cut.length) + cut;
}

/**
 * Whether the run has anything a reviewer should see: images uploaded (or planned, in a
 * dry run), links rewritten, or a problem. A run that found every image already offloaded
 * says nothing new, so a PR that has no comment yet does not get one.
 */
export function hasCommentWorthyNews(result: RunResult): boolean {
  return (
    result.images.some((image) => image.status !== "present") ||
    result.missing.length > 0 ||
    result.refused.length > 0 ||
    result.files.length > 0
  );
}

function footer(options: CommentOptions): string {
  const parts: string[] = [];
  const isSha = (sha: string | undefined): sha is string => !!sha && /^[0-9a-f]{7,64}$/i.test(sha);
  if (isSha(options.sha)) parts.push(`Commit ${options.sha.slice(0, 7)}`);
  if (isSha(options.pushedSha)) parts.push(`rewrite pushed as ${options.pushedSha.slice(0, 7)}`);
  // Only URLs that need no escaping in an attribute: the runner builds this one from
  // GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID.
  if (options.runUrl && /^https?:\/\/[^\s"'<>`|\\]{1,500}$/.test(options.runUrl)) {
    parts.push(`<a href="${options.runUrl}">workflow run</a>`);
  }
  parts.push("md-image-offload updates this comment on every run");
  return `\n<sub>${parts.join(" · ")}</sub>\n`;
}
