/**
 * A local stand-in for the Cloudflare Images API, on 127.0.0.1 over real HTTP, answering
 * as the API documentation says: the `{success, errors, messages, result}` envelope,
 * HTTP 409 with error 5409 for a custom ID that is taken, 404 with 5404 for a missing
 * image, 7003 for an unknown account, 10000 for a bad token, the v2 listing in pages with
 * `continuation_token`, batch tokens accepted by a second listener (the batch host, paths
 * without `/accounts/{id}`), 429 with Retry-After on demand, and a third listener that
 * delivers `/<account hash>/<id>/<variant>` with an image Content-Type. Every request to
 * the API and batch listeners is recorded.
 *
 * Plain JavaScript (types in images-api.d.ts) so that `npm run bench:images` runs it with
 * node as it is; the tests import it through test/support/cloudflare-images.ts.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";

const VARIANTS = ["public", "thumbnail"];
const ok = (result) => ({
  status: 200,
  body: { success: true, errors: [], messages: [], result },
});
const error = (status, code, message) => ({
  status,
  body: { success: false, errors: [{ code, message }], messages: [], result: null },
});
async function listen(server) {
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${server.address().port}`;
}
async function readBody(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks);
}
export async function startImagesApi(options = {}) {
  const accountId = options.accountId ?? "0123456789abcdef0123456789abcdef";
  const token = options.token ?? "cf-token-0123456789";
  const accountHash = randomBytes(11).toString("base64url");
  const images = new Map();
  const requests = [];
  const batchTokens = [];
  let limited = { count: 0, seconds: 0 };
  let deliveryOrigin = "";
  const record = (image) => ({
    id: image.id,
    filename: image.filename,
    metadata: image.metadata,
    uploaded: image.uploaded,
    requireSignedURLs: image.requireSignedURLs,
    variants: VARIANTS.map((v) => `${deliveryOrigin}/${accountHash}/${image.id}/${v}`),
  });
  async function upload(request, body) {
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
    const image = {
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
  function list(query) {
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
  async function imageRoute(request, rest, query, body) {
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
  async function route(listener, request) {
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
  const handler = (listener) => async (request, response) => {
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
  const api = {
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
        await new Promise((resolve) => server.close(() => resolve()));
      }
    },
  };
  return api;
}
