import path from "node:path";

/**
 * The one rule for "is this path inside that directory": `candidate` equals `root` or lies
 * below it, compared lexically (resolve symlinks first where that matters). `..x.md` is a
 * name inside the root, not a way out.
 */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
