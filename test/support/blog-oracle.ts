import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import MarkdownIt from "markdown-it";

/**
 * An independent oracle for "only image URLs changed": render a content file with
 * markdown-it and replace every src/href/srcset URL by a token naming the image file it
 * points at (the file's sha256) — through the test's own simple lookup before the run,
 * through the manifest after it. Two renderings that differ anywhere else mean the rewrite touched other bytes.
 */
export interface OracleContext {
  readonly root: string;
  readonly file: string;
  readonly staticDirs: readonly string[];
  /** public URL → sha256 of the uploaded bytes, from the run's manifest. */
  readonly uploadedUrls: ReadonlyMap<string, string>;
}

const md = new MarkdownIt({ html: true });
const FRONT_MATTER = /^\uFEFF?---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)\r?\n/;

export function stripFrontMatter(text: string): string {
  return text.replace(FRONT_MATTER, "");
}

export function normalizedRendering(text: string, context: OracleContext): string {
  const html = md.render(stripFrontMatter(text));
  return html.replace(
    /\b(src|href|srcset)=("[^"]*"|'[^']*')/gi,
    (_all, attribute: string, quoted: string) => {
      const value = quoted.slice(1, -1);
      const urls =
        attribute.toLowerCase() === "srcset"
          ? value.split(",").map((candidate) => candidate.trim().split(/\s+/)[0] ?? "")
          : [value];
      let normalized = value;
      for (const url of urls) normalized = normalized.replace(url, imageToken(url, context));
      return `${attribute}=${quoted[0]}${normalized}${quoted[0]}`;
    },
  );
}

function imageToken(url: string, context: OracleContext): string {
  const decodedUrl = url.replaceAll("&amp;", "&");
  const cut = decodedUrl.search(/[?#]/);
  const base = cut < 0 ? decodedUrl : decodedUrl.slice(0, cut);
  const suffix = cut < 0 ? "" : decodedUrl.slice(cut);
  const uploaded = context.uploadedUrls.get(base);
  if (uploaded) return `IMG(${uploaded})${suffix}`;
  if (!base || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(base)) return url;
  let decoded: string;
  try {
    decoded = decodeURIComponent(base);
  } catch {
    return url;
  }
  const candidates = decoded.startsWith("/")
    ? context.staticDirs.map((dir) => path.join(context.root, dir, decoded))
    : [path.join(context.root, path.dirname(context.file), decoded)];
  for (const candidate of candidates) {
    const relative = path.relative(context.root, candidate);
    if (relative.startsWith("..") || !existsSync(candidate) || !statSync(candidate).isFile())
      continue;
    return `IMG(${createHash("sha256").update(readFileSync(candidate)).digest("hex")})${suffix}`;
  }
  return url;
}
