/**
 * A valid 1×1 PNG: what `check` uploads as its probe (so the public URL's Content-Type can
 * be checked as an image's) and what Cloudflare Images uploads once to learn the account's
 * delivery URL when the account holds no image yet.
 */
export const PROBE_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
