/**
 * `mode: artifact`: the rewritten content files, paths kept, go into one workflow artifact
 * (@actions/artifact). The engine wrote them into a staging directory, never into the
 * workspace, so this job's later steps see the files as checked out; a later job downloads
 * the artifact.
 */
import path from "node:path";
import { OffloadError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";

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
  // Loaded only in artifact mode: the client and its dependencies are half of the bundle,
  // which every other run would otherwise parse before doing anything.
  const { DefaultArtifactClient } = await import("@actions/artifact");
  const response = await new DefaultArtifactClient().uploadArtifact(
    name,
    files.map((file) => path.join(root, file)),
    root,
  );
  if (response.id === undefined) throw new OffloadError(`The artifact ${name} got no id.`);
  return response.id;
};

export interface ArtifactModeInput {
  /** The staging directory the engine wrote the rewritten files to. */
  readonly root: string;
  /** Content files the engine rewrote, relative to `root`. */
  readonly files: readonly string[];
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
  const id = await upload(name, files, input.root);
  input.logger.info(`Uploaded artifact ${name} (id ${id}) with ${files.length} file(s).`);
  return { name, id, files };
}
