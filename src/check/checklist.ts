/**
 * `md-image-offload check`: the setup checklist. Each line is one thing a run depends on,
 * checked for real with the same options a run would use, with a one-line fix when it fails.
 */
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { describeError, StorageError } from "../core/errors.js";
import type { Clock } from "../core/logger.js";
import { PROBE_PNG } from "../core/probe-image.js";
import { checkPublicObject, type Fetch } from "../engine/verify-public-url.js";
import type { Options } from "../options/options.js";
import {
  describeSettings,
  detectProvider,
  PROVIDER_NAMES,
  providerPreset,
} from "../options/providers.js";
import { translateStorageError } from "../storage/s3-errors.js";
import type { Storage } from "../storage/storage.js";
import { readBackItem } from "./read-back.js";
import type { BucketProbe } from "./s3-probe.js";

export type CheckStatus = "pass" | "fail" | "skipped";

export interface CheckItem {
  readonly id:
    | "credentials"
    | "account"
    | "bucket"
    | "put"
    | "read"
    | "public-url"
    | "delete"
    | "clock"
    | "cors"
    | "provider";
  readonly label: string;
  readonly status: CheckStatus;
  /** What was found, one short clause. */
  readonly detail: string;
  /** One sentence naming what to change, for failed items. */
  readonly fix?: string;
}

export interface Checklist {
  /** True when no item failed (skipped items only follow a failed one). */
  readonly ok: boolean;
  readonly items: readonly CheckItem[];
  /** The key the probe object was written under. */
  readonly probeKey: string;
}

export interface CheckDeps {
  readonly storage: Storage;
  readonly probe: BucketProbe;
  readonly fetch: Fetch;
  readonly clock: Clock;
}

/** Storage rejects signatures more than 15 minutes off; warn well before that. */
export const MAX_CLOCK_OFFSET_MS = 5 * 60_000;

const PROBE_TYPE = "image/png";

// Answers that prove the server accepted the signature but the bucket is wrong or closed;
// anything else (bad key, bad signature, unreachable endpoint) fails the credentials line.
const BUCKET_CODES = new Set(["NoSuchBucket", "PermanentRedirect"]);

export async function runChecklist(options: Options, deps: CheckDeps): Promise<Checklist> {
  const { storage: settings } = options;
  const items = new Map<CheckItem["id"], CheckItem>();
  const pass = (id: CheckItem["id"], label: string, detail: string) =>
    items.set(id, { id, label, status: "pass", detail });
  const fail = (id: CheckItem["id"], label: string, detail: string, fix: string) =>
    items.set(id, { id, label, status: "fail", detail, fix });
  const skip = (id: CheckItem["id"], label: string, after: string) =>
    items.set(id, { id, label, status: "skipped", detail: `not checked until ${after} passes` });
  const recorders: Recorders = { pass, fail, skip };

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
  } else {
    for (const id of ["put", "read", "public-url", "delete"] as const) {
      skip(id, steps[id === "public-url" ? "publicUrl" : id], "the bucket check");
    }
  }

  const cors = items.get("bucket")?.status === "pass";
  if (cors) {
    const reading = await deps.probe.readCors();
    corsItem(reading, pass, fail);
  }

  clockItem(deps.probe.clockOffsetMs(), recorders);
  if (!cors) skip("cors", "CORS rules", "the bucket check");

  providerItem(settings, pass);

  const order: CheckItem["id"][] = [
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

type Recorders = {
  pass: (id: CheckItem["id"], label: string, detail: string) => void;
  fail: (id: CheckItem["id"], label: string, detail: string, fix: string) => void;
  skip: (id: CheckItem["id"], label: string, after: string) => void;
};

/** Credentials and bucket: one listing of the probe's own, still unused, key. */
async function checkAccess(
  options: Options,
  deps: CheckDeps,
  probeKey: string,
  steps: { readonly credentials: string; readonly bucket: string },
  { pass, fail, skip }: Recorders,
): Promise<void> {
  const { storage: settings } = options;
  const where = settings.endpoint ?? "AWS S3";
  try {
    // Listing the probe's own (still unused) key proves the signature, the bucket and the
    // list permission the run needs, with an empty answer however big the bucket is.
    await deps.probe.listOne(probeKey);
    pass("credentials", steps.credentials, `${where} accepted the request signature`);
    pass("bucket", steps.bucket, "listing it works");
  } catch (error) {
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
      pass(
        "bucket",
        steps.bucket,
        "listing is not allowed for this key; the probe below checks it",
      );
    } else if (BUCKET_CODES.has(code)) {
      pass("credentials", steps.credentials, `${where} accepted the request signature`);
      fail("bucket", steps.bucket, code, translated.message);
    } else {
      fail("credentials", steps.credentials, code || "storage refused", translated.message);
      skip("bucket", steps.bucket, "the credentials check");
    }
  }
}

/** How far the server's clock is from this machine's (storage refuses 15 minutes off). */
function clockItem(offset: number | undefined, { pass, fail, skip }: Recorders): void {
  const clockLabel = "Clock offset from the server";
  if (offset === undefined) {
    skip("clock", clockLabel, "the server answers");
  } else {
    const seconds = Math.round(offset / 1000);
    // The Date header has whole seconds, so ±1 s is as close as it can tell.
    const detail =
      Math.abs(seconds) <= 1
        ? "in step with this machine (±1 s)"
        : `server is ${Math.abs(seconds)} s ${seconds > 0 ? "ahead of" : "behind"} this machine`;
    if (Math.abs(offset) < MAX_CLOCK_OFFSET_MS) pass("clock", clockLabel, detail);
    else
      fail(
        "clock",
        clockLabel,
        detail,
        "Set this machine's clock right (e.g. enable NTP with `timedatectl set-ntp true`): storage rejects requests signed more than 15 minutes off.",
      );
  }
}

/** The provider preset in force, and why: detected, or set by the provider input. */
function providerItem(settings: Options["storage"], pass: Recorders["pass"]): void {
  const preset = providerPreset(settings.provider, settings.endpoint);
  const how =
    detectProvider(settings.endpoint) === settings.provider
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
  pass(
    "provider",
    "Provider preset",
    `${PROVIDER_NAMES[settings.provider]} (${settings.provider}, ${how}): ${actual}${settings.acl ? `, acl ${settings.acl}` : ""}`,
  );
}

/**
 * Put, read back, fetch through public-url, delete: one probe object's life, in order.
 * Longer than most functions on purpose: each step runs only if the one before passed,
 * and reading them top to bottom is what a user's checklist does.
 */
async function probeObject(
  options: Options,
  deps: CheckDeps,
  key: string,
  steps: Record<"put" | "read" | "publicUrl" | "delete", string>,
  { pass, fail, skip }: Recorders,
): Promise<void> {
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
  } catch (error) {
    fail("put", steps.put, "refused", describeError(error));
    skip("read", steps.read, "the put");
    skip("public-url", steps.publicUrl, "the put");
    skip("delete", steps.delete, "the put");
    return;
  }

  await readBackItem(
    deps.storage,
    key,
    steps.read,
    "Storage returns other bytes than were stored; check that endpoint points at the storage server itself, not a proxy that rewrites bodies.",
    pass,
    fail,
  );

  if (!options.verifyPublicUrl) {
    pass("public-url", steps.publicUrl, "not checked: verify-public-url is false (private bucket)");
  } else {
    const setup = {
      provider: options.storage.provider,
      bucket: options.storage.bucket,
      publicUrl: options.publicUrl,
    };
    const check = await checkPublicObject(
      { key, sha256, label: "probe object" },
      setup,
      deps.fetch,
    );
    if (!check.ok) fail("public-url", steps.publicUrl, "does not serve it", check.message);
    else if (!check.contentType.toLowerCase().startsWith(PROBE_TYPE))
      fail(
        "public-url",
        steps.publicUrl,
        `served as "${check.contentType}"`,
        `Input public-url: ${check.url} serves the probe as "${check.contentType}" instead of ${PROBE_TYPE}; make the CDN or proxy in front of the bucket pass the stored Content-Type through.`,
      );
    else pass("public-url", steps.publicUrl, `${check.url} → 200, ${PROBE_TYPE}`);
  }

  try {
    await deps.storage.delete(key);
    pass("delete", steps.delete, "removed again");
  } catch (error) {
    fail(
      "delete",
      steps.delete,
      "refused",
      `${describeError(error).replace(/\.$/, "")}; the key needs delete permission only for this check, remove ${key} by hand.`,
    );
  }
}

function corsItem(
  reading: Awaited<ReturnType<BucketProbe["readCors"]>>,
  pass: Recorders["pass"],
  fail: Recorders["fail"],
): void {
  const label = "CORS rules";
  // <img> tags never need CORS; scripts, canvas and fetch() on other origins do.
  const why = "pages on other origins need a rule allowing GET only to read images from scripts";
  if (reading.kind === "none") {
    pass("cors", label, `none set (fine for <img>; ${why})`);
  } else if (reading.kind === "unreadable") {
    pass("cors", label, `could not be read (${reading.code}); ${why}`);
  } else {
    const gets = reading.rules.filter((rule) =>
      rule.methods.some((m) => m.toUpperCase() === "GET"),
    );
    if (gets.length > 0) {
      const origins = [...new Set(gets.flatMap((rule) => rule.origins))].join(", ");
      pass("cors", label, `GET allowed from ${origins}`);
    } else {
      fail(
        "cors",
        label,
        `${reading.rules.length} rule(s), none allows GET`,
        "Add GET to the AllowedMethods of the bucket's CORS rule, or scripts on your site's origin cannot read these images.",
      );
    }
  }
}
