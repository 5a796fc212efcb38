/**
 * The bytes an upload sends, taken through a descriptor proven to be inside the repository
 * (open-inside.ts), and proven to be the bytes that were hashed: a file swapped for a
 * symlink or edited since the plan is refused with "changed while the run was in
 * progress", never uploaded under a key that names other content.
 */
import { createHash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { Readable } from "node:stream";
import { describeFileError, ItemError } from "../core/errors.js";
import { digestHandle } from "./file-digest.js";
import { ChangedDuringRunError, changedDuringRun, openInside } from "./open-inside.js";
import type { PlannedImage } from "./types.js";

/**
 * Files up to this size are read once into memory and sent from there on every attempt:
 * `concurrency` of them at most are held at once. Larger ones stream from the open handle.
 */
const BUFFERED_LIMIT = 8 * 1024 * 1024;

export interface UploadBody {
  /** A fresh stream of the checked bytes, for each attempt. */
  readonly open: () => Readable;
  /** Releases the descriptor (large files); call once the upload is settled. */
  readonly close: () => Promise<void>;
}

export async function openUploadBody(root: string, image: PlannedImage): Promise<UploadBody> {
  const { handle, stats } = await openInside(root, image.absolutePath, image.path).catch(
    (error: unknown) => Promise.reject(unreadable(image, error)),
  );
  let keepOpen = false;
  try {
    if (stats.size !== image.size)
      throw changedDuringRun(image.path, `${image.size} bytes when hashed, ${stats.size} now`);
    if (stats.size <= BUFFERED_LIMIT) {
      const bytes = await handle.readFile();
      if (createHash("sha256").update(bytes).digest("hex") !== image.sha256)
        throw changedDuringRun(image.path, "its bytes differ from when it was hashed");
      return heldBody(bytes);
    }
    await checkLargeFile(handle, image);
    keepOpen = true;
    return {
      open: () => handle.createReadStream({ start: 0, autoClose: false }),
      close: () => handle.close(),
    };
  } finally {
    if (!keepOpen) await handle.close();
  }
}

/** A body from bytes in memory: a fresh stream of them for each attempt. */
export function heldBody(bytes: Buffer): UploadBody {
  return { open: () => Readable.from([bytes], { objectMode: false }), close: async () => {} };
}

/** Why the file could not be opened for its upload, naming it repository-relative. */
function unreadable(image: PlannedImage, error: unknown): Error {
  if (error instanceof ChangedDuringRunError) return error;
  if ((error as { code?: string }).code === "ENOENT")
    return changedDuringRun(image.path, "it was deleted");
  return new ItemError(
    `Could not read the file ${image.path} to upload it (${describeFileError(error)}).`,
  );
}

async function checkLargeFile(handle: FileHandle, image: PlannedImage): Promise<void> {
  const digest = await digestHandle(handle, image.size);
  if (digest.sha256 !== image.sha256)
    throw changedDuringRun(image.path, "its bytes differ from when it was hashed");
}
