/**
 * Report data from a finished run: what each syntax contributed, and which local images
 * the content still links after the rewrite.
 */
import type { Edit, ReferenceKind, ResolvedReference, SyntaxCount } from "../types.js";

/** What each syntax contributed: the figures a user checks coverage with (--json, summary). */
export function countBySyntax(
  resolved: readonly ResolvedReference[],
  edits: readonly Edit[],
): SyntaxCount[] {
  const edited = new Set(edits.map((edit) => `${edit.file}\0${edit.start}`));
  const counts = new Map<ReferenceKind, { local: number; rewritten: number; missing: number }>();
  for (const { reference, resolution } of resolved) {
    if (resolution.status !== "local" && resolution.status !== "missing") continue;
    const count = counts.get(reference.kind) ?? { local: 0, rewritten: 0, missing: 0 };
    if (resolution.status === "missing") count.missing++;
    else count.local++;
    if (edited.has(`${reference.file}\0${reference.start}`)) count.rewritten++;
    counts.set(reference.kind, count);
  }
  return [...counts].map(([kind, count]) => ({ kind, ...count }));
}

/**
 * Local images the in-scope files still link after the rewrite: every local reference
 * whose edit was not written (no verified object, a dry run, or a file left unchanged).
 */
export function stillLinked(
  resolved: readonly ResolvedReference[],
  edits: readonly Edit[],
  rewritten: readonly string[],
): string[] {
  const written = new Set(rewritten);
  const replaced = new Set(
    edits.filter((edit) => written.has(edit.file)).map((edit) => `${edit.file}\0${edit.start}`),
  );
  const linked = new Set<string>();
  for (const { reference, resolution } of resolved) {
    // A link that is a URL (a recorded one) keeps no local file alive.
    if (resolution.status !== "local" || resolution.viaUrl) continue;
    if (!replaced.has(`${reference.file}\0${reference.start}`)) linked.add(resolution.path);
  }
  return [...linked];
}
