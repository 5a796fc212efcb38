import { createHash } from 'node:crypto';
import { a as InputError } from './errors.js';
import path from 'node:path';

/**
 * Object keys from a `key-template` such as `{prefix}{hash}{ext}`.
 *
 * `{name}` and each segment of `{path}` are made URL-safe: every run of characters outside
 * ASCII letters, digits, `.`, `_`, `-` and Unicode letters/marks/digits becomes one `-`
 * (none at either end: `My pic (1)` → `My-pic-1`); case is kept.
 * Unicode letters are kept as they are (NFC), so `图片.png` keeps a readable key; only the URL
 * built by `keyToUrl` percent-encodes them. A name left empty (or only dots) becomes `_`.
 */
const TOKEN = /\{([^{}]*)\}/g;
const HASH_LENGTH = /^hash:(\d+)$/;
const DEFAULT_HASH_LENGTH = 16;
const MIN_HASH_LENGTH = 4;
const MAX_HASH_LENGTH = 64;
const KNOWN_TOKENS = "{prefix}, {hash}, {hash:N}, {name}, {ext} and {path}";
/** Throws InputError("key-template") unless every token is known and a hash is included. */
function validateKeyTemplate(template) {
    let hasHash = false;
    for (const match of template.matchAll(TOKEN)) {
        const token = match[1] ?? "";
        if (token === "hash") {
            hasHash = true;
        }
        else if (HASH_LENGTH.test(token)) {
            const length = Number(token.slice("hash:".length));
            if (length < MIN_HASH_LENGTH || length > MAX_HASH_LENGTH) {
                throw new InputError("key-template", `key-template token {${token}} asks for ${length} hex digits; use a length from ${MIN_HASH_LENGTH} to ${MAX_HASH_LENGTH}.`);
            }
            hasHash = true;
        }
        else if (!["prefix", "name", "ext", "path"].includes(token)) {
            throw new InputError("key-template", `key-template has an unknown token {${token}}; use ${KNOWN_TOKENS}.`);
        }
    }
    // A stray brace is almost always a typo such as `{hash` and would end up in every key.
    const leftover = template.replace(TOKEN, "");
    if (/[{}]/.test(leftover)) {
        throw new InputError("key-template", `key-template "${template}" has an unmatched brace; write tokens as {name}.`);
    }
    if (!hasHash) {
        throw new InputError("key-template", `key-template "${template}" has no {hash} or {hash:N} token; add one so that changed images get new keys.`);
    }
}
const compiledTemplates = new Map();
/** Renders a validated template. Repeated slashes collapse and leading slashes go, so an empty {path} never yields `//`. */
function renderKey(template, vars) {
    let render = compiledTemplates.get(template);
    if (!render) {
        render = compileTemplate(template);
        compiledTemplates.set(template, render);
    }
    return render(vars);
}
/** The template's literal text and a renderer per token, in order. */
function compileTemplate(template) {
    const pieces = [];
    let literalFrom = 0;
    for (const match of template.matchAll(TOKEN)) {
        pieces.push(template.slice(literalFrom, match.index), tokenRenderer(match[1] ?? "", match[0]));
        literalFrom = match.index + match[0].length;
    }
    pieces.push(template.slice(literalFrom));
    return (vars) => {
        let rendered = "";
        for (const piece of pieces)
            rendered += typeof piece === "string" ? piece : piece(vars);
        if (!rendered.startsWith("/") && !rendered.includes("//"))
            return rendered;
        return rendered.replace(/\/{2,}/g, "/").replace(/^\/+/, "");
    };
}
function tokenRenderer(token, whole) {
    if (token === "prefix")
        return (vars) => vars.prefix;
    if (token === "hash")
        return (vars) => vars.sha256.slice(0, DEFAULT_HASH_LENGTH);
    const hashLength = HASH_LENGTH.exec(token);
    if (hashLength) {
        const length = Number(hashLength[1]);
        return (vars) => vars.sha256.slice(0, length);
    }
    if (token === "name") {
        return (vars) => urlSafeSegment(path.posix.basename(vars.path, path.posix.extname(vars.path)));
    }
    if (token === "ext")
        return (vars) => path.posix.extname(vars.path).toLowerCase();
    if (token === "path") {
        return (vars) => {
            const directory = path.posix.dirname(vars.path);
            return directory === "."
                ? ""
                : directory.split("/").filter(Boolean).map(urlSafeSegment).join("/");
        };
    }
    return () => whole;
}
/** The public URL of a key: each segment percent-encoded, `/` kept. */
function keyToUrl(publicUrl, key) {
    return `${publicUrl}/${key.split("/").map(encodeURIComponent).join("/")}`;
}
function urlSafeSegment(text) {
    const safe = text
        .normalize("NFC")
        .replace(/[^A-Za-z0-9._\p{L}\p{M}\p{N}-]+/gu, "-")
        .replace(/-{2,}/g, "-")
        .replace(/^-+|-+$/g, "");
    // `.` and `..` segments would be folded away by URL normalization.
    return /^\.*$/.test(safe) ? "_" : safe;
}

const S3_DELIVERY = { url: keyToUrl, proof: "bytes" };
const PRIVATE_ESCAPE = "or set verify-public-url: false for a private bucket";
/**
 * Fetches one object through `public-url` and compares its bytes with the local file's
 * sha256, so that a bucket which is not publicly readable (or a public-url missing the
 * bucket's path) fails the run before any Markdown points at a URL that answers 403/404.
 * Throws an InputError naming `public-url` with the likely fix for the provider.
 */
async function verifyPublicUrl(image, fetchUrl, setup, timeoutMs = 15_000) {
    const object = { key: image.key, sha256: image.sha256, label: image.path };
    const check = await checkPublicObject(object, setup, fetchUrl, timeoutMs);
    if (!check.ok)
        throw new InputError("public-url", check.message);
}
/**
 * GETs `public-url` + key and, when that does not serve the object, tries once more with
 * the bucket name added to (or removed from) the URL's path: at most two requests.
 */
async function checkPublicObject(object, setup, fetchUrl, timeoutMs = 15_000) {
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
            const got = first.status >= 200 && first.status <= 299 ? "other bytes" : `HTTP ${first.status}`;
            return {
                ok: false,
                url,
                message: `Input public-url: ${url} gave ${got} for the uploaded ${object.label} but ${alternative} serves it, so use ${alternative} as public-url.`,
            };
        }
    }
    return { ok: false, url, message: failureMessage(url, first, object, setup) };
}
async function attempt(url, fetchUrl, timeoutMs) {
    try {
        const response = await fetchUrl(url, { signal: AbortSignal.timeout(timeoutMs) });
        const contentType = response.headers.get("content-type") ?? "";
        if (!response.ok) {
            await response.body?.cancel();
            return { kind: "served", status: response.status, bytes: Buffer.alloc(0), contentType };
        }
        const bytes = Buffer.from(await response.arrayBuffer());
        return { kind: "served", status: response.status, bytes, contentType };
    }
    catch (error) {
        return { kind: "unreachable", reason: fetchFailure(error) };
    }
}
function serves(attempted, object, proof) {
    if (attempted.status < 200 || attempted.status > 299)
        return false;
    // A re-encoding server (variants) serves other bytes by design: an image is the proof.
    if (proof === "image")
        return isImageType(attempted.contentType);
    return createHash("sha256").update(attempted.bytes).digest("hex") === object.sha256;
}
function isImageType(contentType) {
    return /^image\/[\w.+-]+\s*(;|$)/i.test(contentType.trim());
}
/** Why a delivery URL of a re-encoding server (Cloudflare Images) does not serve the image. */
function deliveryFailure(url, first, object) {
    const fix = "public-url must be https://imagedelivery.net/<account hash> or https://<your domain>/cdn-cgi/imagedelivery/<account hash> (the hash is on the Images page of the dashboard), or left empty to have it learned";
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
function fetchFailure(error) {
    const cause = error?.cause;
    if (typeof cause?.code === "string")
        return cause.code;
    if (typeof cause?.message === "string")
        return cause.message;
    if (error instanceof Error && error.name === "TimeoutError")
        return "timed out";
    return error instanceof Error ? error.message : String(error);
}
/** public-url with the bucket name removed from the end of its path, or added to it. */
function alternativeBaseUrl(publicUrl, bucket) {
    let url;
    try {
        url = new URL(publicUrl);
    }
    catch {
        return undefined;
    }
    const segments = url.pathname.split("/").filter(Boolean);
    if (segments.at(-1) === bucket)
        segments.pop();
    else
        segments.push(encodeURIComponent(bucket));
    url.pathname = `/${segments.join("/")}`;
    url.search = "";
    url.hash = "";
    return url.toString().replace(/\/+$/, "");
}
function failureMessage(url, first, object, setup) {
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
function publicAccessFix(provider, bucket) {
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
function publicPathFix(provider, bucket) {
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

/**
 * A valid 1×1 PNG: what `check` uploads as its probe (so the public URL's Content-Type can
 * be checked as an image's) and what Cloudflare Images uploads once to learn the account's
 * delivery URL when the account holds no image yet.
 */
const PROBE_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

/** Human names, for the checklist and messages. */
const PROVIDER_NAMES = {
    r2: "Cloudflare R2",
    b2: "Backblaze B2",
    s3: "AWS S3",
    minio: "MinIO",
    spaces: "DigitalOcean Spaces",
    wasabi: "Wasabi",
    oss: "Alibaba Cloud OSS",
    cos: "Tencent Cloud COS",
    gcs: "Google Cloud Storage (S3 interoperability)",
    custom: "a custom S3-compatible endpoint",
};
const HOST_PATTERNS = [
    [/\.r2\.cloudflarestorage\.com$/i, "r2"],
    [/(^|\.)backblazeb2\.com$/i, "b2"],
    [/(^|\.)amazonaws\.com(\.cn)?$/i, "s3"],
    [/(^|\.)digitaloceanspaces\.com$/i, "spaces"],
    [/(^|\.)wasabisys\.com$/i, "wasabi"],
    [/(^|\.)aliyuncs\.com$/i, "oss"],
    [/(^|\.)myqcloud\.com$/i, "cos"],
    [/^(.+\.)?storage\.googleapis\.com$/i, "gcs"],
    // MinIO has no public host; deployments are usually named after it.
    [/(^|[.-])minio([.-]|$)/i, "minio"],
];
/** Detects the provider from the endpoint's host name; no endpoint means AWS S3. */
function detectProvider(endpoint) {
    if (!endpoint)
        return "s3";
    const host = new URL(endpoint).hostname;
    for (const [pattern, provider] of HOST_PATTERNS)
        if (pattern.test(host))
            return provider;
    return "custom";
}
/**
 * Where the region sits in each provider's endpoint host name. Patterns are anchored at a
 * label boundary so that an endpoint written with the bucket in front
 * (`blog.nyc3.digitaloceanspaces.com`) still yields the region.
 */
const REGION_IN_HOST = {
    b2: /(?:^|\.)s3\.([a-z0-9-]+)\.backblazeb2\.com$/i,
    spaces: /(?:^|\.)([a-z]+[0-9]+)\.digitaloceanspaces\.com$/i,
    wasabi: /(?:^|\.)s3\.([a-z]{2}-[a-z]+-[0-9]+)\.wasabisys\.com$/i,
    oss: /(?:^|\.)oss-([a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$/i,
    cos: /(?:^|\.)cos\.([a-z0-9-]+)\.myqcloud\.com$/i,
    s3: /(?:^|\.)s3[.-](?:dualstack\.)?([a-z]{2}(?:-gov)?-[a-z]+-[0-9]+)\.amazonaws\.com(?:\.cn)?$/i,
};
/**
 * The region a provider signs with when `region: auto`. R2 and GCS's interoperability API
 * sign with `auto`; B2, Spaces, Wasabi, OSS, COS and regional AWS endpoints carry the
 * region in the host name; everything else starts at us-east-1 (the AWS default, and what
 * MinIO and most self-hosted servers accept).
 */
function regionFromHost(provider, host) {
    const match = REGION_IN_HOST[provider]?.exec(host);
    if (match?.[1])
        return provider === "oss" ? `oss-${match[1]}` : match[1].toLowerCase();
    if (provider === "r2" || provider === "gcs")
        return "auto";
    return "us-east-1";
}
function providerPreset(provider, endpoint) {
    const host = endpoint ? new URL(endpoint).hostname : "";
    // B2 serves virtual-hosted names too, but path style works with every bucket name
    // (dots included); MinIO and unknown servers rarely have wildcard DNS for buckets.
    // OSS and COS refuse path style, so they keep virtual-hosted addressing.
    const pathStyle = provider === "b2" || provider === "minio" || provider === "custom";
    return {
        provider,
        region: regionFromHost(provider, host),
        forcePathStyle: pathStyle,
        sendsAcl: provider !== "r2",
        checksums: endpoint ? "when-required" : "when-supported",
    };
}
/**
 * One line on client settings (a preset's, or the ones a run ends up with), e.g.
 * "region auto, virtual-hosted style, no ACL sent, checksums only when required".
 */
function describeSettings(settings) {
    return [
        `region ${settings.region}`,
        settings.forcePathStyle ? "path style" : "virtual-hosted style",
        settings.sendsAcl ? "acl sent when set" : "no ACL sent",
        settings.checksums === "when-required"
            ? "checksums only when required"
            : "default SDK checksums",
    ].join(", ");
}

export { PROBE_PNG as P, describeSettings as a, PROVIDER_NAMES as b, checkPublicObject as c, detectProvider as d, verifyPublicUrl as e, keyToUrl as k, providerPreset as p, renderKey as r, validateKeyTemplate as v };
