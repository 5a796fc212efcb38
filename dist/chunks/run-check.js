import { randomBytes, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { d as describeError, S as StorageError } from './errors.js';
import { P as PROBE_PNG, c as checkPublicObject, p as providerPreset, d as detectProvider, a as describeSettings, b as PROVIDER_NAMES } from './providers.js';
import { t as translateStorageError, s as s3ClientConfig } from './s3-errors.js';
import { p as printable } from './printable.js';
import { A as command, R as GetBucketCors$, _ as _mw0, U as _ep3, O as S3Client, Q as ListObjectsV2Command } from './ListObjectsV2Command.js';
import 'node:path';
import 'node:fs';
import 'node:https';
import 'node:os';
import 'node:process';
import 'node:fs/promises';
import 'node:zlib';

class GetBucketCorsCommand extends command(_ep3, _mw0, "GetBucketCors", GetBucketCors$) {
}

/** The probe read back through the storage: one checklist line for S3 and Images alike. */
/** Passes when the stored probe comes back byte for byte; `fix` says what to check if not. */
async function readBackItem(storage, key, label, fix, pass, fail) {
    try {
        const bytes = await storage.get(key);
        if (bytes.equals(PROBE_PNG))
            pass("read", label, `${bytes.length} bytes, identical`);
        else
            fail("read", label, `got ${bytes.length} bytes that differ`, fix);
    }
    catch (error) {
        fail("read", label, "refused", describeError(error));
    }
}

/**
 * `md-image-offload check`: the setup checklist. Each line is one thing a run depends on,
 * checked for real with the same options a run would use, with a one-line fix when it fails.
 */
/** Storage rejects signatures more than 15 minutes off; warn well before that. */
const MAX_CLOCK_OFFSET_MS = 5 * 60_000;
const PROBE_TYPE = "image/png";
// Answers that prove the server accepted the signature but the bucket is wrong or closed;
// anything else (bad key, bad signature, unreachable endpoint) fails the credentials line.
const BUCKET_CODES = new Set(["NoSuchBucket", "PermanentRedirect"]);
async function runChecklist(options, deps) {
    const { storage: settings } = options;
    const items = new Map();
    const pass = (id, label, detail) => items.set(id, { id, label, status: "pass", detail });
    const fail = (id, label, detail, fix) => items.set(id, { id, label, status: "fail", detail, fix });
    const skip = (id, label, after) => items.set(id, { id, label, status: "skipped", detail: `not checked until ${after} passes` });
    const recorders = { pass, fail, skip };
    const probeKey = `${options.prefix}md-image-offload-check-${randomBytes(4).toString("hex")}.png`;
    const steps = {
        credentials: "Credentials accepted",
        bucket: `Bucket "${settings.bucket}" exists`,
        put: `Probe object can be put (${probeKey})`,
        read: "Probe object reads back byte-exact",
        publicUrl: "public-url serves the probe with the right Content-Type",
        delete: "Probe object can be deleted",
    };
    await checkAccess(options, deps, probeKey, steps, recorders);
    if (items.get("bucket")?.status === "pass") {
        await probeObject(options, deps, probeKey, steps, recorders);
    }
    else {
        for (const id of ["put", "read", "public-url", "delete"]) {
            skip(id, steps[id === "public-url" ? "publicUrl" : id], "the bucket check");
        }
    }
    const cors = items.get("bucket")?.status === "pass";
    if (cors) {
        const reading = await deps.probe.readCors();
        corsItem(reading, pass, fail);
    }
    clockItem(deps.probe.clockOffsetMs(), recorders);
    if (!cors)
        skip("cors", "CORS rules", "the bucket check");
    providerItem(settings, pass);
    const order = [
        "credentials",
        "bucket",
        "put",
        "read",
        "public-url",
        "delete",
        "clock",
        "cors",
        "provider",
    ];
    const list = order.flatMap((id) => items.get(id) ?? []);
    return { ok: list.every((item) => item.status === "pass"), items: list, probeKey };
}
/** Credentials and bucket: one listing of the probe's own, still unused, key. */
async function checkAccess(options, deps, probeKey, steps, { pass, fail, skip }) {
    const { storage: settings } = options;
    const where = settings.endpoint ?? "AWS S3";
    try {
        // Listing the probe's own (still unused) key proves the signature, the bucket and the
        // list permission the run needs, with an empty answer however big the bucket is.
        await deps.probe.listOne(probeKey);
        pass("credentials", steps.credentials, `${where} accepted the request signature`);
        pass("bucket", steps.bucket, "listing it works");
    }
    catch (error) {
        const translated = translateStorageError(error, {
            action: "listing",
            bucket: settings.bucket,
            ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
        });
        const code = translated instanceof StorageError ? (translated.code ?? "") : "";
        if (code === "AccessDenied") {
            // Object-scoped keys (R2 API tokens for one bucket's objects) may not list; a run
            // only needs HEAD/PUT/GET, which the probe below tries for real.
            pass("credentials", steps.credentials, `${where} accepted the request signature`);
            pass("bucket", steps.bucket, "listing is not allowed for this key; the probe below checks it");
        }
        else if (BUCKET_CODES.has(code)) {
            pass("credentials", steps.credentials, `${where} accepted the request signature`);
            fail("bucket", steps.bucket, code, translated.message);
        }
        else {
            fail("credentials", steps.credentials, code || "storage refused", translated.message);
            skip("bucket", steps.bucket, "the credentials check");
        }
    }
}
/** How far the server's clock is from this machine's (storage refuses 15 minutes off). */
function clockItem(offset, { pass, fail, skip }) {
    const clockLabel = "Clock offset from the server";
    if (offset === undefined) {
        skip("clock", clockLabel, "the server answers");
    }
    else {
        const seconds = Math.round(offset / 1000);
        // The Date header has whole seconds, so ±1 s is as close as it can tell.
        const detail = Math.abs(seconds) <= 1
            ? "in step with this machine (±1 s)"
            : `server is ${Math.abs(seconds)} s ${seconds > 0 ? "ahead of" : "behind"} this machine`;
        if (Math.abs(offset) < MAX_CLOCK_OFFSET_MS)
            pass("clock", clockLabel, detail);
        else
            fail("clock", clockLabel, detail, "Set this machine's clock right (e.g. enable NTP with `timedatectl set-ntp true`): storage rejects requests signed more than 15 minutes off.");
    }
}
/** The provider preset in force, and why: detected, or set by the provider input. */
function providerItem(settings, pass) {
    const preset = providerPreset(settings.provider, settings.endpoint);
    const how = detectProvider(settings.endpoint) === settings.provider
        ? settings.endpoint
            ? "detected from endpoint"
            : "no endpoint"
        : "set by the provider input";
    const actual = describeSettings({
        region: settings.region,
        forcePathStyle: settings.forcePathStyle,
        sendsAcl: preset.sendsAcl,
        checksums: preset.checksums,
    });
    pass("provider", "Provider preset", `${PROVIDER_NAMES[settings.provider]} (${settings.provider}, ${how}): ${actual}${settings.acl ? `, acl ${settings.acl}` : ""}`);
}
/**
 * Put, read back, fetch through public-url, delete: one probe object's life, in order.
 * Longer than most functions on purpose: each step runs only if the one before passed,
 * and reading them top to bottom is what a user's checklist does.
 */
async function probeObject(options, deps, key, steps, { pass, fail, skip }) {
    const sha256 = createHash("sha256").update(PROBE_PNG).digest("hex");
    try {
        await deps.storage.put({
            key,
            body: () => Readable.from([PROBE_PNG]),
            size: PROBE_PNG.length,
            contentType: PROBE_TYPE,
            cacheControl: "no-store",
            sha256,
            md5: createHash("md5").update(PROBE_PNG).digest("hex"),
            ...(options.storage.acl ? { acl: options.storage.acl } : {}),
        });
        pass("put", steps.put, `${PROBE_PNG.length} bytes under prefix "${options.prefix}"`);
    }
    catch (error) {
        fail("put", steps.put, "refused", describeError(error));
        skip("read", steps.read, "the put");
        skip("public-url", steps.publicUrl, "the put");
        skip("delete", steps.delete, "the put");
        return;
    }
    await readBackItem(deps.storage, key, steps.read, "Storage returns other bytes than were stored; check that endpoint points at the storage server itself, not a proxy that rewrites bodies.", pass, fail);
    if (!options.verifyPublicUrl) {
        pass("public-url", steps.publicUrl, "not checked: verify-public-url is false (private bucket)");
    }
    else {
        const setup = {
            provider: options.storage.provider,
            bucket: options.storage.bucket,
            publicUrl: options.publicUrl,
        };
        const check = await checkPublicObject({ key, sha256, label: "probe object" }, setup, deps.fetch);
        if (!check.ok)
            fail("public-url", steps.publicUrl, "does not serve it", check.message);
        else if (!check.contentType.toLowerCase().startsWith(PROBE_TYPE))
            fail("public-url", steps.publicUrl, `served as "${check.contentType}"`, `Input public-url: ${check.url} serves the probe as "${check.contentType}" instead of ${PROBE_TYPE}; make the CDN or proxy in front of the bucket pass the stored Content-Type through.`);
        else
            pass("public-url", steps.publicUrl, `${check.url} → 200, ${PROBE_TYPE}`);
    }
    try {
        await deps.storage.delete(key);
        pass("delete", steps.delete, "removed again");
    }
    catch (error) {
        fail("delete", steps.delete, "refused", `${describeError(error).replace(/\.$/, "")}; the key needs delete permission only for this check, remove ${key} by hand.`);
    }
}
function corsItem(reading, pass, fail) {
    const label = "CORS rules";
    // <img> tags never need CORS; scripts, canvas and fetch() on other origins do.
    const why = "pages on other origins need a rule allowing GET only to read images from scripts";
    if (reading.kind === "none") {
        pass("cors", label, `none set (fine for <img>; ${why})`);
    }
    else if (reading.kind === "unreadable") {
        pass("cors", label, `could not be read (${reading.code}); ${why}`);
    }
    else {
        const gets = reading.rules.filter((rule) => rule.methods.some((m) => m.toUpperCase() === "GET"));
        if (gets.length > 0) {
            const origins = [...new Set(gets.flatMap((rule) => rule.origins))].join(", ");
            pass("cors", label, `GET allowed from ${origins}`);
        }
        else {
            fail("cors", label, `${reading.rules.length} rule(s), none allows GET`, "Add GET to the AllowedMethods of the bucket's CORS rule, or scripts on your site's origin cannot read these images.");
        }
    }
}

/**
 * `md-image-offload check` with `storage: cloudflare-images`: the token, the account, a
 * probe image's upload, read-back, delivery URL and deletion, each checked for real.
 */
const TOKEN_FIX = "Input cloudflare-api-token: create an API token with the permission Images Write (Account → Cloudflare Images → Edit) and pass it as cloudflare-api-token or CLOUDFLARE_API_TOKEN.";
const PROBE_STEPS = ["put", "read", "public-url", "delete"];
async function runImagesChecklist(options, cloudflare, deps) {
    const items = [];
    const probeKey = `${options.prefix}md-image-offload-check-${randomBytes(4).toString("hex")}.png`;
    const record = {
        pass: (id, label, detail) => items.push({ id, label, status: "pass", detail }),
        fail: (id, label, detail, fix) => items.push({ id, label, status: "fail", detail, ...(fix ? { fix } : {}) }),
        skip: (id, label, after) => items.push({ id, label, status: "skipped", detail: `not checked until ${after} passes` }),
        steps: {
            credentials: "API token active",
            account: `Account ${printable(cloudflare.accountId)} lists its images`,
            put: `Probe image can be uploaded (${probeKey})`,
            read: "Probe image reads back byte-exact",
            "public-url": "Delivery URL serves the probe as an image",
            delete: "Probe image can be deleted",
        },
    };
    if (await accessItems(options, cloudflare, deps, record)) {
        await probeItems(options, deps, probeKey, record);
    }
    else {
        for (const id of PROBE_STEPS)
            record.skip(id, record.steps[id], "the account check");
    }
    return { ok: items.every((item) => item.status === "pass"), items, probeKey };
}
/** The token, then the account through the storage's preflight; true when the account answers. */
async function accessItems(options, cloudflare, deps, { pass, fail, steps }) {
    const token = await verifyToken(cloudflare);
    if (token.ok)
        pass("credentials", steps.credentials, token.detail);
    else
        fail("credentials", steps.credentials, token.detail, TOKEN_FIX);
    try {
        await deps.storage.preflight(options.prefix);
        pass("account", steps.account, "the Images API answers for it");
        return true;
    }
    catch (error) {
        const code = error instanceof StorageError ? error.code : undefined;
        fail("account", steps.account, code ?? "refused", describeError(error));
        return false;
    }
}
/** Upload, read back, deliver, delete: one probe image's life, each step after the upload. */
async function probeItems(options, deps, key, record) {
    const { pass, fail, skip, steps } = record;
    const sha256 = createHash("sha256").update(PROBE_PNG).digest("hex");
    try {
        await deps.storage.put({
            key,
            path: "md-image-offload check",
            body: () => Readable.from([PROBE_PNG]),
            size: PROBE_PNG.length,
            contentType: "image/png",
            cacheControl: "",
            sha256,
            md5: createHash("md5").update(PROBE_PNG).digest("hex"),
        });
        pass("put", steps.put, `${PROBE_PNG.length} bytes, with sha256 metadata`);
    }
    catch (error) {
        fail("put", steps.put, "refused", describeError(error));
        for (const id of PROBE_STEPS.slice(1))
            skip(id, steps[id], "the upload");
        return;
    }
    await readBackItem(deps.storage, key, steps.read, "Cloudflare Images returned other bytes than were uploaded; check cloudflare-api-url.", pass, fail);
    await deliveryItem(options, deps, { key, sha256 }, steps["public-url"], pass, fail);
    try {
        await deps.storage.delete(key);
        pass("delete", steps.delete, "removed again");
    }
    catch (error) {
        const why = describeError(error).replace(/\.$/, "");
        fail("delete", steps.delete, "refused", `${why}; remove the image ${key} in the dashboard.`);
    }
}
/** The probe through `<public-url>/<id>/<variant>`, public-url learned when empty. */
async function deliveryItem(options, deps, probe, label, pass, fail) {
    if (!options.verifyPublicUrl) {
        pass("public-url", label, "not checked: verify-public-url is false");
        return;
    }
    let publicUrl = options.publicUrl;
    try {
        publicUrl ||= await deps.storage.defaultPublicUrl(false);
    }
    catch (error) {
        fail("public-url", label, "no delivery URL known", describeError(error));
        return;
    }
    const check = await checkPublicObject({ ...probe, label: "probe image" }, {
        provider: options.storage.provider,
        bucket: "",
        publicUrl,
        delivery: deps.storage.delivery,
    }, deps.fetch);
    if (check.ok)
        pass("public-url", label, `${check.url} → 200, ${check.contentType}`);
    else
        fail("public-url", label, "does not serve it", check.message);
}
/**
 * Whether Cloudflare knows the token and it is active: `GET /user/tokens/verify` for a
 * user's token, `/accounts/{id}/tokens/verify` for an account-owned one.
 */
async function verifyToken(cloudflare) {
    if (!cloudflare.apiToken)
        return { ok: false, detail: "no token given" };
    const account = `accounts/${encodeURIComponent(cloudflare.accountId)}`;
    let detail = "";
    for (const owner of ["user", account]) {
        try {
            const response = await fetch(`${cloudflare.apiUrl}/${owner}/tokens/verify`, {
                headers: { authorization: `Bearer ${cloudflare.apiToken}` },
                signal: AbortSignal.timeout(15_000),
            });
            const body = (await response.json().catch(() => undefined));
            const status = body?.result?.status;
            if (response.ok && body?.success && status === "active")
                return { ok: true, detail: "Cloudflare says it is active" };
            detail ||= `HTTP ${response.status}${status ? `, token ${printable(status)}` : ""}`;
        }
        catch (error) {
            detail ||= `the API could not be reached (${describeError(error)})`;
        }
    }
    return { ok: false, detail };
}

/**
 * The few bucket-level requests the checklist makes that the engine's Storage interface has
 * no use for (ListObjectsV2 of one key, GetBucketCors) and the server's Date header, over
 * an S3Client built with the same settings as createS3Storage's.
 */
/** The run's client settings, with one retry: the checklist reports failures, it doesn't wait them out. */
function checkClientConfig(options) {
    return { ...s3ClientConfig(options), maxAttempts: 2 };
}
function createBucketProbe(options, clock) {
    const client = new S3Client(checkClientConfig(options));
    let offsetMs;
    // Innermost in the deserialize step, so it sees the raw HTTP response of every attempt
    // before the SDK turns an error status into an exception.
    client.middlewareStack.add((next) => async (args) => {
        const sentAt = clock.now();
        const result = await next(args);
        const response = result.response;
        const date = Date.parse(response.headers?.date ?? "");
        // The Date header has whole seconds; the request's midpoint is the best local match.
        if (Number.isFinite(date))
            offsetMs = date - (sentAt + clock.now()) / 2;
        return result;
    }, { step: "deserialize", priority: "low", name: "mdImageOffloadServerDate" });
    const bucket = options.bucket;
    return {
        async listOne(prefix) {
            await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }));
        },
        async readCors() {
            try {
                const output = await client.send(new GetBucketCorsCommand({ Bucket: bucket }));
                const rules = (output.CORSRules ?? []).map((rule) => ({
                    origins: rule.AllowedOrigins ?? [],
                    methods: rule.AllowedMethods ?? [],
                }));
                return { kind: "rules", rules };
            }
            catch (error) {
                const name = error?.name;
                if (name === "NoSuchCORSConfiguration")
                    return { kind: "none" };
                return { kind: "unreadable", code: typeof name === "string" ? name : "error" };
            }
        },
        clockOffsetMs: () => offsetMs,
        close: () => client.destroy(),
    };
}

/** Runs the checklist with a bucket probe built from the same options as `storage`. */
async function runSetupCheck(options, deps) {
    const cloudflare = options.storage.cloudflare;
    if (cloudflare)
        return runImagesChecklist(options, cloudflare, deps);
    const probe = createBucketProbe(options.storage, deps.clock);
    try {
        return await runChecklist(options, { ...deps, probe });
    }
    finally {
        probe.close();
    }
}

export { runSetupCheck };
