/**
 * Which pull request a workflow run reports to, decided from the event alone: the payload
 * names it for pull_request events; a push only names a commit, whose pull request the
 * API has to be asked for.
 */
import { readFile } from "node:fs/promises";

export type CommentTarget =
  | { readonly kind: "pull-request"; readonly number: number; readonly headSha?: string }
  | { readonly kind: "commit"; readonly sha: string }
  | { readonly kind: "none"; readonly reason: string };

const PULL_REQUEST_EVENTS = new Set(["pull_request", "pull_request_target"]);

/**
 * `payload` is the parsed `GITHUB_EVENT_PATH` file; `sha` is `GITHUB_SHA`, used on push
 * when the payload has no `after` (it always has on github.com).
 */
export function commentTarget(eventName: string, payload: unknown, sha?: string): CommentTarget {
  const event = (payload ?? {}) as {
    after?: unknown;
    number?: unknown;
    pull_request?: { number?: unknown; head?: { sha?: unknown } };
  };
  if (PULL_REQUEST_EVENTS.has(eventName)) {
    const number = event.pull_request?.number ?? event.number;
    if (typeof number !== "number" || !Number.isInteger(number) || number <= 0) {
      return { kind: "none", reason: `the ${eventName} event payload has no pull request number` };
    }
    const headSha = event.pull_request?.head?.sha;
    return { kind: "pull-request", number, ...(typeof headSha === "string" ? { headSha } : {}) };
  }
  if (eventName === "push") {
    const after = typeof event.after === "string" ? event.after : sha;
    // A deleted branch pushes the zero SHA, which no pull request contains.
    if (!after || /^0+$/.test(after)) {
      return { kind: "none", reason: "the push event names no commit" };
    }
    return { kind: "commit", sha: after };
  }
  return { kind: "none", reason: `${eventName || "this"} event has no pull request` };
}

/** The event payload the runner wrote; an absent or unreadable file is an empty payload. */
export async function readEventPayload(eventPath: string | undefined): Promise<unknown> {
  if (!eventPath) return {};
  try {
    return JSON.parse(await readFile(eventPath, "utf8")) as unknown;
  } catch {
    return {};
  }
}
