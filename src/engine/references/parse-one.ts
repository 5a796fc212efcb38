/**
 * One content file's references and notes, as data: the same on the main thread and in a
 * parse worker (parse-worker.ts), so a run's findings never depend on where it parsed.
 */
import type { Reference } from "../types.js";
import { type FindReferencesOptions, findReferences, type ReferenceNote } from "./index.js";
import { untilLoaded } from "./lazy-reader.js";
import { type RelevanceSpec, relevanceOf } from "./relevance.js";

/** What a worker is told about a file: the options as data (no callbacks). */
export type FileReadOptions = Omit<FindReferencesOptions, "onNote" | "relevance">;

export interface ParsedFile {
  readonly references: Reference[];
  readonly notes: ReferenceNote[];
}

export async function parseOne(
  file: string,
  bytes: Buffer,
  options: FindReferencesOptions,
): Promise<ParsedFile> {
  const notes: ReferenceNote[] = [];
  const readOptions = { ...options, onNote: (note: ReferenceNote) => notes.push(note) };
  // A file that needs a parser not loaded yet (the first MDX file with JSX, the first
  // nested YAML or TOML front matter) is read again once it is: the notes of the attempt
  // that stopped are dropped, so the findings are those of one complete read.
  const references = await untilLoaded(
    () => findReferences(file, bytes, readOptions),
    () => {
      notes.length = 0;
    },
  );
  return { references, notes };
}

export interface ParseJob {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly options: FileReadOptions;
}

export interface ParseRequest {
  readonly jobs: readonly ParseJob[];
  readonly relevance?: RelevanceSpec;
}

/** A worker's share of the files, parsed in order. */
export async function parseJobs(request: ParseRequest): Promise<ParsedFile[]> {
  const spec = request.relevance;
  const relevance = spec ? relevanceOf(spec.extensions, spec.hosts) : undefined;
  const parsed: ParsedFile[] = [];
  for (const job of request.jobs) {
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    parsed.push(
      await parseOne(job.file, bytes, { ...job.options, ...(relevance ? { relevance } : {}) }),
    );
  }
  return parsed;
}
