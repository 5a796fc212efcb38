/**
 * Typed errors. Every message is one sentence that names what to fix; adapters print
 * `message` as it is and never a stack trace for these.
 */
export class OffloadError extends Error {
  override name = "OffloadError";
}

/** A bad input value: `input` is the kebab-case input name users write in their workflow. */
export class InputError extends OffloadError {
  override name = "InputError";
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
}

/** Storage refused or failed in a way that retrying will not fix (credentials, bucket, endpoint). */
export class StorageError extends OffloadError {
  override name = "StorageError";
  constructor(
    message: string,
    readonly code?: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Something about a single image or content file that fails it, not the whole run. */
export class ItemError extends OffloadError {
  override name = "ItemError";
}

/** One sentence for anything thrown, including non-Error values. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === "string") return error;
  try {
    return `Unexpected error: ${JSON.stringify(error)}`;
  } catch {
    return `Unexpected error: ${String(error)}`;
  }
}

/**
 * A file-system error without the path Node puts in its message (`EACCES: permission
 * denied, open '/home/runner/work/…'`): the caller names the file repository-relative,
 * and a runner's absolute paths stay out of public reports.
 */
export function describeFileError(error: unknown): string {
  return describeError(error).replace(/,\s*\w+ '[^']*'(?: -> '[^']*')?$/, "");
}
