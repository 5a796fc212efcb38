import { createHash } from "node:crypto";
import { InputError } from "../core/errors.js";
import { keyToUrl } from "../core/key-template.js";
import type { Provider } from "../options/options.js";
import type { Delivery } from "../storage/storage.js";
import type { ImageResult } from "./types.js";

/**
 * What the check reads of an answer. Structural, so that a global-fetch Response (tests,
 * `check`) and core/http-get.ts's answer (a run: no undici loaded) both qualify.
 */
export interface FetchedAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
  /** Cancelled to discard an error page unread. */
  readonly body: { cancel(): Promise<void> } | null;
}

export type Fetch = (url: string, init?: { signal?: AbortSignal }) => Promise<FetchedAnswer>;

/** What the diagnosis needs to know about the setup, from Options. */
export interface PublicUrlSetup {
  readonly provider: Provider;
  readonly bucket: string;
  /** Base URL without a trailing slash. */
  readonly publicUrl: string;
  /** How the storage's URLs are made and what a served copy proves (default: S3's). */
  readonly delivery?: Pick<Delivery, "url" | "proof">;
}

const S3_DELIVERY: Pick<Delivery, "url" | "proof"> = { url: keyToUrl, proof: "bytes" };

/** An object known to be in the bucket, and how to name it in a message. */
export interface PublicObject {
  readonly key: string;
  readonly sha256: string;
  /** e.g. "img/a.png" or "probe object". */
  readonly label: string;
}

export type PublicCheck =
  | { readonly ok: true; readonly url: string; readonly contentType: string }
  | { readonly ok: false; readonly url: string; readonly message: string };

type Attempt =
  | {
      readonly kind: "served";
      readonly status: number;
      readonly bytes: Buffer;
      readonly contentType: string;
    }
  | { readonly kind: "unreachable"; readonly reason: string };

const PRIVATE_ESCAPE = "or set verify-public-url: false for a private bucket";

/**
 * Fetches one object through `public-url` and compares its bytes with the local file's
 * sha256, so that a bucket which is not publicly readable (or a public-url missing the
 * bucket's path) fails the run before any Markdown points at a URL that answers 403/404.
 * Throws an InputError naming `public-url` with the likely fix for the provider.
 */
export async function verifyPublicUrl(
  image: ImageResult,
  fetchUrl: Fetch,
  setup: PublicUrlSetup,
  timeoutMs = 15_000,
): Promise<void> {
  const object = { key: image.key, sha256: image.sha256, label: image.path };
  const check = await checkPublicObject(object, setup, fetchUrl, timeoutMs);
  if (!check.ok) throw new InputError("public-url", check.message);
}

/**
 * GETs `public-url` + key and, when that does not serve the object, tries once more with
 * the bucket name added to (or removed from) the URL's path: at most two requests.
 */
export async function checkPublicObject(
  object: PublicObject,
  setup: PublicUrlSetup,
  fetchUrl: Fetch,
  timeoutMs = 15_000,
): Promise<PublicCheck> {
  const delivery = setup.delivery ?? S3_DELIVERY;
  const url = delivery.url(setup.publicUrl, object.key);
  const first = await attempt(url, fetchUrl, timeoutMs);
  if (first.kind === "served" && serves(first, object, delivery.proof)) {
    return { ok: true, url, contentType: first.contentType };
  }
  if (delivery.proof === "image") {
    return { ok: false, url, message: deliveryFailure(url, first, object) };
  }
  // An unreachable host stays unreachable with another path; only a server that answered
  // is worth a second try.
  const alternative = alternativeBaseUrl(setup.publicUrl, setup.bucket);
  if (first.kind === "served" && alternative) {
    const second = await attempt(keyToUrl(alternative, object.key), fetchUrl, timeoutMs);
    if (second.kind === "served" && serves(second, object, "bytes")) {
      const got =
        first.status >= 200 && first.status <= 299 ? "other bytes" : `HTTP ${first.status}`;
      return {
        ok: false,
        url,
        message: `Input public-url: ${url} gave ${got} for the uploaded ${object.label} but ${alternative} serves it, so use ${alternative} as public-url.`,
      };
    }
  }
  return { ok: false, url, message: failureMessage(url, first, object, setup) };
}

async function attempt(url: string, fetchUrl: Fetch, timeoutMs: number): Promise<Attempt> {
  try {
    const response = await fetchUrl(url, { signal: AbortSignal.timeout(timeoutMs) });
    const contentType = response.headers.get("content-type") ?? "";
    if (!response.ok) {
      await response.body?.cancel();
      return { kind: "served", status: response.status, bytes: Buffer.alloc(0), contentType };
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    return { kind: "served", status: response.status, bytes, contentType };
  } catch (error) {
    return { kind: "unreachable", reason: fetchFailure(error) };
  }
}

function serves(
  attempted: Attempt & { kind: "served" },
  object: PublicObject,
  proof: Delivery["proof"],
): boolean {
  if (attempted.status < 200 || attempted.status > 299) return false;
  // A re-encoding server (variants) serves other bytes by design: an image is the proof.
  if (proof === "image") return isImageType(attempted.contentType);
  return createHash("sha256").update(attempted.bytes).digest("hex") === object.sha256;
}

function isImageType(contentType: string): boolean {
  return /^image\/[\w.+-]+\s*(;|$)/i.test(contentType.trim());
}

/** Why a delivery URL of a re-encoding server (Cloudflare Images) does not serve the image. */
function deliveryFailure(url: string, first: Attempt, object: PublicObject): string {
  const fix =
    "public-url must be https://imagedelivery.net/<account hash> or https://<your domain>/cdn-cgi/imagedelivery/<account hash> (the hash is on the Images page of the dashboard), or left empty to have it learned";
  const what = `the uploaded ${object.label}`;
  if (first.kind === "unreachable")
    return `Input public-url: fetching ${url} failed (${first.reason}); ${fix}.`;
  if (first.status === 401 || first.status === 403)
    return `Input public-url: ${url} answered HTTP ${first.status} for ${what}; the variant may require signed URLs (turn that off for it) or ${fix}.`;
  if (first.status === 404)
    return `Input public-url: ${url} answered HTTP 404 for ${what}; check that cloudflare-variant names a variant of the account, and ${fix}.`;
  if (first.status < 200 || first.status > 299)
    return `Input public-url: ${url} answered HTTP ${first.status} for ${what}; ${fix}.`;
  const type = first.contentType || "no Content-Type";
  return `Input public-url: ${url} serves ${type}, not an image, for ${what}; ${fix}.`;
}

/** undici says only "fetch failed"; the reason (ENOTFOUND, ECONNREFUSED…) is in `cause`. */
function fetchFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  if (error instanceof Error && error.name === "TimeoutError") return "timed out";
  return error instanceof Error ? error.message : String(error);
}

/** public-url with the bucket name removed from the end of its path, or added to it. */
export function alternativeBaseUrl(publicUrl: string, bucket: string): string | undefined {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return undefined;
  }
  const segments = url.pathname.split("/").filter(Boolean);
  if (segments.at(-1) === bucket) segments.pop();
  else segments.push(encodeURIComponent(bucket));
  url.pathname = `/${segments.join("/")}`;
  url.search = "";
  url.hash = "";
  return url.toString().replace(/\/+$/, "");
}

function failureMessage(
  url: string,
  first: Attempt,
  object: PublicObject,
  setup: PublicUrlSetup,
): string {
  const what = `the uploaded ${object.label}`;
  if (first.kind === "unreachable") {
    return `Input public-url: fetching ${url} failed (${first.reason}); set public-url to the address the bucket is served from, ${PRIVATE_ESCAPE}.`;
  }
  if (first.status === 401 || first.status === 403) {
    return `Input public-url: ${url} answered HTTP ${first.status} for ${what}, so the bucket is not publicly readable there; ${publicAccessFix(setup.provider, setup.bucket)}, ${PRIVATE_ESCAPE}.`;
  }
  if (first.status === 404) {
    return `Input public-url: ${url} answered HTTP 404 for ${what}; ${publicPathFix(setup.provider, setup.bucket)}, ${PRIVATE_ESCAPE}.`;
  }
  if (first.status < 200 || first.status > 299) {
    return `Input public-url: ${url} answered HTTP ${first.status} for ${what}; set public-url to the address the bucket is served from, ${PRIVATE_ESCAPE}.`;
  }
  return `Input public-url: ${url} serves ${first.bytes.length} bytes that differ from ${what}, so public-url points at something other than this bucket (a website, another bucket or prefix); ${publicPathFix(setup.provider, setup.bucket)}.`;
}

/** How to make objects publicly readable, for a 403 through public-url. */
export function publicAccessFix(provider: Provider, bucket: string): string {
  switch (provider) {
    case "r2":
      return `R2 buckets are private until you connect a custom domain to "${bucket}" or enable its r2.dev URL (bucket Settings → Public access), and public-url must be that domain`;
    case "b2":
      return `make "${bucket}" public (Bucket Settings → Files in Bucket are: Public) or serve it through a CDN such as Cloudflare and use that domain as public-url`;
    case "s3":
      return `give "${bucket}" a bucket policy that allows s3:GetObject to everyone (Block Public Access off for it) or set acl: public-read, or serve it through CloudFront and use that domain as public-url`;
    case "spaces":
      return "set acl: public-read (files in a Space are private by default) or use the Space's CDN endpoint as public-url";
    case "wasabi":
      return `give "${bucket}" a bucket policy that allows s3:GetObject to everyone or set acl: public-read (new Wasabi accounts may have to ask support to enable public access)`;
    case "oss":
      return `set the ACL of "${bucket}" to public-read in the OSS console or set acl: public-read`;
    case "cos":
      return `set the access permission of "${bucket}" to public read / private write in the COS console or set acl: public-read`;
    case "gcs":
      return `grant allUsers the Storage Object Viewer role on "${bucket}" (acl: public-read is refused when uniform bucket-level access is on)`;
    case "minio":
      return `allow anonymous downloads with \`mc anonymous set download <alias>/${bucket}\``;
    case "custom":
      return `give "${bucket}" a bucket policy that allows public reads or set acl: public-read`;
  }
}

/** What public-url usually looks like, for a 404 or foreign bytes through public-url. */
export function publicPathFix(provider: Provider, bucket: string): string {
  switch (provider) {
    case "r2":
      return "for R2, public-url is the custom domain or r2.dev URL connected to the bucket, with no bucket name in the path";
    case "b2":
      return `for B2, public-url is https://f<NNN>.backblazeb2.com/file/${bucket} (the bucket's Friendly URL without the file name) or your CDN domain`;
    case "s3":
      return `for AWS S3, public-url is https://${bucket}.s3.<region>.amazonaws.com or your CloudFront domain`;
    case "spaces":
      return `for Spaces, public-url is https://${bucket}.<region>.digitaloceanspaces.com or its CDN endpoint`;
    default:
      return `public-url must be the URL that object keys are appended to, with or without /${bucket} depending on the server`;
  }
}
