/**
 * The GitHub REST calls the pull-request comment needs, through @actions/github's Octokit
 * with the retry and throttling plugins: pagination by the Link header, retries of 5xx,
 * and waits on primary and secondary rate limits, as GitHub asks of every client.
 * The token only ever goes into the Authorization header; no message built here contains it.
 */
import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { OffloadError } from "../core/errors.js";

export type GitHubFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface GitHubApiOptions {
  readonly token: string;
  /** `GITHUB_API_URL`: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server. */
  readonly baseUrl: string;
  readonly fetch?: GitHubFetch;
}

/** Who wrote a comment: `login` and GitHub's account `type` (`User`, `Bot`, `Organization`). */
export interface CommentAuthor {
  readonly login: string;
  readonly type: string;
}

export interface IssueComment {
  readonly id: number;
  readonly body: string;
  readonly author: CommentAuthor;
}

export interface PullRequestSummary {
  readonly number: number;
  readonly state: string;
}

/** A repository as `owner` and `name`, from `GITHUB_REPOSITORY`. */
export interface RepositoryName {
  readonly owner: string;
  readonly name: string;
}

/** The API answered with an error status; `status` lets callers treat 403/404 as "not allowed". */
export class GitHubApiError extends OffloadError {
  override name = "GitHubApiError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const PER_PAGE = 100;
/** 5xx answers and dropped connections: two more tries, after 0.5 s and 2 s. */
const RETRY = { retries: 2, retryAfterBaseValue: 500 };
/** How often a rate-limited request waits and tries again before the comment gives up. */
const RATE_LIMIT_RETRIES = 2;

export interface GitHubApi {
  /** Every comment of an issue or pull request, oldest first, page by page. */
  issueComments(repo: RepositoryName, issue: number): AsyncGenerator<IssueComment>;
  createIssueComment(repo: RepositoryName, issue: number, body: string): Promise<IssueComment>;
  updateIssueComment(repo: RepositoryName, id: number, body: string): Promise<IssueComment>;
  /** Pull requests whose head contains the commit (`GET /repos/{o}/{r}/commits/{sha}/pulls`). */
  pullsForCommit(repo: RepositoryName, sha: string): Promise<PullRequestSummary[]>;
}

export function createGitHubApi(options: GitHubApiOptions): GitHubApi {
  const base = options.baseUrl.replace(/\/+$/, "");
  const octokit = getOctokit(
    options.token,
    {
      baseUrl: base,
      userAgent: "md-image-offload",
      ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
      retry: RETRY,
      throttle: {
        onRateLimit: (_after: number, _request: unknown, _octokit: unknown, count: number) =>
          count < RATE_LIMIT_RETRIES,
        onSecondaryRateLimit: (
          _after: number,
          _request: unknown,
          _octokit: unknown,
          count: number,
        ) => count < RATE_LIMIT_RETRIES,
      },
    },
    retry,
    throttling,
  );
  const where = (repo: RepositoryName) => ({ owner: repo.owner, repo: repo.name });
  const fail = (error: unknown) => Promise.reject(apiError(error, base));

  return {
    async *issueComments(repo, issue) {
      const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
        ...where(repo),
        issue_number: issue,
        per_page: PER_PAGE,
      });
      try {
        for await (const page of pages) yield* page.data.map(toComment);
      } catch (error) {
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
export function parseRepository(fullName: string): RepositoryName | undefined {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(fullName.trim());
  return match?.[1] && match[2] ? { owner: match[1], name: match[2] } : undefined;
}

function toComment(value: {
  id: number;
  body?: string | undefined;
  user: { login: string; type: string } | null;
}): IssueComment {
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
function apiError(error: unknown, base: string): GitHubApiError {
  const record = (error ?? {}) as {
    status?: unknown;
    message?: unknown;
    response?: { data?: { message?: unknown } };
    request?: { method?: unknown; url?: unknown };
  };
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

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").slice(0, 200);
}
