/**
 * Opening an image for reading without trusting its path twice. Resolve checked the path
 * once, but the file can be swapped (for a symlink to /etc/…, or a directory above it for a
 * link) between that check and the read. So every open is O_NOFOLLOW, and the descriptor
 * itself is asked where it leads (Linux: /proc/self/fd); elsewhere the opened file must be
 * the very inode the checked path names. Bytes are read only from a checked descriptor.
 */
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  type Stats,
  statSync,
} from "node:fs";
import { type FileHandle, open, readlink, realpath, stat } from "node:fs/promises";
import { ItemError } from "../core/errors.js";
import { isInside } from "../core/paths.js";

/** The file is no longer what the run checked: swapped, replaced, or edited meanwhile. */
export class ChangedDuringRunError extends ItemError {
  override name = "ChangedDuringRunError";
}

export function changedDuringRun(imagePath: string, how: string): ChangedDuringRunError {
  return new ChangedDuringRunError(
    `${imagePath} changed while the run was in progress (${how}); run again once the files are settled.`,
  );
}

/**
 * Opens `absolutePath` (already symlink-resolved) read-only and proves the descriptor is a
 * regular file inside `root`. The caller closes the handle.
 */
export async function openInside(
  root: string,
  absolutePath: string,
  imagePath: string,
): Promise<{ readonly handle: FileHandle; readonly stats: Stats }> {
  let handle: FileHandle;
  try {
    handle = await open(absolutePath, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as { code?: string }).code === "ELOOP")
      throw changedDuringRun(imagePath, "it is now a symbolic link");
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw changedDuringRun(imagePath, "it is no longer a regular file");
    const where = await descriptorPath(handle, absolutePath, stats);
    if (where === undefined || !isInside(await realRoot(root), where))
      throw changedDuringRun(imagePath, "it now leads outside the repository");
    return { handle, stats };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The repository root's real path, resolved once per root: every image open asks. */
const realRoots = new Map<string, Promise<string>>();
function realRoot(root: string): Promise<string> {
  let real = realRoots.get(root);
  if (!real) {
    real = realpath(root);
    realRoots.set(root, real);
  }
  return real;
}

/**
 * Where an open descriptor really is. /proc/self/fd names it on Linux (GitHub's runners);
 * without /proc, the checked path's realpath counts only if it is still the same inode.
 */
async function descriptorPath(
  handle: FileHandle,
  absolutePath: string,
  opened: Stats,
): Promise<string | undefined> {
  try {
    return await readlink(`/proc/self/fd/${handle.fd}`);
  } catch {
    const real = await realpath(absolutePath).catch(() => undefined);
    if (real === undefined) return undefined;
    const now = await stat(real).catch(() => undefined);
    return now && now.ino === opened.ino && now.dev === opened.dev ? real : undefined;
  }
}

/**
 * openInside without the thread pool, for the hot path of hashing thousands of small
 * images (each async step costs more than the syscall it wraps). Same checks, same errors;
 * the caller closes the descriptor.
 */
export function openInsideSync(
  root: string,
  absolutePath: string,
  imagePath: string,
): { readonly fd: number; readonly stats: Stats } {
  let fd: number;
  try {
    fd = openSync(absolutePath, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as { code?: string }).code === "ELOOP")
      throw changedDuringRun(imagePath, "it is now a symbolic link");
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw changedDuringRun(imagePath, "it is no longer a regular file");
    const where = descriptorPathSync(fd, absolutePath, stats);
    if (where === undefined || !isInside(realRootSync(root), where))
      throw changedDuringRun(imagePath, "it now leads outside the repository");
    return { fd, stats };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

const realRootsSync = new Map<string, string>();
function realRootSync(root: string): string {
  let real = realRootsSync.get(root);
  if (real === undefined) {
    real = realpathSync.native(root);
    realRootsSync.set(root, real);
  }
  return real;
}

function descriptorPathSync(fd: number, absolutePath: string, opened: Stats): string | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    try {
      const real = realpathSync.native(absolutePath);
      const now = statSync(real);
      return now.ino === opened.ino && now.dev === opened.dev ? real : undefined;
    } catch {
      return undefined;
    }
  }
}
