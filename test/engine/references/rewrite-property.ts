/**
 * The property every reported range must have: replacing it changes the rendered
 * page only in that destination. Each range is replaced (back to front) by a unique
 * placeholder URL and the file is rendered again with the same markdown-it setup;
 * putting each destination back where its placeholder appears must give exactly the
 * HTML of the original file.
 */
import { Parser } from "htmlparser2";
import { blankFrontMatter, findFrontMatter } from "../../../src/engine/references/front-matter.js";
import {
  createMarkdownIt,
  findReferences,
  loadReaders,
} from "../../../src/engine/references/index.js";
import type { Reference } from "../../../src/engine/types.js";

// findReferences is called directly: the parsers the engine loads on first need
// (parse-one.ts) are loaded first, whatever front matter a generated document starts with.
await loadReaders();

export function placeholder(index: number): string {
  return `https://cdn.example/X${String(index).padStart(4, "0")}Z`;
}

/** Replaces each reference's byte range with `replacement(i)`, last range first. */
export function replaceRanges(
  bytes: Buffer,
  references: readonly Reference[],
  replacement: (index: number) => string,
): Buffer {
  let out = bytes;
  for (let i = references.length - 1; i >= 0; i--) {
    const reference = references[i];
    if (!reference) continue;
    out = Buffer.concat([
      out.subarray(0, reference.start),
      Buffer.from(replacement(i)),
      out.subarray(reference.end),
    ]);
  }
  return out;
}

/** Renders like a site generator: BOM dropped, front matter not part of the page. */
export function render(bytes: Buffer): string {
  let text = bytes.toString("utf8");
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  const frontMatter = findFrontMatter(text, 0);
  if (frontMatter) text = blankFrontMatter(text, frontMatter);
  return createMarkdownIt().render(text);
}

export interface RewriteCheck {
  readonly references: Reference[];
  readonly original: string;
  /** The rewritten page's HTML with every placeholder put back as its destination. */
  readonly restored: string;
  /** Placeholders that landed in text, comments or non-URL attributes. */
  readonly stray: string[];
  /** Rendered references (not definitions or front matter) whose placeholder vanished. */
  readonly absent: Reference[];
  /** URL attribute values in the rewritten page that are no placeholder (missed ones). */
  readonly unreplaced: Array<{ readonly tag: string; readonly url: string }>;
}

const PLACEHOLDER_RE = /https:\/\/cdn\.example\/X\d{4}Z/;

function urlAttribute(tag: string, name: string): boolean {
  if (name === "href") return tag === "a";
  if (name === "src") return tag === "img";
  if (name === "srcset") return tag === "img" || tag === "source";
  return false;
}

function inspect(html: string): Pick<RewriteCheck, "stray" | "unreplaced"> {
  const stray: string[] = [];
  const unreplaced: Array<{ tag: string; url: string }> = [];
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        for (const [name, value] of Object.entries(attributes)) {
          const isUrl = urlAttribute(tag, name);
          if (!isUrl) {
            if (PLACEHOLDER_RE.test(value)) stray.push(`${tag}[${name}]=${value}`);
            continue;
          }
          const urls =
            name === "srcset"
              ? value.split(",").map((part) => part.trim().split(/\s+/)[0])
              : [value];
          for (const url of urls) {
            if (url && url.trim() !== "" && !PLACEHOLDER_RE.test(url))
              unreplaced.push({ tag, url });
          }
        }
      },
      ontext(text) {
        if (PLACEHOLDER_RE.test(text)) stray.push(`text: ${text}`);
      },
      oncomment(text) {
        if (PLACEHOLDER_RE.test(text)) stray.push(`comment: ${text}`);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return { stray, unreplaced };
}

export function checkRewrite(file: string, bytes: Buffer): RewriteCheck {
  const md = createMarkdownIt();
  const references = findReferences(file, bytes);
  const original = render(bytes);
  const rewritten = render(replaceRanges(bytes, references, placeholder));
  let restored = rewritten;
  references.forEach((reference, index) => {
    const asRendered = reference.kind.startsWith("html-")
      ? reference.raw // raw HTML is passed through verbatim
      : md.utils.escapeHtml(md.normalizeLink(reference.destination));
    restored = restored.replaceAll(placeholder(index), asRendered);
  });
  const absent = references.filter(
    (reference, index) =>
      reference.kind !== "definition" &&
      reference.kind !== "front-matter" &&
      !rewritten.includes(placeholder(index)),
  );
  return { references, original, restored, ...inspect(rewritten), absent };
}
