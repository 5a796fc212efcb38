import { readFile } from 'node:fs/promises';

/**
 * What the Action needs to know about the event that triggered it, read once from
 * GITHUB_EVENT_NAME / GITHUB_EVENT_PATH / GITHUB_REF / GITHUB_REPOSITORY. The payload is
 * GitHub's webhook JSON; only the few fields used here are read, and each is optional so
 * that a hand-made or partial payload degrades to "unknown" instead of a crash.
 */
const ZERO_SHA = "0".repeat(40);
/** Reads the event the runner describes in `env`; a missing or broken payload is `{}`. */
async function readTriggerEvent(env) {
    let payload = {};
    if (env.GITHUB_EVENT_PATH) {
        try {
            payload = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, "utf8"));
        }
        catch {
            payload = {};
        }
    }
    return parseTriggerEvent(env.GITHUB_EVENT_NAME ?? "", payload, env);
}
/** The pure part of `readTriggerEvent`: event name + payload + env → TriggerEvent. */
function parseTriggerEvent(name, payload, env = {}) {
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
function forkReason(event) {
    const pr = event.pullRequest;
    if (!pr?.headRepository || !event.repository)
        return undefined;
    if (pr.headRepository.toLowerCase() === event.repository.toLowerCase())
        return undefined;
    return `this pull request comes from the fork ${pr.headRepository}, and the workflow's token cannot push to it`;
}
function commentTarget(event) {
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
function at(value, ...keys) {
    let current = value;
    for (const key of keys) {
        if (!current || typeof current !== "object")
            return undefined;
        current = current[key];
    }
    return current;
}
function text(value) {
    return typeof value === "string" && value !== "" ? value : undefined;
}

export { ZERO_SHA as Z, commentTarget as c, forkReason as f, readTriggerEvent as r };
