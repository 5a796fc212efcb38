/**
 * What the file system says about the images a run names, asked once per path. Both the
 * manifest's check (is a recorded image still there, with the same size?) and the resolve
 * (does a link name a file inside the repository?) ask about the same thousands of files:
 * one cache for the run answers the second from the first's lstat.
 */
import { lstatSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { isInside } from "../core/paths.js";

/** What the file system says about one absolute path. */
export type Lookup =
  | {
      readonly kind: "file";
      /** Symlinks resolved: the path that is read, hashed and named relative to the root. */
      readonly realPath: string;
      /** From the lookup's own lstat when it had one (Linux, no symlink in the name). */
      readonly size?: number;
    }
  | { readonly kind: "absent" }
  | { readonly kind: "outside"; readonly realPath: string };

export interface FileLookup {
  /** The repository root with its symlinks resolved (resolved on first use). */
  readonly realRoot: () => string;
  /** The answer for an absolute path, cached for the rest of the run. */
  readonly lookup: (absolutePath: string) => Lookup;
}

/**
 * A lookup for the files under `root`. Nothing outside is ever reported as a file: a path
 * whose real path (symlinks followed) leaves the real root is "outside". Synchronous on
 * purpose: a lookup answers from the kernel's cache in microseconds, and thousands of them
 * through the thread pool cost more in promises than in syscalls.
 */
export function createFileLookup(root: string): FileLookup {
  const resolvedRoot = path.resolve(root);
  // Lazy, so a run that only meets remote URLs never touches the disk.
  let realRootPath: string | undefined;
  const realRoot = (): string => {
    realRootPath ??= realpathSync.native(resolvedRoot);
    return realRootPath;
  };
  const answers = new Map<string, Lookup>();
  const realDirs = new Map<string, string | null>();
  const lookup = (absolutePath: string): Lookup => {
    let answer = answers.get(absolutePath);
    if (!answer) {
      answer = inspect(realRoot(), absolutePath, realDirs);
      answers.set(absolutePath, answer);
    }
    return answer;
  };
  return { realRoot, lookup };
}

function inspect(
  realRoot: string,
  absolutePath: string,
  realDirs: Map<string, string | null>,
): Lookup {
  const quick = process.platform === "linux" ? inDirectory(absolutePath, realDirs) : undefined;
  if (quick === "absent") return { kind: "absent" };
  let realPath: string;
  try {
    realPath = quick?.realPath ?? realpathSync.native(absolutePath);
  } catch {
    return { kind: "absent" };
  }
  if (!isInside(realRoot, realPath)) return { kind: "outside", realPath };
  if (quick)
    return quick.isFile ? { kind: "file", realPath, size: quick.size } : { kind: "absent" };
  const isFile = statSync(realPath, { throwIfNoEntry: false })?.isFile();
  return isFile ? { kind: "file", realPath } : { kind: "absent" };
}

/**
 * The real path of a regular file from its directory's real path (resolved once per
 * directory, as posts keep their images together) and one lstat, instead of a realpath that
 * walks every component of every image's path. "absent" when nothing has that name;
 * undefined when the name is a symbolic link, which the full realpath follows. Linux only:
 * on a case-insensitive disk the name as written is not the name on disk.
 */
function inDirectory(
  absolutePath: string,
  realDirs: Map<string, string | null>,
):
  | { readonly realPath: string; readonly isFile: boolean; readonly size: number }
  | "absent"
  | undefined {
  const realDirectory = realDirectoryOf(path.dirname(absolutePath), realDirs);
  if (realDirectory === null) return "absent";
  const realPath = path.join(realDirectory, path.basename(absolutePath));
  let stats: ReturnType<typeof lstatSync>;
  try {
    stats = lstatSync(realPath, { throwIfNoEntry: false });
  } catch {
    return "absent"; // ENOTDIR (the "directory" is a file), EACCES, a name too long
  }
  if (!stats) return "absent";
  if (stats.isSymbolicLink()) return undefined;
  return { realPath, isFile: stats.isFile(), size: stats.size };
}

/**
 * A directory's real path, null when there is none: its parent's (cached) joined with its
 * name when the name is a plain directory, one lstat each; a full realpath only where the
 * name is a symbolic link. Posts sit in thousands of folders under a few parents, and a
 * realpath per folder would walk every component of each again.
 */
function realDirectoryOf(directory: string, realDirs: Map<string, string | null>): string | null {
  const known = realDirs.get(directory);
  if (known !== undefined) return known;
  const parent = path.dirname(directory);
  let real: string | null;
  if (parent === directory) {
    real = directory; // the file system's root
  } else {
    const realParent = realDirectoryOf(parent, realDirs);
    real = realParent === null ? null : realChild(path.join(realParent, path.basename(directory)));
  }
  realDirs.set(directory, real);
  return real;
}

/** The real path of a name in a directory that is itself real; null unless a directory. */
function realChild(candidate: string): string | null {
  try {
    const stats = lstatSync(candidate, { throwIfNoEntry: false });
    if (!stats) return null;
    if (stats.isDirectory()) return candidate;
    if (!stats.isSymbolicLink()) return null;
    const target = realpathSync.native(candidate);
    return statSync(target).isDirectory() ? target : null;
  } catch {
    return null; // a dangling link, a loop, EACCES
  }
}
