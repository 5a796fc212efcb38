/**
 * `md-image-offload check` with `storage: cloudflare-images`: the token, the account, a
 * probe image's upload, read-back, delivery URL and deletion, each checked for real.
 */
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { describeError, StorageError } from "../core/errors.js";
import { printable } from "../core/printable.js";
import { PROBE_PNG } from "../core/probe-image.js";
import { checkPublicObject, type Fetch } from "../engine/verify-public-url.js";
import type { CloudflareImagesOptions, Options } from "../options/options.js";
import type { Storage } from "../storage/storage.js";
import type { CheckItem, Checklist } from "./checklist.js";
import { readBackItem } from "./read-back.js";

const TOKEN_FIX =
  "Input cloudflare-api-token: create an API token with the permission Images Write (Account → Cloudflare Images → Edit) and pass it as cloudflare-api-token or CLOUDFLARE_API_TOKEN.";

interface ImagesCheckDeps {
  readonly storage: Storage;
  readonly fetch: Fetch;
}

type Record3 = (id: CheckItem["id"], label: string, detail: string, fix?: string) => void;

/** Where the items go, and the labels of each line. */
interface Recorder {
  readonly pass: Record3;
  readonly fail: Record3;
  readonly skip: (id: CheckItem["id"], label: string, after: string) => void;
  readonly steps: Readonly<Record<"credentials" | "account" | ProbeStep, string>>;
}

type ProbeStep = "put" | "read" | "public-url" | "delete";
const PROBE_STEPS: readonly ProbeStep[] = ["put", "read", "public-url", "delete"];

export async function runImagesChecklist(
  options: Options,
  cloudflare: CloudflareImagesOptions,
  deps: ImagesCheckDeps,
): Promise<Checklist> {
  const items: CheckItem[] = [];
  const probeKey = `${options.prefix}md-image-offload-check-${randomBytes(4).toString("hex")}.png`;
  const record: Recorder = {
    pass: (id, label, detail) => items.push({ id, label, status: "pass", detail }),
    fail: (id, label, detail, fix) =>
      items.push({ id, label, status: "fail", detail, ...(fix ? { fix } : {}) }),
    skip: (id, label, after) =>
      items.push({ id, label, status: "skipped", detail: `not checked until ${after} passes` }),
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
  } else {
    for (const id of PROBE_STEPS) record.skip(id, record.steps[id], "the account check");
  }
  return { ok: items.every((item) => item.status === "pass"), items, probeKey };
}

/** The token, then the account through the storage's preflight; true when the account answers. */
async function accessItems(
  options: Options,
  cloudflare: CloudflareImagesOptions,
  deps: ImagesCheckDeps,
  { pass, fail, steps }: Recorder,
): Promise<boolean> {
  const token = await verifyToken(cloudflare);
  if (token.ok) pass("credentials", steps.credentials, token.detail);
  else fail("credentials", steps.credentials, token.detail, TOKEN_FIX);
  try {
    await deps.storage.preflight(options.prefix);
    pass("account", steps.account, "the Images API answers for it");
    return true;
  } catch (error) {
    const code = error instanceof StorageError ? error.code : undefined;
    fail("account", steps.account, code ?? "refused", describeError(error));
    return false;
  }
}

/** Upload, read back, deliver, delete: one probe image's life, each step after the upload. */
async function probeItems(
  options: Options,
  deps: ImagesCheckDeps,
  key: string,
  record: Recorder,
): Promise<void> {
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
  } catch (error) {
    fail("put", steps.put, "refused", describeError(error));
    for (const id of PROBE_STEPS.slice(1)) skip(id, steps[id], "the upload");
    return;
  }
  await readBackItem(
    deps.storage,
    key,
    steps.read,
    "Cloudflare Images returned other bytes than were uploaded; check cloudflare-api-url.",
    pass,
    fail,
  );
  await deliveryItem(options, deps, { key, sha256 }, steps["public-url"], pass, fail);
  try {
    await deps.storage.delete(key);
    pass("delete", steps.delete, "removed again");
  } catch (error) {
    const why = describeError(error).replace(/\.$/, "");
    fail("delete", steps.delete, "refused", `${why}; remove the image ${key} in the dashboard.`);
  }
}

/** The probe through `<public-url>/<id>/<variant>`, public-url learned when empty. */
async function deliveryItem(
  options: Options,
  deps: ImagesCheckDeps,
  probe: { readonly key: string; readonly sha256: string },
  label: string,
  pass: Record3,
  fail: Record3,
): Promise<void> {
  if (!options.verifyPublicUrl) {
    pass("public-url", label, "not checked: verify-public-url is false");
    return;
  }
  let publicUrl = options.publicUrl;
  try {
    publicUrl ||= await deps.storage.defaultPublicUrl(false);
  } catch (error) {
    fail("public-url", label, "no delivery URL known", describeError(error));
    return;
  }
  const check = await checkPublicObject(
    { ...probe, label: "probe image" },
    {
      provider: options.storage.provider,
      bucket: "",
      publicUrl,
      delivery: deps.storage.delivery,
    },
    deps.fetch,
  );
  if (check.ok) pass("public-url", label, `${check.url} → 200, ${check.contentType}`);
  else fail("public-url", label, "does not serve it", check.message);
}

/**
 * Whether Cloudflare knows the token and it is active: `GET /user/tokens/verify` for a
 * user's token, `/accounts/{id}/tokens/verify` for an account-owned one.
 */
async function verifyToken(
  cloudflare: CloudflareImagesOptions,
): Promise<{ readonly ok: boolean; readonly detail: string }> {
  if (!cloudflare.apiToken) return { ok: false, detail: "no token given" };
  const account = `accounts/${encodeURIComponent(cloudflare.accountId)}`;
  let detail = "";
  for (const owner of ["user", account]) {
    try {
      const response = await fetch(`${cloudflare.apiUrl}/${owner}/tokens/verify`, {
        headers: { authorization: `Bearer ${cloudflare.apiToken}` },
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await response.json().catch(() => undefined)) as
        | { success?: boolean; result?: { status?: string } }
        | undefined;
      const status = body?.result?.status;
      if (response.ok && body?.success && status === "active")
        return { ok: true, detail: "Cloudflare says it is active" };
      detail ||= `HTTP ${response.status}${status ? `, token ${printable(status)}` : ""}`;
    } catch (error) {
      detail ||= `the API could not be reached (${describeError(error)})`;
    }
  }
  return { ok: false, detail };
}
