import path from "node:path";
import { InputError } from "./errors.js";

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

export interface KeyVariables {
  /** The `prefix` input, e.g. `images/`. */
  readonly prefix: string;
  /** Hex SHA-256 of the file. */
  readonly sha256: string;
  /** Repository-relative POSIX path of the image. */
  readonly path: string;
}

/** Throws InputError("key-template") unless every token is known and a hash is included. */
export function validateKeyTemplate(template: string): void {
  let hasHash = false;
  for (const match of template.matchAll(TOKEN)) {
    const token = match[1] ?? "";
    if (token === "hash") {
      hasHash = true;
    } else if (HASH_LENGTH.test(token)) {
      const length = Number(token.slice("hash:".length));
      if (length < MIN_HASH_LENGTH || length > MAX_HASH_LENGTH) {
        throw new InputError(
          "key-template",
          `key-template token {${token}} asks for ${length} hex digits; use a length from ${MIN_HASH_LENGTH} to ${MAX_HASH_LENGTH}.`,
        );
      }
      hasHash = true;
    } else if (!["prefix", "name", "ext", "path"].includes(token)) {
      throw new InputError(
        "key-template",
        `key-template has an unknown token {${token}}; use ${KNOWN_TOKENS}.`,
      );
    }
  }
  // A stray brace is almost always a typo such as `{hash` and would end up in every key.
  const leftover = template.replace(TOKEN, "");
  if (/[{}]/.test(leftover)) {
    throw new InputError(
      "key-template",
      `key-template "${template}" has an unmatched brace; write tokens as {name}.`,
    );
  }
  if (!hasHash) {
    throw new InputError(
      "key-template",
      `key-template "${template}" has no {hash} or {hash:N} token; add one so that changed images get new keys.`,
    );
  }
}

/** A template turned into its pieces once: a run renders it for every image, twice. */
type RenderKey = (vars: KeyVariables) => string;
const compiledTemplates = new Map<string, RenderKey>();

/** Renders a validated template. Repeated slashes collapse and leading slashes go, so an empty {path} never yields `//`. */
export function renderKey(template: string, vars: KeyVariables): string {
  let render = compiledTemplates.get(template);
  if (!render) {
    render = compileTemplate(template);
    compiledTemplates.set(template, render);
  }
  return render(vars);
}

/** The template's literal text and a renderer per token, in order. */
function compileTemplate(template: string): RenderKey {
  const pieces: (string | RenderKey)[] = [];
  let literalFrom = 0;
  for (const match of template.matchAll(TOKEN)) {
    pieces.push(template.slice(literalFrom, match.index), tokenRenderer(match[1] ?? "", match[0]));
    literalFrom = match.index + match[0].length;
  }
  pieces.push(template.slice(literalFrom));
  return (vars) => {
    let rendered = "";
    for (const piece of pieces) rendered += typeof piece === "string" ? piece : piece(vars);
    if (!rendered.startsWith("/") && !rendered.includes("//")) return rendered;
    return rendered.replace(/\/{2,}/g, "/").replace(/^\/+/, "");
  };
}

function tokenRenderer(token: string, whole: string): RenderKey {
  if (token === "prefix") return (vars) => vars.prefix;
  if (token === "hash") return (vars) => vars.sha256.slice(0, DEFAULT_HASH_LENGTH);
  const hashLength = HASH_LENGTH.exec(token);
  if (hashLength) {
    const length = Number(hashLength[1]);
    return (vars) => vars.sha256.slice(0, length);
  }
  if (token === "name") {
    return (vars) => urlSafeSegment(path.posix.basename(vars.path, path.posix.extname(vars.path)));
  }
  if (token === "ext") return (vars) => path.posix.extname(vars.path).toLowerCase();
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
export function keyToUrl(publicUrl: string, key: string): string {
  return `${publicUrl}/${key.split("/").map(encodeURIComponent).join("/")}`;
}

function urlSafeSegment(text: string): string {
  const safe = text
    .normalize("NFC")
    .replace(/[^A-Za-z0-9._\p{L}\p{M}\p{N}-]+/gu, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
  // `.` and `..` segments would be folded away by URL normalization.
  return /^\.*$/.test(safe) ? "_" : safe;
}
