/**
 * One content file's references and notes, as data: the same on the main thread and in a
 * parse worker (parse-worker.ts), so a run's findings never depend on where it parsed.
 */
import type { Reference } from "../types.js";
import { type FindReferencesOptions, findReferences, type ReferenceNote } from "./index.js";
import { loadMdxReader, MdxReaderNotLoaded } from "./mdx-reader.js";
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
  try {
    return { references: findReferences(file, bytes, readOptions), notes };
  } catch (error) {
    // The first MDX file with JSX: the MDX reader is loaded now, then the file is read.
    if (!(error instanceof MdxReaderNotLoaded)) throw error;
    await loadMdxReader();
    notes.length = 0;
    return { references: findReferences(file, bytes, readOptions), notes };
  }
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
