/**
 * Destinations found by markdown-it itself. Its tokens carry no source positions, so
 * the rules that see destinations (`image`, `link`, `html_inline`, the block rule
 * `reference`) are wrapped: each wrapper opens a frame, markdown-it's own
 * `helpers.parseLinkDestination` records the first call made while that frame is on
 * top (the rule's own destination, not a nested rule's), and on success the wrapper
 * keeps the destination span in the string markdown-it was parsing. Block-level spans
 * are document offsets already; inline spans are offsets into an inline token's
 * content and are mapped back by `locate.ts`.
 */

import type { MarkdownIt, Ruler, StateBlock, StateInline, Token } from "markdown-it";
import MarkdownItFactory from "markdown-it";
import type { ReferenceKind } from "../types.js";
import type { Found } from "./found.js";
import { findHtmlDestinations } from "./html.js";
import { hasMask } from "./liquid.js";
import {
  type DocLines,
  type Locator,
  lineLocator,
  type TableRow,
  tableCellLocator,
} from "./locate.js";
import type { Relevance } from "./relevance.js";
import { type InlineSyntax, type SyntaxContext, scanSyntaxes } from "./syntax.js";

type DestinationResult = ReturnType<MarkdownIt["helpers"]["parseLinkDestination"]>;
type InlineRule = (state: StateInline, silent: boolean) => boolean;
type BlockRule = (
  state: StateBlock,
  startLine: number,
  endLine: number,
  silent: boolean,
) => boolean;

interface Frame {
  call?: { readonly start: number; readonly result: DestinationResult };
}

/** Hits in one top-level inline parse, in that inline token's content coordinates. */
interface InlineRun {
  readonly src: string;
  readonly hits: Found[];
  readonly left: LeftMark[];
}

/** An image a generator syntax leaves to another pipeline, where it was seen. */
interface LeftMark {
  readonly start: number;
  readonly reason: string;
  readonly destination: string;
}

/** What the parse found: destinations, and images left to other pipelines (document offsets). */
export interface MarkdownFindings {
  readonly found: Found[];
  readonly left: {
    readonly offset: number;
    readonly reason: string;
    readonly destination: string;
  }[];
}

interface Collection {
  readonly runs: InlineRun[];
  readonly definitions: Found[];
  readonly tableRows: Map<number, TableRow>;
}

/**
 * markdown-it as this product reads Markdown: CommonMark plus GFM tables and
 * strikethrough, raw HTML on, no linkify or typographer. (`.mdx` is read by mdx.ts.)
 */
export function createMarkdownIt(): MarkdownIt {
  return MarkdownItFactory("default", { html: true, linkify: false, typographer: false });
}

function ruleNamed<Args extends unknown[], Result>(ruler: Ruler<Args, Result>, name: string) {
  const rule = ruler.__rules__.find((candidate) => candidate.name === name);
  if (!rule) throw new Error(`markdown-it has no rule named "${name}".`);
  return rule;
}

/** The replaceable text of a parsed destination: inside `<…>` when angle-bracketed. */
function destinationSpan(src: string, start: number, result: DestinationResult): Found | undefined {
  if (!result.ok || result.str === "") return undefined;
  const angle = src.charCodeAt(start) === 0x3c;
  return {
    kind: "definition",
    start: angle ? start + 1 : start,
    end: angle ? result.pos - 1 : result.pos,
    destination: result.str,
  };
}

class InstrumentedMarkdown {
  private readonly md: MarkdownIt;
  private collection: Collection | undefined;
  private depth = 0;
  private readonly frames: Frame[] = [];
  private syntaxes: readonly InlineSyntax[] = [];
  private context: SyntaxContext = { file: "", shortcodes: new Map() };
  private relevance: Relevance | undefined;

  constructor(dialect: MarkdownDialect) {
    this.md = createMarkdownIt();
    // MDX has no indented code: four spaces in are a paragraph's text.
    if (dialect === "mdx-without-jsx") this.md.block.ruler.disable(["code"]);
    // Only raw destinations are used here, never the tokens' hrefs, so markdown-it's URL
    // normalisation (parse, punycode, re-encode) is wasted work: a quarter of parse time.
    // validateLink only looks at the scheme, which normalisation does not change.
    this.md.normalizeLink = (url) => url;
    // Emphasis and strikethrough only turn text into tokens, after links are found (their
    // delimiters never decide where a link or image is): 40 % of inline parse time.
    this.md.inline.ruler.disable(["emphasis", "strikethrough"]);
    this.md.inline.ruler2.disable(["balance_pairs", "emphasis", "strikethrough", "fragments_join"]);
    this.recordDestinationCalls();
    this.countInlineDepth();
    this.wrapInline("image", "markdown-image");
    this.wrapInline("link", "markdown-link");
    this.wrapHtmlInline();
    this.wrapReference();
    this.wrapTable();
    this.addGeneratorSyntaxes();
  }

  parse(
    doc: string,
    syntaxes: readonly InlineSyntax[],
    context: SyntaxContext,
    relevance: Relevance | undefined,
  ): { tokens: Token[]; collection: Collection } {
    const collection: Collection = { runs: [], definitions: [], tableRows: new Map() };
    this.collection = collection;
    this.syntaxes = syntaxes;
    this.context = context;
    this.relevance = relevance;
    this.depth = 0;
    this.frames.length = 0;
    try {
      return { tokens: this.md.parse(doc, {}), collection };
    } finally {
      this.collection = undefined;
    }
  }

  private currentRun(): InlineRun | undefined {
    return this.depth === 1 ? this.collection?.runs[this.collection.runs.length - 1] : undefined;
  }

  private recordDestinationCalls(): void {
    const parse = this.md.helpers.parseLinkDestination;
    this.md.helpers = {
      ...this.md.helpers,
      parseLinkDestination: (str: string, start: number, max: number) => {
        const result = parse(str, start, max);
        const frame = this.frames[this.frames.length - 1];
        if (frame && !frame.call) frame.call = { start, result };
        return result;
      },
    };
  }

  /**
   * Depth 1 = a block's inline content; deeper = image alt text, which is not a link.
   * Text that cannot hold a destination (mayHoldDestination) is not parsed at all: it
   * could only produce text tokens and links to pages, and much prose is such text.
   */
  private countInlineDepth(): void {
    const inline = this.md.inline;
    const parse = inline.parse.bind(inline);
    inline.parse = (str, md, env, out) => {
      this.depth++;
      if (this.depth === 1) this.collection?.runs.push({ src: str, hits: [], left: [] });
      try {
        if (this.depth > 1 || mayHoldDestination(str, this.syntaxes, this.relevance))
          parse(str, md, env, out);
      } finally {
        this.depth--;
      }
    };
  }

  private withFrame<T>(run: () => T): { value: T; frame: Frame } {
    const frame: Frame = {};
    this.frames.push(frame);
    try {
      return { value: run(), frame };
    } finally {
      this.frames.pop();
    }
  }

  private wrapInline(name: "image" | "link", kind: ReferenceKind): void {
    const ruler = this.md.inline.ruler;
    const rule = ruleNamed(ruler, name);
    const original: InlineRule = rule.fn;
    const wrapped: InlineRule = (state, silent) => {
      const { value: ok, frame } = this.withFrame(() => original(state, silent));
      const run = ok && !silent ? this.currentRun() : undefined;
      const call = frame.call;
      // Inline form only: it ends with `)`. `[text][id]` and a link that fell back to a
      // reference end with `]`; their destination is the definition's.
      if (run && call && call.result.pos <= state.pos && state.src[state.pos - 1] === ")") {
        const span = destinationSpan(state.src, call.start, call.result);
        const valid = span && state.md.validateLink(state.md.normalizeLink(span.destination));
        if (span && valid) run.hits.push({ ...span, kind });
      }
      return ok;
    };
    ruler.at(name, wrapped, { alt: rule.alt });
  }

  private wrapHtmlInline(): void {
    const ruler = this.md.inline.ruler;
    const rule = ruleNamed(ruler, "html_inline");
    const original: InlineRule = rule.fn;
    const wrapped: InlineRule = (state, silent) => {
      const start = state.pos;
      const ok = original(state, silent);
      const run = ok && !silent ? this.currentRun() : undefined;
      if (run) {
        for (const hit of findHtmlDestinations(state.src.slice(start, state.pos), false)) {
          run.hits.push({ ...hit, start: start + hit.start, end: start + hit.end });
        }
      }
      return ok;
    };
    ruler.at("html_inline", wrapped, { alt: rule.alt });
  }

  private wrapReference(): void {
    const ruler = this.md.block.ruler;
    const rule = ruleNamed(ruler, "reference");
    const original: BlockRule = rule.fn;
    const wrapped: BlockRule = (state, startLine, endLine, silent) => {
      const { value: ok, frame } = this.withFrame(() =>
        original(state, startLine, endLine, silent),
      );
      if (ok && !silent && frame.call) {
        const span = destinationSpan(state.src, frame.call.start, frame.call.result);
        if (span) this.collection?.definitions.push(span);
      }
      return ok;
    };
    ruler.at("reference", wrapped, { alt: rule.alt });
  }

  /**
   * One rule, tried first at every character a generator syntax can start with: inline
   * parsing only runs on rendered text, so code and comments are never offered to it.
   */
  private addGeneratorSyntaxes(): void {
    const rule: InlineRule = (state, silent) => {
      if (this.syntaxes.length === 0) return false;
      const char = state.src[state.pos] ?? "";
      for (const syntax of this.syntaxes) {
        if (!syntax.starts.includes(char)) continue;
        const match = syntax.match(state.src, state.pos, this.context);
        if (!match || match.end > state.posMax) continue;
        const run = silent ? undefined : this.currentRun();
        if (run) {
          run.hits.push(...match.hits);
          for (const left of match.left ?? []) run.left.push({ start: state.pos, ...left });
        }
        if (!silent) state.push("text", "", 0).content = state.src.slice(state.pos, match.end);
        state.pos = match.end;
        return true;
      }
      return false;
    };
    this.md.inline.ruler.before("text", "generator_syntax", rule);
  }

  /** Remembers where each table row's text starts, before container prefixes matter. */
  private wrapTable(): void {
    const ruler = this.md.block.ruler;
    const rule = ruleNamed(ruler, "table");
    const original: BlockRule = rule.fn;
    const wrapped: BlockRule = (state, startLine, endLine, silent) => {
      const ok = original(state, startLine, endLine, silent);
      if (ok && !silent && this.collection) {
        for (let line = startLine; line < state.line; line++) {
          const start = (state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0);
          this.collection.tableRows.set(line, { start, end: state.eMarks[line] ?? start });
        }
      }
      return ok;
    };
    ruler.at("table", wrapped, { alt: rule.alt });
  }
}

/**
 * `commonmark` for `.md`; `mdx-without-jsx` for an `.mdx` body with no JSX, expression or
 * ESM (no `<`, `{`, `}`, no import/export line), which MDX reads as CommonMark without
 * indented code.
 */
export type MarkdownDialect = "commonmark" | "mdx-without-jsx";

const parsers = new Map<MarkdownDialect, InstrumentedMarkdown>();

function place(hits: readonly Found[], locate: Locator, into: Found[]): void {
  for (const hit of hits) {
    const start = locate(hit.start, hit.end);
    if (start !== undefined) into.push({ ...hit, start, end: start + (hit.end - hit.start) });
  }
}

const NO_CONTEXT: SyntaxContext = { file: "", shortcodes: new Map() };

/**
 * False when `text` (a document, or one block's inline content) cannot hold a destination:
 * no `<` (HTML, autolinks), no `![`, no generator syntax's first character, and no `[`
 * (links, reference definitions) or only `[`s with nothing the run acts on (relevance.ts).
 */
function mayHoldDestination(
  text: string,
  syntaxes: readonly InlineSyntax[],
  relevance: Relevance | undefined,
): boolean {
  if (text.includes("<") || text.includes("![")) return true;
  // A masked Liquid template (liquid.ts) may print an image's URL: `{% link a.png %}`.
  const relevant = !relevance || hasMask(text) || relevance.mayName(text);
  if (text.includes("[") && relevant) return true;
  for (const syntax of syntaxes)
    for (const char of syntax.starts) if (text.includes(char)) return true;
  return false;
}

/** Every destination markdown-it sees in the normalized document, as document offsets. */
export function findMarkdownDestinations(
  doc: DocLines,
  syntaxes: readonly InlineSyntax[] = [],
  context: SyntaxContext = NO_CONTEXT,
  dialect: MarkdownDialect = "commonmark",
  /** Absent: every destination, links to pages included. */
  relevance?: Relevance,
): MarkdownFindings {
  // A document that cannot hold one (most posts without images) is not parsed at all.
  if (!mayHoldDestination(doc.text, syntaxes, relevance)) return { found: [], left: [] };
  let parser = parsers.get(dialect);
  if (!parser) {
    parser = new InstrumentedMarkdown(dialect);
    parsers.set(dialect, parser);
  }
  const { tokens, collection } = parser.parse(doc.text, syntaxes, context, relevance);
  const found: Found[] = [...collection.definitions];
  const left: MarkdownFindings["left"] = [];
  let run = 0;
  let rowLine = -1;
  let cell = -1;
  for (const token of tokens) {
    if (token.type === "tr_open") {
      rowLine = token.map?.[0] ?? -1;
      cell = -1;
    } else if (token.type === "th_open" || token.type === "td_open") {
      cell++;
    } else if (token.type === "html_block" && token.map) {
      const locate = lineLocator(doc, token.content, token.map[0]);
      place(findHtmlDestinations(token.content, false), locate, found);
      // Shortcodes and template tags are expanded before the HTML is: they count here too.
      const templates = syntaxes.filter((syntax) => syntax.template);
      const matches = scanSyntaxes(token.content, templates, context);
      place(
        matches.flatMap((match) => match.hits),
        locate,
        found,
      );
    } else if (token.type === "inline") {
      const current = collection.runs[run++];
      // Runs are recorded in the order the core rule parses inline tokens; a mismatch
      // would mean we cannot tell which block they came from, so report nothing inline.
      if (!current || current.src !== token.content) break;
      const locate = token.map
        ? lineLocator(doc, token.content, token.map[0])
        : tableCellLocator(doc, collection.tableRows.get(rowLine), cell, token.content);
      place(current.hits, locate, found);
      for (const mark of current.left) {
        const offset = locate(mark.start, mark.start + 1);
        if (offset !== undefined) left.push({ ...mark, offset });
      }
    }
  }
  return { found, left };
}
