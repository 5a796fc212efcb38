/**
 * A local stand-in for the part of the GitHub REST API the pull-request comment uses,
 * on 127.0.0.1 over real HTTP: issue comments (list with per_page/page, create, update)
 * and commits/{sha}/pulls. Comments live in memory; every request is recorded; a status
 * such as 403 can be forced to test how failures are reported.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface FakeComment {
  id: number;
  /** `owner/name#number`. */
  issue: string;
  body: string;
  user: string;
  /** GitHub's account type: `User`, or `Bot` for an app such as github-actions[bot]. */
  type: string;
}

export interface FakePull {
  readonly number: number;
  readonly state: "open" | "closed";
}

export interface FakeGitHubApi {
  /** Use as GITHUB_API_URL. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Every comment, in creation order. */
  readonly comments: FakeComment[];
  /** The token requests must carry as `Authorization: Bearer …` or `token …`. */
  readonly token: string;
  /** Adds a comment as if someone had posted it. */
  addComment(repo: string, issue: number, body: string, user?: string, type?: string): FakeComment;
  commentsOn(repo: string, issue: number): FakeComment[];
  /** What `GET /repos/{repo}/commits/{sha}/pulls` answers. */
  setPullsForCommit(repo: string, sha: string, pulls: readonly FakePull[]): void;
  /** Answer this status (with GitHub's error body) to requests matching `method`, or all. */
  failWith(status: number, method?: string): void;
  /** Back to answering normally. */
  clearFailure(): void;
  stop(): Promise<void>;
}

const LIST = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/;
const UPDATE = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/;
const PULLS = /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/pulls$/;

export async function startGitHubApi(token = "ghs_fake_token_0123456789"): Promise<FakeGitHubApi> {
  const requests: RecordedRequest[] = [];
  const comments: FakeComment[] = [];
  const pulls = new Map<string, readonly FakePull[]>();
  let failure: { status: number; method?: string } | undefined;
  let nextId = 1000;

  const addComment = (
    repo: string,
    issue: number,
    body: string,
    user = "someone",
    type = user.endsWith("[bot]") ? "Bot" : "User",
  ) => {
    const comment = { id: nextId++, issue: `${repo}#${issue}`, body, user, type };
    comments.push(comment);
    return comment;
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const method = req.method ?? "GET";
      requests.push({ method, path: req.url ?? "/", headers: req.headers, body });
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
        res.end(JSON.stringify(value));
      };
      const error = (status: number, message: string) =>
        send(status, { message, documentation_url: "https://docs.github.com/rest" });

      // GitHub takes both schemes; Octokit sends `token` for a non-JWT token.
      const auth = req.headers.authorization ?? "";
      if (auth !== `Bearer ${token}` && auth !== `token ${token}`) {
        return error(401, "Requires authentication");
      }
      if (failure && (!failure.method || failure.method === method)) {
        return error(
          failure.status,
          failure.status === 403 ? "Resource not accessible by integration" : "Not Found",
        );
      }
      const path = decodeURIComponent(url.pathname);
      const list = LIST.exec(path);
      if (list) {
        const issue = `${list[1]}/${list[2]}#${list[3]}`;
        if (method === "GET") {
          const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30), 100);
          const page = Number(url.searchParams.get("page") ?? 1);
          const all = comments.filter((comment) => comment.issue === issue);
          // As GitHub does: a Link header names the next and last pages.
          const last = Math.max(1, Math.ceil(all.length / perPage));
          if (page < last) {
            const at = (n: number) => {
              const next = new URL(url.href);
              next.host = req.headers.host ?? next.host;
              next.searchParams.set("page", String(n));
              return next.href;
            };
            res.setHeader("Link", `<${at(page + 1)}>; rel="next", <${at(last)}>; rel="last"`);
          }
          return send(200, all.slice((page - 1) * perPage, page * perPage).map(asJson));
        }
        if (method === "POST") {
          const text = parseBody(body);
          if (text === undefined) return error(422, "Invalid request: body is required");
          if (text.length > 65_536)
            return error(422, "Body is too long (maximum is 65536 characters)");
          const [repo, number] = issue.split("#") as [string, string];
          return send(201, asJson(addComment(repo, Number(number), text, "github-actions[bot]")));
        }
      }
      const update = UPDATE.exec(path);
      if (update && method === "PATCH") {
        const comment = comments.find(
          (candidate) =>
            candidate.id === Number(update[3]) &&
            candidate.issue.startsWith(`${update[1]}/${update[2]}#`),
        );
        if (!comment) return error(404, "Not Found");
        const text = parseBody(body);
        if (text === undefined) return error(422, "Invalid request: body is required");
        if (text.length > 65_536)
          return error(422, "Body is too long (maximum is 65536 characters)");
        comment.body = text;
        return send(200, asJson(comment));
      }
      const commitPulls = PULLS.exec(path);
      if (commitPulls && method === "GET") {
        const key = `${commitPulls[1]}/${commitPulls[2]}@${commitPulls[3]}`;
        return send(
          200,
          (pulls.get(key) ?? []).map((pull) => ({ ...pull, id: pull.number * 10, draft: false })),
        );
      }
      return error(404, "Not Found");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    comments,
    token,
    addComment,
    commentsOn: (repo, issue) => comments.filter((comment) => comment.issue === `${repo}#${issue}`),
    setPullsForCommit: (repo, sha, list) => pulls.set(`${repo}@${sha}`, list),
    failWith(status, method) {
      failure = { status, ...(method ? { method } : {}) };
    },
    clearFailure() {
      failure = undefined;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

function parseBody(text: string): string | undefined {
  try {
    const body = (JSON.parse(text) as { body?: unknown }).body;
    return typeof body === "string" ? body : undefined;
  } catch {
    return undefined;
  }
}

/** The fields of GitHub's issue-comment object that a client could rely on. */
function asJson(comment: FakeComment) {
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    body: comment.body,
    user: { login: comment.user, type: comment.type },
    html_url: `https://github.com/${comment.issue.replace("#", "/pull/")}#issuecomment-${comment.id}`,
  };
}
