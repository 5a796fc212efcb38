/**
 * The git blob id of every tracked file whose working-tree copy git knows to be unchanged:
 * an identity of the bytes that git already computed, so a run can look up what an image
 * hashed to on an earlier run instead of reading it again (engine/digest-index.ts).
 */
import { Git } from "./git.js";

/**
 * Repository-relative path (below `root`, POSIX) → blob id, for regular files staged at
 * stage 0 that `git diff-files` does not report as modified. Empty when `root` is not in a
 * work tree or git fails: the run then hashes every image, as it would without git.
 */
export async function cleanBlobIds(root: string): Promise<Map<string, string>> {
  const git = new Git(root);
  const [staged, modified] = await Promise.all([
    git.exec(["ls-files", "--stage", "-z"]),
    git.exec(["diff-files", "--name-only", "--relative", "-z"]),
  ]).catch(() => [undefined, undefined]);
  const blobs = new Map<string, string>();
  if (staged?.exitCode !== 0 || modified?.exitCode !== 0) return blobs;
  const dirty = new Set(modified.stdout.split("\0"));
  for (const record of staged.stdout.split("\0")) {
    // "<mode> <blob id> <stage>\t<path>"; symlinks (120000) and submodules (160000) skipped.
    const tab = record.indexOf("\t");
    const [mode, blob, stage] = record.slice(0, tab).split(" ");
    const file = record.slice(tab + 1);
    if (tab < 0 || stage !== "0" || !blob || dirty.has(file)) continue;
    if (mode === "100644" || mode === "100755") blobs.set(file, blob);
  }
  return blobs;
}
