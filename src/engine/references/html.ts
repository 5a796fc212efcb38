import { QuoteType, Tokenizer } from "htmlparser2";
import type { ReferenceKind } from "../types.js";
import type { Found } from "./found.js";
import { parseSrcset } from "./srcset.js";

/**
 * One attribute value as the tokenizer saw it: `decoded` is the entity-decoded value
 * and `rawIndex[i]` the offset in the HTML of decoded character i, or -1 when that
 * character came from a character reference (which has no single source position).
 */
interface AttributeValue {
  readonly tag: string;
  readonly name: string;
  readonly quote: QuoteType;
  readonly start: number;
  readonly end: number;
  readonly decoded: string;
  readonly rawIndex: readonly number[];
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

/** Offset of the first value character after an attribute name ending at `nameEnd`. */
function valueStartAfter(html: string, nameEnd: number, quote: QuoteType): number {
  let pos = nameEnd;
  while (isWhitespace(html.charCodeAt(pos))) pos++;
  pos++; // the `=`
  while (isWhitespace(html.charCodeAt(pos))) pos++;
  return quote === QuoteType.Unquoted ? pos : pos + 1;
}

/** Every attribute value of every start tag, with positions (htmlparser2's tokenizer). */
function attributeValues(html: string): AttributeValue[] {
  const values: AttributeValue[] = [];
  let tag = "";
  let name = "";
  let nameEnd = 0;
  let decoded = "";
  let rawIndex: number[] = [];
  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      onopentagname(start, end) {
        tag = html.slice(start, end);
      },
      onattribname(start, end) {
        name = html.slice(start, end);
        nameEnd = end;
        decoded = "";
        rawIndex = [];
      },
      onattribdata(start, end) {
        decoded += html.slice(start, end);
        for (let i = start; i < end; i++) rawIndex.push(i);
      },
      onattribentity(codepoint) {
        const text = String.fromCodePoint(codepoint);
        decoded += text;
        for (let i = 0; i < text.length; i++) rawIndex.push(-1);
      },
      onattribend(quote, endIndex) {
        if (quote === QuoteType.NoValue) return;
        const end = quote === QuoteType.Unquoted ? endIndex : endIndex - 1;
        const start = valueStartAfter(html, nameEnd, quote);
        if (start > end) return;
        values.push({ tag, name, quote, start, end, decoded, rawIndex });
      },
      oncdata() {},
      onclosetag() {},
      oncomment() {},
      ondeclaration() {},
      onend() {},
      onopentagend() {},
      onprocessinginstruction() {},
      onselfclosingtag() {},
      ontext() {},
      ontextentity() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return values;
}

/**
 * Source offset where decoded character `index` begins (`index` may be the length).
 * Undefined when it lies between two character references, whose boundary the
 * tokenizer does not report.
 */
function rawBoundary(value: AttributeValue, index: number): number | undefined {
  if (index <= 0) return value.start;
  if (index >= value.decoded.length) return value.end;
  const here = value.rawIndex[index] ?? -1;
  if (here >= 0) return here;
  const before = value.rawIndex[index - 1] ?? -1;
  return before >= 0 ? before + 1 : undefined;
}

function slice(
  value: AttributeValue,
  kind: ReferenceKind,
  from: number,
  to: number,
): Found | undefined {
  // Browsers strip surrounding ASCII whitespace from URL attributes; the rewrite keeps it.
  while (from < to && isWhitespace(value.decoded.charCodeAt(from))) from++;
  while (to > from && isWhitespace(value.decoded.charCodeAt(to - 1))) to--;
  if (from === to) return undefined;
  const start = rawBoundary(value, from);
  const end = rawBoundary(value, to);
  if (start === undefined || end === undefined || end <= start) return undefined;
  return { kind, start, end, destination: value.decoded.slice(from, to) };
}

const JSX_COMMENT = /\{\/\*[\s\S]*?\*\/\}/g;

function kindOf(
  tag: string,
  attribute: string,
  mdx: boolean,
): ReferenceKind | "srcset" | undefined {
  const element = tag.toLowerCase();
  const name = attribute.toLowerCase();
  // MDX: any JSX element's string src/srcset (<Image src="./a.png" />); Markdown: only
  // the elements that show an image or link to one. <video src> etc. stay untouched.
  if (name === "src" && (element === "img" || mdx)) return "html-src";
  if (name === "srcset" && (element === "img" || element === "source" || mdx)) return "srcset";
  if (name === "href" && element === "a") return "html-href";
  return undefined;
}

/**
 * Destinations in a piece of HTML (an html_block or html_inline token's content),
 * offsets into `html`. In MDX only quoted values count: an unquoted JSX value is an
 * `{expression}`, not a path.
 */
export function findHtmlDestinations(html: string, mdx: boolean): Found[] {
  if (!html.includes("<")) return [];
  const found: Found[] = [];
  // A JSX comment inside JSX is not markup; blanking keeps every offset in place.
  const markup = mdx
    ? html.replace(JSX_COMMENT, (comment) => comment.replace(/[^\n]/g, " "))
    : html;
  for (const value of attributeValues(markup)) {
    const kind = kindOf(value.tag, value.name, mdx);
    if (!kind) continue;
    if (mdx && value.quote === QuoteType.Unquoted) continue;
    if (kind === "srcset") {
      for (const candidate of parseSrcset(value.decoded)) {
        const hit = slice(value, "html-srcset", candidate.start, candidate.end);
        if (hit) found.push(hit);
      }
    } else {
      const hit = slice(value, kind, 0, value.decoded.length);
      if (hit) found.push(hit);
    }
  }
  return found;
}
