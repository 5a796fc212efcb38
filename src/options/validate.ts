/**
 * Checks on input values that would otherwise fail late, far from their cause, or do harm:
 * a key that climbs out of the prefix, a header value that splits a request, a URL that
 * carries a password into every log line. Each throws InputError naming the input.
 */
import { InputError } from "../core/errors.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * An object key, or a part of one (`prefix`, the literal text of `key-template`): no `.`
 * or `..` segment, no leading `/`, no `//`, no backslash, no control character. Storage
 * servers and CDNs normalise such keys differently; s3rver stored `../x.png` outside the
 * bucket.
 */
export function checkKeyText(input: string, text: string, shown = text): void {
  const problem = CONTROL.test(text)
    ? "a control character"
    : text.includes("\\")
      ? "a backslash"
      : text.startsWith("/")
        ? "a leading /"
        : text.includes("//")
          ? "an empty segment (//)"
          : text.split("/").some((segment) => segment === "." || segment === "..")
            ? "a . or .. segment"
            : undefined;
  if (problem) {
    throw new InputError(
      input,
      `Input ${input}: "${JSON.stringify(shown).slice(1, -1)}" has ${problem}; object keys must be plain segments separated by single slashes, such as images/.`,
    );
  }
}

/** A value sent as an HTTP header (`cache-control`, `acl`): one line of visible text. */
export function checkHeaderValue(input: string, text: string): void {
  if (CONTROL.test(text)) {
    throw new InputError(
      input,
      `Input ${input} contains a line break or another control character, which would break every upload request; write it on one line.`,
    );
  }
}

/** A signing region: letters, digits and dashes (`us-east-1`, `auto`, `oss-cn-hangzhou`). */
export function checkRegion(text: string): void {
  if (!/^[A-Za-z0-9-]+$/.test(text)) {
    throw new InputError(
      "region",
      `Input region: "${JSON.stringify(text).slice(1, -1)}" is not a region name; use letters, digits and dashes only, such as auto or us-east-1.`,
    );
  }
}

/**
 * `endpoint` and `public-url`: no user name or password in the URL (it would be printed
 * and written everywhere the URL is), and for `public-url` no query or fragment (keys are
 * appended to it, so `?x=1` would end up in the middle of every link).
 */
export function checkServiceUrl(input: string, url: URL): void {
  if (url.username || url.password) {
    throw new InputError(
      input,
      `Input ${input} contains a user name or password (${redactUrl(url.href)}); remove it from the URL${input === "endpoint" ? " and pass the keys as access-key-id and secret-access-key" : ""}.`,
    );
  }
  if (url.search || url.hash) {
    throw new InputError(
      input,
      `Input ${input}: "${redactUrl(url.href)}" has a ${url.search ? "?query" : "#fragment"}; give the base URL only, such as https://assets.example.com/images.`,
    );
  }
}

/** An endpoint whose path ends in the bucket: the SDK would add the bucket a second time. */
export function checkEndpointPath(endpoint: URL, bucket: string): void {
  const segments = endpoint.pathname.split("/").filter(Boolean);
  if (segments.at(-1) === bucket) {
    throw new InputError(
      "endpoint",
      `Input endpoint ends in the bucket name (${redactUrl(endpoint.href)}); give the server's URL without /${bucket}, since the bucket input adds it.`,
    );
  }
}

/** A `content` glob must stay inside the repository: not absolute, no `..` segment. */
export function checkContentGlob(glob: string): void {
  const pattern = glob.startsWith("!") ? glob.slice(1) : glob;
  const climbs = pattern.split(/[\\/]/).includes("..");
  if (pattern.startsWith("/") || /^[A-Za-z]:[\\/]/.test(pattern) || climbs) {
    throw new InputError(
      "content",
      `Input content: "${glob}" points outside the repository; write globs relative to the repository root, such as content/**/*.md.`,
    );
  }
}

/** A URL for a message: user name, password and query (signatures, tokens) replaced. */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    if (!url.username && !url.password && !url.search) return text;
    if (url.username) url.username = "***";
    if (url.password) url.password = "***";
    if (url.search) url.search = "?***";
    return url.href;
  } catch {
    return text.replace(/\/\/[^/@\s]*@/, "//***@").replace(/\?\S*/, "?***");
  }
}
