/**
 * The references stage: every destination a content file contains, with the exact
 * byte range a rewrite would replace. Classification (local, remote, template…) is
 * the resolve stage's job; this stage only promises that each range holds exactly
 * the destination text and nothing else.
 */
import type { Reference } from "../types.js";
import type { Found } from "./found.js";
import {
  blankFrontMatter,
  FRONT_MATTER_KEYS,
  findFrontMatter,
  frontMatterReferences,
} from "./front-matter.js";
import { inlineSyntaxes, type SyntaxName } from "./generator-syntaxes.js";
import type { LeftImage } from "./left-reasons.js";
import { hasMask, liquidLookup, maskLiquid } from "./liquid.js";
import { DocLines } from "./locate.js";
import { findMarkdownDestinations, type MarkdownDialect } from "./markdown.js";
import {
  bomLength,
  decodeUtf8,
  NewlineShifts,
  normalizeLikeMarkdownIt,
  TextPositions,
} from "./offsets.js";
import { mdxReader } from "./readers.js";
import type { Relevance } from "./relevance.js";
import { type InlineSyntax, type SyntaxContext, scanSyntaxes } from "./syntax.js";

export { FRONT_MATTER_KEYS } from "./front-matter.js";
export { SYNTAX_NAMES, type SyntaxName } from "./generator-syntaxes.js";
export { ReaderNotLoaded, untilLoaded } from "./lazy-reader.js";
export { LEFT_DYNAMIC, LEFT_TO_BUNDLER, type LeftImage } from "./left-reasons.js";
export { createMarkdownIt } from "./markdown.js";
export { loadReaders } from "./readers.js";
export { type Relevance, relevanceOf } from "./relevance.js";

/** What a file says that is not a reference: images left to others, or why it was not read. */
export type ReferenceNote =
  | ({ readonly kind: "left" } & LeftImage)
  | { readonly kind: "invalid-mdx"; readonly line: number; readonly reason: string };

export interface FindReferencesOptions {
  /** Parse as MDX (micromark + MDX extensions); default: the file name ends in `.mdx`. */
  readonly mdx?: boolean;
  /** Repository-relative folder of the Docusaurus site (`docusaurus.config.*`) holding the file. */
  readonly docusaurusSite?: string;
  /** Told of images left to a bundler and of files that are not valid MDX. */
  readonly onNote?: (note: ReferenceNote) => void;
  /** Front-matter key paths holding an image (`cover.image`, `images[]`); default FRONT_MATTER_KEYS. */
  readonly frontMatterKeys?: readonly string[];
  /** The generator's own syntaxes to read besides CommonMark and HTML. */
  readonly syntaxes?: readonly SyntaxName[];
  /** Front-matter paths are site paths: `assets/a.png` is looked up as `/assets/a.png`. */
  readonly frontMatterFromSiteRoot?: boolean;
  /** Hugo shortcodes → parameters holding an image (`figure` → `src`). */
  readonly shortcodes?: ReadonlyMap<string, ReadonlySet<string>>;
  /** What the run acts on: text that cannot name it is not parsed. Absent: every destination. */
  readonly relevance?: Relevance;
}

/**
 * All destinations in `bytes` (the contents of repository-relative `file`), sorted by
 * start. A file that is not valid UTF-8 yields none. A file that needs a reader not loaded
 * yet (MDX, YAML, TOML) throws ReaderNotLoaded: parseOne() loads it and reads again.
 */
export function findReferences(
  file: string,
  bytes: Buffer,
  options: FindReferencesOptions = {},
): Reference[] {
  const text = decodeUtf8(bytes);
  if (text === undefined) return [];
  const mdx = options.mdx ?? /\.mdx$/i.test(file);
  const bom = bomLength(text);

  // Offsets below are UTF-16 indices into `text` (BOM included) until the very end.
  const found: Found[] = [];
  let markdownText = text;
  const frontMatter = findFrontMatter(text, bom);
  if (frontMatter) {
    const values = frontMatterReferences(
      text,
      frontMatter,
      options.frontMatterKeys ?? FRONT_MATTER_KEYS,
    );
    found.push(...(options.frontMatterFromSiteRoot ? values.map(fromSiteRoot) : values));
    markdownText = blankFrontMatter(text, frontMatter);
  }

  const body = markdownText.slice(bom);
  if (mdx && !isMdxWithoutJsx(body)) {
    found.push(...mdxReferences(file, body, bom, options));
    return toReferences(file, bytes, text, found);
  }
  if (mdx) {
    // The same destinations as micromark's MDX reader gives, in a sixth of its time.
    const plain = { ...options, syntaxes: [] };
    found.push(...markdownReferences(file, text, body, bom, plain, "mdx-without-jsx"));
    return toReferences(file, bytes, text, found);
  }
  found.push(...markdownReferences(file, text, body, bom, options));
  // Templates in front matter and body alike name a site path (Jekyll, Eleventy).
  const liquid = options.syntaxes?.includes("liquid") === true;
  return toReferences(file, bytes, text, liquid ? found.map(withLiquidLookup) : found);
}

/**
 * CommonMark, HTML and the generator's syntaxes in a Markdown body, as offsets into `text`
 * (the whole file, BOM included).
 */
function markdownReferences(
  file: string,
  text: string,
  body: string,
  bom: number,
  options: FindReferencesOptions,
  dialect: MarkdownDialect = "commonmark",
): Found[] {
  const syntaxes = options.syntaxes ?? [];
  const liquid = syntaxes.includes("liquid");
  // Templates masked to the same length: every offset below is still an offset into body.
  const parsedBody = liquid ? maskLiquid(body) : body;
  const doc = new DocLines(normalizeLikeMarkdownIt(parsedBody));
  const shifts = new NewlineShifts(body);
  const inline = inlineSyntaxes(syntaxes);
  const context = { file, shortcodes: options.shortcodes ?? new Map() };
  const findings = findMarkdownDestinations(doc, inline, context, dialect, options.relevance);
  const found: Found[] = [];
  for (const hit of findings.found) {
    const start = bom + shifts.toBody(hit.start);
    const end = bom + shifts.toBody(hit.end);
    // A masked template's destination is the template as written.
    const masked = liquid && hasMask(parsedBody.slice(start - bom, end - bom));
    const destination = masked ? text.slice(start, end) : hit.destination;
    found.push(...nestedOrSelf({ ...hit, start, end, destination }, text, inline, context));
  }
  if (findings.left.length > 0) {
    const positions = new TextPositions(text);
    for (const mark of findings.left) {
      const line = positions.line(bom + shifts.toBody(mark.offset));
      options.onNote?.({ kind: "left", reason: mark.reason, line, destination: mark.destination });
    }
  }
  return found;
}

/**
 * A template tag inside an HTML attribute (`<a href="{% asset_path a.png %}">`) is rendered
 * before the HTML: the tag's own destinations replace the attribute value's.
 */
function nestedOrSelf(
  hit: Found,
  text: string,
  syntaxes: readonly InlineSyntax[],
  context: SyntaxContext,
): Found[] {
  if (syntaxes.length === 0 || !hit.destination.includes("{")) return [hit];
  const nested = scanSyntaxes(text.slice(hit.start, hit.end), syntaxes, context)
    .flatMap((match) => match.hits)
    .map((inner) => ({ ...inner, start: hit.start + inner.start, end: hit.start + inner.end }));
  // Only a tag that replaces text in place can sit inside an attribute.
  const inPlace = nested.filter((inner) => !inner.wrap);
  return inPlace.length > 0 ? inPlace : [hit];
}

/** `assets/a.png` in Jekyll front matter is the site path `/assets/a.png`. */
function fromSiteRoot(hit: Found): Found {
  const value = hit.destination;
  if (/^(?:[a-z][a-z0-9+.-]*:|\/|#|\{)/i.test(value)) return hit;
  const split = value.search(/[?#]/);
  const path = `/${split < 0 ? value : value.slice(0, split)}`;
  return { ...hit, lookup: { path, suffix: split < 0 ? "" : value.slice(split), literal: false } };
}

/** A destination holding a site-URL template is looked up as the site path it names. */
function withLiquidLookup(hit: Found): Found {
  if (!hit.destination.includes("{{") && !hit.destination.includes("{%")) return hit;
  const sitePath = liquidLookup(hit.destination);
  if (sitePath === undefined) return hit;
  const split = sitePath.search(/[?#]/);
  const path = split < 0 ? sitePath : sitePath.slice(0, split);
  const suffix = split < 0 ? "" : sitePath.slice(split);
  return { ...hit, lookup: { path, suffix, literal: false } };
}

/** MDX body hits shifted past the BOM; an invalid file yields none (not even front matter). */
/**
 * An MDX body that holds nothing MDX adds to Markdown: no JSX or HTML (`<`), no expression
 * (`{`, `}`), no ESM (a line starting with import or export). MDX reads it as CommonMark
 * without indented code, so markdown-it gives the same destinations.
 */
export function isMdxWithoutJsx(body: string): boolean {
  return !/[<{}]/.test(body) && !/^(?:import|export)\b/m.test(body);
}

function mdxReferences(
  file: string,
  body: string,
  bom: number,
  options: FindReferencesOptions,
): Found[] {
  const slash = file.lastIndexOf("/");
  const findings = mdxReader().findMdxDestinations(body, {
    fileDir: slash < 0 ? "." : file.slice(0, slash),
    ...(options.docusaurusSite === undefined ? {} : { siteDir: options.docusaurusSite }),
  });
  for (const left of findings.left) options.onNote?.({ kind: "left", ...left });
  if (findings.invalid) {
    options.onNote?.({ kind: "invalid-mdx", ...findings.invalid });
    return [];
  }
  return findings.found.map((hit) => ({ ...hit, start: bom + hit.start, end: bom + hit.end }));
}

function toReferences(file: string, bytes: Buffer, text: string, found: Found[]): Reference[] {
  const positions = new TextPositions(text);
  const seen = new Set<string>();
  const references: Reference[] = [];
  for (const hit of found.sort((a, b) => a.start - b.start || a.end - b.end)) {
    const key = `${hit.start}:${hit.end}`;
    if (seen.has(key) || hit.end <= hit.start) continue;
    seen.add(key);
    const start = positions.byteOffset(hit.start);
    const end = positions.byteOffset(hit.end);
    const raw = bytes.subarray(start, end).toString("utf8");
    // Every finder verified its range against the text it parsed; this guards the
    // mapping back to bytes so that a rewrite can never touch anything else.
    if (raw !== text.slice(hit.start, hit.end)) continue;
    references.push({
      file,
      kind: hit.kind,
      start,
      end,
      raw,
      destination: hit.destination,
      line: positions.line(hit.start),
      ...(hit.lookup ? { lookup: hit.lookup } : {}),
      ...(hit.wrap ? { wrap: hit.wrap } : {}),
    });
  }
  return references;
}
