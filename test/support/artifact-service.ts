/**
 * A local stand-in for the runner's artifact service, enough for @actions/artifact's
 * uploadArtifact: the Twirp calls CreateArtifact and FinalizeArtifact, and the Azure Blob
 * block upload (`?comp=block`, then `?comp=blocklist`) to the signed URL it hands out.
 * It records the calls and keeps the uploaded zip, so a test can open what was uploaded.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { inflateRawSync } from "node:zlib";

export interface ArtifactService {
  /** `ACTIONS_RESULTS_URL` */
  readonly url: string;
  /** The env @actions/artifact reads (a JWT whose `scp` names the run and job). */
  readonly env: Record<string, string>;
  /** Twirp method names in call order, with their JSON bodies. */
  readonly calls: { method: string; body: Record<string, unknown> }[];
  /** The committed blob (the zip) by artifact name. */
  readonly blobs: Map<string, Buffer>;
  readonly artifactId: number;
  stop(): Promise<void>;
}

const TWIRP = "/twirp/github.actions.results.api.v1.ArtifactService/";

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startArtifactService(artifactId = 4242): Promise<ArtifactService> {
  const calls: ArtifactService["calls"] = [];
  const blobs = new Map<string, Buffer>();
  const blocks = new Map<string, Buffer>();
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const data = await body(request);
    if (request.method === "POST" && url.pathname.startsWith(TWIRP)) {
      const method = url.pathname.slice(TWIRP.length);
      const json = JSON.parse(data.toString("utf8") || "{}") as Record<string, unknown>;
      calls.push({ method, body: json });
      response.setHeader("content-type", "application/json");
      if (method === "CreateArtifact") {
        const name = String(json.name);
        const signed = `${base}/devstoreaccount1/artifacts/${encodeURIComponent(name)}.zip?sig=fake`;
        response.end(JSON.stringify({ ok: true, signed_upload_url: signed }));
      } else if (method === "FinalizeArtifact") {
        response.end(JSON.stringify({ ok: true, artifact_id: String(artifactId) }));
      } else {
        response.statusCode = 404;
        response.end(JSON.stringify({ code: "not_found", msg: method }));
      }
      return;
    }
    if (request.method === "PUT" && url.pathname.startsWith("/devstoreaccount1/artifacts/")) {
      const blob = decodeURIComponent(url.pathname.split("/").at(-1) ?? "");
      const name = blob.replace(/\.zip$/, "");
      const comp = url.searchParams.get("comp");
      if (comp === "block") {
        blocks.set(`${blob}\u0000${url.searchParams.get("blockid")}`, data);
      } else if (comp === "blocklist") {
        const ids = [
          ...data.toString("utf8").matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)</g),
        ];
        blobs.set(
          name,
          Buffer.concat(ids.map((id) => blocks.get(`${blob}\u0000${id[1]}`) ?? Buffer.alloc(0))),
        );
      } else {
        blobs.set(name, data); // a single-shot Put Blob
      }
      response.statusCode = 201;
      response.setHeader("etag", '"0x1"');
      response.setHeader("last-modified", new Date().toUTCString());
      response.setHeader("x-ms-request-id", "1");
      response.setHeader("x-ms-version", "2024-11-04");
      response.end();
      return;
    }
    response.statusCode = 404;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const claims = { scp: "Actions.GenericRead Actions.Results:run-backend-id:job-backend-id" };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const jwt = `${encode({ alg: "none", typ: "JWT" })}.${encode(claims)}.sig`;
  return {
    url: base,
    env: {
      ACTIONS_RUNTIME_TOKEN: jwt,
      ACTIONS_RESULTS_URL: `${base}/`,
      GITHUB_SERVER_URL: "https://github.com",
    },
    calls,
    blobs,
    artifactId,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The files of a zip (stored or deflated), read through its central directory. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error("not a zip: no end of central directory");
  let offset = zip.readUInt32LE(end + 16);
  const count = zip.readUInt16LE(end + 10);
  for (let index = 0; index < count; index++) {
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.toString("utf8", offset + 46, offset + 46 + nameLength);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (!name.endsWith("/"))
      files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}
