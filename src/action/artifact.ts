/**
 * `mode: artifact`: the rewritten content files, paths kept, go into one workflow artifact
 * (@actions/artifact), and the workspace is then put back exactly as it was: each edit the
 * engine applied is undone byte for byte and the file written atomically. A later job
 * downloads the artifact; this job's later steps see the original files.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { DefaultArtifactClient } from "@actions/artifact";
import { writeFileAtomic } from "../engine/atomic-write.js";
import { OffloadError } from "../engine/errors.js";
import type { Logger } from "../engine/logger.js";
import type { Edit } from "../engine/types.js";

export const DEFAULT_ARTIFACT_NAME = "md-image-offload";

export interface ArtifactOutcome {
  readonly name: string;
  /** Undefined when nothing was uploaded. */
  readonly id?: number;
  readonly files: readonly string[];
  readonly reason?: string;
}

/** Uploads `files` (relative to `root`) as one artifact; returns its id. */
export type UploadArtifact = (
  name: string,
  files: readonly string[],
  root: string,
) => Promise<number>;

export const uploadWithActionsArtifact: UploadArtifact = async (name, files, root) => {
  const response = await new DefaultArtifactClient().uploadArtifact(
    name,
    files.map((file) => path.join(root, file)),
    root,
  );
  if (response.id === undefined) throw new OffloadError(`The artifact ${name} got no id.`);
  return response.id;
};

export interface ArtifactModeInput {
  readonly root: string;
  /** Content files the engine rewrote, and the edits it applied to them. */
  readonly files: readonly string[];
  readonly edits: readonly Edit[];
  readonly dryRun: boolean;
  readonly name?: string;
  readonly upload?: UploadArtifact;
  readonly logger: Logger;
}

export async function runArtifactMode(input: ArtifactModeInput): Promise<ArtifactOutcome> {
  const name = input.name ?? DEFAULT_ARTIFACT_NAME;
  const files = input.files;
  if (input.dryRun) return { name, files, reason: "dry run: nothing was written" };
  if (files.length === 0) return { name, files, reason: "no content file was rewritten" };
  const upload = input.upload ?? uploadWithActionsArtifact;
  try {
    const id = await upload(name, files, input.root);
    input.logger.info(`Uploaded artifact ${name} (id ${id}) with ${files.length} file(s).`);
    return { name, id, files };
  } finally {
    // Also after a failed upload: the workspace must not keep half the job's effect.
    await restoreOriginals(input.root, input.edits);
    input.logger.info(`Restored ${files.length} content file(s) to their original bytes.`);
  }
}

/**
 * Undoes `edits` (as the engine applied them: offsets into the original bytes) in the
 * files under `root`. Each rewritten range must still hold its new text; anything else
 * means the file changed since, and it is left alone with an error rather than guessed at.
 */
export async function restoreOriginals(root: string, edits: readonly Edit[]): Promise<void> {
  const byFile = new Map<string, Edit[]>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  for (const [file, fileEdits] of byFile) {
    const current = await readFile(path.join(root, file));
    await writeFileAtomic(path.join(root, file), undoEdits(file, current, fileEdits));
  }
}

/** The original bytes of one file, from its rewritten bytes and the edits applied. */
export function undoEdits(file: string, current: Buffer, edits: readonly Edit[]): Buffer {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const parts: Buffer[] = [];
  let shift = 0; // bytes the earlier edits added (or removed)
  let cursor = 0; // position in `current`
  for (const edit of sorted) {
    const oldBytes = Buffer.from(edit.oldText, "utf8");
    const newBytes = Buffer.from(edit.newText, "utf8");
    const at = edit.start + shift;
    if (!current.subarray(at, at + newBytes.length).equals(newBytes)) {
      throw new OffloadError(
        `${file} changed after it was rewritten (line ${edit.line}), so it was not restored; check it out again.`,
      );
    }
    parts.push(current.subarray(cursor, at), oldBytes);
    cursor = at + newBytes.length;
    shift += newBytes.length - (edit.end - edit.start);
  }
  parts.push(current.subarray(cursor));
  return Buffer.concat(parts);
}
