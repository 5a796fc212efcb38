/**
 * Verifies an AWS Signature Version 4 `Authorization` header the way S3 does, so the fault
 * proxy can answer SignatureDoesNotMatch for a wrong secret (s3rver checks no v4
 * signature). Written from the published algorithm with node:crypto, independent of the
 * SDK that produced the signature.
 */
import { createHash, createHmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/;

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalQuery(query: string): string {
  return query
    .split("&")
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf("=");
      const name = at < 0 ? pair : pair.slice(0, at);
      const value = at < 0 ? "" : pair.slice(at + 1);
      return [encode(decodeURIComponent(name)), encode(decodeURIComponent(value))] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

const hmac = (key: Buffer | string, data: string): Buffer =>
  createHmac("sha256", key).update(data).digest();

/** True when the request carries a valid SigV4 signature made with `secretAccessKey`. */
export function hasValidSignature(
  request: { method?: string | undefined; url?: string | undefined; headers: IncomingHttpHeaders },
  secretAccessKey: string,
): boolean {
  const match = AUTHORIZATION.exec(String(request.headers.authorization ?? ""));
  const amzDate = request.headers["x-amz-date"];
  if (!match || typeof amzDate !== "string") return false;
  const [, credential = "", signedHeaders = "", signature = ""] = match;
  const [, date = "", region = "", service = ""] = credential.split("/");
  const [path = "/", query = ""] = (request.url ?? "/").split("?", 2);
  const headerLines = signedHeaders
    .split(";")
    .map((name) => {
      const value = request.headers[name];
      const text = Array.isArray(value) ? value.join(",") : String(value ?? "");
      return `${name}:${text.trim().replace(/\s+/g, " ")}\n`;
    })
    .join("");
  const payloadHash = String(request.headers["x-amz-content-sha256"] ?? "UNSIGNED-PAYLOAD");
  const canonicalRequest = [
    request.method ?? "GET",
    path,
    canonicalQuery(query),
    headerLines,
    signedHeaders,
    payloadHash,
  ].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    amzDate,
    scope,
    createHash("sha256").update(canonicalRequest).digest("hex"),
  ].join("\n");
  const key = hmac(
    hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service),
    "aws4_request",
  );
  return createHmac("sha256", key).update(stringToSign).digest("hex") === signature;
}
