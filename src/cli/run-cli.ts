import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { renderChecklistJson, renderChecklistText } from "../check/render.js";
import { describeError, InputError } from "../core/errors.js";
import { formatBytes } from "../core/format.js";
import { systemClock } from "../core/logger.js";
import { printable, safeLines, terminalJson } from "../core/printable.js";
import { findOrphans } from "../engine/ledger/orphans.js";
import { offload } from "../offload.js";
import type { Options } from "../options/options.js";
import { parseInputs } from "../options/parse-inputs.js";
import { renderText } from "../report/summary.js";
import { openStorage } from "../storage/open-storage.js";
import { inputGetter, parseArgs, usage } from "./args.js";
import { createCliLogger } from "./logger.js";

export interface CliIo {
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly version: string;
  /** The parse worker's script (dist/parse-worker.js); absent: one thread parses. */
  readonly parseWorker?: URL;
}

type Out = ReturnType<typeof safeLines>;

/** The CLI: returns the exit code (0 done, 1 run failed, 2 bad usage or configuration). */
export async function runCli(io: CliIo): Promise<number> {
  // Every line printed passes through safeLines: names from content never start a line a
  // runner obeys or carry a control character to the terminal.
  const stdout = safeLines(io.stdout);
  const stderr = safeLines(io.stderr);
  try {
    const args = parseArgs(io.argv);
    if (args.command === "help") {
      stdout.write(`${usage()}\n`);
      return 0;
    }
    if (args.command === "version") {
      stdout.write(`${io.version}\n`);
      return 0;
    }
    const options = parseInputs(inputGetter(args, io.env), "cli");
    if (args.command === "check") return await check(options, args.json, stdout);
    if (args.command === "orphans") {
      return await orphans(
        io.cwd,
        options,
        { json: args.json, delete: args.delete === true },
        stdout,
      );
    }
    return await runJob(options, args.json, io, stdout, stderr);
  } catch (error) {
    stderr.write(`error: ${printable(describeError(error))}\n`);
    return error instanceof InputError ? 2 : 1;
  }
}

/** `md-image-offload orphans`: objects nothing names; deleted only with --delete. */
async function orphans(
  root: string,
  options: Options,
  how: { readonly json: boolean; readonly delete: boolean },
  stdout: Out,
): Promise<number> {
  const storage = openStorage(options.storage);
  try {
    // Images may leave public-url empty; links then use the account's delivery URL.
    const publicUrl =
      options.publicUrl || (await storage.defaultPublicUrl(false).catch(() => options.publicUrl));
    const found = await findOrphans(root, { ...options, publicUrl }, storage);
    if (how.delete) for (const orphan of found.orphans) await storage.delete(orphan.key);
    if (how.json) {
      const deleted = how.delete ? { deleted: found.orphans.length } : {};
      stdout.write(`${terminalJson({ orphans: found.orphans, bytes: found.bytes, ...deleted })}\n`);
    } else {
      for (const orphan of found.orphans) {
        stdout.write(`${printable(orphan.key)}  ${formatBytes(orphan.bytes)}\n`);
      }
      const verb = how.delete ? "deleted" : "not named by the manifest or any content file";
      stdout.write(`${found.orphans.length} object(s), ${formatBytes(found.bytes)}, ${verb}.\n`);
    }
    return 0;
  } finally {
    storage.close();
  }
}

/** `md-image-offload check`: the setup checklist instead of a run. */
async function check(options: Options, json: boolean, stdout: Out): Promise<number> {
  // Loaded only here: the checklist's bucket probe needs the AWS SDK, which a run does not.
  const { runSetupCheck } = await import("../check/run-check.js");
  const storage = openStorage(options.storage);
  try {
    const checklist = await runSetupCheck(options, {
      storage,
      fetch: (url, init) => fetch(url, init),
      clock: systemClock,
    });
    const rendered = json ? renderChecklistJson(checklist) : renderChecklistText(checklist);
    stdout.write(`${rendered}\n`);
    return checklist.ok ? 0 : 1;
  } finally {
    storage.close();
  }
}

/** The whole job on the current directory; the report as text or, with --json, as JSON. */
async function runJob(
  options: Options,
  json: boolean,
  io: CliIo,
  stdout: Out,
  stderr: Out,
): Promise<number> {
  const tempDir = os.tmpdir();
  const run = await offload({
    root: io.cwd,
    options,
    logger: createCliLogger(io.stderr),
    tempDir,
    ...(io.parseWorker ? { parseWorker: io.parseWorker } : {}),
  });
  const { result } = run;
  if (json) {
    io.stdout.write(
      `${terminalJson({
        counts: result.counts,
        files: result.files,
        dryRun: result.dryRun,
        images: result.manifest,
        missing: result.missing,
        refused: result.refused,
        sites: result.sites,
        syntaxes: result.syntaxes,
        left: result.left,
      })}\n`,
    );
    // The JSON is the run's record; its file, whose path nobody is told, would outlive it.
    await removeRunManifest(run.manifestPath, tempDir);
  } else {
    stdout.write(`${renderText(result)}\nManifest: ${run.manifestPath}\n`);
  }
  if (!run.failure) return 0;
  stderr.write(`error: ${printable(run.failure)}\n`);
  return 1;
}

/** The run manifest's own directory (a mkdtemp directory directly in `tempDir`), removed. */
async function removeRunManifest(manifestPath: string, tempDir: string): Promise<void> {
  const directory = path.dirname(manifestPath);
  if (path.dirname(directory) !== path.resolve(tempDir)) return;
  if (!path.basename(directory).startsWith("md-image-offload-")) return;
  await rm(directory, { recursive: true, force: true });
}
