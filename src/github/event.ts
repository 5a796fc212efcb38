/**
 * What the Action needs to know about the event that triggered it, read once from
 * GITHUB_EVENT_NAME / GITHUB_EVENT_PATH / GITHUB_REF / GITHUB_REPOSITORY. The payload is
 * GitHub's webhook JSON; only the few fields used here are read, and each is optional so
 * that a hand-made or partial payload degrades to "unknown" instead of a crash.
 */
import { readFile } from "node:fs/promises";

export interface TriggerEvent {
  /** `push`, `pull_request`, `pull_request_target`, `workflow_dispatch`, … */
  readonly name: string;
  /** `owner/name` of the repository the workflow runs in. */
  readonly repository?: string;
  /** The branch to push a commit to; undefined for tags, or when it cannot be known. */
  readonly branch?: string;
  /** For push: the commit before the push (40 zeros for a new branch). */
  readonly before?: string;
  /** For push: the pushed commit. */
  readonly after?: string;
  readonly pullRequest?: {
    readonly number: number;
    readonly baseSha?: string;
    readonly headSha?: string;
    /** `owner/name` of the repository the PR's head branch lives in. */
    readonly headRepository?: string;
  };
}

export const ZERO_SHA = "0".repeat(40);

/** Reads the event the runner describes in `env`; a missing or broken payload is `{}`. */
export async function readTriggerEvent(env: NodeJS.ProcessEnv): Promise<TriggerEvent> {
  let payload: unknown = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, "utf8"));
    } catch {
      payload = {};
    }
  }
  return parseTriggerEvent(env.GITHUB_EVENT_NAME ?? "", payload, env);
}

/** The pure part of `readTriggerEvent`: event name + payload + env → TriggerEvent. */
export function parseTriggerEvent(
  name: string,
  payload: unknown,
  env: NodeJS.ProcessEnv = {},
): TriggerEvent {
  const repository = text(at(payload, "repository", "full_name")) ?? env.GITHUB_REPOSITORY;
  const pr = at(payload, "pull_request");
  if (pr && typeof pr === "object" && name.startsWith("pull_request")) {
    const number = at(pr, "number");
    const baseSha = text(at(pr, "base", "sha"));
    const headSha = text(at(pr, "head", "sha"));
    const headRepository = text(at(pr, "head", "repo", "full_name"));
    const branch = text(at(pr, "head", "ref")) ?? env.GITHUB_HEAD_REF;
    return {
      name,
      ...(repository ? { repository } : {}),
      ...(branch ? { branch } : {}),
      pullRequest: {
        number: typeof number === "number" ? number : 0,
        ...(baseSha ? { baseSha } : {}),
        ...(headSha ? { headSha } : {}),
        ...(headRepository ? { headRepository } : {}),
      },
    };
  }
  const ref = text(at(payload, "ref")) ?? env.GITHUB_REF;
  const branch = ref?.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : undefined;
  const before = text(at(payload, "before"));
  const after = text(at(payload, "after")) ?? env.GITHUB_SHA;
  return {
    name,
    ...(repository ? { repository } : {}),
    ...(branch ? { branch } : {}),
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
  };
}

/**
 * Why a PR's branch cannot be pushed to, or undefined when it can: a fork's head branch
 * lives in another repository, and the workflow's token cannot write there.
 */
export function forkReason(event: TriggerEvent): string | undefined {
  const pr = event.pullRequest;
  if (!pr?.headRepository || !event.repository) return undefined;
  if (pr.headRepository.toLowerCase() === event.repository.toLowerCase()) return undefined;
  return `this pull request comes from the fork ${pr.headRepository}, and the workflow's token cannot push to it`;
}

/** Which pull request a run reports to: the payload names it, or a push names a commit to look up. */
export type CommentTarget =
  | { readonly kind: "pull-request"; readonly number: number; readonly headSha?: string }
  | { readonly kind: "commit"; readonly sha: string }
  | { readonly kind: "none"; readonly reason: string };

export function commentTarget(event: TriggerEvent): CommentTarget {
  if (event.name === "pull_request" || event.name === "pull_request_target") {
    const pr = event.pullRequest;
    if (!pr || !Number.isInteger(pr.number) || pr.number <= 0) {
      return { kind: "none", reason: `the ${event.name} event payload has no pull request number` };
    }
    return {
      kind: "pull-request",
      number: pr.number,
      ...(pr.headSha ? { headSha: pr.headSha } : {}),
    };
  }
  if (event.name === "push") {
    // A deleted branch pushes the zero SHA, which no pull request contains.
    if (!event.after || /^0+$/.test(event.after)) {
      return { kind: "none", reason: "the push event names no commit" };
    }
    return { kind: "commit", sha: event.after };
  }
  return { kind: "none", reason: `${event.name || "this"} event has no pull request` };
}

function at(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (!current || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
