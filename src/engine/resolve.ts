import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { Reference, ReferenceKind, Resolution } from "./types.js";

export interface ResolveContext {
  /** The repository root (absolute). */
  readonly root: string;
  /** Where root-relative references are looked up, relative to root, in order (`.` = root). */
  readonly staticDirs: readonly string[];
  /** Image extensions, lower-case, without the dot. */
  readonly extensions: ReadonlySet<string>;
}

/** What the file system says about one absolute path; cached because posts reuse images. */
type Lookup =
  | { readonly kind: "file"; readonly realPath: string }
  | { readonly kind: "absent" }
  | { readonly kind: "outside"; readonly realPath: string };

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const TEMPLATE_MARKERS = ["{{", "{%", "${"];

/**
 * Decides, for each reference, whether it names a local image inside the repository.
 * Nothing outside the repository is ever read: containment is checked on the lexical path
 * and again on the symlink-resolved one before a file is reported as local.
 */
export function createResolver(ctx: ResolveContext): (reference: Reference) => Promise<Resolution> {
  const root = path.resolve(ctx.root);
  // Lazy, so a resolver that only meets remote URLs never touches the disk.
  let realRootPromise: Promise<string> | undefined;
  const realRoot = (): Promise<string> => {
    realRootPromise ??= realpath(root);
    return realRootPromise;
  };
  const lookups = new Map<string, Promise<Lookup>>();
  const lookup = (absolutePath: string): Promise<Lookup> => {
    let cached = lookups.get(absolutePath);
    if (!cached) {
      cached = realRoot().then((real) => inspect(real, absolutePath));
      lookups.set(absolutePath, cached);
    }
    return cached;
  };

  return async (reference) => {
    const destination = reference.destination.trim();
    if (destination === "") return { status: "ignored", reason: "empty destination" };
    if (destination.startsWith("#")) return { status: "ignored", reason: "anchor" };
    if (TEMPLATE_MARKERS.some((marker) => destination.includes(marker))) {
      return { status: "ignored", reason: "templated destination" };
    }
    const scheme = SCHEME.exec(destination)?.[1]?.toLowerCase();
    // A single letter is a Windows drive (`C:\blog\a.png`), not a URL scheme.
    const isDrive = scheme !== undefined && scheme.length === 1;
    if (scheme === "file") {
      return { status: "refused", reason: "file: URLs point at the writer's own disk; use a path relative to the Markdown file." };
    }
    if (scheme !== undefined && !isDrive) return { status: "ignored", reason: `remote URL (${scheme}:)` };
    // Browsers read `\` as `/` in http(s) URLs, so the site sees what we look up.
    const slashed = destination.replaceAll("\\", "/");
    if (slashed.startsWith("//")) return { status: "ignored", reason: "remote URL (protocol-relative)" };

    const split = slashed.search(/[?#]/);
    const encodedPath = split === -1 ? slashed : slashed.slice(0, split);
    const suffix = split === -1 ? "" : rawSuffix(reference.raw, reference.kind, destination.slice(split));
    if (encodedPath === "") return { status: "ignored", reason: "no file path, only a query or fragment" };
    const decoded = percentDecode(isDrive ? encodedPath.slice(2) : encodedPath);
    if (decoded.includes("\0")) return { status: "refused", reason: "the path contains a NUL byte." };
    const extension = path.posix.extname(decoded).slice(1).toLowerCase();
    if (!ctx.extensions.has(extension)) {
      return { status: "ignored", reason: extension ? `not an image (.${extension})` : "not an image (no extension)" };
    }

    const rootRelative = isDrive || decoded.startsWith("/");
    const bases = rootRelative
      ? ctx.staticDirs.map((dir) => path.resolve(root, dir))
      : [path.dirname(path.resolve(root, reference.file))];
    const candidates: string[] = [];
    for (const base of bases) {
      for (const variant of unicodeVariants(decoded)) {
        const candidate = path.join(base, rootRelative ? `.${path.posix.sep}${variant}` : variant);
        if (!isInside(root, candidate)) {
          return {
            status: "refused",
            reason: `the path resolves outside the repository (to ${candidate}); only files inside the repository are uploaded.`,
          };
        }
        if (variant === decoded) candidates.push(toPosix(path.relative(root, candidate)));
        const found = await lookup(candidate);
        if (found.kind === "outside") {
          return {
            status: "refused",
            reason: `the path resolves outside the repository through a symbolic link (to ${found.realPath}); only files inside the repository are uploaded.`,
          };
        }
        if (found.kind === "file") {
          return {
            status: "local",
            absolutePath: found.realPath,
            path: toPosix(path.relative(await realRoot(), found.realPath)),
            suffix,
          };
        }
      }
    }
    return { status: "missing", candidates: [...new Set(candidates)] };
  };
}

async function inspect(realRoot: string, absolutePath: string): Promise<Lookup> {
  let realPath: string;
  try {
    realPath = await realpath(absolutePath);
  } catch {
    return { kind: "absent" };
  }
  if (!isInside(realRoot, realPath)) return { kind: "outside", realPath };
  try {
    return (await stat(realPath)).isFile() ? { kind: "file", realPath } : { kind: "absent" };
  } catch {
    return { kind: "absent" };
  }
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== "" && relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
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
      const entity = /^&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/.exec(raw.slice(index));
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
