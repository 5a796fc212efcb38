/**
 * Hugo shortcodes: `{{< figure src="pic.png" >}}` and `{{% figure … %}}`, with double,
 * single or backtick quotes or none, named or positional parameters. The input
 * `shortcodes` says which shortcodes and parameters hold an image (default `figure` →
 * `src`); only that value's bytes are replaced. A shortcode opened with a comment mark
 * (`{{</*`, Hugo's escape: shown as text, never run) is skipped whole.
 */
import type { Found } from "./found.js";
import type { InlineSyntax, SyntaxContext, SyntaxMatch } from "./syntax.js";

interface Argument {
  /** Parameter name, or the 0-based position of a positional one. */
  readonly name: string;
  readonly value: string;
  /** Source range of the value, inside its quotes. */
  readonly start: number;
  readonly end: number;
  /** The source between start and end is the value (no escapes). */
  readonly literal: boolean;
}

interface Shortcode {
  readonly name: string;
  readonly args: readonly Argument[];
  readonly end: number;
}

export const hugoShortcodes: InlineSyntax = {
  name: "hugo-shortcode",
  starts: "{",
  template: true,
  match(src, pos, context: SyntaxContext): SyntaxMatch | undefined {
    const open = src.slice(pos, pos + 3);
    if (open !== "{{<" && open !== "{{%") return undefined;
    const closing = open === "{{<" ? ">}}" : "%}}";
    const escaped = /^\s*\/\*/y;
    escaped.lastIndex = pos + 3;
    if (escaped.test(src)) {
      const end = src.indexOf(`*/${closing}`, pos + 3);
      return end < 0 ? undefined : { end: end + 2 + closing.length, hits: [] };
    }
    const shortcode = parseShortcode(src, pos + 3, closing);
    if (!shortcode) return undefined;
    const wanted = context.shortcodes.get(shortcode.name);
    const hits: Found[] = [];
    for (const arg of shortcode.args) {
      if (!wanted?.has(arg.name) || !arg.literal || arg.value === "") continue;
      hits.push({ kind: "shortcode", start: arg.start, end: arg.end, destination: arg.value });
    }
    return { end: shortcode.end, hits };
  },
};

/** Tokenizes `name arg key=value …` up to `closing`, as Hugo's shortcode lexer does. */
export function parseShortcode(src: string, from: number, closing: string): Shortcode | undefined {
  let pos = skipSpace(src, from);
  if (src[pos] === "/") {
    const end = src.indexOf(closing, pos);
    return end < 0 ? undefined : { name: "", args: [], end: end + closing.length };
  }
  const name = /[\w.\-/]+/y;
  name.lastIndex = pos;
  const nameMatch = name.exec(src);
  if (!nameMatch) return undefined;
  pos = name.lastIndex;
  const args: Argument[] = [];
  let positional = 0;
  for (;;) {
    const spaced = skipSpace(src, pos);
    if (src.startsWith(closing, spaced)) {
      return { name: nameMatch[0], args, end: spaced + closing.length };
    }
    if (spaced === pos || spaced >= src.length) return undefined; // arguments are space-separated
    const first = readToken(src, spaced, closing);
    if (!first) return undefined;
    if (!first.quoted && src[first.next] === "=") {
      const value = readToken(src, first.next + 1, closing);
      if (!value) return undefined;
      args.push({ ...value, name: first.value });
      pos = value.next;
    } else {
      args.push({ ...first, name: String(positional++) });
      pos = first.next;
    }
  }
}

interface Token {
  readonly value: string;
  readonly start: number;
  readonly end: number;
  readonly literal: boolean;
  readonly quoted: boolean;
  readonly next: number;
}

function readToken(src: string, pos: number, closing: string): Token | undefined {
  const quote = src[pos];
  if (quote === '"' || quote === "'" || quote === "`") {
    let value = "";
    let literal = true;
    for (let i = pos + 1; i < src.length; i++) {
      const char = src[i] as string;
      if (char === "\n" && quote !== "`") return undefined;
      if (char === "\\" && quote === '"' && i + 1 < src.length) {
        value += src[i + 1];
        literal = false;
        i++;
      } else if (char === quote) {
        return { value, start: pos + 1, end: i, literal, quoted: true, next: i + 1 };
      } else {
        value += char;
      }
    }
    return undefined;
  }
  let end = pos;
  while (end < src.length && !/[\s=]/.test(src[end] as string) && !src.startsWith(closing, end)) {
    end++;
  }
  if (end === pos) return undefined;
  const value = src.slice(pos, end);
  return { value, start: pos, end, literal: true, quoted: false, next: end };
}

function skipSpace(src: string, pos: number): number {
  let at = pos;
  while (at < src.length && /\s/.test(src[at] as string)) at++;
  return at;
}

/** `figure`, `gallery:image` → shortcode name → parameters; a bare name means `src`. */
export function shortcodeTable(specs: readonly string[]): Map<string, Set<string>> {
  const table = new Map<string, Set<string>>();
  for (const spec of specs) {
    const colon = spec.indexOf(":");
    const [name, param] = colon < 0 ? [spec, "src"] : [spec.slice(0, colon), spec.slice(colon + 1)];
    const params = table.get(name) ?? new Set<string>();
    params.add(param);
    table.set(name, params);
  }
  return table;
}
