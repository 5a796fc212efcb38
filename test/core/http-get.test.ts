import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpGet } from "../../src/core/http-get.js";

const image = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));

/** Each path a test asks for, in order, with the headers it came with. */
const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
const sockets = new Set<Socket>();
let base = "";

const routes: Record<string, (res: ServerResponse, url: URL) => void> = {
  "/image.png": (res) =>
    res.writeHead(200, { "content-type": "image/png", "x-served-by": "a" }).end(image),
  "/missing.png": (res) => res.writeHead(404, { "content-type": "text/html" }).end("<h1>no</h1>"),
  // Absolute path, then relative to /dir/, then an absolute URL, then the image.
  "/start": (res) => res.writeHead(301, { location: "/dir/one" }).end("moved"),
  "/dir/one": (res) => res.writeHead(302, { location: "two?x=1" }).end(),
  "/dir/two": (res) => res.writeHead(303, { location: `${base}/dir/three` }).end(),
  "/dir/three": (res) => res.writeHead(307, { location: "../four" }).end(),
  "/four": (res) => res.writeHead(308, { location: "/image.png" }).end(),
  "/hops": (res, url) => {
    const left = Number(url.searchParams.get("left"));
    const location = left > 0 ? `/hops?left=${left - 1}` : "/image.png";
    res.writeHead(302, { location }).end();
  },
  "/loop": (res) => res.writeHead(302, { location: "/loop" }).end(),
  "/ftp": (res) => res.writeHead(302, { location: "ftp://127.0.0.1/x.png" }).end(),
  "/no-location": (res) => res.writeHead(302).end("stay"),
  "/hang": () => {},
  "/slow-body": (res) => {
    res.writeHead(200, { "content-length": 100 });
    res.write("first bytes");
  },
  "/cut-short": (res) => {
    res.writeHead(200, { "content-length": 100 });
    res.write("first bytes", () => res.socket?.destroy());
  },
  "/gzip": (res) => res.writeHead(200, { "content-encoding": "gzip" }).end(gzipSync(image)),
  "/big": (res) => res.writeHead(200).end(Buffer.alloc(5000)),
};

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", base);
  seen.push({ path: `${url.pathname}${url.search}`, headers: req.headers });
  const route = routes[url.pathname];
  if (route) route(res, url);
  else res.writeHead(500).end();
});
server.on("connection", (socket) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Resolves once every connection to the server has closed (the client keeps none). */
async function allClosed(): Promise<void> {
  for (let waited = 0; sockets.size > 0; waited += 10) {
    if (waited > 2000) throw new Error(`${sockets.size} connection(s) still open`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What a rejection was, as verify-public-url's fetchFailure reads it. */
async function rejection(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => expect.fail("resolved"),
    (thrown: unknown) => thrown,
  )) as Error & { cause?: { code?: string; message?: string } };
  return { name: error.name, code: error.cause?.code, cause: error.cause?.message };
}

describe("httpGet", () => {
  it("answers 200 with the bytes and headers, by any case of the name, and closes", async () => {
    seen.length = 0;
    const answer = await httpGet(`${base}/image.png`);
    expect(answer.status).toBe(200);
    expect(answer.ok).toBe(true);
    expect(answer.headers.get("Content-Type")).toBe("image/png");
    expect(answer.headers.get("x-served-by")).toBe("a");
    expect(answer.headers.get("x-absent")).toBeNull();
    expect(Buffer.from(await answer.arrayBuffer()).equals(image)).toBe(true);
    // The bytes as stored: nothing to decode, and no connection kept for another request.
    expect(seen[0]?.headers["accept-encoding"]).toBe("identity");
    expect(seen[0]?.headers.connection).toBe("close");
    await allClosed();
  });

  it("answers 404 as a status, and cancelling the body closes the connection", async () => {
    const answer = await httpGet(`${base}/missing.png`);
    expect(answer.status).toBe(404);
    expect(answer.ok).toBe(false);
    expect(answer.headers.get("content-type")).toBe("text/html");
    await answer.body.cancel();
    await allClosed();
  });

  it("follows 301, 302, 303, 307 and 308, relative and absolute Locations alike", async () => {
    seen.length = 0;
    const answer = await httpGet(`${base}/start`);
    expect(answer.status).toBe(200);
    expect(Buffer.from(await answer.arrayBuffer()).equals(image)).toBe(true);
    expect(seen.map((request) => request.path)).toEqual([
      "/start",
      "/dir/one",
      "/dir/two?x=1",
      "/dir/three",
      "/four",
      "/image.png",
    ]);
    await allClosed();
  });

  it("follows 20 redirects, as fetch does, and fails the 21st", async () => {
    const twenty = await httpGet(`${base}/hops?left=19`);
    expect(twenty.status).toBe(200);
    await twenty.arrayBuffer();
    seen.length = 0;
    expect(await rejection(httpGet(`${base}/loop`))).toEqual({
      name: "TypeError",
      code: undefined,
      cause: "redirect count exceeded",
    });
    expect(seen).toHaveLength(21);
    await allClosed();
  });

  it("follows no redirect out of http and https, and returns a redirect without Location", async () => {
    expect((await rejection(httpGet(`${base}/ftp`))).cause).toBe(
      "URL scheme must be a HTTP(S) scheme",
    );
    expect((await rejection(httpGet("ftp://127.0.0.1/x.png"))).cause).toBe("unknown scheme");
    const stay = await httpGet(`${base}/no-location`);
    expect(stay.status).toBe(302);
    expect(Buffer.from(await stay.arrayBuffer()).toString()).toBe("stay");
  });

  it("fails with the socket's code when the connection is refused", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await rejection(httpGet(`http://127.0.0.1:${port}/x.png`))).toMatchObject({
      name: "TypeError",
      code: "ECONNREFUSED",
    });
  });

  it("fails with the signal's TimeoutError, waiting for the answer or for its body", async () => {
    const head = await rejection(httpGet(`${base}/hang`, { signal: AbortSignal.timeout(100) }));
    expect(head.name).toBe("TimeoutError");
    const answer = await httpGet(`${base}/slow-body`, { signal: AbortSignal.timeout(500) });
    expect(answer.status).toBe(200);
    expect((await rejection(answer.arrayBuffer())).name).toBe("TimeoutError");
    await allClosed();
  });

  it("fails a body cut short with the socket's code", async () => {
    const answer = await httpGet(`${base}/cut-short`);
    expect(await rejection(answer.arrayBuffer())).toEqual({
      name: "TypeError",
      code: "ECONNRESET",
      cause: "aborted",
    });
  });

  it("decodes a body the server encoded although asked not to, as fetch did", async () => {
    const answer = await httpGet(`${base}/gzip`);
    expect(Buffer.from(await answer.arrayBuffer()).equals(image)).toBe(true);
  });

  it("stops reading a body over maxBytes", async () => {
    const answer = await httpGet(`${base}/big`, { maxBytes: 4000 });
    expect((await rejection(answer.arrayBuffer())).cause).toBe("the answer is larger than 4 kB");
    const gzip = await httpGet(`${base}/gzip`, { maxBytes: 60_000 });
    expect((await rejection(gzip.arrayBuffer())).cause).toBe("the answer is larger than 60 kB");
    await allClosed();
  });
});
