import { O as OffloadError, d as describeError } from './errors.js';
import { r as renderSummary, M as MAX_SUMMARY_CHARS } from './summary.js';
import { B as BottleneckLight, g as getOctokit, r as retry } from './index9.js';
import { c as commentTarget } from './event.js';
import './printable.js';
import 'fs';
import 'os';
import 'http';
import 'https';
import 'net';
import 'tls';
import 'events';
import 'assert';
import 'util';
import 'node:assert';
import 'node:net';
import 'node:http';
import 'node:stream';
import 'node:buffer';
import 'node:util';
import 'node:querystring';
import 'node:events';
import 'node:diagnostics_channel';
import './_commonjsHelpers.js';
import 'node:tls';
import 'node:zlib';
import 'node:perf_hooks';
import 'node:util/types';
import 'node:worker_threads';
import 'node:url';
import 'node:async_hooks';
import 'node:console';
import 'node:dns';
import 'string_decoder';
import 'node:fs/promises';

/** Starts every body; the sticky-comment code finds the comment by it. */
const COMMENT_MARKER = "<!-- md-image-offload -->";
/** GitHub rejects a comment body longer than this. */
const MAX_COMMENT_CHARS = 65_536;
function renderComment(result, options) {
    const body = `${COMMENT_MARKER}\n${renderSummary(result, options)}${footer(options)}`;
    // renderSummary stays below MAX_SUMMARY_CHARS and the footer's parts are bounded, so this
    // only guards against a future change to either; GitHub would refuse the whole comment.
    if (body.length <= MAX_COMMENT_CHARS)
        return body;
    const cut = `\n\n… the report was cut at ${MAX_SUMMARY_CHARS} characters; the job summary has all of it.\n`;
    return body.slice(0, MAX_COMMENT_CHARS - cut.length) + cut;
}
/**
 * Whether the run has anything a reviewer should see: images uploaded (or planned, in a
 * dry run), links rewritten, or a problem. A run that found every image already offloaded
 * says nothing new, so a PR that has no comment yet does not get one.
 */
function hasCommentWorthyNews(result) {
    return (result.images.some((image) => image.status !== "present") ||
        result.missing.length > 0 ||
        result.refused.length > 0 ||
        result.files.length > 0);
}
function footer(options) {
    const parts = [];
    const isSha = (sha) => !!sha && /^[0-9a-f]{7,64}$/i.test(sha);
    if (isSha(options.sha))
        parts.push(`Commit ${options.sha.slice(0, 7)}`);
    if (isSha(options.pushedSha))
        parts.push(`rewrite pushed as ${options.pushedSha.slice(0, 7)}`);
    // Only URLs that need no escaping in an attribute: the runner builds this one from
    // GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID.
    if (options.runUrl && /^https?:\/\/[^\s"'<>`|\\]{1,500}$/.test(options.runUrl)) {
        parts.push(`<a href="${options.runUrl}">workflow run</a>`);
    }
    parts.push("md-image-offload updates this comment on every run");
    return `\n<sub>${parts.join(" · ")}</sub>\n`;
}

// pkg/dist-src/index.js

// pkg/dist-src/version.js
var VERSION = "0.0.0-development";

// pkg/dist-src/wrap-request.js
var noop = () => Promise.resolve();
function wrapRequest(state, request, options) {
  return state.retryLimiter.schedule(doRequest, state, request, options);
}
async function doRequest(state, request, options) {
  const { pathname } = new URL(options.url, "http://github.test");
  const isAuth = isAuthRequest(options.method, pathname);
  const isWrite = !isAuth && options.method !== "GET" && options.method !== "HEAD";
  const isSearch = options.method === "GET" && pathname.startsWith("/search/");
  const isGraphQL = pathname.startsWith("/graphql");
  const retryCount = ~~request.retryCount;
  const jobOptions = retryCount > 0 ? { priority: 0, weight: 0 } : {};
  if (state.clustering) {
    jobOptions.expiration = 1e3 * 60;
  }
  if (isWrite || isGraphQL) {
    await state.write.key(state.id).schedule(jobOptions, noop);
  }
  if (isWrite && state.triggersNotification(pathname)) {
    await state.notifications.key(state.id).schedule(jobOptions, noop);
  }
  if (isSearch) {
    await state.search.key(state.id).schedule(jobOptions, noop);
  }
  const req = (isAuth ? state.auth : state.global).key(state.id).schedule(jobOptions, request, options);
  if (isGraphQL) {
    const res = await req;
    if (res.data.errors != null && res.data.errors.some((error) => error.type === "RATE_LIMITED")) {
      const error = Object.assign(new Error("GraphQL Rate Limit Exceeded"), {
        response: res,
        data: res.data
      });
      throw error;
    }
  }
  return req;
}
function isAuthRequest(method, pathname) {
  return method === "PATCH" && // https://docs.github.com/en/rest/apps/apps?apiVersion=2022-11-28#create-a-scoped-access-token
  /^\/applications\/[^/]+\/token\/scoped$/.test(pathname) || method === "POST" && // https://docs.github.com/en/rest/apps/oauth-applications?apiVersion=2022-11-28#reset-a-token
  (/^\/applications\/[^/]+\/token$/.test(pathname) || // https://docs.github.com/en/rest/apps/apps?apiVersion=2022-11-28#create-an-installation-access-token-for-an-app
  /^\/app\/installations\/[^/]+\/access_tokens$/.test(pathname) || // https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
  pathname === "/login/oauth/access_token");
}

// pkg/dist-src/generated/triggers-notification-paths.js
var triggers_notification_paths_default = [
  "/orgs/{org}/invitations",
  "/orgs/{org}/invitations/{invitation_id}",
  "/orgs/{org}/teams/{team_slug}/discussions",
  "/orgs/{org}/teams/{team_slug}/discussions/{discussion_number}/comments",
  "/repos/{owner}/{repo}/collaborators/{username}",
  "/repos/{owner}/{repo}/commits/{commit_sha}/comments",
  "/repos/{owner}/{repo}/issues",
  "/repos/{owner}/{repo}/issues/{issue_number}/comments",
  "/repos/{owner}/{repo}/issues/{issue_number}/sub_issue",
  "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues/priority",
  "/repos/{owner}/{repo}/pulls",
  "/repos/{owner}/{repo}/pulls/{pull_number}/comments",
  "/repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies",
  "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
  "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
  "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
  "/repos/{owner}/{repo}/releases",
  "/teams/{team_id}/discussions",
  "/teams/{team_id}/discussions/{discussion_number}/comments"
];

// pkg/dist-src/route-matcher.js
function routeMatcher(paths) {
  const regexes = paths.map(
    (path) => path.split("/").map((c) => c.startsWith("{") ? "(?:.+?)" : c).join("/")
  );
  const regex2 = `^(?:${regexes.map((r) => `(?:${r})`).join("|")})[^/]*$`;
  return new RegExp(regex2, "i");
}

// pkg/dist-src/index.js
var regex = routeMatcher(triggers_notification_paths_default);
var triggersNotification = regex.test.bind(regex);
var groups = {};
var createGroups = function(Bottleneck, common) {
  groups.global = new Bottleneck.Group({
    id: "octokit-global",
    maxConcurrent: 10,
    ...common
  });
  groups.auth = new Bottleneck.Group({
    id: "octokit-auth",
    maxConcurrent: 1,
    ...common
  });
  groups.search = new Bottleneck.Group({
    id: "octokit-search",
    maxConcurrent: 1,
    minTime: 2e3,
    ...common
  });
  groups.write = new Bottleneck.Group({
    id: "octokit-write",
    maxConcurrent: 1,
    minTime: 1e3,
    ...common
  });
  groups.notifications = new Bottleneck.Group({
    id: "octokit-notifications",
    maxConcurrent: 1,
    minTime: 3e3,
    ...common
  });
};
function throttling(octokit, octokitOptions) {
  const {
    enabled = true,
    Bottleneck = BottleneckLight,
    id = "no-id",
    timeout = 1e3 * 60 * 2,
    // Redis TTL: 2 minutes
    connection
  } = octokitOptions.throttle || {};
  if (!enabled) {
    return {};
  }
  const common = { timeout };
  if (typeof connection !== "undefined") {
    common.connection = connection;
  }
  const state = Object.assign(
    {
      clustering: connection != null,
      triggersNotification,
      fallbackSecondaryRateRetryAfter: 60,
      retryAfterBaseValue: 1e3,
      id
    },
    octokitOptions.throttle
  );
  if (typeof state.onSecondaryRateLimit !== "function" || typeof state.onRateLimit !== "function") {
    throw new Error(`octokit/plugin-throttling error:
        You must pass the onSecondaryRateLimit and onRateLimit error handlers.
        See https://octokit.github.io/rest.js/#throttling

        const octokit = new Octokit({
          throttle: {
            onSecondaryRateLimit: (retryAfter, options) => {/* ... */},
            onRateLimit: (retryAfter, options) => {/* ... */}
          }
        })
    `);
  }
  let initialized = false;
  const initializeBottleneck = () => {
    if (initialized) {
      return;
    }
    initialized = true;
    if (groups.global == null) {
      createGroups(Bottleneck, common);
    }
    state.global = state.global ?? groups.global;
    state.auth = state.auth ?? groups.auth;
    state.search = state.search ?? groups.search;
    state.write = state.write ?? groups.write;
    state.notifications = state.notifications ?? groups.notifications;
    state.retryLimiter = state.retryLimiter ?? new Bottleneck();
    const events = {};
    const emitter = new Bottleneck.Events(events);
    events.on("secondary-limit", state.onSecondaryRateLimit);
    events.on("rate-limit", state.onRateLimit);
    events.on(
      "error",
      (e) => octokit.log.warn("Error in throttling-plugin limit handler", e)
    );
    state.retryLimiter.on("failed", async function(error, info) {
      const [state2, request, options] = info.args;
      const { pathname } = new URL(options.url, "http://github.test");
      const shouldRetryGraphQL = pathname.startsWith("/graphql") && error.status !== 401;
      if (!(shouldRetryGraphQL || error.status === 403 || error.status === 429)) {
        return;
      }
      const retryCount = ~~request.retryCount;
      request.retryCount = retryCount;
      options.request.retryCount = retryCount;
      const { wantRetry, retryAfter = 0 } = await (async function() {
        if (/\bsecondary rate\b/i.test(error.message)) {
          const retryAfter2 = Number(error.response.headers["retry-after"]) || state2.fallbackSecondaryRateRetryAfter;
          const wantRetry2 = await emitter.trigger(
            "secondary-limit",
            retryAfter2,
            options,
            octokit,
            retryCount
          );
          return { wantRetry: wantRetry2, retryAfter: retryAfter2 };
        }
        if (error.response.headers != null && error.response.headers["x-ratelimit-remaining"] === "0" || (error.response.data?.errors ?? []).some(
          (error2) => error2.type === "RATE_LIMITED"
        )) {
          const rateLimitReset = new Date(
            ~~error.response.headers["x-ratelimit-reset"] * 1e3
          ).getTime();
          const retryAfter2 = Math.max(
            // Add one second so we retry _after_ the reset time
            // https://docs.github.com/en/rest/overview/resources-in-the-rest-api?apiVersion=2022-11-28#exceeding-the-rate-limit
            Math.ceil((rateLimitReset - Date.now()) / 1e3) + 1,
            0
          );
          const wantRetry2 = await emitter.trigger(
            "rate-limit",
            retryAfter2,
            options,
            octokit,
            retryCount
          );
          return { wantRetry: wantRetry2, retryAfter: retryAfter2 };
        }
        return {};
      })();
      if (wantRetry) {
        request.retryCount++;
        return retryAfter * state2.retryAfterBaseValue;
      }
    });
  };
  octokit.hook.wrap("request", (request, options) => {
    initializeBottleneck();
    return wrapRequest(state, request, options);
  });
  return {};
}
throttling.VERSION = VERSION;
throttling.triggersNotification = triggersNotification;

/**
 * The GitHub REST calls the pull-request comment needs, through @actions/github's Octokit
 * with the retry and throttling plugins: pagination by the Link header, retries of 5xx,
 * and waits on primary and secondary rate limits, as GitHub asks of every client.
 * The token only ever goes into the Authorization header; no message built here contains it.
 */
/** The API answered with an error status; `status` lets callers treat 403/404 as "not allowed". */
class GitHubApiError extends OffloadError {
    status;
    name = "GitHubApiError";
    constructor(message, status) {
        super(message);
        this.status = status;
    }
}
const PER_PAGE = 100;
/** 5xx answers and dropped connections: two more tries, after 0.5 s and 2 s. */
const RETRY = { retries: 2, retryAfterBaseValue: 500 };
/** How often a rate-limited request waits and tries again before the comment gives up. */
const RATE_LIMIT_RETRIES = 2;
function createGitHubApi(options) {
    const base = options.baseUrl.replace(/\/+$/, "");
    const octokit = getOctokit(options.token, {
        baseUrl: base,
        userAgent: "md-image-offload",
        ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
        retry: RETRY,
        throttle: {
            onRateLimit: (_after, _request, _octokit, count) => count < RATE_LIMIT_RETRIES,
            onSecondaryRateLimit: (_after, _request, _octokit, count) => count < RATE_LIMIT_RETRIES,
        },
    }, retry, throttling);
    const where = (repo) => ({ owner: repo.owner, repo: repo.name });
    const fail = (error) => Promise.reject(apiError(error, base));
    return {
        async *issueComments(repo, issue) {
            const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
                ...where(repo),
                issue_number: issue,
                per_page: PER_PAGE,
            });
            try {
                for await (const page of pages)
                    yield* page.data.map(toComment);
            }
            catch (error) {
                throw apiError(error, base);
            }
        },
        async createIssueComment(repo, issue, body) {
            const answer = await octokit.rest.issues
                .createComment({ ...where(repo), issue_number: issue, body })
                .catch(fail);
            return toComment(answer.data);
        },
        async updateIssueComment(repo, id, body) {
            const answer = await octokit.rest.issues
                .updateComment({ ...where(repo), comment_id: id, body })
                .catch(fail);
            return toComment(answer.data);
        },
        async pullsForCommit(repo, sha) {
            const answer = await octokit.rest.repos
                .listPullRequestsAssociatedWithCommit({ ...where(repo), commit_sha: sha })
                .catch(fail);
            return answer.data.map((pull) => ({ number: pull.number, state: pull.state }));
        },
    };
}
/** `owner/name` from `GITHUB_REPOSITORY`, or undefined when it is not of that shape. */
function parseRepository(fullName) {
    const match = /^([^/\s]+)\/([^/\s]+)$/.exec(fullName.trim());
    return match?.[1] && match[2] ? { owner: match[1], name: match[2] } : undefined;
}
function toComment(value) {
    return {
        id: value.id,
        body: value.body ?? "",
        author: { login: value.user?.login ?? "", type: value.user?.type ?? "" },
    };
}
/**
 * Octokit's RequestError as one sentence: the method and path, then the HTTP status with
 * GitHub's short message, or (no answer at all) why the connection failed. Status 0 means
 * no answer: Octokit reports a dropped connection as 500 without a response.
 */
function apiError(error, base) {
    const record = (error ?? {});
    const method = typeof record.request?.method === "string" ? record.request.method : "";
    const url = typeof record.request?.url === "string" ? record.request.url : "";
    const path = (url.startsWith(base) ? url.slice(base.length) : url).split("?")[0] ?? "";
    const what = `${method} ${path}`.trim() || "GitHub API request";
    if (!record.response) {
        const reason = typeof record.message === "string" ? oneLine(record.message) : "no answer";
        return new GitHubApiError(`${what} to ${base} failed (${reason}).`, 0);
    }
    const status = typeof record.status === "number" ? record.status : 0;
    const message = record.response.data?.message;
    const detail = typeof message === "string" && message !== "" ? ` (${oneLine(message)})` : "";
    return new GitHubApiError(`${what} answered HTTP ${status}${detail}.`, status);
}
function oneLine(text) {
    return text.replace(/\s+/g, " ").slice(0, 200);
}

/** Who `GITHUB_TOKEN` comments as. */
const ACTIONS_BOT = { login: "github-actions[bot]", type: "Bot" };
async function upsertStickyComment(api, request) {
    const existing = await findOwnComment(api, request);
    if (existing) {
        if (existing.body === request.body)
            return { action: "unchanged", id: existing.id };
        const updated = await api.updateIssueComment(request.repo, existing.id, request.body);
        return { action: "updated", id: updated.id || existing.id };
    }
    if (!request.create)
        return { action: "skipped" };
    const created = await api.createIssueComment(request.repo, request.issue, request.body);
    return { action: "created", id: created.id };
}
/**
 * The oldest comment by our own identity whose body starts with the marker. Only the
 * start counts: someone quoting our comment in a reply writes `> <!-- … -->`.
 */
async function findOwnComment(api, request) {
    for await (const comment of api.issueComments(request.repo, request.issue)) {
        if (isBy(comment, request.author) && comment.body.trimStart().startsWith(request.marker))
            return comment;
    }
    return undefined;
}
/** Logins compare case-insensitively, as GitHub's do; a type is checked when one is known. */
function isBy(comment, author) {
    if (comment.author.login.toLowerCase() !== author.login.toLowerCase())
        return false;
    return author.type === "" || comment.author.type === author.type;
}

/**
 * Posts (or updates) the sticky report comment on the pull request a run belongs to.
 * Takes plain data, so the Action only has to read the environment and pass it on.
 * The comment is a report, not the job: nothing here fails the run.
 */
async function commentOnPullRequest(request, logger) {
    return logger.group("Pull-request comment", async () => {
        const outcome = await comment(request);
        if (outcome.action === "warned")
            logger.warning(outcome.message);
        else if (outcome.action === "none")
            logger.info(`No pull-request comment: ${outcome.reason}.`);
        else
            logger.info(describeOutcome(outcome));
        return outcome;
    });
}
async function comment(request) {
    const target = commentTarget(request.event);
    if (target.kind === "none")
        return { action: "none", reason: target.reason };
    const repo = parseRepository(request.event.repository ?? "");
    if (!repo) {
        return { action: "none", reason: "GITHUB_REPOSITORY is not of the form owner/name" };
    }
    if (!request.token) {
        return {
            action: "warned",
            message: "The pull-request comment was skipped because github-token is empty; pass a token with pull-requests: write, or set comment: false.",
        };
    }
    const api = createGitHubApi({
        token: request.token,
        baseUrl: request.apiUrl,
        ...(request.fetch ? { fetch: request.fetch } : {}),
    });
    let pullRequest;
    try {
        if (target.kind === "commit") {
            pullRequest = await openPullFor(api, repo, target.sha);
            if (pullRequest === undefined) {
                return {
                    action: "none",
                    reason: `no open pull request contains ${target.sha.slice(0, 7)}`,
                };
            }
        }
        else {
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
    }
    catch (error) {
        return { action: "warned", message: warningFor(error, pullRequest) };
    }
}
/** The first open pull request whose head contains the pushed commit. */
async function openPullFor(api, repo, sha) {
    const pulls = await api.pullsForCommit(repo, sha);
    return pulls.find((pull) => pull.state === "open" && pull.number > 0)?.number;
}
function describeOutcome(outcome) {
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
function warningFor(error, pullRequest) {
    const on = pullRequest === undefined ? "" : ` on pull request #${pullRequest}`;
    const prefix = `Could not update the report comment${on}: ${describeError(error)}`;
    if (error instanceof GitHubApiError && (error.status === 403 || error.status === 404)) {
        // Fork PRs get a read-only token; a workflow without the permission gets a 403 too.
        return `${prefix} Give the job \`permissions: pull-requests: write\` (a pull request from a fork only gets a read-only token), or set comment: false; the job summary has the report.`;
    }
    return `${prefix} The job summary has the report.`;
}

export { commentOnPullRequest };
