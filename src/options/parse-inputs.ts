import { InputError } from "../core/errors.js";
import { isKeyPath } from "../core/key-paths.js";
import { validateKeyTemplate } from "../core/key-template.js";
import { printable } from "../core/printable.js";
import { parseSize } from "../core/size.js";
import { parseCloudflare, refuseS3Inputs } from "./cloudflare-inputs.js";
import { INPUTS } from "./inputs.js";
import {
  type Credentials,
  GENERATORS,
  type GeneratorChoice,
  MODES,
  type Mode,
  type Options,
  PROVIDERS,
  type Provider,
  SCOPES,
  type Scope,
  STORAGES,
  type StorageKind,
  type StorageOptions,
} from "./options.js";
import { detectProvider, providerPreset } from "./providers.js";
import {
  checkContentGlob,
  checkEndpointPath,
  checkHeaderValue,
  checkKeyText,
  checkRegion,
  checkServiceUrl,
  redactUrl,
} from "./validate.js";

/** Reads one input by its kebab-case name; undefined or "" means "not given". */
export type InputGetter = (name: string) => string | undefined;

/** Which adapter is asking: the CLI has other defaults (workspace mode, no comment). */
export type Adapter = "action" | "cli";

/**
 * Parses and validates every input once into the Options both adapters run with.
 * Throws InputError naming the input to fix.
 */
export function parseInputs(get: InputGetter, adapter: Adapter = "action"): Options {
  const read = reader(get, adapter);
  const kind = oneOf("storage", read("storage"), STORAGES) as StorageKind;
  const storage =
    kind === "cloudflare-images"
      ? cloudflareStorage(read, get)
      : parseStorage(read, (name) => Boolean(get(name)?.trim()));
  // With Cloudflare Images an empty public-url is learned from the account (offload.ts).
  const publicUrl = optionalUrl("public-url", read("public-url")) ?? "";
  if (!publicUrl && !storage.cloudflare) {
    throw new InputError(
      "public-url",
      "Input public-url is required: set it to the base URL your bucket is served from, e.g. https://assets.example.com.",
    );
  }
  const cacheControl = read("cache-control");
  checkHeaderValue("cache-control", cacheControl);
  return {
    ...parseContent(read),
    ...parseGenerator(read),
    ...parseManifestFile(read("manifest-file")),
    storage,
    publicUrl,
    ...parseKeys(read),
    maxSize: parseSize(read("max-size")),
    cacheControl,
    concurrency: storage.concurrency,
    ...parseRunMode(read, adapter),
    commitMessage: read("commit-message"),
    comment: parseBoolean("comment", read("comment")),
    ...(read("github-token") ? { githubToken: read("github-token") } : {}),
    ...(read("comment-author") ? { commentAuthor: read("comment-author") } : {}),
    dryRun: parseBoolean("dry-run", read("dry-run")),
    failOnMissing: parseBoolean("fail-on-missing", read("fail-on-missing")),
    verifyPublicUrl: parseBoolean("verify-public-url", read("verify-public-url")),
  };
}

type Read = (name: string) => string;

/** An input's value, or its default (the CLI's where it has its own). */
function reader(get: InputGetter, adapter: Adapter): Read {
  return (name) => {
    const value = get(name)?.trim();
    if (value) return value;
    const definition = INPUTS.find((input) => input.name === name);
    if (!definition) throw new Error(`Unknown input ${name}`);
    const fallback =
      adapter === "cli" && definition.cliDefault !== undefined
        ? definition.cliDefault
        : definition.default;
    // The Action's github-token default is an expression the runner fills in, not a value.
    return fallback.includes("${{") ? "" : fallback;
  };
}

/** Cloudflare Images: its own inputs, none of S3's. */
function cloudflareStorage(read: Read, get: InputGetter): StorageOptions {
  refuseS3Inputs(get);
  const cloudflare = parseCloudflare(read, optionalUrl);
  return {
    cloudflare,
    bucket: "",
    provider: "custom",
    region: "auto",
    forcePathStyle: false,
    concurrency: parseConcurrency(read("concurrency")),
  };
}

/** Bucket, endpoint, provider preset, region, addressing, credentials, ACL, concurrency. */
function parseStorage(read: Read, given: (name: string) => boolean): StorageOptions {
  const bucket = read("bucket");
  if (!bucket)
    throw new InputError("bucket", "Input bucket is required: set it to the name of your bucket.");
  const endpoint = optionalUrl("endpoint", read("endpoint"));
  if (endpoint) checkEndpointPath(new URL(endpoint), bucket);
  const providerText = read("provider").toLowerCase();
  if (providerText && !(PROVIDERS as readonly string[]).includes(providerText)) {
    throw new InputError(
      "provider",
      `Input provider: "${providerText}" is not a known provider; use one of ${PROVIDERS.join(", ")}, or leave it empty to detect it from endpoint.`,
    );
  }
  const provider = (providerText || detectProvider(endpoint)) as Provider;
  const preset = providerPreset(provider, endpoint);
  const regionText = read("region");
  if (regionText !== "auto") checkRegion(regionText);
  const forcePathStyle = given("force-path-style")
    ? parseBoolean("force-path-style", read("force-path-style"))
    : preset.forcePathStyle;
  const credentials = parseCredentials(read);
  const concurrency = parseConcurrency(read("concurrency"));
  const acl = read("acl");
  checkHeaderValue("acl", acl);
  return {
    bucket,
    ...(endpoint ? { endpoint } : {}),
    provider,
    region: regionText === "auto" ? preset.region : regionText,
    forcePathStyle,
    ...(credentials ? { credentials } : {}),
    ...(acl && preset.sendsAcl ? { acl } : {}),
    concurrency,
  };
}

/** What commit, artifact or workspace mode does; the CLI has no event, token or push. */
function parseRunMode(
  read: Read,
  adapter: Adapter,
): Pick<Options, "mode" | "scope" | "deleteLocal"> {
  const mode = oneOf("mode", read("mode"), MODES) as Mode;
  if (adapter === "cli" && mode !== "workspace") {
    throw new InputError(
      "mode",
      `Input mode: "${mode}" is for the Action; the CLI rewrites in place (mode: workspace), so commit the files yourself.`,
    );
  }
  const scope = oneOf("scope", read("scope"), SCOPES) as Scope;
  if (adapter === "cli" && scope === "changed") {
    throw new InputError(
      "scope",
      'Input scope: "changed" needs a push or pull_request event, which the CLI does not have; use scope: all.',
    );
  }
  const deleteLocal = parseBoolean("delete-local", read("delete-local"));
  if (deleteLocal && mode !== "commit") {
    throw new InputError(
      "delete-local",
      `Input delete-local: true removes images in the commit, so it needs mode: commit (mode is ${mode}); set it to false.`,
    );
  }
  return { mode, scope, deleteLocal };
}

/** The key template and prefix, which must never climb out of the prefix. */
function parseKeys(read: Read): Pick<Options, "keyTemplate" | "prefix"> {
  const keyTemplate = read("key-template");
  validateKeyTemplate(keyTemplate);
  // The template's own text (tokens aside) must not climb out of the prefix either.
  checkKeyText("key-template", keyTemplate.replace(/\{[^{}]*\}/g, "x"), keyTemplate);
  const prefix = read("prefix").replace(/^\/+/, "");
  if (prefix) checkKeyText("prefix", prefix);
  return { keyTemplate, prefix };
}

/** Which files are content, which are images, and where root-relative links point. */
/** Where root-relative links are looked up when neither static-dirs nor a generator says. */
export const DEFAULT_STATIC_DIRS: readonly string[] = ["public", "static", "source", "."];

function parseContent(
  read: Read,
): Pick<Options, "content" | "extensions" | "staticDirs" | "staticDirsSet"> {
  const content = lines(read("content"));
  for (const glob of content) checkContentGlob(glob);
  const extensions = words(read("extensions")).map((ext) => ext.replace(/^\./, "").toLowerCase());
  if (extensions.filter(Boolean).length === 0) {
    throw new InputError(
      "extensions",
      "Input extensions lists no file extension; give at least one, such as png jpg svg.",
    );
  }
  return {
    content,
    extensions: new Set(extensions.filter(Boolean)),
    ...parseStaticDirs(read("static-dirs")),
  };
}

function parseStaticDirs(text: string): Pick<Options, "staticDirs" | "staticDirsSet"> {
  const dirs = words(text);
  return dirs.length === 0
    ? { staticDirs: DEFAULT_STATIC_DIRS, staticDirsSet: false }
    : { staticDirs: dirs, staticDirsSet: true };
}

/** A path inside the repository, written with forward slashes; empty: no manifest. */
function parseManifestFile(text: string): Pick<Options, "manifestFile"> {
  const file = text.trim().replaceAll("\\", "/").replace(/^\.\//, "");
  if (file === "") return {};
  const parts = file.split("/");
  if (
    file.startsWith("/") ||
    /^[A-Za-z]:/.test(file) ||
    parts.includes("..") ||
    parts.includes(".git")
  ) {
    throw new InputError(
      "manifest-file",
      `Input manifest-file: "${printable(text)}" is not a path inside the repository; write one such as .md-image-offload/manifest.json, or leave it empty to keep no manifest.`,
    );
  }
  return { manifestFile: file };
}

/** The generator, the shortcodes and front-matter fields its sites name images with. */
function parseGenerator(read: Read): Pick<Options, "generator" | "shortcodes" | "frontMatterKeys"> {
  const generator = oneOf("generator", read("generator"), [
    "auto",
    "none",
    ...GENERATORS,
  ]) as GeneratorChoice;
  const shortcodes = words(read("shortcodes"));
  for (const spec of shortcodes) {
    if (!/^[\w.\-/]+(?::[\w-]+)?$/.test(spec)) {
      throw new InputError(
        "shortcodes",
        `Input shortcodes: "${printable(spec)}" is not a shortcode; write name (its src parameter) or name:param, such as figure or gallery:image.`,
      );
    }
  }
  const frontMatterKeys = words(read("front-matter-keys"));
  for (const key of frontMatterKeys) {
    if (!isKeyPath(key)) {
      throw new InputError(
        "front-matter-keys",
        `Input front-matter-keys: "${printable(key)}" is not a key path; write names joined by dots, [] after a list, such as cover.image or images[].`,
      );
    }
  }
  return { generator, shortcodes, frontMatterKeys };
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

function words(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

function optionalUrl(input: string, text: string): string | undefined {
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(
      input,
      `Input ${input}: "${redactUrl(text)}" is not a URL; write it as https://host/path.`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InputError(
      input,
      `Input ${input}: "${redactUrl(text)}" must start with https:// or http://.`,
    );
  }
  checkServiceUrl(input, url);
  return text.replace(/\/+$/, "");
}

export function parseBoolean(input: string, text: string): boolean {
  const value = text.toLowerCase();
  if (["true", "yes", "on", "1"].includes(value)) return true;
  if (["false", "no", "off", "0"].includes(value)) return false;
  throw new InputError(input, `Input ${input}: "${text}" is not a boolean; use true or false.`);
}

function oneOf(input: string, text: string, allowed: readonly string[]): string {
  const value = text.toLowerCase();
  if (allowed.includes(value)) return value;
  throw new InputError(
    input,
    `Input ${input}: "${text}" is not valid; use one of ${allowed.join(", ")}.`,
  );
}

function parseConcurrency(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 64) {
    throw new InputError(
      "concurrency",
      `Input concurrency: "${text}" is not valid; use a whole number from 1 to 64.`,
    );
  }
  return value;
}

function parseCredentials(read: (name: string) => string): Credentials | undefined {
  const accessKeyId = read("access-key-id");
  const secretAccessKey = read("secret-access-key");
  const sessionToken = read("session-token");
  if (!accessKeyId && !secretAccessKey) return undefined;
  if (!accessKeyId) {
    throw new InputError(
      "access-key-id",
      "Input access-key-id is empty while secret-access-key is set; set both or neither.",
    );
  }
  if (!secretAccessKey) {
    throw new InputError(
      "secret-access-key",
      "Input secret-access-key is empty while access-key-id is set; set both or neither.",
    );
  }
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}
