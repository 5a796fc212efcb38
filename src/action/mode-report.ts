/**
 * The job-summary section for what happened after the rewrite: the pushed commit, the
 * uploaded artifact, or why nothing was pushed, with the rewrite as a diff so that a fork
 * PR's author can apply it by hand.
 */
import type { ArtifactOutcome } from "./artifact.js";
import type { CommitOutcome } from "./commit.js";

/** Keeps the section well under the job summary's 1 MiB limit. */
export const MAX_DIFF_CHARS = 60_000;

export interface RepositoryLinks {
  /** e.g. https://github.com */
  readonly serverUrl: string;
  /** owner/name */
  readonly repository?: string;
  readonly runId?: string;
}

export function renderCommitSection(outcome: CommitOutcome, links: RepositoryLinks): string {
  switch (outcome.kind) {
    case "nothing":
      return `### Commit\n\nNo commit: ${outcome.reason}.\n`;
    case "pushed": {
      const url = links.repository
        ? `${links.serverUrl}/${links.repository}/commit/${outcome.sha}`
        : undefined;
      const sha = url ? `[\`${outcome.sha.slice(0, 7)}\`](${url})` : `\`${outcome.sha}\``;
      const removed = outcome.removed.length
        ? `, removed ${outcome.removed.length} local image(s) no longer used`
        : "";
      const retries = outcome.retries
        ? ` (rebased ${outcome.retries} time(s) onto new commits)`
        : "";
      return `### Commit\n\nPushed ${sha} to \`${outcome.branch}\`${retries}: ${outcome.files.length} rewritten file(s)${removed}.\n`;
    }
    case "not-pushed":
      return `### Commit\n\nNot pushed: ${outcome.reason}. The rewrite, to apply by hand:\n\n${diffBlock(outcome.diff)}`;
  }
}

export function renderArtifactSection(outcome: ArtifactOutcome, links: RepositoryLinks): string {
  if (outcome.id === undefined) return `### Artifact\n\nNo artifact: ${outcome.reason}.\n`;
  const url =
    links.repository && links.runId
      ? `${links.serverUrl}/${links.repository}/actions/runs/${links.runId}/artifacts/${outcome.id}`
      : undefined;
  const name = url ? `[${outcome.name}](${url})` : `\`${outcome.name}\``;
  return `### Artifact\n\nUploaded ${name} (id ${outcome.id}) with ${outcome.files.length} rewritten file(s); the workspace was left as it was checked out.\n`;
}

/** A fenced diff block; a longer fence than any backtick run inside, truncated on a line. */
export function diffBlock(diff: string): string {
  let text = diff.endsWith("\n") ? diff : `${diff}\n`;
  if (text.length > MAX_DIFF_CHARS) {
    const cut = text.lastIndexOf("\n", MAX_DIFF_CHARS);
    text = `${text.slice(0, cut + 1)}… diff truncated (${diff.length} characters in all)\n`;
  }
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}diff\n${text}${fence}\n`;
}
