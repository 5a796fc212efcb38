/** RunResults shaped like the engine's, for the report and comment tests. */
import type { ImageResult, ImageStatus, Problem, RunResult } from "../../src/engine/types.js";

export const PUBLIC_URL = "https://cdn.example.com";

export function image(
  imagePath: string,
  status: ImageStatus,
  extra: Partial<ImageResult> = {},
): ImageResult {
  const hash = [...imagePath].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) >>> 0, 7);
  const key = `images/${hash.toString(16).padStart(16, "0")}.png`;
  return {
    path: imagePath,
    absolutePath: `/repo/${imagePath}`,
    size: 48_213,
    sha256: hash.toString(16).padStart(64, "0"),
    md5: "0".repeat(32),
    contentType: "image/png",
    key,
    url: `${PUBLIC_URL}/${key}`,
    status,
    ...extra,
  };
}

export function missing(file: string, line: number, destination: string): Problem {
  return { file, line, destination, message: `not found (looked for ${destination})` };
}

export function runResult(overrides: Partial<RunResult> = {}): RunResult {
  const images = overrides.images ?? [];
  const missingList = overrides.missing ?? [];
  const files = overrides.files ?? [];
  const count = (status: ImageStatus) => images.filter((i) => i.status === status).length;
  return {
    counts: {
      uploaded: count("uploaded"),
      skipped: count("present"),
      failed: count("failed"),
      missing: missingList.length,
      rewritten: files.length,
    },
    images,
    manifest: [],
    missing: missingList,
    refused: [],
    edits: [],
    files,
    dryRun: false,
    read: { files: [], stillLinked: [] },
    left: [],
    sites: [],
    syntaxes: [],
    updated: [],
    written: overrides.files ?? [],
    durationMs: 2_345,
    ...overrides,
  };
}
