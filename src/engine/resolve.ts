import path from "node:path";
import { isInside } from "../core/paths.js";
import { createFileLookup, type FileLookup } from "./file-lookup.js";
import type { Vault } from "./generators/vault.js";
import type { Reference, ReferenceKind, Resolution } from "./types.js";

/** What the site a content file belongs to changes about its lookups. */
export interface FileSite {
  /** Where root-relative references are looked up, relative to root, in order. */
  readonly staticDirs: readonly string[];
  /** The Obsidian vault holding the file: names not found relatively are looked up there. */
  readonly vault?: Vault;
}

export interface ResolveContext {
  /** The repository root (absolute). */
  readonly root: string;
  /** Where root-relative references are looked up, relative to root, in order (`.` = root). */
  readonly staticDirs: readonly string[];
  /** Image extensions, lower-case, without the dot. */
  readonly extensions: ReadonlySet<string>;
  /** Per content file: its generator's static dirs and vault (default: staticDirs, none). */
  readonly siteOf?: (file: string) => FileSite | undefined;
  /** The run's lookup, shared with the manifest's check (default: one of the resolver's own). */
  readonly files?: FileLookup;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
/** One letter and a colon is a Windows drive (`C:\blog\a.png`), not a URL scheme. */
const WINDOWS_DRIVE = /^[A-Za-z]:/;
const TEMPLATE_MARKERS = ["{{", "{%", "${"];
/** Kinds that always mean "load this as an image", whatever the file name says. */
const IMAGE_KINDS: ReadonlySet<ReferenceKind> = new Set([
  "markdown-image",
  "html-src",
  "html-srcset",
  "front-matter",
]);

/**
 * Decides, for each reference, whether it names a local image inside the repository.
 * Nothing outside the repository is ever read: containment is checked on the lexical path
 * and again on the symlink-resolved one before a file is reported as local.
 * A factory of closures on purpose: the lookups share one cache (posts reuse images) and
 * one lazily resolved real root; the returned function reads as the decision, in order.
 */
export function createResolver(ctx: ResolveContext): (reference: Reference) => Resolution {
  const root = path.resolve(ctx.root);
  const { realRoot, lookup } = ctx.files ?? createFileLookup(root);

  // Repository paths by real path: posts link the same images again and again.
  const relatives = new Map<string, string>();

  /** A local Resolution for a file that exists inside; a refusal for one that escapes. */
  const fileAt = (absolutePath: string, suffix: string): Resolution | undefined => {
    const found = lookup(absolutePath);
    if (found.kind === "outside") return outside(" through a symbolic link");
    if (found.kind !== "file") return undefined;
    let relative = relatives.get(found.realPath);
    if (relative === undefined) {
      relative = toPosix(path.relative(realRoot(), found.realPath));
      relatives.set(found.realPath, relative);
    }
    // The lookup's lstat already gave the size: the plan then needs no stat of its own.
    const size = found.size === undefined ? {} : { size: found.size };
    return { status: "local", absolutePath: found.realPath, path: relative, suffix, ...size };
  };

  return (reference) => {
    const site = ctx.siteOf?.(reference.file);
    const target = parseTarget(reference);
    if ("status" in target) return target;
    const { decoded, rootRelative, suffix } = target;
    const bases = rootRelative
      ? (site?.staticDirs ?? ctx.staticDirs).map((dir) => path.resolve(root, dir))
      : [path.dirname(path.resolve(root, reference.file))];
    // Root-relative names are joined below each base, never treated as absolute paths.
    const join = (base: string, name: string): string =>
      path.join(base, rootRelative ? `./${name}` : name);

    // An image that points outside is reported whatever its name (`![](../../etc/passwd)`);
    // a plain link there is just a link to something else.
    const escaping = bases
      .map((base) => join(base, decoded))
      .find((candidate) => !isInside(root, candidate));
    if (escaping !== undefined && IMAGE_KINDS.has(reference.kind)) return outside();
    const extension = path.posix.extname(decoded).slice(1).toLowerCase();
    if (!ctx.extensions.has(extension)) {
      return {
        status: "ignored",
        reason: extension ? `not an image (.${extension})` : "not an image (no extension)",
      };
    }
    if (escaping !== undefined) return outside();

    for (const base of bases) {
      for (const variant of unicodeVariants(decoded)) {
        const resolved = fileAt(join(base, variant), suffix);
        if (resolved) return resolved;
      }
    }
    // Obsidian finds a name that is not beside the note anywhere in the vault; a vault's
    // `/pics/a.png` or `../pics/a.png` that is not where it says is found by its tail.
    const match = site?.vault ? site.vault.find(vaultName(decoded)) : undefined;
    if (match?.kind === "ambiguous") {
      return { status: "missing", candidates: match.paths, ambiguous: true };
    }
    if (match?.kind === "found") {
      const resolved = fileAt(path.join(root, match.path), suffix);
      if (resolved) return resolved;
    }
    const candidates = bases.map((base) => toPosix(path.relative(root, join(base, decoded))));
    return { status: "missing", candidates: [...new Set(candidates)] };
  };
}

/** The path without leading `/`, `./` and `../` steps: what a vault lookup matches by tail. */
function vaultName(decoded: string): string {
  return decoded.replace(/^(?:\/+|\.\.?\/+)+/, "");
}

interface Target {
  /** The path to look up, decoded (percent-decoding unless the syntax takes names literally). */
  readonly decoded: string;
  readonly rootRelative: boolean;
  /** `?query#fragment` as written, kept on the new URL. */
  readonly suffix: string;
}

/** What the destination's text says to look up, or why there is nothing to look up. */
function parseTarget(reference: Reference): Target | Resolution {
  const lookupAs = reference.lookup;
  const destination = lookupAs ? lookupAs.path + lookupAs.suffix : reference.destination.trim();
  const skipped = classifyNonLocal(destination);
  if (skipped) return skipped;
  // Browsers read `\` as `/` in http(s) URLs, so we look up what the site will request.
  const slashed = destination.replaceAll("\\", "/");
  if (slashed.startsWith("//")) {
    return { status: "ignored", reason: "remote URL (protocol-relative)" };
  }
  const split = slashed.search(/[?#]/);
  const encodedPath = split === -1 ? slashed : slashed.slice(0, split);
  if (encodedPath === "") {
    return { status: "ignored", reason: "no file path, only a query or fragment" };
  }
  const suffix = lookupAs
    ? lookupAs.suffix
    : split === -1
      ? ""
      : rawSuffix(reference.raw, reference.kind, destination.slice(split));
  // `C:\blog\a.png`: the writer's disk means nothing here; look it up like `/blog/a.png`.
  const isDrive = WINDOWS_DRIVE.test(encodedPath);
  const undriven = isDrive ? encodedPath.slice(2) : encodedPath;
  const decoded = lookupAs?.literal ? undriven : percentDecode(undriven);
  if (decoded.includes("\0")) {
    return { status: "refused", reason: "the path contains a NUL byte; fix the link." };
  }
  return { decoded, rootRelative: isDrive || decoded.startsWith("/"), suffix };
}

/** Empty, anchor, templated, `file:` and remote destinations: decided by the text alone. */
function classifyNonLocal(destination: string): Resolution | undefined {
  if (destination === "") return { status: "ignored", reason: "empty destination" };
  if (destination.startsWith("#")) return { status: "ignored", reason: "anchor" };
  if (TEMPLATE_MARKERS.some((marker) => destination.includes(marker))) {
    return { status: "ignored", reason: "templated destination" };
  }
  if (WINDOWS_DRIVE.test(destination)) return undefined;
  const scheme = SCHEME.exec(destination)?.[1]?.toLowerCase();
  if (scheme === "file") {
    return {
      status: "refused",
      reason:
        "file: URLs point at the writer's own disk; use a path relative to the Markdown file.",
    };
  }
  if (scheme !== undefined) return { status: "ignored", reason: `remote URL (${scheme}:)` };
  return undefined;
}

/**
 * Where the path leads is not said: it is an absolute path on the runner (its temp dir,
 * the workspace's parents), and this reason reaches annotations, the job summary and the
 * PR comment, which anyone who can read the pull request sees.
 */
function outside(how = ""): Resolution {
  return {
    status: "refused",
    reason: `the path resolves outside the repository${how}; only files inside the repository are uploaded.`,
  };
}

/** The name as written first; then NFC and NFD, because macOS writers commit NFD names. */
function unicodeVariants(name: string): string[] {
  return [...new Set([name, name.normalize("NFC"), name.normalize("NFD")])];
}

/** `my%20pic.png` → `my pic.png`; a malformed sequence stays literal, the valid ones around it decode. */
function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join("/");
}

const NAMED_DELIMITERS: ReadonlyMap<string, string> = new Map([
  ["num", "#"],
  ["quest", "?"],
]);

/**
 * The `?query#fragment` as it is written in the raw source, so the rewrite keeps its
 * escapes and entities byte for byte. Walks the raw text with the unescaping rules of its
 * syntax (backslash escapes in Markdown and YAML, character references in Markdown and
 * HTML) to the first character that decodes to `?` or `#`.
 */
function rawSuffix(raw: string, kind: ReferenceKind, decodedSuffix: string): string {
  const backslashEscapes = kind !== "html-src" && kind !== "html-srcset" && kind !== "html-href";
  const entities = kind !== "front-matter";
  for (let index = 0; index < raw.length; index += 1) {
    const char = raw[index];
    if (char === "?" || char === "#") return raw.slice(index);
    if (char === "\\" && backslashEscapes && index + 1 < raw.length) {
      const next = raw[index + 1] ?? "";
      if (next === "?" || next === "#") return raw.slice(index);
      if (/[!-/:-@[-`{-~]/.test(next)) index += 1;
    } else if (char === "&" && entities) {
      const entity = /^&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/.exec(
        raw.slice(index),
      );
      if (!entity) continue;
      const [, decimal, hex, name] = entity;
      const value =
        decimal !== undefined
          ? String.fromCodePoint(Number(decimal) % 0x110000)
          : hex !== undefined
            ? String.fromCodePoint(Number.parseInt(hex, 16) % 0x110000)
            : NAMED_DELIMITERS.get(name ?? "");
      if (value === "?" || value === "#") return raw.slice(index);
      index += entity[0].length - 1;
    }
  }
  // The raw text did not show where the delimiter came from; keep the decoded suffix.
  return decodedSuffix;
}
