#!/usr/bin/env node
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { a as renderChecklistJson, b as renderChecklistText } from './chunks/render.js';
import { a as InputError, d as describeError } from './chunks/errors.js';
import { f as formatBytes, a as renderText } from './chunks/summary.js';
import { r as readLedger, s as scanContent, c as collectReferences, D as DIGEST_INDEX_KEY, I as INPUTS, w as withEnvFallbacks, e as envName, p as parseInputs, o as openStorage, a as systemClock, b as offload } from './chunks/env-fallbacks.js';
import { s as safeLogLine, p as printable, a as safeLines, t as terminalJson } from './chunks/printable.js';
import 'node:http';
import 'node:https';
import 'node:util';
import 'node:zlib';
import 'node:crypto';
import 'node:fs';
import 'node:worker_threads';
import './chunks/parse-one.js';
import './chunks/key-paths.js';
import './chunks/srcset.js';
import 'fs';
import 'path';
import 'url';
import 'module';
import './chunks/_commonjsHelpers.js';
import './chunks/providers.js';
import 'node:stream';
import './chunks/s3-transport.js';
import 'node:child_process';
import './chunks/s3-errors.js';
import 'node:net';

async function findOrphans(root, options, storage) {
    const entries = options.manifestFile ? await readLedger(root, options.manifestFile) : new Map();
    const named = new Set();
    const bases = new Set([options.publicUrl]);
    const tailOf = (key) => storage.delivery.url("", key);
    for (const entry of entries.values()) {
        named.add(entry.key);
        const tail = tailOf(entry.key);
        if (entry.url.endsWith(tail))
            bases.add(entry.url.slice(0, -tail.length));
    }
    const files = await scanContent(root, options.content);
    const linked = new Set();
    for (const { destination } of (await collectReferences(root, files, options)).references) {
        const url = destination.trim();
        linked.add(url.split(/[?#]/, 1)[0] ?? "");
        const key = keyIn(url, bases);
        if (key !== undefined)
            named.add(key);
    }
    // URLs with more than the key after the base (Images' `/<variant>`) name it too.
    const isLinked = (key) => [...bases].some((base) => linked.has(storage.delivery.url(base, key)));
    const objects = await storage.list(options.prefix);
    // An empty prefix lists the whole bucket: the digest index is the tool's own, not an image.
    named.add(DIGEST_INDEX_KEY);
    const orphans = objects
        .filter((object) => !named.has(object.key) && !isLinked(object.key))
        .map((object) => ({ key: object.key, bytes: object.size ?? 0 }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { orphans, bytes: orphans.reduce((sum, orphan) => sum + orphan.bytes, 0) };
}
/** The object key a URL names under one of `bases`, or undefined. */
function keyIn(destination, bases) {
    const url = destination.split(/[?#]/, 1)[0] ?? "";
    for (const base of bases) {
        if (!url.startsWith(`${base}/`))
            continue;
        try {
            return decodeURIComponent(url.slice(base.length + 1));
        }
        catch {
            return url.slice(base.length + 1);
        }
    }
    return undefined;
}

/** Inputs whose value is true/false: `--dry-run` alone means true, `--no-comment` false. */
const BOOLEAN_INPUTS = new Set(INPUTS.filter((input) => input.type === "boolean").map((input) => input.name));
const INPUT_NAMES = new Set(INPUTS.map((input) => input.name));
/** Bad usage: the CLI exits 2 with this sentence. */
class UsageError extends InputError {
    name = "UsageError";
}
function parseArgs(argv) {
    const inputs = new Map();
    let command = "run";
    let json = false;
    let remove = false;
    for (let index = 0; index < argv.length; index++) {
        const arg = argv[index] ?? "";
        if (arg === "--help" || arg === "-h")
            return { command: "help", json, inputs };
        if (arg === "--version" || arg === "-v")
            return { command: "version", json, inputs };
        if (arg === "--json") {
            json = true;
            continue;
        }
        if (arg === "--delete" && command === "orphans") {
            remove = true;
            continue;
        }
        if (!arg.startsWith("--")) {
            if ((arg === "check" || arg === "orphans") && index === 0) {
                command = arg;
                continue;
            }
            throw new UsageError("args", `Unexpected argument "${arg}"; run md-image-offload --help for usage.`);
        }
        const [flag = "", inline] = splitFlag(arg.slice(2));
        if (flag.startsWith("no-") && BOOLEAN_INPUTS.has(flag.slice(3)) && inline === undefined) {
            inputs.set(flag.slice(3), "false");
            continue;
        }
        if (!INPUT_NAMES.has(flag)) {
            throw new UsageError(flag, `Unknown option --${flag}; run md-image-offload --help for the list of options.`);
        }
        if (inline !== undefined) {
            inputs.set(flag, inline);
        }
        else if (BOOLEAN_INPUTS.has(flag)) {
            inputs.set(flag, "true");
        }
        else {
            const value = argv[index + 1];
            if (value === undefined || value.startsWith("--")) {
                throw new UsageError(flag, `Option --${flag} needs a value, e.g. --${flag}=VALUE.`);
            }
            inputs.set(flag, value);
            index++;
        }
    }
    return { command, json, inputs, ...(remove ? { delete: true } : {}) };
}
function splitFlag(text) {
    const equals = text.indexOf("=");
    return equals < 0 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}
/** Flags win over MD_IMAGE_OFFLOAD_* environment variables, which win over defaults. */
function inputGetter(args, env) {
    return withEnvFallbacks((name) => args.inputs.get(name) ?? env[envName(name)], env);
}
function usage() {
    const options = INPUTS.map((input) => {
        const value = BOOLEAN_INPUTS.has(input.name) ? "" : "=VALUE";
        const fallback = input.cliDefault ?? input.default;
        const shown = fallback && !fallback.includes("${{") ? ` (default: ${fallback.replaceAll("\n", " ")})` : "";
        const choices = input.choices ? ` One of: ${input.choices.join(", ")}.` : "";
        return `  --${input.name}${value}\n      ${input.description}${choices}${shown}`;
    });
    return [
        "Usage: md-image-offload [options]",
        "       md-image-offload check [options]",
        "       md-image-offload orphans [--delete] [options]",
        "",
        "Uploads the local images your Markdown references to S3-compatible storage and",
        "rewrites the links in place (current directory). Every option can also be set as",
        "an environment variable, e.g. --public-url as MD_IMAGE_OFFLOAD_PUBLIC_URL.",
        "",
        "check runs a setup checklist with the same options instead (credentials, bucket,",
        "a probe object put, read back and deleted under the prefix, public-url, clock offset,",
        "CORS, provider preset): exit 0 when every line is ✓, 1 otherwise.",
        "",
        "orphans lists the objects under the prefix that no entry of manifest-file and no",
        "content file names (a URL under an older public-url still names its object), with",
        "their sizes; --delete deletes them after the same check.",
        "",
        "  --json       print the manifest (or the checklist) as JSON on stdout",
        "  --help       show this help",
        "  --version    print the version",
        "",
        ...options,
        "",
        "Exit codes: 0 done, 1 the run failed, 2 bad usage or configuration.",
    ].join("\n");
}

/**
 * Human output on stderr, so that stdout stays clean for --json. Each message is one line:
 * names from content have their control characters shown as escapes (`\n`, `\x1b`), so a
 * file name cannot start a new line that a runner would obey or a terminal would execute.
 */
function createCliLogger(stream, verbose = false) {
    const write = (line) => stream.write(`${safeLogLine(line)}\n`);
    return {
        info: (message) => write(message),
        warning: (message, location) => write(`warning: ${where(location)}${message}`),
        error: (message, location) => write(`error: ${where(location)}${message}`),
        debug: (message) => {
            if (verbose)
                write(message);
        },
        group: async (name, fn) => {
            write(`== ${name}`);
            return fn();
        },
    };
}
function where(location) {
    if (!location)
        return "";
    return `${location.file}${location.line ? `:${location.line}` : ""}: `;
}

/** The CLI: returns the exit code (0 done, 1 run failed, 2 bad usage or configuration). */
async function runCli(io) {
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
        if (args.command === "check")
            return await check(options, args.json, stdout);
        if (args.command === "orphans") {
            return await orphans(io.cwd, options, { json: args.json, delete: args.delete === true }, stdout);
        }
        return await runJob(options, args.json, io, stdout, stderr);
    }
    catch (error) {
        stderr.write(`error: ${printable(describeError(error))}\n`);
        return error instanceof InputError ? 2 : 1;
    }
}
/** `md-image-offload orphans`: objects nothing names; deleted only with --delete. */
async function orphans(root, options, how, stdout) {
    const storage = openStorage(options.storage);
    try {
        // Images may leave public-url empty; links then use the account's delivery URL.
        const publicUrl = options.publicUrl || (await storage.defaultPublicUrl(false).catch(() => options.publicUrl));
        const found = await findOrphans(root, { ...options, publicUrl }, storage);
        if (how.delete)
            for (const orphan of found.orphans)
                await storage.delete(orphan.key);
        if (how.json) {
            const deleted = how.delete ? { deleted: found.orphans.length } : {};
            stdout.write(`${terminalJson({ orphans: found.orphans, bytes: found.bytes, ...deleted })}\n`);
        }
        else {
            for (const orphan of found.orphans) {
                stdout.write(`${printable(orphan.key)}  ${formatBytes(orphan.bytes)}\n`);
            }
            const verb = how.delete ? "deleted" : "not named by the manifest or any content file";
            stdout.write(`${found.orphans.length} object(s), ${formatBytes(found.bytes)}, ${verb}.\n`);
        }
        return 0;
    }
    finally {
        storage.close();
    }
}
/** `md-image-offload check`: the setup checklist instead of a run. */
async function check(options, json, stdout) {
    // Loaded only here: the checklist's bucket probe needs the AWS SDK, which a run does not.
    const { runSetupCheck } = await import('./chunks/run-check.js');
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
    }
    finally {
        storage.close();
    }
}
/** The whole job on the current directory; the report as text or, with --json, as JSON. */
async function runJob(options, json, io, stdout, stderr) {
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
        io.stdout.write(`${terminalJson({
            counts: result.counts,
            files: result.files,
            dryRun: result.dryRun,
            images: result.manifest,
            missing: result.missing,
            refused: result.refused,
            sites: result.sites,
            syntaxes: result.syntaxes,
            left: result.left,
        })}\n`);
        // The JSON is the run's record; its file, whose path nobody is told, would outlive it.
        await removeRunManifest(run.manifestPath, tempDir);
    }
    else {
        stdout.write(`${renderText(result)}\nManifest: ${run.manifestPath}\n`);
    }
    if (!run.failure)
        return 0;
    stderr.write(`error: ${printable(run.failure)}\n`);
    return 1;
}
/** The run manifest's own directory (a mkdtemp directory directly in `tempDir`), removed. */
async function removeRunManifest(manifestPath, tempDir) {
    const directory = path.dirname(manifestPath);
    if (path.dirname(directory) !== path.resolve(tempDir))
        return;
    if (!path.basename(directory).startsWith("md-image-offload-"))
        return;
    await rm(directory, { recursive: true, force: true });
}

/** Kept in step with package.json by test/options/inputs.test.ts. */
const VERSION = "0.1.0";

// The CLI's entry point (bin md-image-offload); all work happens in runCli().
process.exitCode = await runCli({
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    version: VERSION,
    // Beside this file in dist/: large runs parse on two threads.
    parseWorker: new URL("./parse-worker.js", import.meta.url),
});
