// A minimal in-memory S3 server for `npm run bench`, run in its own process so that its
// CPU never competes with the tool measured on the same event loop, and as cheap as an S3
// API can be (no disk, no XML parser, no signature check) so that the server is never the
// bottleneck. It stands in for a real network as the latency proxy does: every request
// waits one round trip, every new connection one more (the handshake), and
// `Expect: 100-continue` costs one. Speaks what the three tools use: PutObject (plain or
// aws-chunked bodies), HeadObject, GetObject, DeleteObject, HeadBucket and ListObjects
// V1/V2 with prefix, max-keys and continuation.
//
// Started with `fork()`; the parent sends {type: "take"} and gets the counts since the
// last take, or {type: "stop"}.
import { createHash } from "node:crypto";
import { createServer } from "node:http";

const objects = new Map(); // "bucket/key" → { body, etag, meta, type, modified }
const stats = { requests: 0, connections: 0, expectContinue: 0, byMethod: {}, inFlightMs: 0 };
let inFlight = 0;
let lastChange = performance.now();
let startedAt = performance.now();

function track(delta) {
  const now = performance.now();
  stats.inFlightMs += inFlight * (now - lastChange);
  lastChange = now;
  inFlight += delta;
}

function take() {
  track(0);
  const elapsed = performance.now() - startedAt;
  const taken = { ...stats, meanInFlight: elapsed > 0 ? stats.inFlightMs / elapsed : 0 };
  Object.assign(stats, { requests: 0, connections: 0, expectContinue: 0, byMethod: {} });
  stats.inFlightMs = 0;
  startedAt = performance.now();
  return taken;
}

const xmlEscape = (text) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function send(res, status, body = "", headers = {}) {
  res.writeHead(status, {
    "content-length": Buffer.byteLength(body),
    ...(body ? { "content-type": "application/xml" } : {}),
    ...headers,
  });
  res.end(body);
}

const notFound = (res, head) => send(res, 404, head ? "" : "<Error><Code>NoSuchKey</Code></Error>");

/** Undoes `Content-Encoding: aws-chunked`: `<hex size>;chunk-signature=…\r\n<data>\r\n`… */
function decodeChunked(raw) {
  const parts = [];
  let at = 0;
  while (at < raw.length) {
    const lineEnd = raw.indexOf("\r\n", at);
    const size = Number.parseInt(raw.subarray(at, lineEnd).toString().split(";")[0], 16);
    if (!(size > 0)) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function list(res, bucket, query) {
  const v2 = query.get("list-type") === "2";
  const prefix = query.get("prefix") ?? "";
  const max = Math.min(Number(query.get("max-keys") ?? 1000), 1000);
  const after =
    (v2 ? query.get("continuation-token") || query.get("start-after") : query.get("marker")) ?? "";
  const keys = [];
  for (const id of objects.keys())
    if (id.startsWith(`${bucket}/`)) {
      const key = id.slice(bucket.length + 1);
      if (key.startsWith(prefix) && key > after) keys.push(key);
    }
  keys.sort();
  const page = keys.slice(0, max);
  const truncated = keys.length > max;
  const last = page.at(-1) ?? "";
  const contents = page.map((key) => {
    const object = objects.get(`${bucket}/${key}`);
    return `<Contents><Key>${xmlEscape(key)}</Key><LastModified>${object.modified}</LastModified><ETag>"${object.etag}"</ETag><Size>${object.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
  });
  const next = !truncated
    ? ""
    : v2
      ? `<NextContinuationToken>${xmlEscape(last)}</NextContinuationToken>`
      : `<NextMarker>${xmlEscape(last)}</NextMarker>`;
  send(
    res,
    200,
    `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix>${v2 ? `<KeyCount>${page.length}</KeyCount>` : ""}<MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents.join("")}${next}</ListBucketResult>`,
  );
}

function put(req, res, id) {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const raw = Buffer.concat(chunks);
    const chunked =
      (req.headers["content-encoding"] ?? "").includes("aws-chunked") ||
      String(req.headers["x-amz-content-sha256"] ?? "").startsWith("STREAMING-");
    const body = chunked ? decodeChunked(raw) : raw;
    const etag = createHash("md5").update(body).digest("hex");
    const meta = {};
    for (const [name, value] of Object.entries(req.headers))
      if (name.startsWith("x-amz-meta-")) meta[name] = value;
    const type = req.headers["content-type"] ?? "application/octet-stream";
    objects.set(id, { body, etag, meta, type, modified: new Date().toISOString() });
    send(res, 200, "", { etag: `"${etag}"` });
  });
}

/** Counted from arrival, so that the round trip counts as in flight. */
function arrived(res) {
  stats.requests++;
  track(1);
  res.on("close", () => track(-1));
}

function handle(req, res) {
  const url = new URL(req.url ?? "/", "http://localhost");
  const [, bucket = "", ...rest] = url.pathname.split("/");
  const bucketName = decodeURIComponent(bucket);
  const key = decodeURIComponent(rest.join("/"));
  const kind = `${req.method} ${key ? "object" : "bucket"}`;
  stats.byMethod[kind] = (stats.byMethod[kind] ?? 0) + 1;
  if (req.method === "PUT" && key) return put(req, res, `${bucketName}/${key}`);
  req.resume();
  req.on("end", () => {
    if (!key) {
      if (req.method === "GET") return list(res, bucketName, url.searchParams);
      return send(res, 200);
    }
    const object = objects.get(`${bucketName}/${key}`);
    if (req.method === "DELETE") {
      objects.delete(`${bucketName}/${key}`);
      return send(res, 204);
    }
    if (!object) return notFound(res, req.method === "HEAD");
    const headers = {
      etag: `"${object.etag}"`,
      "content-type": object.type,
      "last-modified": new Date(object.modified).toUTCString(),
      ...object.meta,
    };
    res.writeHead(200, { ...headers, "content-length": object.body.length });
    res.end(req.method === "HEAD" ? undefined : object.body);
  });
}

export function startMemoryS3(rttMs) {
  const later = (work) => (rttMs > 0 ? setTimeout(work, rttMs) : work());
  const server = createServer((req, res) => {
    arrived(res);
    req.pause();
    later(() => {
      req.resume();
      handle(req, res);
    });
  });
  server.on("checkContinue", (req, res) => {
    stats.expectContinue++;
    arrived(res);
    later(() => {
      res.writeContinue();
      handle(req, res);
    });
  });
  server.on("connection", (socket) => {
    stats.connections++;
    socket.pause();
    later(() => socket.resume());
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, port: server.address().port })),
  );
}

if (process.send) {
  const rtt = Number(process.argv[2] ?? 0);
  const { port } = await startMemoryS3(rtt);
  process.on("message", (message) => {
    if (message.type === "take") process.send({ type: "taken", ...take() });
    if (message.type === "stop") process.exit(0);
  });
  process.send({ type: "ready", endpoint: `http://127.0.0.1:${port}` });
}
