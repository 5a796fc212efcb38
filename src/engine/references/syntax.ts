/**
 * A generator's own syntax for naming an image (an Obsidian embed, a Hugo shortcode, a
 * Hexo tag, a DocFX `:::image:::`), behind one interface. The Markdown parser offers each
 * syntax the positions where rendered text is read (never code spans, code blocks or
 * HTML comments: markdown-it's own rules consume those first), at the characters the
 * syntax can start with; the syntax says how long the construct is and which
 * destinations it holds, each with its exact range, how it is looked up and what
 * replaces it.
 */
import type { Found } from "./found.js";

/** What a syntax found at one position. */
export interface SyntaxMatch {
  /** Offset just past the construct: the parser skips it as one piece of text. */
  readonly end: number;
  readonly hits: readonly Found[];
  /** Images it names that are left to another pipeline, with the reason (for the report). */
  readonly left?: readonly { readonly reason: string; readonly destination: string }[];
}

/** What a syntax may need to know about the file it reads. */
export interface SyntaxContext {
  /** Repository-relative path of the content file. */
  readonly file: string;
  /** Hugo shortcodes and the parameters that hold an image (`figure` → `src`). */
  readonly shortcodes: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface InlineSyntax {
  readonly name: string;
  /** The characters a construct can start with; the parser asks only there. */
  readonly starts: string;
  /**
   * Expanded by the generator before the Markdown is rendered (shortcodes, template tags),
   * so it also counts inside HTML blocks; embeds and extensions are Markdown syntax.
   */
  readonly template: boolean;
  /** The construct starting at `src[pos]`, or undefined. Must not look before `pos`. */
  match(src: string, pos: number, context: SyntaxContext): SyntaxMatch | undefined;
}

/**
 * Every construct of `syntaxes` in a piece of text that is not Markdown (an HTML block, an
 * attribute value), in order, skipping HTML comments.
 */
export function scanSyntaxes(
  text: string,
  syntaxes: readonly InlineSyntax[],
  context: SyntaxContext,
): SyntaxMatch[] {
  const matches: SyntaxMatch[] = [];
  if (syntaxes.length === 0) return matches;
  for (let pos = 0; pos < text.length; pos++) {
    if (text.startsWith("<!--", pos)) {
      const close = text.indexOf("-->", pos + 4);
      if (close < 0) break;
      pos = close + 2;
      continue;
    }
    const char = text[pos] ?? "";
    for (const syntax of syntaxes) {
      if (!syntax.starts.includes(char)) continue;
      const match = syntax.match(text, pos, context);
      if (!match) continue;
      matches.push(match);
      pos = match.end - 1;
      break;
    }
  }
  return matches;
}

/** Markdown image alt text: brackets and backslashes escaped so the label stays one label. */
export function markdownAlt(text: string): string {
  return text.replace(/[\\[\]]/g, (char) => `\\${char}`).replace(/[\r\n]+/g, " ");
}

/** The file name without folders and extension: `media/Pasted image 1.png` → `Pasted image 1`. */
export function stem(filePath: string): string {
  const name = filePath.slice(filePath.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}
