/**
 * The repository's manifest (input `manifest-file`): one entry per offloaded local image,
 * committed with the content so that a later run knows which URL stands for which file.
 * `{"version": 1, "images": {"<repo path>": {"sha256", "bytes", "key", "url"}}}`, sorted
 * by path, one entry per line: a one-image change is a one-line diff, and two branches
 * that offload different images merge without conflict.
 *
 * Called "ledger" in the code to keep it apart from the run's own report (the `manifest`
 * output, engine/report/manifest.ts).
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { compareCodeUnits } from "../../core/compare.js";
import { InputError } from "../../core/errors.js";
import { isInside } from "../../core/paths.js";
import { writeFileAtomic } from "../atomic-write.js";

export interface LedgerEntry {
  readonly sha256: string;
  readonly bytes: number;
  readonly key: string;
  readonly url: string;
}

/** Repository path → what was offloaded for it. */
export type Ledger = ReadonlyMap<string, LedgerEntry>;

const VERSION = 1;

/** The ledger at `file` (repository-relative), empty when there is none yet. */
export async function readLedger(root: string, file: string): Promise<Map<string, LedgerEntry>> {
  let text: string;
  try {
    text = await readFile(ledgerPath(root, file), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw invalid(file, `could not be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw invalid(file, "is not valid JSON");
  }
  return parseLedger(data, file);
}

function parseLedger(data: unknown, file: string): Map<string, LedgerEntry> {
  if (!isObject(data)) throw invalid(file, "is not a JSON object");
  if (data.version !== VERSION) {
    throw invalid(
      file,
      `has version ${JSON.stringify(data.version)}, and this release reads version ${VERSION}`,
    );
  }
  if (!isObject(data.images)) throw invalid(file, 'has no "images" object');
  const entries = new Map<string, LedgerEntry>();
  for (const [imagePath, entry] of Object.entries(data.images)) {
    if (!isEntry(entry))
      throw invalid(file, `has a malformed entry for ${JSON.stringify(imagePath)}`);
    entries.set(imagePath, {
      sha256: entry.sha256,
      bytes: entry.bytes,
      key: entry.key,
      url: entry.url,
    });
  }
  return entries;
}

/** Stable text: sorted paths, one entry per line, fields in a fixed order. */
export function serializeLedger(entries: Ledger): string {
  const paths = [...entries.keys()].sort(compareCodeUnits);
  const lines = paths.map((imagePath, index) => {
    const entry = entries.get(imagePath) as LedgerEntry;
    const value = JSON.stringify({
      sha256: entry.sha256,
      bytes: entry.bytes,
      key: entry.key,
      url: entry.url,
    });
    return `    ${JSON.stringify(imagePath)}: ${value}${index < paths.length - 1 ? "," : ""}`;
  });
  const images = lines.length === 0 ? "{}" : `{\n${lines.join("\n")}\n  }`;
  return `{\n  "version": ${VERSION},\n  "images": ${images}\n}\n`;
}

/**
 * Writes the ledger atomically under `root` (creating its folder); false when unchanged.
 * `durable` as for the rewritten posts: an ephemeral runner needs the rename, not fsync.
 */
export async function writeLedger(
  root: string,
  file: string,
  entries: Ledger,
  durable = true,
): Promise<boolean> {
  const target = ledgerPath(root, file);
  const text = serializeLedger(entries);
  const before = await readFile(target, "utf8").catch(() => undefined);
  if (before === text) return false;
  await mkdir(path.dirname(target), { recursive: true });
  await writeFileAtomic(target, text, { durable });
  return true;
}

function ledgerPath(root: string, file: string): string {
  const target = path.resolve(root, file);
  if (!isInside(root, target)) {
    throw new InputError(
      "manifest-file",
      `Input manifest-file: "${file}" is outside the repository; give a path inside it, such as .md-image-offload/manifest.json.`,
    );
  }
  return target;
}

function invalid(file: string, problem: string): InputError {
  return new InputError(
    "manifest-file",
    `The manifest ${file} (input manifest-file) ${problem}; fix or delete it (the next run rebuilds it from what is in storage), or set manifest-file to another path.`,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEntry(value: unknown): value is LedgerEntry {
  return (
    isObject(value) &&
    typeof value.sha256 === "string" &&
    /^[0-9a-f]{64}$/.test(value.sha256) &&
    typeof value.bytes === "number" &&
    Number.isInteger(value.bytes) &&
    value.bytes >= 0 &&
    typeof value.key === "string" &&
    value.key !== "" &&
    typeof value.url === "string" &&
    /^https?:\/\//.test(value.url)
  );
}
