// An HTTP proxy in front of s3rver that stands in for a real network: every request waits
// one round trip before it is forwarded, every new connection one more (the TCP handshake),
// and every request is counted, so tools are compared on requests and round trips.
import { Agent, createServer, request as forward } from "node:http";

/**
 * @param {number} targetPort s3rver's port on 127.0.0.1
 * @param {number} rttMs added round-trip time
 */
export async function startLatencyProxy(targetPort, rttMs) {
  // Keep-alive upstream: the proxy's own hop to s3rver must not add connection costs.
  const upstreamAgent = new Agent({ keepAlive: true, maxSockets: 256 });
  const state = {
    requests: 0,
    connections: 0,
    expectContinue: 0,
    inFlightMs: 0,
    startedAt: performance.now(),
    byMethod: new Map(),
  };

  // Time-weighted requests in flight: below `concurrency` means the client, not the
  // network, paced the run.
  let inFlight = 0;
  let lastChange = performance.now();
  const track = (delta) => {
    const now = performance.now();
    state.inFlightMs += inFlight * (now - lastChange);
    lastChange = now;
    inFlight += delta;
  };
  const handle = (req, res) => {
    state.requests++;
    track(1);
    res.on("close", () => track(-1));
    // Requests on the bucket itself (listings, location) vs on one object.
    const onBucket = /^\/[^/?]+\/?(\?|$)/.test(req.url ?? "");
    const kind = `${req.method} ${onBucket ? "bucket" : "object"}`;
    state.byMethod.set(kind, (state.byMethod.get(kind) ?? 0) + 1);
    // Paused until the round trip has passed; the body waits in the socket meanwhile.
    req.pause();
    setTimeout(() => {
      const upstream = forward(
        {
          host: "127.0.0.1",
          port: targetPort,
          method: req.method,
          path: req.url,
          headers: withoutExpect(req.headers),
          agent: upstreamAgent,
        },
        (response) => {
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
      req.resume();
    }, rttMs);
  };
  const server = createServer(handle);
  // `Expect: 100-continue` costs a real client one more round trip: the interim answer
  // comes from the far end before the body may be sent. Node would answer at once here.
  server.on("checkContinue", (req, res) => {
    state.expectContinue++;
    setTimeout(() => {
      res.writeContinue();
      handle(req, res);
    }, rttMs);
  });
  // A new connection costs a handshake: hold its first bytes for one round trip.
  server.on("connection", (socket) => {
    state.connections++;
    socket.pause();
    setTimeout(() => socket.resume(), rttMs);
  });
  server.keepAliveTimeout = 30_000;

  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** Counts since the last call, then starts counting afresh. */
    take() {
      track(0);
      const elapsed = performance.now() - state.startedAt;
      const taken = {
        meanInFlight: elapsed > 0 ? state.inFlightMs / elapsed : 0,
        requests: state.requests,
        connections: state.connections,
        expectContinue: state.expectContinue,
        byMethod: Object.fromEntries(state.byMethod),
      };
      state.requests = 0;
      state.connections = 0;
      state.expectContinue = 0;
      state.inFlightMs = 0;
      state.startedAt = performance.now();
      state.byMethod = new Map();
      return taken;
    },
    async stop() {
      server.closeAllConnections();
      upstreamAgent.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The expectation was answered by the proxy, after its round trip; s3rver need not see it. */
function withoutExpect(headers) {
  const { expect: _answered, ...rest } = headers;
  return rest;
}
