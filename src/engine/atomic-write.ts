import { randomBytes } from "node:crypto";
import {
  closeSync,
  fchmodSync,
  lstatSync,
  openSync,
  realpathSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { type FileHandle, open, realpath, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";

/**
 * Replaces `target` with `data` so that a reader (or a crash) sees either the old or the
 * new content, never half a file: write a temp file in the same directory (rename is only
 * atomic within one file system), fsync it (unless `durable` is false), then rename it
 * over the target.
 *
 * An existing file keeps its permission bits; a new file gets the usual 0o666 minus umask.
 * A symlink is written through, so the link stays a link. The temp file never outlives a
 * failure.
 */
export async function writeFileAtomic(
  target: string,
  data: Uint8Array | string,
  { durable = true }: { readonly durable?: boolean } = {},
): Promise<void> {
  // No fsync wanted: the temp file is written with direct calls (writeFileAtomicFast).
  if (!durable) return writeFileAtomicFast(target, data);
  const destination = await realpathOrSelf(target);
  const existingMode = await modeOf(destination);
  const directory = path.dirname(destination);
  const temp = path.join(directory, tempName(path.basename(destination)));
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, "wx", existingMode ?? 0o666);
    await handle.writeFile(data);
    // open() applies the umask; chmod restores the original bits exactly (e.g. 0o755, 0o600).
    if (existingMode !== undefined) await handle.chmod(existingMode);
    // Durable: the bytes reach the disk before the rename, so a machine crash leaves the
    // old file or the whole new one. The rename alone already protects against a process
    // crash, which is all an ephemeral runner can survive.
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, destination);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
}

/**
 * writeFileAtomic without the fsyncs (`durable: false`, an ephemeral runner). The temp file
 * is written with synchronous calls, each a few microseconds, where a trip through the
 * thread pool costs more than the call; the rename, a journal write that may take a
 * fraction of a millisecond, goes through the pool so that several overlap. Same temp
 * file, same permission bits, same symlink rule.
 */
export async function writeFileAtomicFast(
  target: string,
  data: Uint8Array | string,
): Promise<void> {
  const { destination, existingMode } = destinationOf(target);
  const temp = path.join(path.dirname(destination), tempName(path.basename(destination)));
  let fd: number | undefined;
  try {
    fd = openSync(temp, "wx", existingMode ?? 0o666);
    writeFileSync(fd, data);
    if (existingMode !== undefined) fchmodSync(fd, existingMode);
    closeSync(fd);
    fd = undefined;
    await rename(temp, destination);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Where the bytes go and the mode they keep, from one lstat in the common case: a file
 * that is no symlink is its own destination (a symlinked directory above it is followed
 * by the temp file and the rename alike). Only a symlink needs its realpath.
 */
function destinationOf(target: string): { destination: string; existingMode?: number } {
  const own = lstatSync(target, { throwIfNoEntry: false });
  if (!own) return { destination: target };
  if (!own.isSymbolicLink()) return { destination: target, existingMode: own.mode & 0o7777 };
  let destination: string;
  try {
    destination = realpathSync.native(target);
  } catch (error) {
    // A dangling link is replaced by the file, as the durable path does.
    if (isNotFound(error)) return { destination: target };
    throw error;
  }
  const mode = statSync(destination, { throwIfNoEntry: false })?.mode;
  return mode === undefined ? { destination } : { destination, existingMode: mode & 0o7777 };
}

/** Random once per process: a run writes hundreds of temp files, and each random draw costs. */
let tempTag: string | undefined;
let tempCount = 0;

/**
 * `.<name>.<random><count>.tmp`: hidden, recognisable, short enough for a 255-byte name
 * limit, and unique (the random part is the process's, the count the file's; the temp file
 * is created with O_EXCL, so even a clash fails rather than writes over another file).
 */
function tempName(name: string): string {
  tempTag ??= randomBytes(6).toString("hex");
  tempCount++;
  return `.${name.slice(0, 200)}.${tempTag}${tempCount.toString(36)}.tmp`;
}

async function realpathOrSelf(target: string): Promise<string> {
  try {
    return await realpath(target);
  } catch (error) {
    if (isNotFound(error)) return target;
    throw error;
  }
}

async function modeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mode & 0o7777;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Makes the rename itself durable; not possible on every platform, so best effort. */
async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, "r");
    await handle.sync();
  } catch {
    // Windows cannot open directories; the rename has happened either way.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}
