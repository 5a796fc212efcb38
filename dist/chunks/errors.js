/**
 * Typed errors. Every message is one sentence that names what to fix; adapters print
 * `message` as it is and never a stack trace for these.
 */
class OffloadError extends Error {
    name = "OffloadError";
}
/** A bad input value: `input` is the kebab-case input name users write in their workflow. */
class InputError extends OffloadError {
    input;
    name = "InputError";
    constructor(input, message) {
        super(message);
        this.input = input;
    }
}
/** Storage refused or failed in a way that retrying will not fix (credentials, bucket, endpoint). */
class StorageError extends OffloadError {
    code;
    status;
    name = "StorageError";
    constructor(message, code, status) {
        super(message);
        this.code = code;
        this.status = status;
    }
}
/** Something about a single image or content file that fails it, not the whole run. */
class ItemError extends OffloadError {
    name = "ItemError";
}
/** One sentence for anything thrown, including non-Error values. */
function describeError(error) {
    if (error instanceof Error)
        return error.message || error.name;
    if (typeof error === "string")
        return error;
    try {
        return `Unexpected error: ${JSON.stringify(error)}`;
    }
    catch {
        return `Unexpected error: ${String(error)}`;
    }
}
/**
 * A file-system error without the path Node puts in its message (`EACCES: permission
 * denied, open '/home/runner/work/…'`): the caller names the file repository-relative,
 * and a runner's absolute paths stay out of public reports.
 */
function describeFileError(error) {
    return describeError(error).replace(/,\s*\w+ '[^']*'(?: -> '[^']*')?$/, "");
}

export { ItemError as I, OffloadError as O, StorageError as S, InputError as a, describeFileError as b, describeError as d };
