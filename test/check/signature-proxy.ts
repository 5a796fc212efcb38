/**
 * A proxy in front of s3rver that checks AWS Signature V4 the way real storage does
 * (s3rver checks none), so a wrong secret gets the 403 SignatureDoesNotMatch a provider
 * would send. Requests without an Authorization header (public reads) pass through.
 */
import { createHash, createHmac } from "node:crypto";
import { createServer, request as forward, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { RunningS3rver } from "../support/s3rver.js";

export interface SignatureProxy {
  readonly endpoint: string;
  /** Codes of the requests it refused, in order. */
  readonly refused: string[];
  stop(): Promise<void>;
}

const hmac = (key: string | Buffer, text: string): Buffer =>
  createHmac("sha256", key).update(text, "utf8").digest();
const sha256Hex = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

/** Why the request's signature is not one made with `secret`, or undefined when it is. */
export function signatureProblem(
  req: IncomingMessage,
  accessKeyId: string,
  secret: string,
): "InvalidAccessKeyId" | "SignatureDoesNotMatch" | undefined {
  const authorization = req.headers.authorization ?? "";
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(
      authorization,
    );
  if (!match) return "SignatureDoesNotMatch";
  const [, keyId = "", day = "", region = "", service = "", signedHeaders = "", signature = ""] =
    match;
  if (keyId !== accessKeyId) return "InvalidAccessKeyId";
  const [path = "/", query = ""] = (req.url ?? "/").split("?", 2);
  const canonicalQuery = query
    .split("&")
    .filter(Boolean)
    .map((pair) => (pair.includes("=") ? pair : `${pair}=`))
    .sort()
    .join("&");
  const names = signedHeaders.split(";");
  const canonicalHeaders = names
    .map((name) => {
      const value = req.headers[name];
      const text = Array.isArray(value) ? value.join(",") : (value ?? "");
      return `${name}:${text.trim().replace(/\s+/g, " ")}\n`;
    })
    .join("");
  const canonicalRequest = [
    req.method ?? "GET",
    path,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    String(req.headers["x-amz-content-sha256"] ?? "UNSIGNED-PAYLOAD"),
  ].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    String(req.headers["x-amz-date"] ?? ""),
    scope,
    sha256Hex(canonicalRequest),
  ].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), "aws4_request");
  const expected = createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");
  return expected === signature ? undefined : "SignatureDoesNotMatch";
}

export async function startSignatureProxy(
  target: RunningS3rver,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<SignatureProxy> {
  const refused: string[] = [];
  const server = createServer((req, res) => {
    const problem = req.headers.authorization
      ? signatureProblem(req, credentials.accessKeyId, credentials.secretAccessKey)
      : undefined;
    if (problem) {
      refused.push(problem);
      req.resume();
      req.on("end", () => {
        res.writeHead(403, { "content-type": "application/xml" });
        res.end(
          req.method === "HEAD"
            ? undefined
            : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${problem}</Code><Message>Refused by the test proxy.</Message></Error>`,
        );
      });
      return;
    }
    const upstream = forward(
      {
        host: "127.0.0.1",
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (response) => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    refused,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
