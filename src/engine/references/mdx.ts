/**
 * Destinations in an `.mdx` file, read as MDX 2/3 reads it (micromark with the MDX
 * extensions, the parser `@mdx-js/mdx` itself uses): Markdown inside JSX blocks is
 * Markdown, JSX string attributes are values, expressions, ESM and `{/* comments *\/}`
 * are code. micromark's events carry exact offsets into the string it parsed, so every
 * destination is the span of one token, checked against the text before it is kept.
 */
import { parse, postprocess, preprocess } from "micromark";
import { mdxjs } from "micromark-extension-mdxjs";
import { decodeString } from "micromark-util-decode-string";
import type { Event, Token } from "micromark-util-types";
import { parseEntities } from "parse-entities";
import type { ReferenceKind } from "../types.js";
import { type DocusaurusContext, imageInExpression, imagesInSources } from "./docusaurus.js";
import type { Found } from "./found.js";
import { LEFT_DYNAMIC, LEFT_TO_BUNDLER, type LeftImage } from "./left-reasons.js";
import { parseSrcset } from "./srcset.js";

export interface MdxFindings {
  readonly found: Found[];
  readonly left: LeftImage[];
  /** Set when the file is not valid MDX: nothing else is reported for it. */
  readonly invalid?: { readonly line: number; readonly reason: string };
}

const IMAGE_FILE = /\.(?:png|jpe?g|gif|webp|avif|svg|bmp|ico|tiff?)(?:[?#].*)?$/i;

/** Attribute values that name a destination: any JSX element, as MDX components take them. */
const ATTRIBUTE_KINDS: ReadonlyMap<string, ReferenceKind | "srcset"> = new Map([
  ["src", "html-src"],
  ["srcset", "srcset"],
  ["href", "html-href"],
]);

const CONSTRUCTS: ReadonlyMap<string, ReferenceKind> = new Map([
  ["image", "markdown-image"],
  ["link", "markdown-link"],
]);

interface Walk {
  readonly text: string;
  readonly context: DocusaurusContext;
  readonly found: Found[];
  readonly left: LeftImage[];
  /** The last attribute name seen in the current tag. */
  attribute: string;
  /** Open images and links, innermost last: `[![a](b.png)](c.png)` holds both. */
  readonly constructs: ReferenceKind[];
}

/** Built once: constructing the extensions (and acorn's parser with JSX) is per-run work. */
const MDX_OPTIONS = { extensions: [mdxjs()] };

/** micromark's events for `text` as MDX, or the parser's complaint. */
function mdxEvents(text: string): Event[] | { line: number; reason: string } {
  try {
    const chunks = preprocess()(text, undefined, true);
    return postprocess(parse(MDX_OPTIONS).document().write(chunks));
  } catch (error) {
    const problem = error as { line?: unknown; reason?: unknown; message?: unknown };
    const line = typeof problem.line === "number" ? problem.line : 1;
    const reason = String(problem.reason ?? problem.message ?? error);
    return { line, reason };
  }
}

/**
 * Everything `text` (a front-matter-blanked MDX body) names. Offsets are indices into
 * `text`; lines of `left` and `invalid` are 1-based lines of `text`.
 */
export function findMdxDestinations(text: string, context: DocusaurusContext): MdxFindings {
  const events = mdxEvents(text);
  if (!Array.isArray(events)) return { found: [], left: [], invalid: events };
  const walk: Walk = { text, context, found: [], left: [], attribute: "", constructs: [] };
  for (const [phase, token] of events) {
    const construct = CONSTRUCTS.get(token.type);
    if (construct && phase === "enter") walk.constructs.push(construct);
    else if (construct) walk.constructs.pop();
    else if (phase === "enter") visit(walk, token);
  }
  return { found: walk.found, left: walk.left };
}

function visit(walk: Walk, token: Token): void {
  switch (token.type as string) {
    case "resourceDestinationString":
    case "definitionDestinationString":
      keepMarkdown(walk, token);
      return;
    case "mdxJsxFlowTagAttributeName":
    case "mdxJsxTextTagAttributeName":
      walk.attribute = slice(walk, token).trim().toLowerCase();
      return;
    case "mdxJsxFlowTagAttributeValueLiteralValue":
    case "mdxJsxTextTagAttributeValueLiteralValue":
      keepAttribute(walk, token);
      return;
    case "mdxJsxFlowTagAttributeValueExpression":
    case "mdxJsxTextTagAttributeValueExpression":
      if (walk.attribute === "src") keepExpression(walk, token);
      else if (walk.attribute === "sources") keepSources(walk, token);
      return;
    case "mdxjsEsm":
      countImports(walk, token);
      return;
  }
}

function slice(walk: Walk, token: Token): string {
  return walk.text.slice(token.start.offset, token.end.offset);
}

/**
 * A Markdown destination: images and links alike (resolve decides what a link is worth);
 * a definition is one too. The kind comes from the innermost open image or link.
 */
function keepMarkdown(walk: Walk, token: Token): void {
  const raw = slice(walk, token);
  if (raw === "") return;
  const kind: ReferenceKind =
    token.type === "definitionDestinationString"
      ? "definition"
      : (walk.constructs[walk.constructs.length - 1] ?? "markdown-link");
  walk.found.push({
    kind,
    start: token.start.offset,
    end: token.end.offset,
    destination: decodeString(raw),
  });
}

function keepAttribute(walk: Walk, token: Token): void {
  const kind = ATTRIBUTE_KINDS.get(walk.attribute);
  if (!kind) return;
  const raw = slice(walk, token);
  const start = token.start.offset;
  if (kind !== "srcset") {
    const hit = trimmed(raw, start, kind);
    if (hit) walk.found.push(hit);
    return;
  }
  // Entity-encoded srcsets are rare; candidates are only split when the raw text is the value.
  if (raw.includes("&")) return;
  for (const candidate of parseSrcset(raw)) {
    const hit = trimmed(
      raw.slice(candidate.start, candidate.end),
      start + candidate.start,
      "html-srcset",
    );
    if (hit) walk.found.push(hit);
  }
}

/** The value without surrounding whitespace (browsers strip it; the rewrite keeps it). */
function trimmed(raw: string, start: number, kind: ReferenceKind): Found | undefined {
  const leading = raw.length - raw.trimStart().length;
  const value = raw.trim();
  if (value === "") return undefined;
  const destination = value.includes("&") ? parseEntities(value) : value;
  return { kind, start: start + leading, end: start + leading + value.length, destination };
}

/** `src={…}`: Docusaurus's `require()`/`useBaseUrl()` forms become a destination. */
function keepExpression(walk: Walk, token: Token): void {
  const image = imageInExpression(token.estree, walk.context);
  if (!image) return;
  const line = token.start.line;
  if (image.dynamic) {
    walk.left.push({ reason: LEFT_DYNAMIC, line, destination: slice(walk, token) });
    return;
  }
  walk.found.push({
    kind: "jsx-expression",
    start: token.start.offset,
    end: token.end.offset,
    destination: image.destination,
  });
}

/** Docusaurus's ThemedImage: each image of `sources={{ light: …, dark: … }}` becomes "URL". */
function keepSources(walk: Walk, token: Token): void {
  for (const { start, end, image } of imagesInSources(token.estree, walk.context)) {
    if (image.dynamic) {
      walk.left.push({
        reason: LEFT_DYNAMIC,
        line: token.start.line,
        destination: walk.text.slice(start, end),
      });
    } else {
      walk.found.push({ kind: "jsx-expression", start, end, destination: image.destination });
    }
  }
}

/** `import hero from './hero.png'` (and SVG components): the bundler's, counted. */
function countImports(walk: Walk, token: Token): void {
  for (const statement of token.estree?.body ?? []) {
    if (statement.type !== "ImportDeclaration") continue;
    const source = statement.source.value;
    if (typeof source !== "string" || !IMAGE_FILE.test(source)) continue;
    const line = statement.loc?.start.line ?? token.start.line;
    walk.left.push({ reason: LEFT_TO_BUNDLER, line, destination: source });
  }
}
