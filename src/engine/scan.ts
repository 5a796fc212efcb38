import { realpath } from "node:fs/promises";
import path from "node:path";
import { glob } from "tinyglobby";
import { compareCodeUnits } from "../core/compare.js";
import { InputError } from "../core/errors.js";
import { isInside } from "../core/paths.js";

/** Never content, at any depth: dependencies and git internals. */
const ALWAYS_EXCLUDED = ["**/node_modules/**", "**/.git/**"];

/**
 * The content files under `root` matching `patterns` (`!pattern` excludes), as sorted
 * repository-relative POSIX paths.
 *
 * Symbolic links are not followed and symlinked files are not listed: a link to a
 * directory outside the repository must not pull foreign files in, links inside it would
 * list the same file twice, and the atomic rewrite (temp file + rename) would replace the
 * link instead of editing its target. The target itself is listed when it is in the
 * repository and matches.
 */
export async function scanContent(root: string, patterns: readonly string[]): Promise<string[]> {
  const lines = patterns.map((pattern) => pattern.trim()).filter((pattern) => pattern !== "");
  const include = lines.filter((pattern) => !pattern.startsWith("!"));
  const exclude = lines
    .filter((pattern) => pattern.startsWith("!"))
    .map((pattern) => pattern.slice(1));
  if (include.length === 0) {
    throw new InputError(
      "content",
      "content has no include pattern; list globs of content files such as **/*.md (lines starting with ! only exclude).",
    );
  }
  const found = await glob(include, {
    cwd: root,
    ignore: [...ALWAYS_EXCLUDED, ...exclude],
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    expandDirectories: false,
  });
  // Patterns such as `../other/*.md` or absolute ones can reach outside the repository.
  const realRoot = await realpath(root);
  const inside = found
    .map((file) => file.split(path.sep).join("/"))
    .filter((file) => !file.startsWith("../") && !path.isAbsolute(file))
    .filter((file) => file !== "" && isInside(realRoot, path.resolve(realRoot, file)));
  return [...new Set(inside)].sort(compareCodeUnits);
}
