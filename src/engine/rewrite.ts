/**
 * The rewrite stage: turn verified uploads into byte-range edits, then apply them so that
 * only the destination bytes change (CRLF, BOM, trailing whitespace stay as they were).
 */
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { compareCodeUnits } from "../core/compare.js";
import { describeError, ItemError } from "../core/errors.js";
import { FILES_PER_TURN, nextTurn } from "../core/next-turn.js";
import { isInside } from "../core/paths.js";
import { writeFileAtomic } from "./atomic-write.js";
import { inOrder } from "./in-order.js";
import type { Edit, Reference, ReferenceKind, ResolvedReference } from "./types.js";

/** A rewrite that was not planned because the new text would break the reference's syntax. */
export interface SkippedEdit {
  readonly file: string;
  readonly line: number;
  /** The destination as written in the file. */
  readonly destination: string;
  readonly newText: string;
  /** One sentence for a warning annotation at file:line. */
  readonly message: string;
}

/**
 * Plans one edit per local reference whose image is verified present in storage.
 *
 * `urlFor(path)` returns the public URL only for images verified present (uploaded now or
 * found), else `undefined`: no URL, no edit, the link stays as it is.
 *
 * Edits whose new text cannot be written safely into that kind of reference (a space in a
 * bare Markdown destination, a quote in an attribute, a YAML indicator…) are not returned;
 * each is passed to `onSkip` instead, so the caller can warn at file:line. The result is
 * sorted by file, then by position, with duplicates of the same range removed.
 */
export function planEdits(
  resolved: readonly ResolvedReference[],
  urlFor: (imagePath: string) => string | undefined,
  onSkip?: (skipped: SkippedEdit) => void,
): Edit[] {
  const edits = new Map<string, Edit>();
  for (const { reference, resolution } of resolved) {
    if (resolution.status !== "local" && resolution.status !== "recorded") continue;
    const url = urlFor(resolution.path);
    if (url === undefined) continue;
    const target = url + resolution.suffix;
    const newText = replacementText(reference, target);
    // A second run finds the link already rewritten; nothing to do.
    if (newText === reference.raw) continue;
    const rangeKey = `${reference.file}\u0000${reference.start}\u0000${reference.end}`;
    if (edits.has(rangeKey)) continue;
    const unsafe = unsafeReason(reference.kind, url, reference.wrap ? target : newText);
    if (unsafe !== undefined) {
      onSkip?.({
        file: reference.file,
        line: reference.line,
        destination: reference.raw,
        newText,
        message: `The URL ${JSON.stringify(newText)} cannot be written into this ${describeKind(reference.kind)} because ${unsafe}, so the link was left as it is; use a key-template and public-url that produce plain URLs.`,
      });
      continue;
    }
    edits.set(rangeKey, {
      file: reference.file,
      start: reference.start,
      end: reference.end,
      oldText: reference.raw,
      newText,
      line: reference.line,
    });
  }
  return [...edits.values()].sort(
    (a, b) => compareCodeUnits(a.file, b.file) || a.start - b.start || a.end - b.end,
  );
}

/**
 * Why `newText` would change the meaning of (or break) the reference it replaces, or
 * `undefined` when it is safe. The parser tells us the kind but not the exact variant
 * (angle or bare destination, which quote, plain or quoted YAML), so each check is the
 * strictest of the variants. The `?query#fragment` suffix comes verbatim from the old
 * text, which was valid in this very spot, so the character checks that would reject a
 * legitimate suffix (entities such as `&amp;`, escapes) look at the generated URL only.
 */
function unsafeReason(kind: ReferenceKind, url: string, newText: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
  if (/[\u0000-\u001f\u007f]/.test(newText)) return "it contains a line break or control character";
  if (/\s/u.test(newText)) return "it contains whitespace";
  if (url.includes("\\")) return "it contains a backslash, which would be read as an escape";
  if (/&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.test(url)) {
    return "it contains an HTML entity, which would be decoded";
  }
  switch (kind) {
    case "markdown-image":
    case "markdown-link":
    case "definition":
    case "embed":
      if (/[<>]/.test(newText)) return "it contains < or >";
      if (!parenthesesBalanced(newText)) return "its parentheses are unbalanced";
      return undefined;
    case "html-src":
    case "html-srcset":
    case "html-href":
    case "docfx":
      if (/["'<>`]/.test(newText)) return "it contains a quote, < or >";
      // srcset strips trailing commas from a candidate URL.
      if (kind === "html-srcset" && newText.endsWith(",")) return "it ends with a comma";
      return undefined;
    case "shortcode":
    case "tag-argument":
      if (/["'`<>{}%]/.test(newText)) return "it contains a quote, <, >, {, } or %";
      return undefined;
    case "jsx-expression":
      if (/^"[^"<>`{}]*"$/.test(newText)) return undefined;
      return "it contains a quote, <, >, { or }";
    case "front-matter":
      if (/["']/.test(newText)) return "it contains a quote";
      if (/[[\]{},]/.test(url)) return "it contains a YAML flow character";
      if (/^[-?:,[\]{}#&*!|>%@`]/.test(newText)) return "it starts with a YAML indicator";
      if (newText.endsWith(":")) return "it ends with a colon";
      return undefined;
  }
}

/**
 * A JSX expression (`{require('./a.png').default}`) is replaced by a string attribute
 * value; an embed or asset tag by the Markdown image its reference says.
 */
function replacementText(reference: Reference, text: string): string {
  if (reference.wrap) return `${reference.wrap[0]}${text}${reference.wrap[1]}`;
  return reference.kind === "jsx-expression" ? `"${text}"` : text;
}

/** CommonMark's rule for bare destinations: unescaped parentheses must pair up. */
function parenthesesBalanced(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\\") i++;
    else if (char === "(") depth++;
    else if (char === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

function describeKind(kind: ReferenceKind): string {
  switch (kind) {
    case "markdown-image":
    case "markdown-link":
      return "Markdown link";
    case "definition":
      return "link reference definition";
    case "html-src":
    case "html-href":
      return "HTML attribute";
    case "html-srcset":
      return "srcset";
    case "jsx-expression":
      return "JSX attribute";
    case "front-matter":
      return "front matter value";
    case "embed":
      return "embed";
    case "shortcode":
      return "shortcode parameter";
    case "tag-argument":
      return "template tag";
    case "docfx":
      return "DocFX image attribute";
  }
}

/** Atomic writes in flight at once. */
const PARALLEL_WRITES = 16;

/**
 * Applies `edits` to the files under `root` and returns the files written (repo-relative,
 * sorted). Every file is read and every edit checked against the bytes it expects before
 * anything is written: if a file changed (or vanished) since it was parsed, no file is
 * written and an ItemError names it. Files whose bytes would not change are not written.
 * With `outputRoot`, the rewritten files go there (same relative paths) and `root` is only
 * read: artifact mode stages its files without touching the workspace.
 */
export async function applyEdits(
  root: string,
  edits: readonly Edit[],
  outputRoot = root,
  durable = true,
): Promise<string[]> {
  const prepared: { file: string; absolutePath: string; content: Buffer }[] = [];
  const changed: string[] = [];
  let count = 0;
  for (const [file, fileEdits] of groupByFile(edits)) {
    // Posts are small: read in one call each, with a turn of the event loop now and then.
    if (++count % FILES_PER_TURN === 0) await nextTurn();
    const original = readIfPresent(file, insideRoot(root, file));
    const absolutePath = insideRoot(outputRoot, file);
    if (original === undefined || !fileEdits.every((edit) => expectedBytesAt(original, edit))) {
      changed.push(file);
      continue;
    }
    const content = spliceEdits(file, original, fileEdits);
    if (!content.equals(original)) prepared.push({ file, absolutePath, content });
  }
  if (changed.length > 0) {
    throw new ItemError(`${listFiles(changed)} changed while the run was in progress; run again.`);
  }
  const write = async ({ file, absolutePath, content }: (typeof prepared)[number]) => {
    try {
      if (outputRoot !== root) await mkdir(path.dirname(absolutePath), { recursive: true });
      await writeFileAtomic(absolutePath, content, { durable });
    } catch (error) {
      throw new ItemError(
        `Could not write ${file} (${describeError(error)}); check that the file and its directory are writable.`,
      );
    }
  };
  // Several files at once: a durable write waits for two fsyncs, any write for a rename,
  // and one at a time thousands of rewritten posts would take seconds of idle waiting.
  for await (const _ of inOrder(prepared, PARALLEL_WRITES, write)) {
    // Drained in order, so the first failure (in file order) is the one reported.
  }
  return prepared.map(({ file }) => file);
}

function groupByFile(edits: readonly Edit[]): Map<string, Edit[]> {
  const byFile = new Map<string, Edit[]>();
  for (const edit of [...edits].sort((a, b) => compareCodeUnits(a.file, b.file))) {
    const list = byFile.get(edit.file);
    if (list) list.push(edit);
    else byFile.set(edit.file, [edit]);
  }
  return byFile;
}

function insideRoot(root: string, file: string): string {
  const absolutePath = path.resolve(root, file);
  // The root itself is no file to rewrite; `..x.md` is a file inside it, `../x.md` is not.
  if (absolutePath === path.resolve(root) || !isInside(path.resolve(root), absolutePath)) {
    throw new ItemError(`${file} is not a file inside the repository, so it was not rewritten.`);
  }
  return absolutePath;
}

function readIfPresent(file: string, absolutePath: string): Buffer | undefined {
  try {
    return readFileSync(absolutePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ItemError(
      `Could not read ${file} (${describeError(error)}); check that the file is readable.`,
    );
  }
}

function expectedBytesAt(bytes: Buffer, edit: Edit): boolean {
  const { start, end } = edit;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return false;
  if (start < 0 || end < start || end > bytes.length) return false;
  return bytes.subarray(start, end).toString("utf8") === edit.oldText;
}

/** Byte offsets refer to the original file, so the pieces are cut from it in one pass. */
function spliceEdits(file: string, original: Buffer, edits: readonly Edit[]): Buffer {
  const ordered = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const pieces: Buffer[] = [];
  let position = 0;
  let previous: Edit | undefined;
  for (const edit of ordered) {
    if (previous && sameEdit(previous, edit)) continue;
    if (previous && edit.start < previous.end) {
      throw new Error(
        `Bug: overlapping edits in ${file} at bytes ${previous.start}-${previous.end} and ${edit.start}-${edit.end}.`,
      );
    }
    pieces.push(original.subarray(position, edit.start), Buffer.from(edit.newText, "utf8"));
    position = edit.end;
    previous = edit;
  }
  pieces.push(original.subarray(position));
  return Buffer.concat(pieces);
}

function sameEdit(a: Edit, b: Edit): boolean {
  return a.start === b.start && a.end === b.end && a.newText === b.newText;
}

function listFiles(files: readonly string[]): string {
  if (files.length === 1) return files[0] ?? "";
  const shown = files.slice(0, 3);
  const rest = files.length - shown.length;
  if (rest > 0) return `${shown.join(", ")} and ${rest} more files`;
  return `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}
