/**
 * `scope`: which content files this run looks at. `changed` is computed here, by the
 * adapter, from git and the event (the engine only receives a list of paths): the files a
 * push changed (`before..after`) or a pull request changed (merge base of base and head
 * to head). Whenever that cannot be known the run falls back to every file, with a notice
 * that says why: processing too much is safe (a second run converges), too little is not.
 */
import type { Logger } from "../core/logger.js";
import type { Git } from "../git/git.js";
import { type TriggerEvent, ZERO_SHA } from "../github/event.js";
import type { Mode, Scope } from "../options/options.js";

/** `undefined`: all content files; else the repository-relative paths in scope. */
export type ScopeFiles = readonly string[] | undefined;

/** What `scope: auto` means, and what the manual re-sync forces: `changed` or `all`. */
export function effectiveScope(scope: Scope, mode: Mode, eventName: string): "changed" | "all" {
  if (eventName === "workflow_dispatch") return "all";
  if (scope === "auto") {
    const changedEvent = eventName === "push" || eventName.startsWith("pull_request");
    return mode === "commit" && changedEvent ? "changed" : "all";
  }
  return scope;
}

/** The files in scope for this run; `git` may be undefined when the workspace is no clone. */
export async function resolveScope(
  scope: Scope,
  mode: Mode,
  event: TriggerEvent,
  git: Git | undefined,
  logger: Logger,
): Promise<ScopeFiles> {
  if (effectiveScope(scope, mode, event.name) === "all") return undefined;
  const fallback = (why: string): undefined => {
    logger.info(`Notice: scope is all content files because ${why}.`);
    return undefined;
  };
  if (!git) return fallback("the workspace is not a git clone");

  if (event.pullRequest) {
    const { baseSha, headSha } = event.pullRequest;
    if (!baseSha || !headSha) return fallback("the event payload has no base and head commits");
    const base = await mergeBase(git, baseSha, headSha);
    if (!base)
      return fallback(`no merge base of ${short(baseSha)} and ${short(headSha)} was found`);
    return report(logger, await git.changedFiles(base, headSha), `the pull request`);
  }

  if (event.name === "push") {
    const { before, after } = event;
    if (!after) return fallback("the push event has no `after` commit");
    if (!before || before === ZERO_SHA)
      return fallback("this push created the branch, so there is no earlier commit to compare");
    if (!(await ensureCommit(git, before)) || !(await ensureCommit(git, after)))
      return fallback(`commit ${short(before)} could not be fetched (a force-push?)`);
    return report(logger, await git.changedFiles(before, after), `the push`);
  }

  return fallback(`a ${event.name || "manual"} event has no list of changed files`);
}

function report(logger: Logger, files: string[], what: string): string[] {
  logger.info(`Scope: ${files.length} file(s) changed by ${what}.`);
  return files;
}

/**
 * Makes a commit available locally. A diff needs only the two trees, so in a shallow
 * clone (actions/checkout's default depth 1) the commit alone is fetched, at depth 1.
 */
async function ensureCommit(git: Git, sha: string): Promise<boolean> {
  if (await git.hasCommit(sha)) return true;
  const depth = (await git.isShallow()) ? ["--depth=1"] : [];
  await git.fetch([sha], depth);
  return git.hasCommit(sha);
}

/** The merge base needs history: fetch what is missing, then deepen a shallow clone fully. */
async function mergeBase(git: Git, base: string, head: string): Promise<string | undefined> {
  for (const sha of [base, head]) {
    if (!(await git.hasCommit(sha))) await git.fetch([sha]);
  }
  const found = await git.mergeBase(base, head);
  if (found || !(await git.isShallow())) return found;
  await git.fetch([base, head], ["--unshallow"]);
  return git.mergeBase(base, head);
}

function short(sha: string): string {
  return sha.slice(0, 7);
}
