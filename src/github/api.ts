/**
 * The four GitHub REST calls the pull-request comment needs, over plain `fetch`.
 *
 * Why not @actions/github: four endpoints do not justify Octokit's plugin stack in the
 * bundle, and `fetch` is built into Node 20. The token only ever goes into the
 * Authorization header; no message built here contains it.
 */
import { OffloadError } from "../engine/errors.js";

export type GitHubFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface GitHubApiOptions {
  readonly token: string;
  /** `GITHUB_API_URL`: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server. */
  readonly baseUrl: string;
  readonly fetch?: GitHubFetch;
  readonly timeoutMs?: number;
}

export interface IssueComment {
  readonly id: number;
  readonly body: string;
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
/** 100 pages of 100: a PR with more comments than that is not one we will scan to the end. */
const MAX_PAGES = 100;

export interface GitHubApi {
  /** Every comment of an issue or pull request, oldest first, page by page. */
  issueComments(repo: RepositoryName, issue: number): AsyncGenerator<IssueComment>;
  createIssueComment(repo: RepositoryName, issue: number, body: string): Promise<IssueComment>;
  updateIssueComment(repo: RepositoryName, id: number, body: string): Promise<IssueComment>;
  /** Pull requests whose head contains the commit (`GET /repos/{o}/{r}/commits/{sha}/pulls`). */
  pullsForCommit(repo: RepositoryName, sha: string): Promise<PullRequestSummary[]>;
}

export function createGitHubApi(options: GitHubApiOptions): GitHubApi {
  const fetchUrl = options.fetch ?? ((url, init) => fetch(url, init));
  const base = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const what = `${method} ${path.split("?")[0]}`;
    let response: Response;
    try {
      response = await fetchUrl(`${base}${path}`, {
        method,
        headers: {
          Accept: "application/vnd.github+json",
          Authorization: `Bearer ${options.token}`,
          "X-GitHub-Api-Version": "2022-11-28",
          "User-Agent": "md-image-offload",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new GitHubApiError(`${what} to ${base} failed (${reason}).`, 0);
    }
    const text = await response.text();
    if (!response.ok) {
      throw new GitHubApiError(
        `${what} answered HTTP ${response.status}${apiMessage(text)}.`,
        response.status,
      );
    }
    try {
      return text === "" ? undefined : JSON.parse(text);
    } catch {
      throw new GitHubApiError(`${what} answered with a body that is not JSON.`, response.status);
    }
  }

  const repoPath = (repo: RepositoryName) =>
    `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`;

  return {
    async *issueComments(repo, issue) {
      // Pages are counted rather than read from the Link header: GitHub honours
      // per_page=100&page=N on this endpoint, and a short page is the last one.
      for (let page = 1; page <= MAX_PAGES; page++) {
        const list = await call(
          "GET",
          `${repoPath(repo)}/issues/${issue}/comments?per_page=${PER_PAGE}&page=${page}`,
        );
        const comments = Array.isArray(list) ? list.map(toComment) : [];
        yield* comments;
        if (comments.length < PER_PAGE) return;
      }
    },
    async createIssueComment(repo, issue, body) {
      return toComment(await call("POST", `${repoPath(repo)}/issues/${issue}/comments`, { body }));
    },
    async updateIssueComment(repo, id, body) {
      return toComment(await call("PATCH", `${repoPath(repo)}/issues/comments/${id}`, { body }));
    },
    async pullsForCommit(repo, sha) {
      const list = await call("GET", `${repoPath(repo)}/commits/${encodeURIComponent(sha)}/pulls`);
      return Array.isArray(list) ? list.map(toPull) : [];
    },
  };
}

/** `owner/name` from `GITHUB_REPOSITORY`, or undefined when it is not of that shape. */
export function parseRepository(fullName: string): RepositoryName | undefined {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(fullName.trim());
  return match?.[1] && match[2] ? { owner: match[1], name: match[2] } : undefined;
}

function toComment(value: unknown): IssueComment {
  const record = (value ?? {}) as { id?: unknown; body?: unknown };
  return {
    id: typeof record.id === "number" ? record.id : 0,
    body: typeof record.body === "string" ? record.body : "",
  };
}

function toPull(value: unknown): PullRequestSummary {
  const record = (value ?? {}) as { number?: unknown; state?: unknown };
  return {
    number: typeof record.number === "number" ? record.number : 0,
    state: typeof record.state === "string" ? record.state : "",
  };
}

/** GitHub's `message` field, short and on one line, for the error sentence. */
function apiMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message !== "string" || message === "") return "";
    return ` (${message.replace(/\s+/g, " ").slice(0, 200)})`;
  } catch {
    return "";
  }
}
