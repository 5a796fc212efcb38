/**
 * A local stand-in for the Cloudflare Images API, on 127.0.0.1 over real HTTP, answering
 * as the API documentation says: the `{success, errors, messages, result}` envelope,
 * HTTP 409 with error 5409 for a custom ID that is taken, 404 with 5404 for a missing
 * image, 7003 for an unknown account, 10000 for a bad token, the v2 listing in pages with
 * `continuation_token`, batch tokens accepted by a second listener (the batch host, paths
 * without `/accounts/{id}`), 429 with Retry-After on demand, and a third listener that
 * delivers `/<account hash>/<id>/<variant>` with an image Content-Type. Every request to
 * the API and batch listeners is recorded.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StoredImage {
  readonly id: string;
  readonly bytes: Buffer;
  readonly contentType: string;
  readonly filename: string;
  readonly metadata: Record<string, unknown>;
  readonly requireSignedURLs: boolean;
  readonly uploaded: string;
}

export interface ImagesRequestRecord {
  readonly listener: "api" | "batch";
  readonly method: string;
  /** Path and query as sent. */
  readonly path: string;
  readonly authorization: string;
}

export interface FakeImagesApi {
  /** Use as cloudflare-api-url. */
  readonly apiUrl: string;
  /** Use as cloudflare-batch-url. */
  readonly batchUrl: string;
  /** Origin of the delivery listener (what variant URLs start with). */
  readonly deliveryOrigin: string;
  /** `<deliveryOrigin>/<hash>`: the default public-url a run should learn. */
  readonly deliveryBase: string;
  readonly accountId: string;
  readonly accountHash: string;
  readonly token: string;
  readonly images: Map<string, StoredImage>;
  readonly requests: ImagesRequestRecord[];
  /** Batch tokens handed out so far. */
  readonly batchTokens: string[];
  /** The next `count` API and batch requests answer 429 with `Retry-After: seconds`. */
  rateLimit(count: number, retryAfterSeconds: number): void;
  /** How a custom ID's slashes must be spelled in API paths: `/`, `%2F`, or either. */
  idSlashes: "raw" | "encoded" | "both";
  /** Milliseconds every API and batch answer waits (bench). */
  latencyMs: number;
  /** Stores an image as if uploaded earlier (another tool, an earlier run). */
  seed(id: string, bytes: Buffer, metadata: Record<string, unknown>, contentType?: string): void;
  stop(): Promise<void>;
}

const VARIANTS = ["public", "thumbnail"];

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

const ok = (result: unknown): Answer => ({
  status: 200,
  body: { success: true, errors: [], messages: [], result },
});
const error = (status: number, code: number, message: string): Answer => ({
  status,
  body: { success: false, errors: [{ code, message }], messages: [], result: null },
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startImagesApi(
  options: { accountId?: string; token?: string } = {},
): Promise<FakeImagesApi> {
  const accountId = options.accountId ?? "0123456789abcdef0123456789abcdef";
  const token = options.token ?? "cf-token-0123456789";
  const accountHash = randomBytes(11).toString("base64url");
  const images = new Map<string, StoredImage>();
  const requests: ImagesRequestRecord[] = [];
  const batchTokens: string[] = [];
  let limited = { count: 0, seconds: 0 };
  let deliveryOrigin = "";

  const record = (image: StoredImage) => ({
    id: image.id,
    filename: image.filename,
    metadata: image.metadata,
    uploaded: image.uploaded,
    requireSignedURLs: image.requireSignedURLs,
    variants: VARIANTS.map((v) => `${deliveryOrigin}/${accountHash}/${image.id}/${v}`),
  });

  async function upload(request: IncomingMessage, body: Buffer): Promise<Answer> {
    const form = await new Request("http://fake/", {
      method: "POST",
      headers: { "content-type": request.headers["content-type"] ?? "" },
      body,
    }).formData();
    const file = form.get("file");
    if (!(file instanceof Blob)) return error(400, 5400, "Bad request: no file");
    const given = form.get("id");
    const id = typeof given === "string" && given ? given : randomBytes(16).toString("hex");
    if (images.has(id)) return error(409, 5409, "Resource already exists");
    const metadataText = form.get("metadata");
    const metadata = typeof metadataText === "string" ? JSON.parse(metadataText) : {};
    const image: StoredImage = {
      id,
      bytes: Buffer.from(await file.arrayBuffer()),
      contentType: file.type,
      filename: file instanceof File ? file.name : "",
      metadata,
      requireSignedURLs: form.get("requireSignedURLs") === "true",
      uploaded: new Date().toISOString(),
    };
    images.set(id, image);
    return ok(record(image));
  }

  function list(query: URLSearchParams): Answer {
    const perPage = Number(query.get("per_page") ?? "1000");
    if (!Number.isInteger(perPage) || perPage < 10 || perPage > 10_000)
      return error(400, 5400, "per_page must be between 10 and 10000");
    const sorted = [...images.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    const start = Number(query.get("continuation_token") ?? "0") || 0;
    const page = sorted.slice(start, start + perPage);
    const next = start + perPage < sorted.length ? String(start + perPage) : null;
    return ok({ images: page.map(record), continuation_token: next });
  }

  /** The image routes below `/images/`, the same on the API and the batch host. */
  async function imageRoute(
    request: IncomingMessage,
    rest: string,
    query: URLSearchParams,
    body: Buffer,
  ): Promise<Answer | { raw: StoredImage }> {
    const method = request.method ?? "GET";
    if (rest === "/images/v2" && method === "GET") return list(query);
    if (rest === "/images/v1" && method === "POST") return upload(request, body);
    const match = /^\/images\/v1\/(.+?)(\/blob)?$/.exec(rest);
    if (!match) return error(404, 7000, "No route for that URI");
    const rawId = match[1] ?? "";
    // Which spelling of a custom ID's slashes this fake routes (Cloudflare does not say).
    const spelled = rawId.includes("/") ? "raw" : /%2f/i.test(rawId) ? "encoded" : undefined;
    if (spelled && api.idSlashes !== "both" && spelled !== api.idSlashes)
      return error(404, 7000, "No route for that URI");
    const id = decodeURIComponent(rawId);
    const image = images.get(id);
    if (!image) return error(404, 5404, "Image not found");
    if (match[2] && method === "GET") return { raw: image };
    if (method === "GET") return ok(record(image));
    if (method === "DELETE") {
      images.delete(id);
      return ok({});
    }
    return error(405, 7001, "Method not allowed");
  }

  async function route(
    listener: "api" | "batch",
    request: IncomingMessage,
  ): Promise<Answer | { raw: StoredImage }> {
    const url = new URL(request.url ?? "/", "http://fake");
    const authorization = request.headers.authorization ?? "";
    requests.push({
      listener,
      method: request.method ?? "",
      path: request.url ?? "",
      authorization,
    });
    const body = await readBody(request);
    if (limited.count > 0) {
      limited.count--;
      return {
        ...error(429, 971, "Please wait and consider throttling your request speed"),
        headers: { "retry-after": String(limited.seconds) },
      };
    }
    const bearer = authorization.replace(/^Bearer /, "");
    if (listener === "batch") {
      if (!batchTokens.includes(bearer)) return error(401, 10000, "Authentication error");
      return imageRoute(request, url.pathname, url.searchParams, body);
    }
    if (url.pathname === "/user/tokens/verify") {
      if (bearer !== token) return error(401, 1000, "Invalid API Token");
      return ok({ id: "token-id", status: "active" });
    }
    const account = /^\/accounts\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (!account) return error(404, 7000, "No route for that URI");
    if (bearer !== token) return error(401, 10000, "Authentication error");
    if (decodeURIComponent(account[1] ?? "") !== accountId)
      return error(
        404,
        7003,
        `Could not route to ${url.pathname}, perhaps your object identifier is invalid?`,
      );
    const rest = account[2] ?? "";
    if (rest === "/images/v1/batch_token" && request.method === "GET") {
      const issued = `batch-${randomBytes(8).toString("hex")}`;
      batchTokens.push(issued);
      return ok({ token: issued, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    }
    return imageRoute(request, rest, url.searchParams, body);
  }

  const handler =
    (listener: "api" | "batch") => async (request: IncomingMessage, response: ServerResponse) => {
      try {
        const answer = await route(listener, request);
        if (api.latencyMs > 0) await new Promise((r) => setTimeout(r, api.latencyMs));
        if ("raw" in answer) {
          response.writeHead(200, { "content-type": answer.raw.contentType });
          response.end(answer.raw.bytes);
          return;
        }
        response.writeHead(answer.status, {
          "content-type": "application/json",
          ...answer.headers,
        });
        response.end(JSON.stringify(answer.body));
      } catch (caught) {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify(error(500, 1, String(caught)).body));
      }
    };

  // Variants re-encode: the bytes served differ from the original, the type stays an image.
  const delivery = createServer((request, response) => {
    const parts = new URL(request.url ?? "/", "http://fake").pathname.split("/").slice(1);
    const [hash, ...rest] = parts;
    const variant = rest.pop() ?? "";
    const image = images.get(rest.map(decodeURIComponent).join("/"));
    if (hash !== accountHash || !image || !VARIANTS.includes(variant)) {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("Not found");
      return;
    }
    response.writeHead(200, { "content-type": image.contentType, "cf-variant": variant });
    response.end(Buffer.concat([image.bytes, Buffer.from(`re-encoded:${variant}`)]));
  });

  const apiServer = createServer(handler("api"));
  const batchServer = createServer(handler("batch"));
  const apiOrigin = await listen(apiServer);
  const batchUrl = await listen(batchServer);
  deliveryOrigin = await listen(delivery);

  const api: FakeImagesApi = {
    apiUrl: apiOrigin,
    batchUrl,
    deliveryOrigin,
    deliveryBase: `${deliveryOrigin}/${accountHash}`,
    accountId,
    accountHash,
    token,
    images,
    requests,
    batchTokens,
    latencyMs: 0,
    idSlashes: "both",
    rateLimit(count, retryAfterSeconds) {
      limited = { count, seconds: retryAfterSeconds };
    },
    seed(id, bytes, metadata, contentType = "image/png") {
      images.set(id, {
        id,
        bytes,
        contentType,
        filename: id.split("/").pop() ?? id,
        metadata,
        requireSignedURLs: false,
        uploaded: new Date().toISOString(),
      });
    },
    async stop() {
      for (const server of [apiServer, batchServer, delivery]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
  return api;
}
