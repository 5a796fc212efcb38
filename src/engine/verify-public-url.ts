import { createHash } from "node:crypto";
import { OffloadError } from "./errors.js";
import type { ImageResult } from "./types.js";

export type Fetch = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

/**
 * Fetches one object through `public-url` and compares its bytes with the local file's
 * sha256, so that a bucket which is not publicly readable (or a public-url missing the
 * bucket's path) fails the run before any Markdown points at a URL that answers 403/404.
 */
export async function verifyPublicUrl(
  image: ImageResult,
  fetchUrl: Fetch,
  timeoutMs = 15_000,
): Promise<void> {
  const fix =
    "check that public-url is the base URL the bucket is served from and that the bucket (or its custom domain) allows public reads, or set verify-public-url: false for a private bucket";
  let response: Response;
  try {
    response = await fetchUrl(image.url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OffloadError(`Input public-url: fetching ${image.url} failed (${reason}); ${fix}.`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new OffloadError(
      `Input public-url: ${image.url} answered HTTP ${response.status} instead of the uploaded ${image.path}; ${fix}.`,
    );
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (sha256 !== image.sha256) {
    throw new OffloadError(
      `Input public-url: ${image.url} serves ${bytes.length} bytes that differ from ${image.path}; ${fix}.`,
    );
  }
}
