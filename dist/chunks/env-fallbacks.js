import { request as request$1, Agent as Agent$1 } from 'node:http';
import { request, Agent } from 'node:https';
import { promisify } from 'node:util';
import { gunzip, inflate, brotliDecompress } from 'node:zlib';
import { f as formatBytes } from './summary.js';
import { realpath as realpath$1, open, rename, unlink, stat as stat$1, readFile, mkdir, mkdtemp, readlink } from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes, createHmac } from 'node:crypto';
import { realpathSync, statSync, lstatSync, existsSync, readdirSync as readdirSync$1, readFileSync, openSync, writeFileSync, fchmodSync, closeSync, constants as constants$1, fstatSync, readlinkSync, createReadStream, readSync } from 'node:fs';
import { a as InputError, d as describeError, S as StorageError, I as ItemError, b as describeFileError, O as OffloadError } from './errors.js';
import { Worker } from 'node:worker_threads';
import { s as shortcodeTable, d as decodeUtf8, f as findFrontMatter, b as bomLength, u as untilLoaded, a as frontMatterReferences, c as parseOne, r as relevanceOf } from './parse-one.js';
import * as fs from 'fs';
import { statSync as statSync$1, stat, realpathSync as realpathSync$1, realpath, readdirSync, readdir } from 'fs';
import { sep, basename, dirname, resolve, normalize as normalize$1, relative, posix, isAbsolute } from 'path';
import { fileURLToPath } from 'url';
import { createRequire } from 'module';
import { g as getDefaultExportFromCjs } from './_commonjsHelpers.js';
import { k as keyToUrl, v as validateKeyTemplate, r as renderKey, e as verifyPublicUrl, P as PROBE_PNG, d as detectProvider, p as providerPreset } from './providers.js';
import { Readable } from 'node:stream';
import { b as isPlainMd5Etag, c as checkStoredBytes, n as normalizeEtag, i as isEncrypted, a as notListBucketResult, N as NotListBucketResult } from './s3-transport.js';
import { spawn } from 'node:child_process';
import { p as printable } from './printable.js';
import { i as isNotFound$1, c as credentialIdentity, a as isTransientStorageError, n as notS3Answer, b as storageTimeoutError, t as translateStorageError } from './s3-errors.js';
import { isIP } from 'node:net';
import { i as isKeyPath } from './key-paths.js';

/** A logger that remembers everything; for tests and for `--json` runs. */
const systemClock = { now: () => Date.now() };

/**
 * Local phases (parsing, hashing) are synchronous work in promise clothing: a chain of
 * resolved promises never lets the event loop read a socket, so requests sent meanwhile
 * (the preflight's listing, the digest index, uploads started early) sit answered but
 * unread until the chain ends. Awaiting this now and then gives them one turn.
 */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
/** How many files a local phase handles between two turns (a few milliseconds of work). */
const FILES_PER_TURN = 16;
/** The longest stretch of local work between two turns, whatever the files' sizes. */
const TURN_BUDGET_MS = 4;
/**
 * Turns for work that runs in several lanes at once (p-limit): a lane that alone awaited
 * nextTurn() would leave the other lanes running on resolved promises, and the loop would
 * get its turn only once every lane had parked, after lanes × FILES_PER_TURN files (tens of
 * milliseconds during which every upload's answer waits). So all lanes share one turn:
 * call the returned function before each file, and await what it returns, if anything.
 * A single synchronous loop (resolving references) uses it too, for the time budget.
 */
function sharedTurns(now = () => performance.now()) {
    let sinceTurn = 0;
    let turnAt = now();
    let pending;
    return () => {
        if (pending)
            return pending;
        if (++sinceTurn < FILES_PER_TURN && now() - turnAt < TURN_BUDGET_MS)
            return undefined;
        pending = nextTurn().then(() => {
            pending = undefined;
            sinceTurn = 0;
            turnAt = now();
        });
        return pending;
    };
}

/**
 * Large runs parse on two threads: a worker (references/parse-worker.ts) takes the second
 * half of the files while the main thread parses the first. Parsing is most of a large
 * run's local phase, and CI runners have two cores. The worker is started before the files
 * are read, so its start-up overlaps the reading; if it fails, the main thread parses its
 * share too (the findings are the same either way: parse-one.ts).
 */
/**
 * From this much work on, a worker pays for its start-up and for warming up its own copy
 * of the parsers: 1,000 MDX files, or 20,000 Markdown files. Measured on two cores: 2,000
 * MDX and 8,000 Markdown files read in 5.5 s instead of 10 s, while 10,000 Markdown files
 * alone gained nothing (markdown-it takes 0.15 ms a file; the worker's warm-up as long).
 */
const PARALLEL_MIN_UNITS = 20_000;
/** A file's parse cost in units: MDX through micromark costs about twenty Markdown files. */
function parseUnits(file) {
    return /\.mdx$/i.test(file) ? 20 : 1;
}
function startParseWorker(script) {
    const worker = new Worker(script);
    const answer = new Promise((resolve, reject) => {
        worker.once("message", (message) => message.parsed ? resolve(message.parsed) : reject(new Error(message.error)));
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`the parse worker exited with code ${code}`)));
    });
    // Awaited by parse(); a worker never asked (an error before) must not warn as unhandled.
    answer.catch(() => { });
    return {
        parse(request) {
            worker.postMessage(request);
            return answer;
        },
        close() {
            void worker.terminate();
        },
    };
}

/**
 * The one rule for "is this path inside that directory": `candidate` equals `root` or lies
 * below it, compared lexically (resolve symlinks first where that matters). `..x.md` is a
 * name inside the root, not a way out.
 */
function isInside(root, candidate) {
    const relative = path.relative(root, candidate);
    return relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * What the file system says about the images a run names, asked once per path. Both the
 * manifest's check (is a recorded image still there, with the same size?) and the resolve
 * (does a link name a file inside the repository?) ask about the same thousands of files:
 * one cache for the run answers the second from the first's lstat.
 */
/**
 * A lookup for the files under `root`. Nothing outside is ever reported as a file: a path
 * whose real path (symlinks followed) leaves the real root is "outside". Synchronous on
 * purpose: a lookup answers from the kernel's cache in microseconds, and thousands of them
 * through the thread pool cost more in promises than in syscalls.
 */
function createFileLookup(root) {
    const resolvedRoot = path.resolve(root);
    // Lazy, so a run that only meets remote URLs never touches the disk.
    let realRootPath;
    const realRoot = () => {
        realRootPath ??= realpathSync.native(resolvedRoot);
        return realRootPath;
    };
    const answers = new Map();
    const realDirs = new Map();
    const lookup = (absolutePath) => {
        let answer = answers.get(absolutePath);
        if (!answer) {
            answer = inspect(realRoot(), absolutePath, realDirs);
            answers.set(absolutePath, answer);
        }
        return answer;
    };
    return { realRoot, lookup };
}
function inspect(realRoot, absolutePath, realDirs) {
    const quick = process.platform === "linux" ? inDirectory(absolutePath, realDirs) : undefined;
    if (quick === "absent")
        return { kind: "absent" };
    let realPath;
    try {
        realPath = quick?.realPath ?? realpathSync.native(absolutePath);
    }
    catch {
        return { kind: "absent" };
    }
    if (!isInside(realRoot, realPath))
        return { kind: "outside", realPath };
    if (quick)
        return quick.isFile ? { kind: "file", realPath, size: quick.size } : { kind: "absent" };
    const isFile = statSync(realPath, { throwIfNoEntry: false })?.isFile();
    return isFile ? { kind: "file", realPath } : { kind: "absent" };
}
/**
 * The real path of a regular file from its directory's real path (resolved once per
 * directory, as posts keep their images together) and one lstat, instead of a realpath that
 * walks every component of every image's path. "absent" when nothing has that name;
 * undefined when the name is a symbolic link, which the full realpath follows. Linux only:
 * on a case-insensitive disk the name as written is not the name on disk.
 */
function inDirectory(absolutePath, realDirs) {
    const realDirectory = realDirectoryOf(path.dirname(absolutePath), realDirs);
    if (realDirectory === null)
        return "absent";
    const realPath = path.join(realDirectory, path.basename(absolutePath));
    let stats;
    try {
        stats = lstatSync(realPath, { throwIfNoEntry: false });
    }
    catch {
        return "absent"; // ENOTDIR (the "directory" is a file), EACCES, a name too long
    }
    if (!stats)
        return "absent";
    if (stats.isSymbolicLink())
        return undefined;
    return { realPath, isFile: stats.isFile(), size: stats.size };
}
/**
 * A directory's real path, null when there is none: its parent's (cached) joined with its
 * name when the name is a plain directory, one lstat each; a full realpath only where the
 * name is a symbolic link. Posts sit in thousands of folders under a few parents, and a
 * realpath per folder would walk every component of each again.
 */
function realDirectoryOf(directory, realDirs) {
    const known = realDirs.get(directory);
    if (known !== undefined)
        return known;
    const parent = path.dirname(directory);
    let real;
    if (parent === directory) {
        real = directory; // the file system's root
    }
    else {
        const realParent = realDirectoryOf(parent, realDirs);
        real = realParent === null ? null : realChild(path.join(realParent, path.basename(directory)));
    }
    realDirs.set(directory, real);
    return real;
}
/** The real path of a name in a directory that is itself real; null unless a directory. */
function realChild(candidate) {
    try {
        const stats = lstatSync(candidate, { throwIfNoEntry: false });
        if (!stats)
            return null;
        if (stats.isDirectory())
            return candidate;
        if (!stats.isSymbolicLink())
            return null;
        const target = realpathSync.native(candidate);
        return statSync(target).isDirectory() ? target : null;
    }
    catch {
        return null; // a dangling link, a loop, EACCES
    }
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
/** One letter and a colon is a Windows drive (`C:\blog\a.png`), not a URL scheme. */
const WINDOWS_DRIVE = /^[A-Za-z]:/;
const TEMPLATE_MARKERS = ["{{", "{%", "${"];
/** Kinds that always mean "load this as an image", whatever the file name says. */
const IMAGE_KINDS = new Set([
    "markdown-image",
    "html-src",
    "html-srcset",
    "front-matter",
]);
/**
 * Decides, for each reference, whether it names a local image inside the repository.
 * Nothing outside the repository is ever read: containment is checked on the lexical path
 * and again on the symlink-resolved one before a file is reported as local.
 * A factory of closures on purpose: the lookups share one cache (posts reuse images) and
 * one lazily resolved real root; the returned function reads as the decision, in order.
 */
function createResolver(ctx) {
    const root = path.resolve(ctx.root);
    const { realRoot, lookup } = ctx.files ?? createFileLookup(root);
    // Repository paths by real path: posts link the same images again and again.
    const relatives = new Map();
    /** A local Resolution for a file that exists inside; a refusal for one that escapes. */
    const fileAt = (absolutePath, suffix) => {
        const found = lookup(absolutePath);
        if (found.kind === "outside")
            return outside(" through a symbolic link");
        if (found.kind !== "file")
            return undefined;
        let relative = relatives.get(found.realPath);
        if (relative === undefined) {
            relative = toPosix(path.relative(realRoot(), found.realPath));
            relatives.set(found.realPath, relative);
        }
        // The lookup's lstat already gave the size: the plan then needs no stat of its own.
        const size = found.size === undefined ? {} : { size: found.size };
        return { status: "local", absolutePath: found.realPath, path: relative, suffix, ...size };
    };
    return (reference) => {
        const site = ctx.siteOf?.(reference.file);
        const target = parseTarget(reference);
        if ("status" in target)
            return target;
        const { decoded, rootRelative, suffix } = target;
        const bases = rootRelative
            ? (site?.staticDirs ?? ctx.staticDirs).map((dir) => path.resolve(root, dir))
            : [path.dirname(path.resolve(root, reference.file))];
        // Root-relative names are joined below each base, never treated as absolute paths.
        const join = (base, name) => path.join(base, rootRelative ? `./${name}` : name);
        // An image that points outside is reported whatever its name (`![](../../etc/passwd)`);
        // a plain link there is just a link to something else.
        const escaping = bases
            .map((base) => join(base, decoded))
            .find((candidate) => !isInside(root, candidate));
        if (escaping !== undefined && IMAGE_KINDS.has(reference.kind))
            return outside();
        const extension = path.posix.extname(decoded).slice(1).toLowerCase();
        if (!ctx.extensions.has(extension)) {
            return {
                status: "ignored",
                reason: extension ? `not an image (.${extension})` : "not an image (no extension)",
            };
        }
        if (escaping !== undefined)
            return outside();
        for (const base of bases) {
            for (const variant of unicodeVariants(decoded)) {
                const resolved = fileAt(join(base, variant), suffix);
                if (resolved)
                    return resolved;
            }
        }
        // Obsidian finds a name that is not beside the note anywhere in the vault; a vault's
        // `/pics/a.png` or `../pics/a.png` that is not where it says is found by its tail.
        const match = site?.vault ? site.vault.find(vaultName(decoded)) : undefined;
        if (match?.kind === "ambiguous") {
            return { status: "missing", candidates: match.paths, ambiguous: true };
        }
        if (match?.kind === "found") {
            const resolved = fileAt(path.join(root, match.path), suffix);
            if (resolved)
                return resolved;
        }
        const candidates = bases.map((base) => toPosix(path.relative(root, join(base, decoded))));
        return { status: "missing", candidates: [...new Set(candidates)] };
    };
}
/** The path without leading `/`, `./` and `../` steps: what a vault lookup matches by tail. */
function vaultName(decoded) {
    return decoded.replace(/^(?:\/+|\.\.?\/+)+/, "");
}
/** What the destination's text says to look up, or why there is nothing to look up. */
function parseTarget(reference) {
    const lookupAs = reference.lookup;
    const destination = lookupAs ? lookupAs.path + lookupAs.suffix : reference.destination.trim();
    const skipped = classifyNonLocal(destination);
    if (skipped)
        return skipped;
    // Browsers read `\` as `/` in http(s) URLs, so we look up what the site will request.
    const slashed = destination.replaceAll("\\", "/");
    if (slashed.startsWith("//")) {
        return { status: "ignored", reason: "remote URL (protocol-relative)" };
    }
    const split = slashed.search(/[?#]/);
    const encodedPath = split === -1 ? slashed : slashed.slice(0, split);
    if (encodedPath === "") {
        return { status: "ignored", reason: "no file path, only a query or fragment" };
    }
    const suffix = lookupAs
        ? lookupAs.suffix
        : split === -1
            ? ""
            : rawSuffix(reference.raw, reference.kind, destination.slice(split));
    // `C:\blog\a.png`: the writer's disk means nothing here; look it up like `/blog/a.png`.
    const isDrive = WINDOWS_DRIVE.test(encodedPath);
    const undriven = isDrive ? encodedPath.slice(2) : encodedPath;
    const decoded = lookupAs?.literal ? undriven : percentDecode(undriven);
    if (decoded.includes("\0")) {
        return { status: "refused", reason: "the path contains a NUL byte; fix the link." };
    }
    return { decoded, rootRelative: isDrive || decoded.startsWith("/"), suffix };
}
/** Empty, anchor, templated, `file:` and remote destinations: decided by the text alone. */
function classifyNonLocal(destination) {
    if (destination === "")
        return { status: "ignored", reason: "empty destination" };
    if (destination.startsWith("#"))
        return { status: "ignored", reason: "anchor" };
    if (TEMPLATE_MARKERS.some((marker) => destination.includes(marker))) {
        return { status: "ignored", reason: "templated destination" };
    }
    if (WINDOWS_DRIVE.test(destination))
        return undefined;
    const scheme = SCHEME.exec(destination)?.[1]?.toLowerCase();
    if (scheme === "file") {
        return {
            status: "refused",
            reason: "file: URLs point at the writer's own disk; use a path relative to the Markdown file.",
        };
    }
    if (scheme !== undefined)
        return { status: "ignored", reason: `remote URL (${scheme}:)` };
    return undefined;
}
/**
 * Where the path leads is not said: it is an absolute path on the runner (its temp dir,
 * the workspace's parents), and this reason reaches annotations, the job summary and the
 * PR comment, which anyone who can read the pull request sees.
 */
function outside(how = "") {
    return {
        status: "refused",
        reason: `the path resolves outside the repository${how}; only files inside the repository are uploaded.`,
    };
}
/** The name as written first; then NFC and NFD, because macOS writers commit NFD names. */
function unicodeVariants(name) {
    return [...new Set([name, name.normalize("NFC"), name.normalize("NFD")])];
}
/** `my%20pic.png` → `my pic.png`; a malformed sequence stays literal, the valid ones around it decode. */
function percentDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
            try {
                return decodeURIComponent(run);
            }
            catch {
                return run;
            }
        });
    }
}
function toPosix(relative) {
    return relative.split(path.sep).join("/");
}
const NAMED_DELIMITERS = new Map([
    ["num", "#"],
    ["quest", "?"],
]);
/**
 * The `?query#fragment` as it is written in the raw source, so the rewrite keeps its
 * escapes and entities byte for byte. Walks the raw text with the unescaping rules of its
 * syntax (backslash escapes in Markdown and YAML, character references in Markdown and
 * HTML) to the first character that decodes to `?` or `#`.
 */
function rawSuffix(raw, kind, decodedSuffix) {
    const backslashEscapes = kind !== "html-src" && kind !== "html-srcset" && kind !== "html-href";
    const entities = kind !== "front-matter";
    for (let index = 0; index < raw.length; index += 1) {
        const char = raw[index];
        if (char === "?" || char === "#")
            return raw.slice(index);
        if (char === "\\" && backslashEscapes && index + 1 < raw.length) {
            const next = raw[index + 1] ?? "";
            if (next === "?" || next === "#")
                return raw.slice(index);
            if (/[!-/:-@[-`{-~]/.test(next))
                index += 1;
        }
        else if (char === "&" && entities) {
            const entity = /^&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/.exec(raw.slice(index));
            if (!entity)
                continue;
            const [, decimal, hex, name] = entity;
            const value = decimal !== undefined
                ? String.fromCodePoint(Number(decimal) % 0x110000)
                : hex !== undefined
                    ? String.fromCodePoint(Number.parseInt(hex, 16) % 0x110000)
                    : NAMED_DELIMITERS.get(name ?? "");
            if (value === "?" || value === "#")
                return raw.slice(index);
            index += entity[0].length - 1;
        }
    }
    // The raw text did not show where the delimiter came from; keep the decoded suffix.
    return decodedSuffix;
}

//#region rolldown:runtime
var __require = /* @__PURE__ */ createRequire(import.meta.url);

//#endregion
//#region src/utils.ts
function cleanPath(path) {
	let normalized = normalize$1(path);
	if (normalized.length > 1 && normalized[normalized.length - 1] === sep) normalized = normalized.substring(0, normalized.length - 1);
	return normalized;
}
const SLASHES_REGEX = /[\\/]/g;
function convertSlashes(path, separator) {
	return path.replace(SLASHES_REGEX, separator);
}
const WINDOWS_ROOT_DIR_REGEX = /^[a-z]:[\\/]$/i;
function isRootDirectory(path) {
	return path === "/" || WINDOWS_ROOT_DIR_REGEX.test(path);
}
function normalizePath(path, options) {
	const { resolvePaths, normalizePath: normalizePath$1, pathSeparator } = options;
	const pathNeedsCleaning = process.platform === "win32" && path.includes("/") || path.startsWith(".");
	if (resolvePaths) path = resolve(path);
	if (normalizePath$1 || pathNeedsCleaning) path = cleanPath(path);
	if (path === ".") return "";
	const needsSeperator = path[path.length - 1] !== pathSeparator;
	return convertSlashes(needsSeperator ? path + pathSeparator : path, pathSeparator);
}

//#endregion
//#region src/api/functions/join-path.ts
function joinPathWithBasePath(filename, directoryPath) {
	return directoryPath + filename;
}
function joinPathWithRelativePath(root, options) {
	return function(filename, directoryPath) {
		const sameRoot = directoryPath.startsWith(root);
		if (sameRoot) return directoryPath.slice(root.length) + filename;
		else return convertSlashes(relative(root, directoryPath), options.pathSeparator) + options.pathSeparator + filename;
	};
}
function joinPath(filename) {
	return filename;
}
function joinDirectoryPath(filename, directoryPath, separator) {
	return directoryPath + filename + separator;
}
function build$7(root, options) {
	const { relativePaths, includeBasePath } = options;
	return relativePaths && root ? joinPathWithRelativePath(root, options) : includeBasePath ? joinPathWithBasePath : joinPath;
}

//#endregion
//#region src/api/functions/push-directory.ts
function pushDirectoryWithRelativePath(root) {
	return function(directoryPath, paths) {
		paths.push(directoryPath.substring(root.length) || ".");
	};
}
function pushDirectoryFilterWithRelativePath(root) {
	return function(directoryPath, paths, filters) {
		const relativePath = directoryPath.substring(root.length) || ".";
		if (filters.every((filter) => filter(relativePath, true))) paths.push(relativePath);
	};
}
const pushDirectory = (directoryPath, paths) => {
	paths.push(directoryPath || ".");
};
const pushDirectoryFilter = (directoryPath, paths, filters) => {
	const path = directoryPath || ".";
	if (filters.every((filter) => filter(path, true))) paths.push(path);
};
const empty$2 = () => {};
function build$6(root, options) {
	const { includeDirs, filters, relativePaths } = options;
	if (!includeDirs) return empty$2;
	if (relativePaths) return filters && filters.length ? pushDirectoryFilterWithRelativePath(root) : pushDirectoryWithRelativePath(root);
	return filters && filters.length ? pushDirectoryFilter : pushDirectory;
}

//#endregion
//#region src/api/functions/push-file.ts
const pushFileFilterAndCount = (filename, _paths, counts, filters) => {
	if (filters.every((filter) => filter(filename, false))) counts.files++;
};
const pushFileFilter = (filename, paths, _counts, filters) => {
	if (filters.every((filter) => filter(filename, false))) paths.push(filename);
};
const pushFileCount = (_filename, _paths, counts, _filters) => {
	counts.files++;
};
const pushFile = (filename, paths) => {
	paths.push(filename);
};
const empty$1 = () => {};
function build$5(options) {
	const { excludeFiles, filters, onlyCounts } = options;
	if (excludeFiles) return empty$1;
	if (filters && filters.length) return onlyCounts ? pushFileFilterAndCount : pushFileFilter;
	else if (onlyCounts) return pushFileCount;
	else return pushFile;
}

//#endregion
//#region src/api/functions/get-array.ts
const getArray = (paths) => {
	return paths;
};
const getArrayGroup = () => {
	return [""].slice(0, 0);
};
function build$4(options) {
	return options.group ? getArrayGroup : getArray;
}

//#endregion
//#region src/api/functions/group-files.ts
const groupFiles = (groups, directory, files) => {
	groups.push({
		directory,
		files,
		dir: directory
	});
};
const empty = () => {};
function build$3(options) {
	return options.group ? groupFiles : empty;
}

//#endregion
//#region src/api/functions/resolve-symlink.ts
const resolveSymlinksAsync = function(path, state, callback$1) {
	const { queue, fs, options: { suppressErrors } } = state;
	queue.enqueue();
	fs.realpath(path, (error, resolvedPath) => {
		if (error) return queue.dequeue(suppressErrors ? null : error, state);
		fs.stat(resolvedPath, (error$1, stat) => {
			if (error$1) return queue.dequeue(suppressErrors ? null : error$1, state);
			if (stat.isDirectory() && isRecursive(path, resolvedPath, state)) return queue.dequeue(null, state);
			callback$1(stat, resolvedPath);
			queue.dequeue(null, state);
		});
	});
};
const resolveSymlinks = function(path, state, callback$1) {
	const { queue, fs, options: { suppressErrors } } = state;
	queue.enqueue();
	try {
		const resolvedPath = fs.realpathSync(path);
		const stat = fs.statSync(resolvedPath);
		if (stat.isDirectory() && isRecursive(path, resolvedPath, state)) return;
		callback$1(stat, resolvedPath);
	} catch (e) {
		if (!suppressErrors) throw e;
	}
};
function build$2(options, isSynchronous) {
	if (!options.resolveSymlinks || options.excludeSymlinks) return null;
	return isSynchronous ? resolveSymlinks : resolveSymlinksAsync;
}
function isRecursive(path, resolved, state) {
	if (state.options.useRealPaths) return isRecursiveUsingRealPaths(resolved, state);
	let parent = dirname(path);
	let depth = 1;
	while (parent !== state.root && depth < 2) {
		const resolvedPath = state.symlinks.get(parent);
		const isSameRoot = !!resolvedPath && (resolvedPath === resolved || resolvedPath.startsWith(resolved) || resolved.startsWith(resolvedPath));
		if (isSameRoot) depth++;
		else parent = dirname(parent);
	}
	state.symlinks.set(path, resolved);
	return depth > 1;
}
function isRecursiveUsingRealPaths(resolved, state) {
	return state.visited.includes(resolved + state.options.pathSeparator);
}

//#endregion
//#region src/api/functions/invoke-callback.ts
const onlyCountsSync = (state) => {
	return state.counts;
};
const groupsSync = (state) => {
	return state.groups;
};
const defaultSync = (state) => {
	return state.paths;
};
const limitFilesSync = (state) => {
	return state.paths.slice(0, state.options.maxFiles);
};
const onlyCountsAsync = (state, error, callback$1) => {
	report(error, callback$1, state.counts, state.options.suppressErrors);
	return null;
};
const defaultAsync = (state, error, callback$1) => {
	report(error, callback$1, state.paths, state.options.suppressErrors);
	return null;
};
const limitFilesAsync = (state, error, callback$1) => {
	report(error, callback$1, state.paths.slice(0, state.options.maxFiles), state.options.suppressErrors);
	return null;
};
const groupsAsync = (state, error, callback$1) => {
	report(error, callback$1, state.groups, state.options.suppressErrors);
	return null;
};
function report(error, callback$1, output, suppressErrors) {
	if (error && !suppressErrors) callback$1(error, output);
	else callback$1(null, output);
}
function build$1(options, isSynchronous) {
	const { onlyCounts, group, maxFiles } = options;
	if (onlyCounts) return isSynchronous ? onlyCountsSync : onlyCountsAsync;
	else if (group) return isSynchronous ? groupsSync : groupsAsync;
	else if (maxFiles) return isSynchronous ? limitFilesSync : limitFilesAsync;
	else return isSynchronous ? defaultSync : defaultAsync;
}

//#endregion
//#region src/api/functions/walk-directory.ts
const readdirOpts = { withFileTypes: true };
const walkAsync = (state, crawlPath, directoryPath, currentDepth, callback$1) => {
	state.queue.enqueue();
	if (currentDepth < 0) return state.queue.dequeue(null, state);
	const { fs } = state;
	state.visited.push(crawlPath);
	state.counts.directories++;
	fs.readdir(crawlPath || ".", readdirOpts, (error, entries = []) => {
		callback$1(entries, directoryPath, currentDepth);
		state.queue.dequeue(state.options.suppressErrors ? null : error, state);
	});
};
const walkSync = (state, crawlPath, directoryPath, currentDepth, callback$1) => {
	const { fs } = state;
	if (currentDepth < 0) return;
	state.visited.push(crawlPath);
	state.counts.directories++;
	let entries = [];
	try {
		entries = fs.readdirSync(crawlPath || ".", readdirOpts);
	} catch (e) {
		if (!state.options.suppressErrors) throw e;
	}
	callback$1(entries, directoryPath, currentDepth);
};
function build(isSynchronous) {
	return isSynchronous ? walkSync : walkAsync;
}

//#endregion
//#region src/api/queue.ts
/**
* This is a custom stateless queue to track concurrent async fs calls.
* It increments a counter whenever a call is queued and decrements it
* as soon as it completes. When the counter hits 0, it calls onQueueEmpty.
*/
var Queue$1 = class Queue {
	count = 0;
	constructor(onQueueEmpty) {
		this.onQueueEmpty = onQueueEmpty;
	}
	enqueue() {
		this.count++;
		return this.count;
	}
	dequeue(error, output) {
		if (this.onQueueEmpty && (--this.count <= 0 || error)) {
			this.onQueueEmpty(error, output);
			if (error) {
				output.controller.abort();
				this.onQueueEmpty = void 0;
			}
		}
	}
};

//#endregion
//#region src/api/counter.ts
var Counter = class {
	_files = 0;
	_directories = 0;
	set files(num) {
		this._files = num;
	}
	get files() {
		return this._files;
	}
	set directories(num) {
		this._directories = num;
	}
	get directories() {
		return this._directories;
	}
	/**
	* @deprecated use `directories` instead
	*/
	/* c8 ignore next 3 */
	get dirs() {
		return this._directories;
	}
};

//#endregion
//#region src/api/aborter.ts
/**
* AbortController is not supported on Node 14 so we use this until we can drop
* support for Node 14.
*/
var Aborter = class {
	aborted = false;
	abort() {
		this.aborted = true;
	}
};

//#endregion
//#region src/api/walker.ts
var Walker = class {
	root;
	isSynchronous;
	state;
	joinPath;
	pushDirectory;
	pushFile;
	getArray;
	groupFiles;
	resolveSymlink;
	walkDirectory;
	callbackInvoker;
	constructor(root, options, callback$1) {
		this.isSynchronous = !callback$1;
		this.callbackInvoker = build$1(options, this.isSynchronous);
		this.root = normalizePath(root, options);
		this.state = {
			root: isRootDirectory(this.root) ? this.root : this.root.slice(0, -1),
			paths: [""].slice(0, 0),
			groups: [],
			counts: new Counter(),
			options,
			queue: new Queue$1((error, state) => this.callbackInvoker(state, error, callback$1)),
			symlinks: /* @__PURE__ */ new Map(),
			visited: [""].slice(0, 0),
			controller: new Aborter(),
			fs: options.fs || fs
		};
		this.joinPath = build$7(this.root, options);
		this.pushDirectory = build$6(this.root, options);
		this.pushFile = build$5(options);
		this.getArray = build$4(options);
		this.groupFiles = build$3(options);
		this.resolveSymlink = build$2(options, this.isSynchronous);
		this.walkDirectory = build(this.isSynchronous);
	}
	start() {
		this.pushDirectory(this.root, this.state.paths, this.state.options.filters);
		this.walkDirectory(this.state, this.root, this.root, this.state.options.maxDepth, this.walk);
		return this.isSynchronous ? this.callbackInvoker(this.state, null) : null;
	}
	walk = (entries, directoryPath, depth) => {
		const { paths, options: { filters, resolveSymlinks: resolveSymlinks$1, excludeSymlinks, exclude, maxFiles, signal, useRealPaths, pathSeparator }, controller } = this.state;
		if (controller.aborted || signal && signal.aborted || maxFiles && paths.length > maxFiles) return;
		const files = this.getArray(this.state.paths);
		for (let i = 0; i < entries.length; ++i) {
			const entry = entries[i];
			if (entry.isFile() || entry.isSymbolicLink() && !resolveSymlinks$1 && !excludeSymlinks) {
				const filename = this.joinPath(entry.name, directoryPath);
				this.pushFile(filename, files, this.state.counts, filters);
			} else if (entry.isDirectory()) {
				let path = joinDirectoryPath(entry.name, directoryPath, this.state.options.pathSeparator);
				if (exclude && exclude(entry.name, path)) continue;
				this.pushDirectory(path, paths, filters);
				this.walkDirectory(this.state, path, path, depth - 1, this.walk);
			} else if (this.resolveSymlink && entry.isSymbolicLink()) {
				let path = joinPathWithBasePath(entry.name, directoryPath);
				this.resolveSymlink(path, this.state, (stat, resolvedPath) => {
					if (stat.isDirectory()) {
						resolvedPath = normalizePath(resolvedPath, this.state.options);
						if (exclude && exclude(entry.name, useRealPaths ? resolvedPath : path + pathSeparator)) return;
						this.walkDirectory(this.state, resolvedPath, useRealPaths ? resolvedPath : path + pathSeparator, depth - 1, this.walk);
					} else {
						resolvedPath = useRealPaths ? resolvedPath : path;
						const filename = basename(resolvedPath);
						const directoryPath$1 = normalizePath(dirname(resolvedPath), this.state.options);
						resolvedPath = this.joinPath(filename, directoryPath$1);
						this.pushFile(resolvedPath, files, this.state.counts, filters);
					}
				});
			}
		}
		this.groupFiles(this.state.groups, directoryPath, files);
	};
};

//#endregion
//#region src/api/async.ts
function promise(root, options) {
	return new Promise((resolve$1, reject) => {
		callback(root, options, (err, output) => {
			if (err) return reject(err);
			resolve$1(output);
		});
	});
}
function callback(root, options, callback$1) {
	let walker = new Walker(root, options, callback$1);
	walker.start();
}

//#endregion
//#region src/api/sync.ts
function sync(root, options) {
	const walker = new Walker(root, options);
	return walker.start();
}

//#endregion
//#region src/builder/api-builder.ts
var APIBuilder = class {
	constructor(root, options) {
		this.root = root;
		this.options = options;
	}
	withPromise() {
		return promise(this.root, this.options);
	}
	withCallback(cb) {
		callback(this.root, this.options, cb);
	}
	sync() {
		return sync(this.root, this.options);
	}
};

//#endregion
//#region src/builder/index.ts
let pm = null;
/* c8 ignore next 6 */
try {
	__require.resolve("picomatch");
	pm = __require("picomatch");
} catch {}
var Builder = class {
	globCache = {};
	options = {
		maxDepth: Infinity,
		suppressErrors: true,
		pathSeparator: sep,
		filters: []
	};
	globFunction;
	constructor(options) {
		this.options = {
			...this.options,
			...options
		};
		this.globFunction = this.options.globFunction;
	}
	group() {
		this.options.group = true;
		return this;
	}
	withPathSeparator(separator) {
		this.options.pathSeparator = separator;
		return this;
	}
	withBasePath() {
		this.options.includeBasePath = true;
		return this;
	}
	withRelativePaths() {
		this.options.relativePaths = true;
		return this;
	}
	withDirs() {
		this.options.includeDirs = true;
		return this;
	}
	withMaxDepth(depth) {
		this.options.maxDepth = depth;
		return this;
	}
	withMaxFiles(limit) {
		this.options.maxFiles = limit;
		return this;
	}
	withFullPaths() {
		this.options.resolvePaths = true;
		this.options.includeBasePath = true;
		return this;
	}
	withErrors() {
		this.options.suppressErrors = false;
		return this;
	}
	withSymlinks({ resolvePaths = true } = {}) {
		this.options.resolveSymlinks = true;
		this.options.useRealPaths = resolvePaths;
		return this.withFullPaths();
	}
	withAbortSignal(signal) {
		this.options.signal = signal;
		return this;
	}
	normalize() {
		this.options.normalizePath = true;
		return this;
	}
	filter(predicate) {
		this.options.filters.push(predicate);
		return this;
	}
	onlyDirs() {
		this.options.excludeFiles = true;
		this.options.includeDirs = true;
		return this;
	}
	exclude(predicate) {
		this.options.exclude = predicate;
		return this;
	}
	onlyCounts() {
		this.options.onlyCounts = true;
		return this;
	}
	crawl(root) {
		return new APIBuilder(root || ".", this.options);
	}
	withGlobFunction(fn) {
		this.globFunction = fn;
		return this;
	}
	/**
	* @deprecated Pass options using the constructor instead:
	* ```ts
	* new fdir(options).crawl("/path/to/root");
	* ```
	* This method will be removed in v7.0
	*/
	/* c8 ignore next 4 */
	crawlWithOptions(root, options) {
		this.options = {
			...this.options,
			...options
		};
		return new APIBuilder(root || ".", this.options);
	}
	glob(...patterns) {
		if (this.globFunction) return this.globWithOptions(patterns);
		return this.globWithOptions(patterns, ...[{ dot: true }]);
	}
	globWithOptions(patterns, ...options) {
		const globFn = this.globFunction || pm;
		/* c8 ignore next 5 */
		if (!globFn) throw new Error("Please specify a glob function to use glob matching.");
		var isMatch = this.globCache[patterns.join("\0")];
		if (!isMatch) {
			isMatch = globFn(patterns, ...options);
			this.globCache[patterns.join("\0")] = isMatch;
		}
		this.options.filters.push((path) => isMatch(path));
		return this;
	}
};

var utils = {};

var constants;
var hasRequiredConstants;

function requireConstants () {
	if (hasRequiredConstants) return constants;
	hasRequiredConstants = 1;

	const WIN_SLASH = '\\\\/';
	const WIN_NO_SLASH = `[^${WIN_SLASH}]`;

	const DEFAULT_MAX_EXTGLOB_RECURSION = 0;

	/**
	 * Posix glob regex
	 */

	const DOT_LITERAL = '\\.';
	const PLUS_LITERAL = '\\+';
	const QMARK_LITERAL = '\\?';
	const SLASH_LITERAL = '\\/';
	const ONE_CHAR = '(?=.)';
	const QMARK = '[^/]';
	const END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
	const START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
	const DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
	const NO_DOT = `(?!${DOT_LITERAL})`;
	const NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
	const NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
	const NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
	const QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
	const STAR = `${QMARK}*?`;
	const SEP = '/';

	const POSIX_CHARS = {
	  DOT_LITERAL,
	  PLUS_LITERAL,
	  QMARK_LITERAL,
	  SLASH_LITERAL,
	  ONE_CHAR,
	  QMARK,
	  END_ANCHOR,
	  DOTS_SLASH,
	  NO_DOT,
	  NO_DOTS,
	  NO_DOT_SLASH,
	  NO_DOTS_SLASH,
	  QMARK_NO_DOT,
	  STAR,
	  START_ANCHOR,
	  SEP
	};

	/**
	 * Windows glob regex
	 */

	const WINDOWS_CHARS = {
	  ...POSIX_CHARS,

	  SLASH_LITERAL: `[${WIN_SLASH}]`,
	  QMARK: WIN_NO_SLASH,
	  STAR: `${WIN_NO_SLASH}*?`,
	  DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
	  NO_DOT: `(?!${DOT_LITERAL})`,
	  NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
	  NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
	  NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
	  QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
	  START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
	  END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
	  SEP: '\\'
	};

	/**
	 * POSIX Bracket Regex
	 */

	const POSIX_REGEX_SOURCE = {
	  __proto__: null,
	  alnum: 'a-zA-Z0-9',
	  alpha: 'a-zA-Z',
	  ascii: '\\x00-\\x7F',
	  blank: ' \\t',
	  cntrl: '\\x00-\\x1F\\x7F',
	  digit: '0-9',
	  graph: '\\x21-\\x7E',
	  lower: 'a-z',
	  print: '\\x20-\\x7E ',
	  punct: '\\-!"#$%&\'()\\*+,./:;<=>?@[\\]^_`{|}~',
	  space: ' \\t\\r\\n\\v\\f',
	  upper: 'A-Z',
	  word: 'A-Za-z0-9_',
	  xdigit: 'A-Fa-f0-9'
	};

	constants = {
	  DEFAULT_MAX_EXTGLOB_RECURSION,
	  MAX_LENGTH: 1024 * 64,
	  POSIX_REGEX_SOURCE,

	  // regular expressions
	  REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
	  REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
	  REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
	  REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
	  REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
	  REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,

	  // Replace globs with equivalent patterns to reduce parsing time.
	  REPLACEMENTS: {
	    __proto__: null,
	    '***': '*',
	    '**/**': '**',
	    '**/**/**': '**'
	  },

	  // Digits
	  CHAR_0: 48, /* 0 */
	  CHAR_9: 57, /* 9 */

	  // Alphabet chars.
	  CHAR_UPPERCASE_A: 65, /* A */
	  CHAR_LOWERCASE_A: 97, /* a */
	  CHAR_UPPERCASE_Z: 90, /* Z */
	  CHAR_LOWERCASE_Z: 122, /* z */

	  CHAR_LEFT_PARENTHESES: 40, /* ( */
	  CHAR_RIGHT_PARENTHESES: 41, /* ) */

	  CHAR_ASTERISK: 42, /* * */

	  // Non-alphabetic chars.
	  CHAR_AMPERSAND: 38, /* & */
	  CHAR_AT: 64, /* @ */
	  CHAR_BACKWARD_SLASH: 92, /* \ */
	  CHAR_CARRIAGE_RETURN: 13, /* \r */
	  CHAR_CIRCUMFLEX_ACCENT: 94, /* ^ */
	  CHAR_COLON: 58, /* : */
	  CHAR_COMMA: 44, /* , */
	  CHAR_DOT: 46, /* . */
	  CHAR_DOUBLE_QUOTE: 34, /* " */
	  CHAR_EQUAL: 61, /* = */
	  CHAR_EXCLAMATION_MARK: 33, /* ! */
	  CHAR_FORM_FEED: 12, /* \f */
	  CHAR_FORWARD_SLASH: 47, /* / */
	  CHAR_GRAVE_ACCENT: 96, /* ` */
	  CHAR_HASH: 35, /* # */
	  CHAR_HYPHEN_MINUS: 45, /* - */
	  CHAR_LEFT_ANGLE_BRACKET: 60, /* < */
	  CHAR_LEFT_CURLY_BRACE: 123, /* { */
	  CHAR_LEFT_SQUARE_BRACKET: 91, /* [ */
	  CHAR_LINE_FEED: 10, /* \n */
	  CHAR_NO_BREAK_SPACE: 160, /* \u00A0 */
	  CHAR_PERCENT: 37, /* % */
	  CHAR_PLUS: 43, /* + */
	  CHAR_QUESTION_MARK: 63, /* ? */
	  CHAR_RIGHT_ANGLE_BRACKET: 62, /* > */
	  CHAR_RIGHT_CURLY_BRACE: 125, /* } */
	  CHAR_RIGHT_SQUARE_BRACKET: 93, /* ] */
	  CHAR_SEMICOLON: 59, /* ; */
	  CHAR_SINGLE_QUOTE: 39, /* ' */
	  CHAR_SPACE: 32, /*   */
	  CHAR_TAB: 9, /* \t */
	  CHAR_UNDERSCORE: 95, /* _ */
	  CHAR_VERTICAL_LINE: 124, /* | */
	  CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279, /* \uFEFF */

	  /**
	   * Create EXTGLOB_CHARS
	   */

	  extglobChars(chars) {
	    return {
	      '!': { type: 'negate', open: '(?:(?!(?:', close: `))${chars.STAR})` },
	      '?': { type: 'qmark', open: '(?:', close: ')?' },
	      '+': { type: 'plus', open: '(?:', close: ')+' },
	      '*': { type: 'star', open: '(?:', close: ')*' },
	      '@': { type: 'at', open: '(?:', close: ')' }
	    };
	  },

	  /**
	   * Create GLOB_CHARS
	   */

	  globChars(win32) {
	    return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
	  }
	};
	return constants;
}

/*global navigator*/

var hasRequiredUtils;

function requireUtils () {
	if (hasRequiredUtils) return utils;
	hasRequiredUtils = 1;
	(function (exports) {

		const {
		  REGEX_BACKSLASH,
		  REGEX_REMOVE_BACKSLASH,
		  REGEX_SPECIAL_CHARS,
		  REGEX_SPECIAL_CHARS_GLOBAL
		} = /*@__PURE__*/ requireConstants();

		exports.isObject = val => val !== null && typeof val === 'object' && !Array.isArray(val);
		exports.hasRegexChars = str => REGEX_SPECIAL_CHARS.test(str);
		exports.isRegexChar = str => str.length === 1 && exports.hasRegexChars(str);
		exports.escapeRegex = str => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, '\\$1');
		exports.toPosixSlashes = str => str.replace(REGEX_BACKSLASH, '/');

		exports.isWindows = () => {
		  if (typeof navigator !== 'undefined' && navigator.platform) {
		    const platform = navigator.platform.toLowerCase();
		    return platform === 'win32' || platform === 'windows';
		  }

		  if (typeof process !== 'undefined' && process.platform) {
		    return process.platform === 'win32';
		  }

		  return false;
		};

		exports.removeBackslashes = str => {
		  return str.replace(REGEX_REMOVE_BACKSLASH, match => {
		    return match === '\\' ? '' : match;
		  });
		};

		exports.escapeLast = (input, char, lastIdx) => {
		  const idx = input.lastIndexOf(char, lastIdx);
		  if (idx === -1) return input;
		  if (input[idx - 1] === '\\') return exports.escapeLast(input, char, idx - 1);
		  return `${input.slice(0, idx)}\\${input.slice(idx)}`;
		};

		exports.removePrefix = (input, state = {}) => {
		  let output = input;
		  if (output.startsWith('./')) {
		    output = output.slice(2);
		    state.prefix = './';
		  }
		  return output;
		};

		exports.wrapOutput = (input, state = {}, options = {}) => {
		  const prepend = options.contains ? '' : '^';
		  const append = options.contains ? '' : '$';

		  let output = `${prepend}(?:${input})${append}`;
		  if (state.negated === true) {
		    output = `(?:^(?!${output}).*$)`;
		  }
		  return output;
		};

		exports.basename = (path, { windows } = {}) => {
		  const segs = path.split(windows ? /[\\/]/ : '/');
		  const last = segs[segs.length - 1];

		  if (last === '') {
		    return segs[segs.length - 2];
		  }

		  return last;
		}; 
	} (utils));
	return utils;
}

var scan_1;
var hasRequiredScan;

function requireScan () {
	if (hasRequiredScan) return scan_1;
	hasRequiredScan = 1;

	const utils = /*@__PURE__*/ requireUtils();
	const {
	  CHAR_ASTERISK,             /* * */
	  CHAR_AT,                   /* @ */
	  CHAR_BACKWARD_SLASH,       /* \ */
	  CHAR_COMMA,                /* , */
	  CHAR_DOT,                  /* . */
	  CHAR_EXCLAMATION_MARK,     /* ! */
	  CHAR_FORWARD_SLASH,        /* / */
	  CHAR_LEFT_CURLY_BRACE,     /* { */
	  CHAR_LEFT_PARENTHESES,     /* ( */
	  CHAR_LEFT_SQUARE_BRACKET,  /* [ */
	  CHAR_PLUS,                 /* + */
	  CHAR_QUESTION_MARK,        /* ? */
	  CHAR_RIGHT_CURLY_BRACE,    /* } */
	  CHAR_RIGHT_PARENTHESES,    /* ) */
	  CHAR_RIGHT_SQUARE_BRACKET  /* ] */
	} = /*@__PURE__*/ requireConstants();

	const isPathSeparator = code => {
	  return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
	};

	const depth = token => {
	  if (token.isPrefix !== true) {
	    token.depth = token.isGlobstar ? Infinity : 1;
	  }
	};

	/**
	 * Quickly scans a glob pattern and returns an object with a handful of
	 * useful properties, like `isGlob`, `path` (the leading non-glob, if it exists),
	 * `glob` (the actual pattern), `negated` (true if the path starts with `!` but not
	 * with `!(`) and `negatedExtglob` (true if the path starts with `!(`).
	 *
	 * ```js
	 * const pm = require('picomatch');
	 * console.log(pm.scan('foo/bar/*.js'));
	 * { isGlob: true, input: 'foo/bar/*.js', base: 'foo/bar', glob: '*.js' }
	 * ```
	 * @param {String} `str`
	 * @param {Object} `options`
	 * @return {Object} Returns an object with tokens and regex source string.
	 * @api public
	 */

	const scan = (input, options) => {
	  const opts = options || {};

	  const length = input.length - 1;
	  const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
	  const slashes = [];
	  const tokens = [];
	  const parts = [];

	  let str = input;
	  let index = -1;
	  let start = 0;
	  let lastIndex = 0;
	  let isBrace = false;
	  let isBracket = false;
	  let isGlob = false;
	  let isExtglob = false;
	  let isGlobstar = false;
	  let braceEscaped = false;
	  let backslashes = false;
	  let negated = false;
	  let negatedExtglob = false;
	  let finished = false;
	  let braces = 0;
	  let prev;
	  let code;
	  let token = { value: '', depth: 0, isGlob: false };

	  const eos = () => index >= length;
	  const peek = () => str.charCodeAt(index + 1);
	  const advance = () => {
	    prev = code;
	    return str.charCodeAt(++index);
	  };

	  while (index < length) {
	    code = advance();
	    let next;

	    if (code === CHAR_BACKWARD_SLASH) {
	      backslashes = token.backslashes = true;
	      code = advance();

	      if (code === CHAR_LEFT_CURLY_BRACE) {
	        braceEscaped = true;
	      }
	      continue;
	    }

	    if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
	      braces++;

	      while (eos() !== true && (code = advance())) {
	        if (code === CHAR_BACKWARD_SLASH) {
	          backslashes = token.backslashes = true;
	          advance();
	          continue;
	        }

	        if (code === CHAR_LEFT_CURLY_BRACE) {
	          braces++;
	          continue;
	        }

	        if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
	          isBrace = token.isBrace = true;
	          isGlob = token.isGlob = true;
	          finished = true;

	          if (scanToEnd === true) {
	            continue;
	          }

	          break;
	        }

	        if (braceEscaped !== true && code === CHAR_COMMA) {
	          isBrace = token.isBrace = true;
	          isGlob = token.isGlob = true;
	          finished = true;

	          if (scanToEnd === true) {
	            continue;
	          }

	          break;
	        }

	        if (code === CHAR_RIGHT_CURLY_BRACE) {
	          braces--;

	          if (braces === 0) {
	            braceEscaped = false;
	            isBrace = token.isBrace = true;
	            finished = true;
	            break;
	          }
	        }
	      }

	      if (scanToEnd === true) {
	        continue;
	      }

	      break;
	    }

	    if (code === CHAR_FORWARD_SLASH) {
	      slashes.push(index);
	      tokens.push(token);
	      token = { value: '', depth: 0, isGlob: false };

	      if (finished === true) continue;
	      if (prev === CHAR_DOT && index === (start + 1)) {
	        start += 2;
	        continue;
	      }

	      lastIndex = index + 1;
	      continue;
	    }

	    if (opts.noext !== true) {
	      const isExtglobChar = code === CHAR_PLUS
	        || code === CHAR_AT
	        || code === CHAR_ASTERISK
	        || code === CHAR_QUESTION_MARK
	        || code === CHAR_EXCLAMATION_MARK;

	      if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
	        isGlob = token.isGlob = true;
	        isExtglob = token.isExtglob = true;
	        finished = true;
	        if (code === CHAR_EXCLAMATION_MARK && index === start) {
	          negatedExtglob = true;
	        }

	        if (scanToEnd === true) {
	          let parens = 0;

	          while (eos() !== true && (code = advance())) {
	            if (code === CHAR_BACKWARD_SLASH) {
	              backslashes = token.backslashes = true;
	              advance();
	              continue;
	            }

	            if (code === CHAR_LEFT_PARENTHESES) {
	              parens++;
	              continue;
	            }

	            if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
	              finished = true;
	              break;
	            }
	          }
	          continue;
	        }
	        break;
	      }
	    }

	    if (code === CHAR_ASTERISK) {
	      if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
	      isGlob = token.isGlob = true;
	      finished = true;

	      if (scanToEnd === true) {
	        continue;
	      }
	      break;
	    }

	    if (code === CHAR_QUESTION_MARK) {
	      isGlob = token.isGlob = true;
	      finished = true;

	      if (scanToEnd === true) {
	        continue;
	      }
	      break;
	    }

	    if (code === CHAR_LEFT_SQUARE_BRACKET) {
	      while (eos() !== true && (next = advance())) {
	        if (next === CHAR_BACKWARD_SLASH) {
	          backslashes = token.backslashes = true;
	          advance();
	          continue;
	        }

	        if (next === CHAR_RIGHT_SQUARE_BRACKET) {
	          isBracket = token.isBracket = true;
	          isGlob = token.isGlob = true;
	          finished = true;
	          break;
	        }
	      }

	      if (scanToEnd === true) {
	        continue;
	      }

	      break;
	    }

	    if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
	      negated = token.negated = true;
	      start++;
	      continue;
	    }

	    if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
	      isGlob = token.isGlob = true;

	      if (scanToEnd === true) {
	        let parens = 1;

	        while (eos() !== true && (code = advance())) {
	          if (code === CHAR_BACKWARD_SLASH) {
	            backslashes = token.backslashes = true;
	            advance();
	            continue;
	          }

	          if (code === CHAR_LEFT_PARENTHESES) {
	            parens++;
	            continue;
	          }

	          if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
	            finished = true;
	            break;
	          }
	        }
	        continue;
	      }
	      break;
	    }

	    if (isGlob === true) {
	      finished = true;

	      if (scanToEnd === true) {
	        continue;
	      }

	      break;
	    }
	  }

	  if (opts.noext === true) {
	    isExtglob = false;
	    isGlob = false;
	  }

	  let base = str;
	  let prefix = '';
	  let glob = '';

	  if (start > 0) {
	    prefix = str.slice(0, start);
	    str = str.slice(start);
	    lastIndex -= start;
	  }

	  if (base && isGlob === true && lastIndex > 0) {
	    base = str.slice(0, lastIndex);
	    glob = str.slice(lastIndex);
	  } else if (isGlob === true) {
	    base = '';
	    glob = str;
	  } else {
	    base = str;
	  }

	  if (base && base !== '' && base !== '/' && base !== str) {
	    if (isPathSeparator(base.charCodeAt(base.length - 1))) {
	      base = base.slice(0, -1);
	    }
	  }

	  if (opts.unescape === true) {
	    if (glob) glob = utils.removeBackslashes(glob);

	    if (base && backslashes === true) {
	      base = utils.removeBackslashes(base);
	    }
	  }

	  const state = {
	    prefix,
	    input,
	    start,
	    base,
	    glob,
	    isBrace,
	    isBracket,
	    isGlob,
	    isExtglob,
	    isGlobstar,
	    negated,
	    negatedExtglob
	  };

	  if (opts.tokens === true) {
	    state.maxDepth = 0;
	    if (!isPathSeparator(code)) {
	      tokens.push(token);
	    }
	    state.tokens = tokens;
	  }

	  if (opts.parts === true || opts.tokens === true) {
	    let prevIndex;

	    for (let idx = 0; idx < slashes.length; idx++) {
	      const n = prevIndex !== undefined ? prevIndex + 1 : start;
	      const i = slashes[idx];
	      const value = input.slice(n, i);
	      if (opts.tokens) {
	        if (idx === 0 && start !== 0) {
	          tokens[idx].isPrefix = true;
	          tokens[idx].value = prefix;
	        } else {
	          tokens[idx].value = value;
	        }
	        depth(tokens[idx]);
	        state.maxDepth += tokens[idx].depth;
	      }
	      if (i >= start) {
	        parts.push(value);
	        prevIndex = i;
	      }
	    }

	    const n = prevIndex !== undefined ? prevIndex + 1 : start;
	    const value = input.slice(n);
	    parts.push(value);

	    if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
	      tokens[tokens.length - 1].value = value;
	      depth(tokens[tokens.length - 1]);
	      state.maxDepth += tokens[tokens.length - 1].depth;
	    }

	    state.slashes = slashes;
	    state.parts = parts;
	  }

	  return state;
	};

	scan_1 = scan;
	return scan_1;
}

var parse_1;
var hasRequiredParse;

function requireParse () {
	if (hasRequiredParse) return parse_1;
	hasRequiredParse = 1;

	const constants = /*@__PURE__*/ requireConstants();
	const utils = /*@__PURE__*/ requireUtils();

	/**
	 * Constants
	 */

	const {
	  MAX_LENGTH,
	  POSIX_REGEX_SOURCE,
	  REGEX_NON_SPECIAL_CHARS,
	  REGEX_SPECIAL_CHARS_BACKREF,
	  REPLACEMENTS
	} = constants;

	/**
	 * Helpers
	 */

	const expandRange = (args, options) => {
	  if (typeof options.expandRange === 'function') {
	    return options.expandRange(...args, options);
	  }

	  args.sort();
	  const value = `[${args.join('-')}]`;

	  try {
	    /* eslint-disable-next-line no-new */
	    new RegExp(value);
	  } catch (ex) {
	    return args.map(v => utils.escapeRegex(v)).join('..');
	  }

	  return value;
	};

	/**
	 * Create the message for a syntax error
	 */

	const syntaxError = (type, char) => {
	  return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
	};

	const splitTopLevel = input => {
	  const parts = [];
	  let bracket = 0;
	  let paren = 0;
	  let quote = 0;
	  let value = '';
	  let escaped = false;

	  for (const ch of input) {
	    if (escaped === true) {
	      value += ch;
	      escaped = false;
	      continue;
	    }

	    if (ch === '\\') {
	      value += ch;
	      escaped = true;
	      continue;
	    }

	    if (ch === '"') {
	      quote = quote === 1 ? 0 : 1;
	      value += ch;
	      continue;
	    }

	    if (quote === 0) {
	      if (ch === '[') {
	        bracket++;
	      } else if (ch === ']' && bracket > 0) {
	        bracket--;
	      } else if (bracket === 0) {
	        if (ch === '(') {
	          paren++;
	        } else if (ch === ')' && paren > 0) {
	          paren--;
	        } else if (ch === '|' && paren === 0) {
	          parts.push(value);
	          value = '';
	          continue;
	        }
	      }
	    }

	    value += ch;
	  }

	  parts.push(value);
	  return parts;
	};

	const isPlainBranch = branch => {
	  let escaped = false;

	  for (const ch of branch) {
	    if (escaped === true) {
	      escaped = false;
	      continue;
	    }

	    if (ch === '\\') {
	      escaped = true;
	      continue;
	    }

	    if (/[?*+@!()[\]{}]/.test(ch)) {
	      return false;
	    }
	  }

	  return true;
	};

	const normalizeSimpleBranch = branch => {
	  let value = branch.trim();
	  let changed = true;

	  while (changed === true) {
	    changed = false;

	    if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
	      value = value.slice(2, -1);
	      changed = true;
	    }
	  }

	  if (!isPlainBranch(value)) {
	    return;
	  }

	  return value.replace(/\\(.)/g, '$1');
	};

	const hasRepeatedCharPrefixOverlap = branches => {
	  const values = branches.map(normalizeSimpleBranch).filter(Boolean);

	  for (let i = 0; i < values.length; i++) {
	    for (let j = i + 1; j < values.length; j++) {
	      const a = values[i];
	      const b = values[j];
	      const char = a[0];

	      if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
	        continue;
	      }

	      if (a === b || a.startsWith(b) || b.startsWith(a)) {
	        return true;
	      }
	    }
	  }

	  return false;
	};

	const parseRepeatedExtglob = (pattern, requireEnd = true) => {
	  if ((pattern[0] !== '+' && pattern[0] !== '*') || pattern[1] !== '(') {
	    return;
	  }

	  let bracket = 0;
	  let paren = 0;
	  let quote = 0;
	  let escaped = false;

	  for (let i = 1; i < pattern.length; i++) {
	    const ch = pattern[i];

	    if (escaped === true) {
	      escaped = false;
	      continue;
	    }

	    if (ch === '\\') {
	      escaped = true;
	      continue;
	    }

	    if (ch === '"') {
	      quote = quote === 1 ? 0 : 1;
	      continue;
	    }

	    if (quote === 1) {
	      continue;
	    }

	    if (ch === '[') {
	      bracket++;
	      continue;
	    }

	    if (ch === ']' && bracket > 0) {
	      bracket--;
	      continue;
	    }

	    if (bracket > 0) {
	      continue;
	    }

	    if (ch === '(') {
	      paren++;
	      continue;
	    }

	    if (ch === ')') {
	      paren--;

	      if (paren === 0) {
	        if (requireEnd === true && i !== pattern.length - 1) {
	          return;
	        }

	        return {
	          type: pattern[0],
	          body: pattern.slice(2, i),
	          end: i
	        };
	      }
	    }
	  }
	};

	const buildCharClassStar = chars => {
	  const source = chars.length === 1
	    ? utils.escapeRegex(chars[0])
	    : `[${chars.map(ch => utils.escapeRegex(ch)).join('')}]`;

	  return `${source}*`;
	};

	const getStarExtglobSequenceChars = pattern => {
	  let index = 0;
	  const chars = [];

	  while (index < pattern.length) {
	    const match = parseRepeatedExtglob(pattern.slice(index), false);

	    if (!match || match.type !== '*') {
	      return;
	    }

	    const branches = splitTopLevel(match.body).map(branch => branch.trim());
	    if (branches.length !== 1) {
	      return;
	    }

	    const branch = normalizeSimpleBranch(branches[0]);
	    if (!branch || branch.length !== 1) {
	      return;
	    }

	    chars.push(branch);
	    index += match.end + 1;
	  }

	  if (chars.length < 1) {
	    return;
	  }

	  return chars;
	};

	const repeatedExtglobRecursion = pattern => {
	  let depth = 0;
	  let value = pattern.trim();
	  let match = parseRepeatedExtglob(value);

	  while (match) {
	    depth++;
	    value = match.body.trim();
	    match = parseRepeatedExtglob(value);
	  }

	  return depth;
	};

	const analyzeRepeatedExtglob = (body, options) => {
	  if (options.maxExtglobRecursion === false) {
	    return { risky: false };
	  }

	  const max =
	    typeof options.maxExtglobRecursion === 'number'
	      ? options.maxExtglobRecursion
	      : constants.DEFAULT_MAX_EXTGLOB_RECURSION;

	  const branches = splitTopLevel(body).map(branch => branch.trim());

	  if (branches.length > 1) {
	    if (
	      branches.some(branch => branch === '') ||
	      branches.some(branch => /^[*?]+$/.test(branch)) ||
	      hasRepeatedCharPrefixOverlap(branches)
	    ) {
	      return { risky: true };
	    }
	  }

	  // A repeated extglob is "risky" (prone to catastrophic backtracking) when a
	  // branch is itself a `*(...)` sequence, since that nests an unbounded quantifier
	  // inside the outer `+(...)`/`*(...)`. When *every* branch reduces to single
	  // characters we can emit one flat, ReDoS-safe character class that preserves the
	  // meaning of ALL branches (e.g. `+(*(a)|*(b))` -> `[ab]*`), rather than dropping
	  // every branch but the first.
	  const safeChars = [];
	  let sawStarSequence = false;
	  let combinable = true;

	  for (const branch of branches) {
	    const chars = getStarExtglobSequenceChars(branch);
	    if (chars) {
	      sawStarSequence = true;
	      safeChars.push(...chars);
	      continue;
	    }

	    const literal = normalizeSimpleBranch(branch);
	    if (literal && literal.length === 1) {
	      safeChars.push(literal);
	      continue;
	    }

	    combinable = false;

	    if (repeatedExtglobRecursion(branch) > max) {
	      return { risky: true };
	    }
	  }

	  if (sawStarSequence) {
	    return combinable
	      ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) }
	      : { risky: true };
	  }

	  return { risky: false };
	};

	/**
	 * Parse the given input string.
	 * @param {String} input
	 * @param {Object} options
	 * @return {Object}
	 */

	const parse = (input, options) => {
	  if (typeof input !== 'string') {
	    throw new TypeError('Expected a string');
	  }

	  input = REPLACEMENTS[input] || input;

	  const opts = { ...options };
	  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;

	  let len = input.length;
	  if (len > max) {
	    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
	  }

	  const bos = { type: 'bos', value: '', output: opts.prepend || '' };
	  const tokens = [bos];

	  const capture = opts.capture ? '' : '?:';

	  // create constants based on platform, for windows or posix
	  const PLATFORM_CHARS = constants.globChars(opts.windows);
	  const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);

	  const {
	    DOT_LITERAL,
	    PLUS_LITERAL,
	    SLASH_LITERAL,
	    ONE_CHAR,
	    DOTS_SLASH,
	    NO_DOT,
	    NO_DOT_SLASH,
	    NO_DOTS_SLASH,
	    QMARK,
	    QMARK_NO_DOT,
	    STAR,
	    START_ANCHOR
	  } = PLATFORM_CHARS;

	  const globstar = opts => {
	    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
	  };

	  const nodot = opts.dot ? '' : NO_DOT;
	  const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
	  let star = opts.bash === true ? globstar(opts) : STAR;

	  if (opts.capture) {
	    star = `(${star})`;
	  }

	  // minimatch options support
	  if (typeof opts.noext === 'boolean') {
	    opts.noextglob = opts.noext;
	  }

	  const state = {
	    input,
	    index: -1,
	    start: 0,
	    dot: opts.dot === true,
	    consumed: '',
	    output: '',
	    prefix: '',
	    backtrack: false,
	    negated: false,
	    brackets: 0,
	    braces: 0,
	    parens: 0,
	    quotes: 0,
	    globstar: false,
	    tokens
	  };

	  input = utils.removePrefix(input, state);
	  len = input.length;

	  const extglobs = [];
	  const braces = [];
	  const stack = [];
	  let prev = bos;
	  let value;

	  /**
	   * Tokenizing helpers
	   */

	  const eos = () => state.index === len - 1;
	  const peek = state.peek = (n = 1) => input[state.index + n];
	  const advance = state.advance = () => input[++state.index] || '';
	  const remaining = () => input.slice(state.index + 1);
	  const consume = (value = '', num = 0) => {
	    state.consumed += value;
	    state.index += num;
	  };

	  const append = token => {
	    state.output += token.output != null ? token.output : token.value;
	    consume(token.value);
	  };

	  const negate = () => {
	    let count = 1;

	    while (peek() === '!' && (peek(2) !== '(' || peek(3) === '?')) {
	      advance();
	      state.start++;
	      count++;
	    }

	    if (count % 2 === 0) {
	      return false;
	    }

	    state.negated = true;
	    state.start++;
	    return true;
	  };

	  const increment = type => {
	    state[type]++;
	    stack.push(type);
	  };

	  const decrement = type => {
	    state[type]--;
	    stack.pop();
	  };

	  /**
	   * Push tokens onto the tokens array. This helper speeds up
	   * tokenizing by 1) helping us avoid backtracking as much as possible,
	   * and 2) helping us avoid creating extra tokens when consecutive
	   * characters are plain text. This improves performance and simplifies
	   * lookbehinds.
	   */

	  const push = tok => {
	    if (prev.type === 'globstar') {
	      const isBrace = state.braces > 0 && (tok.type === 'comma' || tok.type === 'brace');
	      const isExtglob = tok.extglob === true || (extglobs.length && (tok.type === 'pipe' || tok.type === 'paren'));

	      if (tok.type !== 'slash' && tok.type !== 'paren' && !isBrace && !isExtglob) {
	        state.output = state.output.slice(0, -prev.output.length);
	        prev.type = 'star';
	        prev.value = '*';
	        prev.output = star;
	        state.output += prev.output;
	      }
	    }

	    if (extglobs.length && tok.type !== 'paren') {
	      extglobs[extglobs.length - 1].inner += tok.value;
	    }

	    if (tok.value || tok.output) append(tok);
	    if (prev && prev.type === 'text' && tok.type === 'text') {
	      prev.output = (prev.output || prev.value) + tok.value;
	      prev.value += tok.value;
	      return;
	    }

	    tok.prev = prev;
	    tokens.push(tok);
	    prev = tok;
	  };

	  const extglobOpen = (type, value) => {
	    const token = { ...EXTGLOB_CHARS[value], conditions: 1, inner: '' };

	    token.prev = prev;
	    token.parens = state.parens;
	    token.output = state.output;
	    token.startIndex = state.index;
	    token.tokensIndex = tokens.length;
	    const output = (opts.capture ? '(' : '') + token.open;

	    increment('parens');
	    push({ type, value, output: state.output ? '' : ONE_CHAR });
	    push({ type: 'paren', extglob: true, value: advance(), output });
	    extglobs.push(token);
	  };

	  const extglobClose = token => {
	    const literal = input.slice(token.startIndex, state.index + 1);
	    const body = input.slice(token.startIndex + 2, state.index);
	    const analysis = analyzeRepeatedExtglob(body, opts);

	    if ((token.type === 'plus' || token.type === 'star') && analysis.risky) {
	      const safeOutput = analysis.safeOutput
	        ? (token.output ? '' : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput)
	        : undefined;
	      const open = tokens[token.tokensIndex];

	      open.type = 'text';
	      open.value = literal;
	      open.output = safeOutput || utils.escapeRegex(literal);

	      for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
	        tokens[i].value = '';
	        tokens[i].output = '';
	        delete tokens[i].suffix;
	      }

	      state.output = token.output + open.output;
	      state.backtrack = true;

	      push({ type: 'paren', extglob: true, value, output: '' });
	      decrement('parens');
	      return;
	    }

	    let output = token.close + (opts.capture ? ')' : '');
	    let rest;

	    if (token.type === 'negate') {
	      let extglobStar = star;

	      if (token.inner && token.inner.length > 1 && token.inner.includes('/')) {
	        extglobStar = globstar(opts);
	      }

	      if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
	        output = token.close = `)$))${extglobStar}`;
	      }

	      if (token.inner.includes('*') && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
	        // Any non-magical string (`.ts`) or even nested expression (`.{ts,tsx}`) can follow after the closing parenthesis.
	        // In this case, we need to parse the string and use it in the output of the original pattern.
	        // Suitable patterns: `/!(*.d).ts`, `/!(*.d).{ts,tsx}`, `**/!(*-dbg).@(js)`.
	        //
	        // Disabling the `fastpaths` option due to a problem with parsing strings as `.ts` in the pattern like `**/!(*.d).ts`.
	        const expression = parse(rest, { ...options, fastpaths: false }).output;

	        output = token.close = `)${expression})${extglobStar})`;
	      }

	      if (token.prev.type === 'bos') {
	        state.negatedExtglob = true;
	      }
	    }

	    push({ type: 'paren', extglob: true, value, output });
	    decrement('parens');
	  };

	  /**
	   * Fast paths
	   */

	  if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
	    let backslashes = false;

	    let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
	      if (first === '\\') {
	        backslashes = true;
	        return m;
	      }

	      if (first === '?') {
	        if (esc) {
	          return esc + first + (rest ? QMARK.repeat(rest.length) : '');
	        }
	        if (index === 0) {
	          return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : '');
	        }
	        return QMARK.repeat(chars.length);
	      }

	      if (first === '.') {
	        return DOT_LITERAL.repeat(chars.length);
	      }

	      if (first === '*') {
	        if (esc) {
	          return esc + first + (rest ? star : '');
	        }
	        return star;
	      }
	      return esc ? m : `\\${m}`;
	    });

	    if (backslashes === true) {
	      if (opts.unescape === true) {
	        output = output.replace(/\\/g, '');
	      } else {
	        output = output.replace(/\\+/g, m => {
	          return m.length % 2 === 0 ? '\\\\' : (m ? '\\' : '');
	        });
	      }
	    }

	    if (output === input && opts.contains === true) {
	      state.output = input;
	      return state;
	    }

	    state.output = utils.wrapOutput(output, state, options);
	    return state;
	  }

	  /**
	   * Tokenize input until we reach end-of-string
	   */

	  while (!eos()) {
	    value = advance();

	    if (value === '\u0000') {
	      continue;
	    }

	    /**
	     * Escaped characters
	     */

	    if (value === '\\') {
	      const next = peek();

	      if (next === '/' && opts.bash !== true) {
	        continue;
	      }

	      if (next === '.' || next === ';') {
	        continue;
	      }

	      if (!next) {
	        value += '\\';
	        push({ type: 'text', value });
	        continue;
	      }

	      // collapse slashes to reduce potential for exploits
	      const match = /^\\+/.exec(remaining());
	      let slashes = 0;

	      if (match && match[0].length > 2) {
	        slashes = match[0].length;
	        state.index += slashes;
	        if (slashes % 2 !== 0) {
	          value += '\\';
	        }
	      }

	      if (opts.unescape === true) {
	        value = advance();
	      } else {
	        value += advance();
	      }

	      if (state.brackets === 0) {
	        push({ type: 'text', value });
	        continue;
	      }
	    }

	    /**
	     * If we're inside a regex character class, continue
	     * until we reach the closing bracket.
	     */

	    if (state.brackets > 0 && (value !== ']' || prev.value === '[' || prev.value === '[^')) {
	      if (opts.posix !== false && value === ':') {
	        const inner = prev.value.slice(1);
	        if (inner.includes('[')) {
	          prev.posix = true;

	          if (inner.includes(':')) {
	            const idx = prev.value.lastIndexOf('[');
	            const pre = prev.value.slice(0, idx);
	            const rest = prev.value.slice(idx + 2);
	            const posix = POSIX_REGEX_SOURCE[rest];
	            if (posix) {
	              prev.value = pre + posix;
	              state.backtrack = true;
	              advance();

	              if (!bos.output && tokens.indexOf(prev) === 1) {
	                bos.output = ONE_CHAR;
	              }
	              continue;
	            }
	          }
	        }
	      }

	      if ((value === '[' && peek() !== ':') || (value === '-' && peek() === ']')) {
	        value = `\\${value}`;
	      }

	      if (value === ']' && (prev.value === '[' || prev.value === '[^')) {
	        value = `\\${value}`;
	      }

	      if (opts.posix === true && value === '!' && prev.value === '[') {
	        value = '^';
	      }

	      prev.value += value;
	      append({ value });
	      continue;
	    }

	    /**
	     * If we're inside a quoted string, continue
	     * until we reach the closing double quote.
	     */

	    if (state.quotes === 1 && value !== '"') {
	      value = utils.escapeRegex(value);
	      prev.value += value;
	      append({ value });
	      continue;
	    }

	    /**
	     * Double quotes
	     */

	    if (value === '"') {
	      state.quotes = state.quotes === 1 ? 0 : 1;
	      if (opts.keepQuotes === true) {
	        push({ type: 'text', value });
	      }
	      continue;
	    }

	    /**
	     * Parentheses
	     */

	    if (value === '(') {
	      increment('parens');
	      push({ type: 'paren', value });
	      continue;
	    }

	    if (value === ')') {
	      if (state.parens === 0 && opts.strictBrackets === true) {
	        throw new SyntaxError(syntaxError('opening', '('));
	      }

	      const extglob = extglobs[extglobs.length - 1];
	      if (extglob && state.parens === extglob.parens + 1) {
	        extglobClose(extglobs.pop());
	        continue;
	      }

	      push({ type: 'paren', value, output: state.parens ? ')' : '\\)' });
	      decrement('parens');
	      continue;
	    }

	    /**
	     * Square brackets
	     */

	    if (value === '[') {
	      if (opts.nobracket === true || !remaining().includes(']')) {
	        if (opts.nobracket !== true && opts.strictBrackets === true) {
	          throw new SyntaxError(syntaxError('closing', ']'));
	        }

	        value = `\\${value}`;
	      } else {
	        increment('brackets');
	      }

	      push({ type: 'bracket', value });
	      continue;
	    }

	    if (value === ']') {
	      if (opts.nobracket === true || (prev && prev.type === 'bracket' && prev.value.length === 1)) {
	        push({ type: 'text', value, output: `\\${value}` });
	        continue;
	      }

	      if (state.brackets === 0) {
	        if (opts.strictBrackets === true) {
	          throw new SyntaxError(syntaxError('opening', '['));
	        }

	        push({ type: 'text', value, output: `\\${value}` });
	        continue;
	      }

	      decrement('brackets');

	      const prevValue = prev.value.slice(1);
	      if (prev.posix !== true && prevValue[0] === '^' && !prevValue.includes('/')) {
	        value = `/${value}`;
	      }

	      prev.value += value;
	      append({ value });

	      // when literal brackets are explicitly disabled
	      // assume we should match with a regex character class
	      if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
	        continue;
	      }

	      const escaped = utils.escapeRegex(prev.value);
	      state.output = state.output.slice(0, -prev.value.length);

	      // when literal brackets are explicitly enabled
	      // assume we should escape the brackets to match literal characters
	      if (opts.literalBrackets === true) {
	        state.output += escaped;
	        prev.value = escaped;
	        continue;
	      }

	      // when the user specifies nothing, try to match both
	      prev.value = `(${capture}${escaped}|${prev.value})`;
	      state.output += prev.value;
	      continue;
	    }

	    /**
	     * Braces
	     */

	    if (value === '{' && opts.nobrace !== true) {
	      increment('braces');

	      const open = {
	        type: 'brace',
	        value,
	        output: '(',
	        outputIndex: state.output.length,
	        tokensIndex: state.tokens.length
	      };

	      braces.push(open);
	      push(open);
	      continue;
	    }

	    if (value === '}') {
	      const brace = braces[braces.length - 1];

	      if (opts.nobrace === true || !brace) {
	        push({ type: 'text', value, output: value });
	        continue;
	      }

	      let output = ')';

	      if (brace.dots === true) {
	        const arr = tokens.slice();
	        const range = [];

	        for (let i = arr.length - 1; i >= 0; i--) {
	          tokens.pop();
	          if (arr[i].type === 'brace') {
	            break;
	          }
	          if (arr[i].type !== 'dots') {
	            range.unshift(arr[i].value);
	          }
	        }

	        output = expandRange(range, opts);
	        state.backtrack = true;
	      }

	      if (brace.comma !== true && brace.dots !== true) {
	        const out = state.output.slice(0, brace.outputIndex);
	        const toks = state.tokens.slice(brace.tokensIndex);
	        brace.value = brace.output = '\\{';
	        value = output = '\\}';
	        state.output = out;
	        for (const t of toks) {
	          state.output += (t.output || t.value);
	        }
	      }

	      push({ type: 'brace', value, output });
	      decrement('braces');
	      braces.pop();
	      continue;
	    }

	    /**
	     * Pipes
	     */

	    if (value === '|') {
	      if (extglobs.length > 0) {
	        extglobs[extglobs.length - 1].conditions++;
	      }
	      push({ type: 'text', value });
	      continue;
	    }

	    /**
	     * Commas
	     */

	    if (value === ',') {
	      let output = value;

	      const brace = braces[braces.length - 1];
	      if (brace && stack[stack.length - 1] === 'braces') {
	        brace.comma = true;
	        output = '|';
	      }

	      push({ type: 'comma', value, output });
	      continue;
	    }

	    /**
	     * Slashes
	     */

	    if (value === '/') {
	      // if the beginning of the glob is "./", advance the start
	      // to the current index, and don't add the "./" characters
	      // to the state. This greatly simplifies lookbehinds when
	      // checking for BOS characters like "!" and "." (not "./")
	      if (prev.type === 'dot' && state.index === state.start + 1) {
	        state.start = state.index + 1;
	        state.consumed = '';
	        state.output = '';
	        tokens.pop();
	        prev = bos; // reset "prev" to the first token
	        continue;
	      }

	      push({ type: 'slash', value, output: SLASH_LITERAL });
	      continue;
	    }

	    /**
	     * Dots
	     */

	    if (value === '.') {
	      if (state.braces > 0 && prev.type === 'dot') {
	        if (prev.value === '.') prev.output = DOT_LITERAL;
	        const brace = braces[braces.length - 1];
	        prev.type = 'dots';
	        prev.output += value;
	        prev.value += value;
	        brace.dots = true;
	        continue;
	      }

	      if ((state.braces + state.parens) === 0 && prev.type !== 'bos' && prev.type !== 'slash') {
	        push({ type: 'text', value, output: DOT_LITERAL });
	        continue;
	      }

	      push({ type: 'dot', value, output: DOT_LITERAL });
	      continue;
	    }

	    /**
	     * Question marks
	     */

	    if (value === '?') {
	      const isGroup = prev && prev.value === '(';
	      if (!isGroup && opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
	        extglobOpen('qmark', value);
	        continue;
	      }

	      if (prev && prev.type === 'paren') {
	        const next = peek();
	        let output = value;

	        if ((prev.value === '(' && !/[!=<:]/.test(next)) || (next === '<' && !/<([!=]|\w+>)/.test(remaining()))) {
	          output = `\\${value}`;
	        }

	        push({ type: 'text', value, output });
	        continue;
	      }

	      if (opts.dot !== true && (prev.type === 'slash' || prev.type === 'bos')) {
	        push({ type: 'qmark', value, output: QMARK_NO_DOT });
	        continue;
	      }

	      push({ type: 'qmark', value, output: QMARK });
	      continue;
	    }

	    /**
	     * Exclamation
	     */

	    if (value === '!') {
	      if (opts.noextglob !== true && peek() === '(') {
	        if (peek(2) !== '?' || !/[!=<:]/.test(peek(3))) {
	          extglobOpen('negate', value);
	          continue;
	        }
	      }

	      if (opts.nonegate !== true && state.index === 0) {
	        negate();
	        continue;
	      }
	    }

	    /**
	     * Plus
	     */

	    if (value === '+') {
	      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
	        extglobOpen('plus', value);
	        continue;
	      }

	      if ((prev && prev.value === '(') || opts.regex === false) {
	        push({ type: 'plus', value, output: PLUS_LITERAL });
	        continue;
	      }

	      if ((prev && (prev.type === 'bracket' || prev.type === 'paren' || prev.type === 'brace')) || state.parens > 0) {
	        push({ type: 'plus', value });
	        continue;
	      }

	      push({ type: 'plus', value: PLUS_LITERAL });
	      continue;
	    }

	    /**
	     * Plain text
	     */

	    if (value === '@') {
	      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
	        push({ type: 'at', extglob: true, value, output: '' });
	        continue;
	      }

	      push({ type: 'text', value });
	      continue;
	    }

	    /**
	     * Plain text
	     */

	    if (value !== '*') {
	      if (value === '$' || value === '^') {
	        value = `\\${value}`;
	      }

	      const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
	      if (match) {
	        value += match[0];
	        state.index += match[0].length;
	      }

	      push({ type: 'text', value });
	      continue;
	    }

	    /**
	     * Stars
	     */

	    if (prev && (prev.type === 'globstar' || prev.star === true)) {
	      prev.type = 'star';
	      prev.star = true;
	      prev.value += value;
	      prev.output = star;
	      state.backtrack = true;
	      state.globstar = true;
	      consume(value);
	      continue;
	    }

	    let rest = remaining();
	    if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
	      extglobOpen('star', value);
	      continue;
	    }

	    if (prev.type === 'star') {
	      if (opts.noglobstar === true) {
	        consume(value);
	        continue;
	      }

	      const prior = prev.prev;
	      const before = prior.prev;
	      const isStart = prior.type === 'slash' || prior.type === 'bos';
	      const afterStar = before && (before.type === 'star' || before.type === 'globstar');

	      if (opts.bash === true && (!isStart || (rest[0] && rest[0] !== '/'))) {
	        push({ type: 'star', value, output: '' });
	        continue;
	      }

	      const isBrace = state.braces > 0 && (prior.type === 'comma' || prior.type === 'brace');
	      const isExtglob = extglobs.length && (prior.type === 'pipe' || prior.type === 'paren');
	      if (!isStart && prior.type !== 'paren' && !isBrace && !isExtglob) {
	        push({ type: 'star', value, output: '' });
	        continue;
	      }

	      // strip consecutive `/**/`
	      while (rest.slice(0, 3) === '/**') {
	        const after = input[state.index + 4];
	        if (after && after !== '/') {
	          break;
	        }
	        rest = rest.slice(3);
	        consume('/**', 3);
	      }

	      // A globstar followed only by balanced closing parens is at the logical end of patterns like
	      // `test(/utils/**)` and `test?(/utils/**)`. Treat it as EOS so the trailing `/**` can match its
	      // parent path, except in negated extglobs where that would change the exclusion semantics.
	      const isEnd = eos() || (
	        state.parens > 0
	        && rest === ')'.repeat(state.parens)
	        && !extglobs.some(extglob => extglob.type === 'negate')
	      );

	      if (prior.type === 'bos' && eos()) {
	        prev.type = 'globstar';
	        prev.value += value;
	        prev.output = globstar(opts);
	        state.output = prev.output;
	        state.globstar = true;
	        consume(value);
	        continue;
	      }

	      if (prior.type === 'slash' && prior.prev.type !== 'bos' && !afterStar && isEnd) {
	        state.output = state.output.slice(0, -(prior.output + prev.output).length);
	        prior.output = `(?:${prior.output}`;

	        prev.type = 'globstar';
	        prev.output = globstar(opts) + (opts.strictSlashes ? ')' : '|$)');
	        prev.value += value;
	        state.globstar = true;
	        state.output += prior.output + prev.output;
	        consume(value);
	        continue;
	      }

	      if (prior.type === 'slash' && prior.prev.type !== 'bos' && rest[0] === '/') {
	        const end = rest[1] !== void 0 ? '|$' : '';

	        state.output = state.output.slice(0, -(prior.output + prev.output).length);
	        prior.output = `(?:${prior.output}`;

	        prev.type = 'globstar';
	        prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
	        prev.value += value;

	        state.output += prior.output + prev.output;
	        state.globstar = true;

	        consume(value + advance());

	        push({ type: 'slash', value: '/', output: '' });
	        continue;
	      }

	      if (prior.type === 'bos' && rest[0] === '/') {
	        prev.type = 'globstar';
	        prev.value += value;
	        prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
	        state.output = prev.output;
	        state.globstar = true;
	        consume(value + advance());
	        push({ type: 'slash', value: '/', output: '' });
	        continue;
	      }

	      // remove single star from output
	      state.output = state.output.slice(0, -prev.output.length);

	      // reset previous token to globstar
	      prev.type = 'globstar';
	      prev.output = globstar(opts);
	      prev.value += value;

	      // reset output with globstar
	      state.output += prev.output;
	      state.globstar = true;
	      consume(value);
	      continue;
	    }

	    const token = { type: 'star', value, output: star };

	    if (opts.bash === true) {
	      token.output = '.*?';
	      if (prev.type === 'bos' || prev.type === 'slash') {
	        token.output = nodot + token.output;
	      }
	      push(token);
	      continue;
	    }

	    if (prev && (prev.type === 'bracket' || prev.type === 'paren') && opts.regex === true) {
	      token.output = value;
	      push(token);
	      continue;
	    }

	    if (state.index === state.start || prev.type === 'slash' || prev.type === 'dot') {
	      if (prev.type === 'dot') {
	        state.output += NO_DOT_SLASH;
	        prev.output += NO_DOT_SLASH;

	      } else if (opts.dot === true) {
	        state.output += NO_DOTS_SLASH;
	        prev.output += NO_DOTS_SLASH;

	      } else {
	        state.output += nodot;
	        prev.output += nodot;
	      }

	      if (peek() !== '*') {
	        state.output += ONE_CHAR;
	        prev.output += ONE_CHAR;
	      }
	    }

	    push(token);
	  }

	  while (state.brackets > 0) {
	    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ']'));
	    state.output = utils.escapeLast(state.output, '[');
	    decrement('brackets');
	  }

	  while (state.parens > 0) {
	    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ')'));
	    state.output = utils.escapeLast(state.output, '(');
	    decrement('parens');
	  }

	  while (state.braces > 0) {
	    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', '}'));
	    state.output = utils.escapeLast(state.output, '{');
	    decrement('braces');
	  }

	  if (opts.strictSlashes !== true && (prev.type === 'star' || prev.type === 'bracket')) {
	    push({ type: 'maybe_slash', value: '', output: `${SLASH_LITERAL}?` });
	  }

	  // rebuild the output if we had to backtrack at any point
	  if (state.backtrack === true) {
	    state.output = '';

	    for (const token of state.tokens) {
	      state.output += token.output != null ? token.output : token.value;

	      if (token.suffix) {
	        state.output += token.suffix;
	      }
	    }
	  }

	  return state;
	};

	/**
	 * Fast paths for creating regular expressions for common glob patterns.
	 * This can significantly speed up processing and has very little downside
	 * impact when none of the fast paths match.
	 */

	parse.fastpaths = (input, options) => {
	  const opts = { ...options };
	  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
	  const len = input.length;
	  if (len > max) {
	    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
	  }

	  input = REPLACEMENTS[input] || input;

	  // create constants based on platform, for windows or posix
	  const {
	    DOT_LITERAL,
	    SLASH_LITERAL,
	    ONE_CHAR,
	    DOTS_SLASH,
	    NO_DOT,
	    NO_DOTS,
	    NO_DOTS_SLASH,
	    STAR,
	    START_ANCHOR
	  } = constants.globChars(opts.windows);

	  const nodot = opts.dot ? NO_DOTS : NO_DOT;
	  const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
	  const capture = opts.capture ? '' : '?:';
	  const state = { negated: false, prefix: '' };
	  let star = opts.bash === true ? '.*?' : STAR;

	  if (opts.capture) {
	    star = `(${star})`;
	  }

	  const globstar = opts => {
	    if (opts.noglobstar === true) return star;
	    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
	  };

	  const create = str => {
	    switch (str) {
	      case '*':
	        return `${nodot}${ONE_CHAR}${star}`;

	      case '.*':
	        return `${DOT_LITERAL}${ONE_CHAR}${star}`;

	      case '*.*':
	        return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

	      case '*/*':
	        return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;

	      case '**':
	        return nodot + globstar(opts);

	      case '**/*':
	        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;

	      case '**/*.*':
	        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

	      case '**/.*':
	        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;

	      default: {
	        const match = /^(.*?)\.(\w+)$/.exec(str);
	        if (!match) return;

	        const source = create(match[1]);
	        if (!source) return;

	        return source + DOT_LITERAL + match[2];
	      }
	    }
	  };

	  const output = utils.removePrefix(input, state);
	  let source = create(output);

	  if (source && opts.strictSlashes !== true) {
	    source += `${SLASH_LITERAL}?`;
	  }

	  return source;
	};

	parse_1 = parse;
	return parse_1;
}

var picomatch_1$1;
var hasRequiredPicomatch$1;

function requirePicomatch$1 () {
	if (hasRequiredPicomatch$1) return picomatch_1$1;
	hasRequiredPicomatch$1 = 1;

	const scan = /*@__PURE__*/ requireScan();
	const parse = /*@__PURE__*/ requireParse();
	const utils = /*@__PURE__*/ requireUtils();
	const constants = /*@__PURE__*/ requireConstants();
	const isObject = val => val && typeof val === 'object' && !Array.isArray(val);

	/**
	 * Creates a matcher function from one or more glob patterns. The
	 * returned function takes a string to match as its first argument,
	 * and returns true if the string is a match. The returned matcher
	 * function also takes a boolean as the second argument that, when true,
	 * returns an object with additional information.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch(glob[, options]);
	 *
	 * const isMatch = picomatch('*.!(*a)');
	 * console.log(isMatch('a.a')); //=> false
	 * console.log(isMatch('a.b')); //=> true
	 *
	 * // For environments without `node.js`, `picomatch/posix` provides you a dependency-free matcher, without automatic OS detection.
	 * const picomatch = require('picomatch/posix');
	 * // the same API, defaulting to posix paths
	 * const isMatch = picomatch('a/*');
	 * console.log(isMatch('a\\b')); //=> false
	 * console.log(isMatch('a/b')); //=> true
	 *
	 * // you can still configure the matcher function to accept windows paths
	 * const isMatch = picomatch('a/*', { options: windows });
	 * console.log(isMatch('a\\b')); //=> true
	 * console.log(isMatch('a/b')); //=> true
	 * ```
	 * @name picomatch
	 * @param {String|Array} `globs` One or more glob patterns.
	 * @param {Object=} `options`
	 * @return {Function=} Returns a matcher function.
	 * @api public
	 */

	const picomatch = (glob, options, returnState = false) => {
	  if (Array.isArray(glob)) {
	    const fns = glob.map(input => picomatch(input, options, returnState));
	    const arrayMatcher = str => {
	      for (const isMatch of fns) {
	        const state = isMatch(str);
	        if (state) return state;
	      }
	      return false;
	    };
	    return arrayMatcher;
	  }

	  const isState = isObject(glob) && glob.tokens && glob.input;

	  if (glob === '' || (typeof glob !== 'string' && !isState)) {
	    throw new TypeError('Expected pattern to be a non-empty string');
	  }

	  const opts = options || {};
	  const posix = opts.windows;
	  const regex = isState
	    ? picomatch.compileRe(glob, options)
	    : picomatch.makeRe(glob, options, false, true);

	  const state = regex.state;
	  delete regex.state;

	  let isIgnored = () => false;
	  if (opts.ignore) {
	    const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
	    isIgnored = picomatch(opts.ignore, ignoreOpts, returnState);
	  }

	  const matcher = (input, returnObject = false) => {
	    const { isMatch, match, output } = picomatch.test(input, regex, options, { glob, posix });
	    const result = { glob, state, regex, posix, input, output, match, isMatch };

	    if (typeof opts.onResult === 'function') {
	      opts.onResult(result);
	    }

	    if (isMatch === false) {
	      result.isMatch = false;
	      return returnObject ? result : false;
	    }

	    if (isIgnored(input)) {
	      if (typeof opts.onIgnore === 'function') {
	        opts.onIgnore(result);
	      }
	      result.isMatch = false;
	      return returnObject ? result : false;
	    }

	    if (typeof opts.onMatch === 'function') {
	      opts.onMatch(result);
	    }
	    return returnObject ? result : true;
	  };

	  if (returnState) {
	    matcher.state = state;
	  }

	  return matcher;
	};

	/**
	 * Test `input` with the given `regex`. This is used by the main
	 * `picomatch()` function to test the input string.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.test(input, regex[, options]);
	 *
	 * console.log(picomatch.test('foo/bar', /^(?:([^/]*?)\/([^/]*?))$/));
	 * // { isMatch: true, match: [ 'foo/', 'foo', 'bar' ], output: 'foo/bar' }
	 * ```
	 * @param {String} `input` String to test.
	 * @param {RegExp} `regex`
	 * @return {Object} Returns an object with matching info.
	 * @api public
	 */

	picomatch.test = (input, regex, options, { glob, posix } = {}) => {
	  if (typeof input !== 'string') {
	    throw new TypeError('Expected input to be a string');
	  }

	  if (input === '') {
	    return { isMatch: false, output: '' };
	  }

	  const opts = options || {};
	  const format = opts.format || (posix ? utils.toPosixSlashes : null);
	  let match = input === glob;
	  let output = (match && format) ? format(input) : input;

	  if (match === false) {
	    output = format ? format(input) : input;
	    match = output === glob;
	  }

	  if (match === false || opts.capture === true) {
	    if (opts.matchBase === true || opts.basename === true) {
	      match = picomatch.matchBase(input, regex, options, posix);
	    } else {
	      match = regex.exec(output);
	    }
	  }

	  return { isMatch: Boolean(match), match, output };
	};

	/**
	 * Match the basename of a filepath.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.matchBase(input, glob[, options]);
	 * console.log(picomatch.matchBase('foo/bar.js', '*.js'); // true
	 * ```
	 * @param {String} `input` String to test.
	 * @param {RegExp|String} `glob` Glob pattern or regex created by [.makeRe](#makeRe).
	 * @return {Boolean}
	 * @api public
	 */

	picomatch.matchBase = (input, glob, options, posix = options && options.windows) => {
	  const regex = glob instanceof RegExp ? glob : picomatch.makeRe(glob, options);
	  return regex.test(utils.basename(input, { windows: posix }));
	};

	/**
	 * Returns true if **any** of the given glob `patterns` match the specified `string`.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.isMatch(string, patterns[, options]);
	 *
	 * console.log(picomatch.isMatch('a.a', ['b.*', '*.a'])); //=> true
	 * console.log(picomatch.isMatch('a.a', 'b.*')); //=> false
	 * ```
	 * @param {String|Array} str The string to test.
	 * @param {String|Array} patterns One or more glob patterns to use for matching.
	 * @param {Object} [options] See available [options](#options).
	 * @return {Boolean} Returns true if any patterns match `str`
	 * @api public
	 */

	picomatch.isMatch = (str, patterns, options) => picomatch(patterns, options)(str);

	/**
	 * Parse a glob pattern to create the source string for a regular
	 * expression.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * const result = picomatch.parse(pattern[, options]);
	 * ```
	 * @param {String} `pattern`
	 * @param {Object} `options`
	 * @return {Object} Returns an object with useful properties and output to be used as a regex source string.
	 * @api public
	 */

	picomatch.parse = (pattern, options) => {
	  if (Array.isArray(pattern)) return pattern.map(p => picomatch.parse(p, options));
	  return parse(pattern, { ...options, fastpaths: false });
	};

	/**
	 * Scan a glob pattern to separate the pattern into segments.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.scan(input[, options]);
	 *
	 * const result = picomatch.scan('!./foo/*.js');
	 * console.log(result);
	 * { prefix: '!./',
	 *   input: '!./foo/*.js',
	 *   start: 3,
	 *   base: 'foo',
	 *   glob: '*.js',
	 *   isBrace: false,
	 *   isBracket: false,
	 *   isGlob: true,
	 *   isExtglob: false,
	 *   isGlobstar: false,
	 *   negated: true }
	 * ```
	 * @param {String} `input` Glob pattern to scan.
	 * @param {Object} `options`
	 * @return {Object} Returns an object with
	 * @api public
	 */

	picomatch.scan = (input, options) => scan(input, options);

	/**
	 * Compile a regular expression from the `state` object returned by the
	 * [parse()](#parse) method.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * const state = picomatch.parse('*.js');
	 * // picomatch.compileRe(state[, options]);
	 *
	 * console.log(picomatch.compileRe(state));
	 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
	 * ```
	 * @param {Object} `state`
	 * @param {Object} `options`
	 * @param {Boolean} `returnOutput` Intended for implementors, this argument allows you to return the raw output from the parser.
	 * @param {Boolean} `returnState` Adds the state to a `state` property on the returned regex. Useful for implementors and debugging.
	 * @return {RegExp}
	 * @api public
	 */

	picomatch.compileRe = (state, options, returnOutput = false, returnState = false) => {
	  if (returnOutput === true) {
	    return state.output;
	  }

	  const opts = options || {};
	  const prepend = opts.contains ? '' : '^';
	  const append = opts.contains ? '' : '$';

	  let source = `${prepend}(?:${state.output})${append}`;
	  if (state && state.negated === true) {
	    source = `^(?!${source}).*$`;
	  }

	  const regex = picomatch.toRegex(source, options);
	  if (returnState === true) {
	    regex.state = state;
	  }

	  return regex;
	};

	/**
	 * Create a regular expression from a parsed glob pattern.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.makeRe(state[, options]);
	 *
	 * const result = picomatch.makeRe('*.js');
	 * console.log(result);
	 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
	 * ```
	 * @param {String} `state` The object returned from the `.parse` method.
	 * @param {Object} `options`
	 * @param {Boolean} `returnOutput` Implementors may use this argument to return the compiled output, instead of a regular expression. This is not exposed on the options to prevent end-users from mutating the result.
	 * @param {Boolean} `returnState` Implementors may use this argument to return the state from the parsed glob with the returned regular expression.
	 * @return {RegExp} Returns a regex created from the given pattern.
	 * @api public
	 */

	picomatch.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
	  if (!input || typeof input !== 'string') {
	    throw new TypeError('Expected a non-empty string');
	  }

	  let parsed = { negated: false, fastpaths: true };

	  if (options.fastpaths !== false && (input[0] === '.' || input[0] === '*')) {
	    parsed.output = parse.fastpaths(input, options);
	  }

	  if (!parsed.output) {
	    parsed = parse(input, options);
	  }

	  return picomatch.compileRe(parsed, options, returnOutput, returnState);
	};

	/**
	 * Create a regular expression from the given regex source string.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.toRegex(source[, options]);
	 *
	 * const { output } = picomatch.parse('*.js');
	 * console.log(picomatch.toRegex(output));
	 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
	 * ```
	 * @param {String} `source` Regular expression source string.
	 * @param {Object} `options`
	 * @return {RegExp}
	 * @api public
	 */

	picomatch.toRegex = (source, options) => {
	  try {
	    const opts = options || {};
	    return new RegExp(source, opts.flags || (opts.nocase ? 'i' : ''));
	  } catch (err) {
	    if (options && options.debug === true) throw err;
	    return /$^/;
	  }
	};

	/**
	 * Picomatch constants.
	 * @return {Object}
	 */

	picomatch.constants = constants;

	/**
	 * Expose "picomatch"
	 */

	picomatch_1$1 = picomatch;
	return picomatch_1$1;
}

var picomatch_1;
var hasRequiredPicomatch;

function requirePicomatch () {
	if (hasRequiredPicomatch) return picomatch_1;
	hasRequiredPicomatch = 1;

	const pico = /*@__PURE__*/ requirePicomatch$1();
	const utils = /*@__PURE__*/ requireUtils();

	function picomatch(glob, options, returnState = false) {
	  // default to os.platform()
	  if (options && (options.windows === null || options.windows === undefined)) {
	    // don't mutate the original options object
	    options = { ...options, windows: utils.isWindows() };
	  }

	  return pico(glob, options, returnState);
	}

	Object.assign(picomatch, pico);
	picomatch_1 = picomatch;
	return picomatch_1;
}

var picomatchExports = /*@__PURE__*/ requirePicomatch();
var picomatch = /*@__PURE__*/getDefaultExportFromCjs(picomatchExports);

//#region src/utils.ts
const isReadonlyArray = Array.isArray;
const BACKSLASHES = /\\/g;
const DRIVE_RELATIVE_PATH = /^[A-Za-z]:$/;
const isWin = process.platform === "win32";
const ONLY_PARENT_DIRECTORIES = /^(\/?\.\.)+$/;
function getPartialMatcher(patterns, options = {}) {
	const patternsCount = patterns.length;
	const patternsParts = Array(patternsCount);
	const matchers = Array(patternsCount);
	let i, j;
	for (i = 0; i < patternsCount; i++) {
		const parts = splitPattern(patterns[i]);
		patternsParts[i] = parts;
		const partsCount = parts.length;
		const partMatchers = Array(partsCount);
		for (j = 0; j < partsCount; j++) partMatchers[j] = picomatch(parts[j], options);
		matchers[i] = partMatchers;
	}
	return (input) => {
		const inputParts = input.split("/");
		if (inputParts[0] === ".." && ONLY_PARENT_DIRECTORIES.test(input)) return true;
		for (i = 0; i < patternsCount; i++) {
			const patternParts = patternsParts[i];
			const matcher = matchers[i];
			const inputPatternCount = inputParts.length;
			const minParts = Math.min(inputPatternCount, patternParts.length);
			j = 0;
			while (j < minParts) {
				const part = patternParts[j];
				if (part.includes("/")) return true;
				if (!matcher[j](inputParts[j])) break;
				if (!options.noglobstar && part === "**") return true;
				j++;
			}
			if (j === inputPatternCount) return true;
		}
		return false;
	};
}
/* node:coverage ignore next 2 */
const WIN32_ROOT_DIR = /^[A-Z]:\/$/i;
const isRoot = isWin ? (p) => WIN32_ROOT_DIR.test(p) : (p) => p === "/";
function buildFormat(cwd, root, absolute) {
	if (cwd === root || root.startsWith(`${cwd}/`)) {
		if (absolute) {
			const start = cwd.length + +!isRoot(cwd);
			return (p, isDir) => p.slice(start, isDir ? -1 : void 0) || ".";
		}
		const prefix = root.slice(cwd.length + 1);
		if (prefix) return (p, isDir) => {
			if (p === ".") return prefix;
			const result = `${prefix}/${p}`;
			return isDir ? result.slice(0, -1) : result;
		};
		return (p, isDir) => isDir && p !== "." ? p.slice(0, -1) : p;
	}
	if (absolute) return (p) => posix.relative(cwd, p) || ".";
	return (p) => posix.relative(cwd, `${root}/${p}`) || ".";
}
function buildRelative(cwd, root) {
	if (root.startsWith(`${cwd}/`)) {
		const prefix = root.slice(cwd.length + 1);
		return (p) => `${prefix}/${p}`;
	}
	return (p) => {
		const result = posix.relative(cwd, `${root}/${p}`);
		return p[p.length - 1] === "/" && result !== "" ? `${result}/` : result || ".";
	};
}
function ensureNonDriveRelativePath(path) {
	return path.replace(DRIVE_RELATIVE_PATH, (match) => `${match}/`);
}
const splitPatternOptions = { parts: true };
function splitPattern(path) {
	var _result$parts;
	const result = picomatch.scan(path, splitPatternOptions);
	return ((_result$parts = result.parts) === null || _result$parts === void 0 ? void 0 : _result$parts.length) ? result.parts : [path];
}
const POSIX_UNESCAPED_GLOB_SYMBOLS = /(?<!\\)([()[\]{}*?|]|^!|[!+@](?=\()|\\(?![()[\]{}!*+?@|]))/g;
const WIN32_UNESCAPED_GLOB_SYMBOLS = /(?<!\\)([()[\]{}]|^!|[!+@](?=\())/g;
const escapePosixPath = (path) => path.replace(POSIX_UNESCAPED_GLOB_SYMBOLS, "\\$&");
const escapeWin32Path = (path) => path.replace(WIN32_UNESCAPED_GLOB_SYMBOLS, "\\$&");
/**
* Escapes a path's special characters depending on the platform.
* @see {@link https://superchupu.dev/tinyglobby/documentation#escapePath}
*/
/* node:coverage ignore next */
const escapePath = isWin ? escapeWin32Path : escapePosixPath;
/**
* Checks if a pattern has dynamic parts.
*
* Has a few minor differences with [`fast-glob`](https://github.com/mrmlnc/fast-glob) for better accuracy:
*
* - Doesn't necessarily return `false` on patterns that include `\`.
* - Returns `true` if the pattern includes parentheses, regardless of them representing one single pattern or not.
* - Returns `true` for unfinished glob extensions i.e. `(h`, `+(h`.
* - Returns `true` for unfinished brace expansions as long as they include `,` or `..`.
*
* @see {@link https://superchupu.dev/tinyglobby/documentation#isDynamicPattern}
*/
function isDynamicPattern(pattern, options) {
	const scan = picomatch.scan(pattern);
	return scan.isGlob || scan.negated;
}
function log(...tasks) {
	console.log(`[tinyglobby ${(/* @__PURE__ */ new Date()).toLocaleTimeString("es")}]`, ...tasks);
}
function ensureStringArray(value) {
	return typeof value === "string" ? [value] : value !== null && value !== void 0 ? value : [];
}
//#endregion
//#region src/patterns.ts
const PARENT_DIRECTORY = /^(\/?\.\.)+/;
const ESCAPING_BACKSLASHES = /\\(?=[()[\]{}!*+?@|])/g;
function normalizePattern(pattern, opts, props, isIgnore) {
	var _PARENT_DIRECTORY$exe;
	const cwd = opts.cwd;
	let result = pattern;
	if (pattern[pattern.length - 1] === "/") result = pattern.slice(0, -1);
	if (result[result.length - 1] !== "*" && opts.expandDirectories) result += "/**";
	const escapedCwd = escapePath(cwd);
	result = isAbsolute(result.replace(ESCAPING_BACKSLASHES, "")) ? posix.relative(escapedCwd, result) : posix.normalize(result);
	const parentDir = (_PARENT_DIRECTORY$exe = PARENT_DIRECTORY.exec(result)) === null || _PARENT_DIRECTORY$exe === void 0 ? void 0 : _PARENT_DIRECTORY$exe[0];
	const parts = splitPattern(result);
	if (parentDir) {
		const n = (parentDir.length + 1) / 3;
		let i = 0;
		const cwdParts = escapedCwd.split("/");
		while (i < n && parts[i + n] === cwdParts[cwdParts.length + i - n]) {
			result = result.slice(0, (n - i - 1) * 3) + result.slice((n - i) * 3 + parts[i + n].length + 1) || ".";
			i++;
		}
		const potentialRoot = posix.join(cwd, parentDir.slice(i * 3));
		if (potentialRoot[0] !== "." && props.root.length > potentialRoot.length) {
			props.root = ensureNonDriveRelativePath(potentialRoot);
			props.depthOffset = -n + i;
		}
	}
	if (!isIgnore && props.depthOffset >= 0) {
		var _props$commonPath;
		(_props$commonPath = props.commonPath) !== null && _props$commonPath !== void 0 || (props.commonPath = parts);
		const newCommonPath = [];
		const length = Math.min(props.commonPath.length, parts.length);
		for (let i = 0; i < length; i++) {
			const part = parts[i];
			if (part === "**" && !parts[i + 1]) {
				newCommonPath.pop();
				break;
			}
			if (i === parts.length - 1 || part !== props.commonPath[i] || isDynamicPattern(part)) break;
			newCommonPath.push(part);
		}
		props.depthOffset = newCommonPath.length;
		props.commonPath = newCommonPath;
		props.root = ensureNonDriveRelativePath(newCommonPath.length > 0 ? posix.join(cwd, ...newCommonPath) : cwd);
	}
	return result;
}
function processPatterns(options, patterns, props) {
	const matchPatterns = [];
	const ignorePatterns = [];
	for (const pattern of options.ignore) {
		if (!pattern) continue;
		if (pattern[0] !== "!" || pattern[1] === "(") ignorePatterns.push(normalizePattern(pattern, options, props, true));
	}
	for (const pattern of patterns) {
		if (!pattern) continue;
		if (pattern[0] !== "!" || pattern[1] === "(") matchPatterns.push(normalizePattern(pattern, options, props, false));
		else if (pattern[1] !== "!" || pattern[2] === "(") ignorePatterns.push(normalizePattern(pattern.slice(1), options, props, true));
	}
	return {
		match: matchPatterns,
		ignore: ignorePatterns
	};
}
//#endregion
//#region src/crawler.ts
function buildCrawler(options, patterns) {
	const cwd = options.cwd;
	const props = {
		root: cwd,
		depthOffset: 0
	};
	const processed = processPatterns(options, patterns, props);
	if (options.debug) log("internal processing patterns:", processed);
	const { absolute, caseSensitiveMatch, debug, dot, followSymbolicLinks, onlyDirectories } = options;
	const root = props.root.replace(BACKSLASHES, "");
	const matchOptions = {
		dot,
		nobrace: options.braceExpansion === false,
		nocase: !caseSensitiveMatch,
		noextglob: options.extglob === false,
		noglobstar: options.globstar === false,
		posix: true
	};
	const matcher = picomatch(processed.match, matchOptions);
	const ignore = picomatch(processed.ignore, matchOptions);
	const partialMatcher = getPartialMatcher(processed.match, matchOptions);
	const format = buildFormat(cwd, root, absolute);
	const excludeFormatter = absolute ? format : buildFormat(cwd, root, true);
	const excludePredicate = (_, p) => {
		const relativePath = excludeFormatter(p, true);
		return relativePath !== "." && !partialMatcher(relativePath) || ignore(relativePath);
	};
	let maxDepth;
	if (options.deep !== void 0) maxDepth = Math.round(options.deep - props.depthOffset);
	const crawler = new Builder({
		filters: [debug ? (p, isDirectory) => {
			const path = format(p, isDirectory);
			const matches = matcher(path) && !ignore(path);
			if (matches) log(`matched ${path}`);
			return matches;
		} : (p, isDirectory) => {
			const path = format(p, isDirectory);
			return matcher(path) && !ignore(path);
		}],
		exclude: debug ? (_, p) => {
			const skipped = excludePredicate(_, p);
			log(`${skipped ? "skipped" : "crawling"} ${p}`);
			return skipped;
		} : excludePredicate,
		fs: options.fs,
		pathSeparator: "/",
		relativePaths: !absolute,
		resolvePaths: absolute,
		includeBasePath: absolute,
		resolveSymlinks: followSymbolicLinks,
		excludeSymlinks: !followSymbolicLinks,
		excludeFiles: onlyDirectories,
		includeDirs: onlyDirectories || !options.onlyFiles,
		maxDepth,
		signal: options.signal
	}).crawl(root);
	if (options.debug) log("internal properties:", {
		...props,
		root
	});
	return [crawler, cwd !== root && !absolute && buildRelative(cwd, root)];
}
//#endregion
//#region src/index.ts
function formatPaths(paths, mapper) {
	if (mapper) for (let i = paths.length - 1; i >= 0; i--) paths[i] = mapper(paths[i]);
	return paths;
}
const defaultOptions = {
	caseSensitiveMatch: true,
	debug: !!process.env.TINYGLOBBY_DEBUG,
	expandDirectories: true,
	followSymbolicLinks: true,
	onlyFiles: true
};
function getOptions(options) {
	const opts = Object.assign({}, options);
	for (const key in defaultOptions) if (opts[key] === void 0) Object.assign(opts, { [key]: defaultOptions[key] });
	opts.cwd = (opts.cwd instanceof URL ? fileURLToPath(opts.cwd) : resolve(opts.cwd || process.cwd())).replace(BACKSLASHES, "/");
	opts.ignore = ensureStringArray(opts.ignore);
	opts.fs && (opts.fs = {
		readdir: opts.fs.readdir || readdir,
		readdirSync: opts.fs.readdirSync || readdirSync,
		realpath: opts.fs.realpath || realpath,
		realpathSync: opts.fs.realpathSync || realpathSync$1,
		stat: opts.fs.stat || stat,
		statSync: opts.fs.statSync || statSync$1
	});
	if (opts.debug) log("globbing with options:", opts);
	return opts;
}
function getCrawler(globInput, inputOptions = {}) {
	var _ref;
	if (globInput && (inputOptions === null || inputOptions === void 0 ? void 0 : inputOptions.patterns)) throw new Error("Cannot pass patterns as both an argument and an option");
	const isModern = isReadonlyArray(globInput) || typeof globInput === "string";
	const patterns = ensureStringArray((_ref = isModern ? globInput : globInput.patterns) !== null && _ref !== void 0 ? _ref : "**/*");
	const options = getOptions(isModern ? inputOptions : globInput);
	return patterns.length > 0 ? buildCrawler(options, patterns) : [];
}
async function glob(globInput, options) {
	const [crawler, relative] = getCrawler(globInput, options);
	return crawler ? formatPaths(await crawler.withPromise(), relative) : [];
}

/**
 * Plain UTF-16 code-unit order: the same on every machine and in every locale, unlike
 * `localeCompare`, so sorted lists (reports, manifests, plans) never differ between runs.
 */
function compareCodeUnits(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** Never content, at any depth: dependencies and git internals. */
const ALWAYS_EXCLUDED = ["**/node_modules/**", "**/.git/**"];
/**
 * The content files under `root` matching `patterns` (`!pattern` excludes), as sorted
 * repository-relative POSIX paths.
 *
 * Symbolic links are not followed and symlinked files are not listed: a link to a
 * directory outside the repository must not pull foreign files in, links inside it would
 * list the same file twice, and the atomic rewrite (temp file + rename) would replace the
 * link instead of editing its target. The target itself is listed when it is in the
 * repository and matches.
 */
async function scanContent(root, patterns) {
    const lines = patterns.map((pattern) => pattern.trim()).filter((pattern) => pattern !== "");
    const include = lines.filter((pattern) => !pattern.startsWith("!"));
    const exclude = lines
        .filter((pattern) => pattern.startsWith("!"))
        .map((pattern) => pattern.slice(1));
    if (include.length === 0) {
        throw new InputError("content", "content has no include pattern; list globs of content files such as **/*.md (lines starting with ! only exclude).");
    }
    const found = await glob(include, {
        cwd: root,
        ignore: [...ALWAYS_EXCLUDED, ...exclude],
        dot: true,
        onlyFiles: true,
        followSymbolicLinks: false,
        expandDirectories: false,
    });
    // Patterns such as `../other/*.md` or absolute ones can reach outside the repository.
    const realRoot = await realpath$1(root);
    const inside = found
        .map((file) => file.split(path.sep).join("/"))
        .filter((file) => !file.startsWith("../") && !path.isAbsolute(file))
        .filter((file) => file !== "" && isInside(realRoot, path.resolve(realRoot, file)));
    return [...new Set(inside)].sort(compareCodeUnits);
}

/**
 * Which generator site a content file belongs to: the nearest folder above it (up to the
 * repository root) holding the generator's configuration. Docusaurus's `@site/` alias and
 * `static/`, and Astro's content collection schema, are relative to that folder.
 */
const SCRIPT_EXTENSIONS = ["js", "ts", "mjs", "cjs", "mts", "cts"];
const DOCUSAURUS_CONFIGS = SCRIPT_EXTENSIONS.map((ext) => `docusaurus.config.${ext}`);
const ASTRO_CONFIGS = SCRIPT_EXTENSIONS.map((ext) => `astro.config.${ext}`);
/** Astro 5's `src/content.config.*`, then Astro 2–4's `src/content/config.*`. */
const ASTRO_SCHEMAS = [
    ...SCRIPT_EXTENSIONS.map((ext) => `src/content.config.${ext}`),
    ...SCRIPT_EXTENSIONS.map((ext) => `src/content/config.${ext}`),
];
/**
 * One directory read per folder, shared by every lookup of configuration files: a blog of
 * 400 post folders would otherwise cost a stat per folder and per name looked for (six
 * Astro configs, six Docusaurus ones, about fifty generator markers).
 */
function folderNames(root) {
    const byFolder = new Map();
    return (folder) => {
        let names = byFolder.get(folder);
        if (!names) {
            try {
                names = new Set(readdirSync$1(path.join(root, folder)));
            }
            catch {
                names = new Set();
            }
            byFolder.set(folder, names);
        }
        return names;
    };
}
/** `siteOf(file)` → repository-relative folder (`.` at the root) holding one of `configNames`. */
function siteFolders(root, configNames, names = folderNames(root)) {
    const byFolder = new Map();
    const siteOfFolder = (folder) => {
        if (byFolder.has(folder))
            return byFolder.get(folder);
        // Listed, then confirmed: a dangling symlink is listed but names no configuration.
        const listed = names(folder);
        const hasConfig = configNames.some((name) => listed.has(name) && existsSync(path.join(root, folder, name)));
        const parent = folder === "." ? undefined : path.posix.dirname(folder);
        const site = hasConfig ? folder : parent === undefined ? undefined : siteOfFolder(parent);
        byFolder.set(folder, site);
        return site;
    };
    return (file) => siteOfFolder(path.posix.dirname(file));
}
/** The first of `names` that exists in `folder`, repository-relative. */
function firstExisting(root, folder, names) {
    const name = names.find((candidate) => existsSync(path.join(root, folder, candidate)));
    return name === undefined ? undefined : path.posix.join(folder, name);
}

/**
 * Which generator renders a content file: the nearest folder above it (up to the
 * repository root) holding a generator's configuration. A monorepo can hold a Docusaurus
 * `docs/` beside a Hugo `blog/`. Each site is described once, with the file that told.
 */
const SCRIPT = ["js", "mjs", "cjs", "ts", "mts", "cts"];
const named = (base, extensions) => extensions.map((ext) => `${base}.${ext}`);
/** Marker files per generator, in the order they are tried within one folder. */
const MARKERS = [
    { generator: "docusaurus", names: named("docusaurus.config", SCRIPT) },
    { generator: "astro", names: named("astro.config", SCRIPT) },
    { generator: "hugo", names: named("hugo", ["toml", "yaml", "yml", "json"]) },
    { generator: "jekyll-or-hexo", names: ["_config.yml", "_config.yaml"] },
    {
        generator: "eleventy",
        names: [...named("eleventy.config", SCRIPT), ".eleventy.js", ".eleventy.cjs"],
    },
    { generator: "mkdocs", names: ["mkdocs.yml", "mkdocs.yaml"] },
    { generator: "vitepress", names: named(".vitepress/config", SCRIPT) },
    { generator: "docfx", names: ["docfx.json"] },
    { generator: "quartz", names: ["quartz.config.ts", "quartz.config.js"] },
];
/** A Hugo site's old config name, told apart from other `config.*` files by Hugo's keys. */
const HUGO_CONFIGS = named("config", ["toml", "yaml", "yml", "json"]);
const HUGO_KEYS = /^\s*"?(?:baseURL|languageCode|defaultContentLanguage|\[params\]|\[menu\b)/m;
function createSiteDetector(root, names = folderNames(root)) {
    const byFolder = new Map();
    const siteOfFolder = (folder) => {
        if (byFolder.has(folder))
            return byFolder.get(folder);
        const parent = folder === "." ? undefined : path.posix.dirname(folder);
        const site = detectIn(root, folder, names(folder)) ??
            (parent === undefined ? undefined : siteOfFolder(parent));
        byFolder.set(folder, site);
        return site;
    };
    return (file) => siteOfFolder(path.posix.dirname(file));
}
/** The site whose configuration sits in `folder` itself, if any. */
function detectIn(root, folder, 
/** The folder's names, read once (site-folders.ts). */
listed) {
    const at = (name) => path.posix.join(folder, name);
    const exists = (name) => {
        const slash = name.indexOf("/");
        if (slash < 0)
            return listed.has(name);
        return listed.has(name.slice(0, slash)) && existsSync(path.join(root, folder, name));
    };
    for (const { generator, names } of MARKERS) {
        const name = names.find(exists);
        if (name === undefined)
            continue;
        if (generator === "jekyll-or-hexo" && isThemeFolder(root, folder))
            continue;
        if (generator === "jekyll-or-hexo") {
            const hexo = readText(root, at("package.json"))?.includes('"hexo"') ?? false;
            return { generator: hexo ? "hexo" : "jekyll", folder, evidence: at(name) };
        }
        if (generator === "quartz") {
            return { generator, folder: at("content"), evidence: at(name) };
        }
        if (generator === "mkdocs") {
            return { generator, folder, evidence: at(name), docsDir: mkdocsDocsDir(root, at(name)) };
        }
        return { generator, folder, evidence: at(name) };
    }
    const hugoConfig = HUGO_CONFIGS.find((name) => exists(name) && HUGO_KEYS.test(readText(root, at(name)) ?? ""));
    if (hugoConfig)
        return { generator: "hugo", folder, evidence: at(hugoConfig) };
    if (listed.has(".obsidian") && isDirectory(path.join(root, folder, ".obsidian"))) {
        return { generator: "obsidian", folder, evidence: at(".obsidian/") };
    }
    return undefined;
}
/**
 * `themes/<name>/_config.yml` of a Hexo site is the theme's settings, not a site: the
 * site is the folder holding `themes/`.
 */
function isThemeFolder(root, folder) {
    const parent = path.posix.dirname(folder);
    if (path.posix.basename(parent) !== "themes")
        return false;
    const site = path.posix.dirname(parent);
    return ["_config.yml", "_config.yaml"].some((name) => existsSync(path.join(root, site, name)));
}
/** `docs_dir: content` in mkdocs.yml; MkDocs' default is `docs`. */
function mkdocsDocsDir(root, config) {
    const match = /^docs_dir:\s*["']?([^"'#\r\n]+?)["']?\s*(?:#.*)?$/m.exec(readText(root, config) ?? "");
    return match?.[1]?.replace(/\/+$/, "") || "docs";
}
function readText(root, file) {
    try {
        return readFileSync(path.join(root, file), "utf8");
    }
    catch {
        return undefined;
    }
}
function isDirectory(absolute) {
    try {
        return statSync(absolute).isDirectory();
    }
    catch {
        return false;
    }
}

const PROFILES = {
    hugo: {
        label: "a Hugo site",
        syntaxes: ["hugo-shortcode"],
        staticDirs: ["static"],
        vault: false,
    },
    jekyll: {
        label: "a Jekyll site",
        syntaxes: ["liquid", "jekyll-include"],
        staticDirs: ["."],
        vault: false,
        frontMatterFromSiteRoot: true,
    },
    hexo: { label: "a Hexo site", syntaxes: ["hexo-tag"], staticDirs: ["source"], vault: false },
    astro: { label: "an Astro site", syntaxes: [], staticDirs: ["public"], vault: false },
    docusaurus: { label: "a Docusaurus site", syntaxes: [], staticDirs: ["static"], vault: false },
    // MkDocs serves docs_dir; detect.ts puts the configured folder first.
    mkdocs: { label: "an MkDocs site", syntaxes: [], staticDirs: ["docs"], vault: false },
    vitepress: { label: "a VitePress site", syntaxes: [], staticDirs: ["public"], vault: false },
    eleventy: {
        label: "an Eleventy site",
        syntaxes: ["liquid", "eleventy-image"],
        staticDirs: [".", "src"],
        vault: false,
    },
    docfx: { label: "a DocFX site", syntaxes: ["docfx-image"], staticDirs: ["."], vault: false },
    obsidian: {
        label: "an Obsidian vault",
        syntaxes: ["obsidian-embed"],
        staticDirs: ["."],
        vault: true,
    },
    // Quartz publishes the vault in content/; detect.ts makes that the site folder.
    quartz: { label: "a Quartz site", syntaxes: ["obsidian-embed"], staticDirs: ["."], vault: true },
};

/**
 * An Obsidian vault's files, for resolving names as Obsidian does: a name that is not
 * found relative to the note is looked up by path suffix anywhere in the vault,
 * case-insensitively and in Unicode NFC, the shortest path first. Two equally short
 * matches are ambiguous: Obsidian's pick depends on the writer's settings, so ours is none.
 */
/** Folders Obsidian does not index, or that are not content. */
const SKIPPED = new Set([".obsidian", ".trash", ".git", "node_modules"]);
class Vault {
    root;
    folder;
    files;
    /** `folder`: repository-relative vault root (`.` for the repository root). */
    constructor(root, folder) {
        this.root = root;
        this.folder = folder;
    }
    find(name) {
        const wanted = normalize(name.replace(/^(?:\.\/)+|^\/+/, ""));
        if (wanted === "")
            return { kind: "none" };
        const matches = this.list()
            .filter((file) => file.key === wanted || file.key.endsWith(`/${wanted}`))
            .map((file) => file.path)
            .sort((a, b) => depth(a) - depth(b) || a.length - b.length || (a < b ? -1 : 1));
        const [first, second] = matches;
        if (first === undefined)
            return { kind: "none" };
        if (second !== undefined && depth(second) === depth(first)) {
            return { kind: "ambiguous", paths: matches.filter((match) => depth(match) === depth(first)) };
        }
        return { kind: "found", path: first };
    }
    list() {
        if (this.files)
            return this.files;
        const files = [];
        const walk = (relative) => {
            let entries;
            try {
                entries = readdirSync$1(path.join(this.root, this.folder, relative), { withFileTypes: true });
            }
            catch {
                return;
            }
            for (const entry of entries) {
                const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
                // Symbolic links are not followed: a vault's files are the ones inside it.
                if (entry.isDirectory() && !SKIPPED.has(entry.name))
                    walk(child);
                else if (entry.isFile()) {
                    files.push({ path: path.posix.join(this.folder, child), key: normalize(child) });
                }
            }
        };
        walk("");
        this.files = files;
        return files;
    }
}
function normalize(name) {
    return name.normalize("NFC").toLowerCase();
}
function depth(file) {
    return file.split("/").length;
}

/**
 * What a content file's generator site changes about reading it: the generator (set, or
 * detected from the nearest configuration) and its syntaxes, static folders and vault;
 * Docusaurus's site folder (for `@site/` and `static/`); and the front-matter fields an
 * Astro content collection validates with `image()` (left local, counted per field).
 */
const REMOTE = /^[a-z][a-z0-9+.-]*:|^\/\//i;
class SiteContext {
    root;
    settings;
    docusaurusOf;
    astroOf;
    detect;
    schemas = new Map();
    vaults = new Map();
    shortcodes;
    /** Sites files were read as, by folder, for the log. */
    used = new Map();
    mismatched = new Map();
    /** "field\0schema file" → files whose field holds a local image left in place. */
    leftFieldCounts = new Map();
    constructor(root, settings) {
        this.root = root;
        this.settings = settings;
        const names = folderNames(root);
        this.docusaurusOf = siteFolders(root, DOCUSAURUS_CONFIGS, names);
        this.astroOf = siteFolders(root, ASTRO_CONFIGS, names);
        this.detect = createSiteDetector(root, names);
        this.shortcodes = shortcodeTable(settings.shortcodes);
    }
    optionsFor(file) {
        const docusaurusSite = /\.mdx$/i.test(file) ? this.docusaurusOf(file) : undefined;
        const site = this.generatorOf(file);
        const schema = this.astroSchemaOf(file);
        const keys = this.settings.frontMatterKeys;
        const frontMatterKeys = !schema
            ? keys
            : schema.unreadable
                ? []
                : keys.filter((key) => !schema.fields.has(key.split(/[.[]/, 1)[0] ?? key));
        return {
            ...(docusaurusSite === undefined ? {} : { docusaurusSite }),
            frontMatterKeys,
            syntaxes: site ? PROFILES[site.generator].syntaxes : [],
            frontMatterFromSiteRoot: site
                ? PROFILES[site.generator].frontMatterFromSiteRoot === true
                : false,
            shortcodes: this.shortcodes,
        };
    }
    /** The static folders and vault the resolver uses for `file`'s links. */
    fileSite(file) {
        const site = this.generatorOf(file);
        if (!site)
            return undefined;
        const profile = PROFILES[site.generator];
        const ownDirs = site.detected?.docsDir ? [site.detected.docsDir] : profile.staticDirs;
        const staticDirs = this.settings.staticDirsSet
            ? this.settings.staticDirs
            : ownDirs.map((dir) => path.posix.join(site.folder, dir));
        if (!profile.vault)
            return { staticDirs };
        let vault = this.vaults.get(site.folder);
        if (!vault) {
            vault = new Vault(this.root, site.folder);
            this.vaults.set(site.folder, vault);
        }
        return { staticDirs, vault };
    }
    /** The sites the files were read as: "blog/ is a Hugo site: blog/hugo.toml". */
    siteReports() {
        return [...this.used.values()].map(({ generator, folder, detected }) => {
            const where = folder === "." ? "The repository" : `${folder}/`;
            const label = PROFILES[generator].label;
            const set = this.settings.generator === "auto" ? "" : " (input generator)";
            const message = detected
                ? `${where} is ${label}${set}: ${detected.evidence}`
                : `${where} is read as ${label} (input generator).`;
            return { folder, generator, message };
        });
    }
    /** Sites detected as another generator than the input names: said, never silently ignored. */
    mismatchMessages() {
        return [...this.mismatched.values()].map((detected) => {
            const where = detected.folder === "." ? "The repository" : `${detected.folder}/`;
            const label = PROFILES[detected.generator].label;
            return `${where} looks like ${label} (${detected.evidence}), but input generator is ${this.settings.generator}: read as ${this.settings.generator}; set generator: auto to read each site as what it is.`;
        });
    }
    generatorOf(file) {
        const setting = this.settings.generator;
        if (setting === "none")
            return undefined;
        const detected = this.detect(file);
        let site;
        if (setting === "auto") {
            site = detected && { generator: detected.generator, folder: detected.folder, detected };
        }
        else if (detected?.generator === setting) {
            site = { generator: setting, folder: detected.folder, detected };
        }
        else {
            site = { generator: setting, folder: "." };
            if (detected)
                this.mismatched.set(detected.folder, detected);
        }
        if (site && !this.used.has(site.folder))
            this.used.set(site.folder, site);
        return site;
    }
    /**
     * Counts, per field, this file's local front-matter images that the schema keeps local.
     * Asynchronous because the front matter may need a parser not loaded yet (readers.ts).
     */
    async countLeftFields(file, bytes) {
        const schema = this.astroSchemaOf(file);
        if (!schema)
            return;
        const text = decodeUtf8(bytes);
        const block = text === undefined ? undefined : findFrontMatter(text, bomLength(text));
        if (text === undefined || !block)
            return;
        const fields = schema.unreadable ? this.settings.frontMatterKeys : [...schema.fields];
        // Decided before anything is counted: a read that stops for a parser starts over.
        const localFields = await untilLoaded(() => fields.filter((field) => frontMatterReferences(text, block, [field]).some((hit) => !REMOTE.test(hit.destination))));
        for (const field of localFields) {
            const key = `${field}\u0000${schema.file}\u0000${schema.unreadable}`;
            this.leftFieldCounts.set(key, (this.leftFieldCounts.get(key) ?? 0) + 1);
        }
    }
    /** The same, counted for the report. */
    leftFields() {
        return [...this.leftFieldCounts].map(([key, count]) => {
            const [field, schemaFile] = key.split("\u0000");
            return {
                reason: `in front-matter field ${field}, which ${schemaFile} validates with Astro's image(), left local (make it z.union([image(), z.string().url()]) to offload it)`,
                count,
            };
        });
    }
    /** One sentence per field left local because of Astro's image(). */
    leftFieldMessages() {
        return [...this.leftFieldCounts].map(([key, count]) => {
            const [field, schemaFile, unreadable] = key.split("\u0000");
            const files = `${field} (${count} file${count === 1 ? "" : "s"})`;
            const why = unreadable === "true"
                ? `is in a collection whose schema (${schemaFile}) could not be read, so it counts as validated by Astro's image()`
                : `is validated by Astro's image() in ${schemaFile}`;
            return `${files} ${why}, which refuses URLs: left local; make the schema \`z.union([image(), z.string().url()])\` to offload it.`;
        });
    }
    /**
     * Reads the content collection schema of every Astro site that holds one of `files`.
     * The TypeScript parser it takes (acorn and its TypeScript plugin, a quarter of the code
     * a run used to load at start) is imported only when such a schema exists.
     */
    async prepare(files) {
        for (const file of files) {
            const site = this.astroOf(file);
            if (site === undefined || this.schemas.has(site))
                continue;
            this.schemas.set(site, await this.readSchema(site));
        }
    }
    astroSchemaOf(file) {
        const site = this.astroOf(file);
        if (site === undefined)
            return undefined;
        if (!this.schemas.has(site))
            throw new Error(`SiteContext.prepare() did not see ${file}.`);
        return this.schemas.get(site);
    }
    async readSchema(site) {
        const file = firstExisting(this.root, site, ASTRO_SCHEMAS);
        if (file === undefined)
            return undefined;
        const source = decodeUtf8(readFileSync(path.join(this.root, file)));
        if (source === undefined)
            return { file, fields: new Set(), unreadable: true };
        const { astroImageFields } = await import('./astro-schema.js');
        return { file, ...astroImageFields(source) };
    }
}

/**
 * The read side of a run: content files → references → resolutions, with the warnings a
 * writer acts on (missing images, refused paths) at their file:line.
 */
/**
 * Every content file read and parsed, in order: its references, the images left to other
 * tools, and the warnings a writer acts on. A large run parses on two threads.
 */
async function collectReferences(root, files, settings, logger, extras = {}) {
    const all = [];
    const sites = new SiteContext(root, settings);
    await sites.prepare(files);
    const left = new Map();
    let embedsOutsideVault = 0;
    const { relevance } = extras;
    const units = files.reduce((sum, file) => sum + parseUnits(file), 0);
    const worker = extras.parseWorker && units >= PARALLEL_MIN_UNITS
        ? startParseWorker(extras.parseWorker)
        : undefined;
    const read = async (file) => {
        // Read synchronously on purpose: nothing else runs in this phase, and for thousands of
        // small text files one readFileSync costs a fifth of fs/promises' open/stat/read/close
        // trips (10,000 posts: 0.1 s instead of 0.5 s). Only the Astro field count may wait
        // (for a front-matter parser).
        const bytes = readFileSync(path.join(root, file));
        await sites.countLeftFields(file, bytes);
        const options = sites.optionsFor(file);
        // A vault committed without its .obsidian/ folder is not detected: say so, not silently.
        if (settings.generator === "auto" && !options.syntaxes?.length && bytes.includes("![[")) {
            embedsOutsideVault++;
        }
        return { file, bytes, options };
    };
    const take = ({ file, bytes }, parsed) => {
        for (const note of parsed.notes)
            noted(note, file, left, logger);
        if (parsed.references.length === 0 && decodeUtf8(bytes) === undefined) {
            const why = `${file} is not valid UTF-8, so its references were not read; save it as UTF-8.`;
            logger?.warning(why, { file });
        }
        for (const reference of parsed.references)
            all.push(reference);
    };
    const parseHere = (entry) => parseOne(entry.file, entry.bytes, { ...entry.options, ...(relevance ? { relevance } : {}) });
    if (!worker) {
        for (const [index, file] of files.entries()) {
            if (index % FILES_PER_TURN === FILES_PER_TURN - 1)
                await nextTurn();
            const entry = await read(file);
            take(entry, await parseHere(entry));
        }
    }
    else {
        try {
            const entries = [];
            for (const file of files)
                entries.push(await read(file));
            const parsed = await parseOnTwoThreads(entries, units, worker, parseHere, {
                relevance,
                logger,
            });
            for (const [index, entry] of entries.entries())
                take(entry, parsed[index] ?? { references: [], notes: [] });
        }
        finally {
            worker.close();
        }
    }
    const leftAlone = [...left].map(([reason, count]) => ({ reason, count }));
    const collected = { references: all, sites, left: [...leftAlone, ...sites.leftFields()] };
    if (logger)
        logCollected(collected, files.length, embedsOutsideVault, logger);
    return collected;
}
/**
 * The first half of the work parsed here while the worker parses the second; if the
 * worker fails, its share is parsed here too. Findings come back in file order.
 */
async function parseOnTwoThreads(entries, 
/** The parse units of all entries. */
units, worker, parseHere, { relevance, logger }) {
    let split = 0;
    for (let done = 0; split < entries.length && done * 2 < units; split++)
        done += parseUnits(entries[split]?.file ?? "");
    const theirShare = entries.slice(split);
    const jobs = theirShare.map(({ file, bytes, options }) => ({ file, bytes, options }));
    const theirs = worker.parse({ jobs, ...(relevance ? { relevance: relevance.spec } : {}) });
    const parsed = [];
    for (const [index, entry] of entries.slice(0, split).entries()) {
        if (index % FILES_PER_TURN === FILES_PER_TURN - 1)
            await nextTurn();
        parsed.push(await parseHere(entry));
    }
    try {
        parsed.push(...(await theirs));
    }
    catch (error) {
        logger?.debug(`The parse worker failed (${describeError(error)}); parsing here instead.`);
        for (const entry of theirShare)
            parsed.push(await parseHere(entry));
    }
    return parsed;
}
/** What was read, for the log: sites and why, destinations, what was left alone. */
function logCollected({ references, sites, left }, fileCount, embedsOutsideVault, logger) {
    for (const site of sites.siteReports())
        logger.info(site.message);
    for (const message of sites.mismatchMessages())
        logger.warning(message);
    logger.info(`${references.length} destination(s) in ${fileCount} file(s).`);
    const astroFields = new Set(sites.leftFields().map((field) => field.reason));
    for (const { reason, count } of left) {
        if (!astroFields.has(reason))
            logger.info(`${count} image(s) ${reason}.`);
    }
    for (const message of sites.leftFieldMessages())
        logger.info(message);
    if (embedsOutsideVault > 0) {
        logger.info(`${embedsOutsideVault} file(s) hold Obsidian embeds (![[…]]) outside any detected vault; if this is an Obsidian vault committed without its .obsidian/ folder, set generator: obsidian.`);
    }
}
/** An invalid MDX file is warned about at its line; images left to a bundler are counted. */
function noted(note, file, left, logger) {
    if (note.kind === "left") {
        left.set(note.reason, (left.get(note.reason) ?? 0) + 1);
        return;
    }
    logger?.warning(`${file} is not valid MDX (${note.reason}), so its images were left as they are; fix the MDX syntax.`, { file, line: note.line });
}
async function resolveAll(root, references, options, logger, sites, 
/** The run's file lookup, which the manifest's check may already have filled. */
files) {
    const resolve = createResolver({
        root,
        staticDirs: options.staticDirs,
        extensions: options.extensions,
        ...(sites ? { siteOf: (file) => sites.fileSite(file) } : {}),
        ...(files ? { files } : {}),
    });
    const resolved = [];
    // Lookups are synchronous (resolve.ts): a turn now and then lets answers already in (the
    // listing, the digest index) be read while thousands of references are resolved.
    const turn = sharedTurns();
    for (const reference of references) {
        const pause = turn();
        if (pause)
            await pause;
        const resolution = resolve(reference);
        resolved.push({ reference, resolution });
        const location = { file: reference.file, line: reference.line };
        if (resolution.status === "missing" && resolution.ambiguous) {
            logger?.warning(`Image name is ambiguous: ${reference.destination} matches ${resolution.candidates.join(", ")}; the link was left as it is; write the path from the vault root.`, location);
        }
        else if (resolution.status === "missing") {
            logger?.warning(`Image not found: ${reference.destination} (looked for ${resolution.candidates.join(", ")}); the link was left as it is.`, location);
        }
        else if (resolution.status === "refused") {
            logger?.warning(`Refused ${reference.destination}: ${resolution.reason}`, location);
        }
    }
    return resolved;
}
/**
 * Every local image path that some content file (all of them, whatever the run's scope)
 * still references, e.g. after a rewrite: what `delete-local` must never remove.
 */
async function locallyReferencedImages(root, options, 
/** Files whose links are already known (the run read them): not parsed again. */
alreadyRead = new Set()) {
    const files = (await scanContent(root, options.content)).filter((f) => !alreadyRead.has(f));
    // Only local images matter here.
    const relevance = relevanceOf(options.extensions);
    const { references, sites } = await collectReferences(root, files, options, undefined, {
        relevance,
    });
    const referenced = new Set();
    for (const { resolution } of await resolveAll(root, references, options, undefined, sites)) {
        if (resolution.status === "local")
            referenced.add(resolution.path);
    }
    return referenced;
}
function problems(resolved, status) {
    return resolved.flatMap(({ reference, resolution }) => {
        if (resolution.status === "refused" && status === "refused") {
            return [problem(reference, resolution.reason)];
        }
        if (resolution.status === "missing" && status === "missing") {
            const why = resolution.ambiguous ? "ambiguous (matches" : "not found (looked for";
            return [problem(reference, `${why} ${resolution.candidates.join(", ")})`)];
        }
        return [];
    });
}
function problem(reference, message) {
    return {
        file: reference.file,
        line: reference.line,
        destination: reference.destination,
        message,
    };
}
/** Each local image once, in path order: what the plan hashes. */
function distinctLocal(resolved) {
    const seen = new Map();
    for (const { resolution } of resolved) {
        if (resolution.status === "local" && !seen.has(resolution.path)) {
            const { path: imagePath, absolutePath, size } = resolution;
            const image = { path: imagePath, absolutePath };
            seen.set(imagePath, size === undefined ? image : { ...image, size });
        }
    }
    return [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Which planned images are already in storage, asked as cheaply as possible: one
 * ListObjectsV2 pass over the keys' common prefix (1 request per 1,000 objects) for large
 * runs, one HeadObject per image for small ones.
 */
/**
 * From this many candidate keys on, a listing replaces the HEADs. One listing page holds
 * 1,000 objects, so at 50 keys the listing still wins while the prefix holds fewer than
 * 50,000 objects; below it a run is a handful of requests either way.
 */
const LIST_MIN_KEYS = 50;
const NOTHING_KNOWN = { lookup: () => "unknown" };
/** The longest prefix every key shares (code units), e.g. `images/` with the default template. */
function commonPrefix(keys) {
    const [first, ...rest] = keys;
    if (first === undefined)
        return "";
    let length = first.length;
    for (const key of rest) {
        let same = 0;
        const limit = Math.min(length, key.length);
        while (same < limit && key.charCodeAt(same) === first.charCodeAt(same))
            same++;
        length = same;
        if (length === 0)
            break;
    }
    return first.slice(0, length);
}
/** What the listing says about `image`: `stored` is the listed object under its key, if any. */
function classify(image, stored) {
    if (!stored)
        return "absent";
    if (stored.size !== undefined && stored.size !== image.size)
        return "absent";
    // A listing that carries our sha256 metadata (Images) answers by itself; another sha256
    // goes to the upload, whose storage says what to do about it.
    if (stored.sha256 !== undefined)
        return stored.sha256.toLowerCase() === image.sha256.toLowerCase() ? "present" : "absent";
    if (stored.size === undefined)
        return "unknown";
    // Content-addressed key + size + MD5 of the stored bytes: the same content. Any other
    // ETag (multipart "<hex>-<n>", SSE-KMS) proves nothing either way, so HEAD reads sha256.
    if (stored.etag !== undefined && stored.etag.toLowerCase() === image.md5.toLowerCase())
        return "present";
    return "unknown";
}
/**
 * A listing's objects by key, made once per listing: the digest index, the uploads started
 * early and the upload stage all look keys up in the same listing (10,000 objects: one map
 * instead of three).
 */
const byKeyOfListing = new WeakMap();
function objectsByKey(objects) {
    let byKey = byKeyOfListing.get(objects);
    if (!byKey) {
        const made = new Map();
        for (const object of objects)
            made.set(object.key, object);
        byKeyOfListing.set(objects, made);
        byKey = made;
    }
    return byKey;
}
/**
 * Lists the common prefix of `images`' keys when there are at least LIST_MIN_KEYS of
 * them and they share a non-empty prefix (an empty one would walk the whole bucket, which
 * may hold a website's worth of unrelated objects). A listing that is refused
 * (AccessDenied: R2 tokens scoped to objects) or keeps failing falls back to HeadObject
 * per key with a notice; errors that every request would hit (no such bucket, wrong
 * credentials) still abort the run.
 */
async function indexByListing(images, storage, logger, 
/** False when the preflight was denied listing (R2 tokens scoped to objects). */
canList = true, 
/** A listing started while the images were hashed: used when every key is under its prefix. */
early) {
    if (images.length < LIST_MIN_KEYS)
        return NOTHING_KNOWN;
    if (!canList) {
        logger.info(`This key may not list the bucket; checking the ${images.length} images one HeadObject request each instead.`);
        return NOTHING_KNOWN;
    }
    const prefix = commonPrefix(images.map((image) => image.key));
    if (prefix === "" && storage.delivery.listing === "prefix") {
        logger.debug(`The ${images.length} keys share no prefix, so each is checked with HeadObject instead of listing the whole bucket.`);
        return NOTHING_KNOWN;
    }
    let listed;
    try {
        listed = await (early && prefix.startsWith(early.prefix)
            ? early.objects
            : storage.list(prefix));
    }
    catch (error) {
        if (error instanceof StorageError && error.code !== "AccessDenied")
            throw error;
        const why = error instanceof StorageError ? "listing is not allowed for this key" : describeError(error);
        logger.info(`Could not list "${prefix}" (${why}); checking the ${images.length} images one HeadObject request each instead.`);
        return NOTHING_KNOWN;
    }
    const byKey = objectsByKey(listed);
    const index = { lookup: (image) => classify(image, byKey.get(image.key)) };
    let present = 0;
    let toConfirm = 0;
    for (const image of images) {
        const existence = index.lookup(image);
        if (existence === "present")
            present++;
        else if (existence === "unknown")
            toConfirm++;
    }
    logger.info(`Listed ${listed.length} object(s) under "${prefix}": ${present} of ${images.length} image(s) already present${toConfirm > 0 ? `, ${toConfirm} to confirm with HeadObject` : ""}.`);
    return index;
}

/**
 * The digest index: what each image's git blob id hashed to on an earlier run, kept as one
 * small object in the bucket, where the next run finds it on a fresh runner. A run with
 * nothing new then reads no image: each digest comes from the index, and is used only when
 * the listing of the prefix shows its object with the same size and MD5. A missing, stale or
 * damaged index costs speed (the image is hashed), never a wrong link.
 */
/**
 * Beside the images, not under their prefix: the listing of the prefix stays one page per
 * 1,000 images. Its entries hold for any prefix (a blob's bytes do not depend on it).
 */
const DIGEST_INDEX_KEY = ".md-image-offload/digests-v1";
const HEADER = "md-image-offload digests v1";
const LINE = /^([0-9a-f]{40}|[0-9a-f]{64}) ([0-9a-f]{64}) ([0-9a-f]{32}) (\d{1,15}) (image\/[a-z0-9.+-]{1,40})$/;
/** The index's text; a line that is not exactly an entry is ignored, a wrong header empties it. */
function parseDigestIndex(text) {
    const index = new Map();
    const lines = text.split("\n");
    if (lines[0] !== HEADER)
        return index;
    for (const line of lines.slice(1)) {
        const match = LINE.exec(line);
        if (!match)
            continue;
        const [, blob = "", sha256 = "", md5 = "", size = "", contentType = ""] = match;
        index.set(blob, { sha256, md5, size: Number(size), contentType });
    }
    return index;
}
/** Sorted lines, one per blob, so two runs that know the same write the same bytes. */
function serializeDigestIndex(index) {
    const lines = [...index]
        .sort(([a], [b]) => compareCodeUnits(a, b))
        .map(([blob, d]) => `${blob} ${d.sha256} ${d.md5} ${d.size} ${d.contentType}`);
    return `${[HEADER, ...lines].join("\n")}\n`;
}
/** The index as storage holds it; empty when there is none or it cannot be read. */
async function readDigestIndex(storage, key, logger) {
    try {
        return parseDigestIndex((await storage.get(key)).toString("utf8"));
    }
    catch (error) {
        logger.debug(`No digest index read from ${key} (${describeError(error)}); images are hashed.`);
        return new Map();
    }
}
/** The blob id of the file at this absolute path, through the real root. */
function blobFinder(root, blobs) {
    let under;
    return (absolutePath) => {
        if (under === undefined) {
            const realRoot = realpathSync.native(root);
            under = realRoot.endsWith(path.sep) ? realRoot : `${realRoot}${path.sep}`;
        }
        // Asked thousands of times a run: a prefix test, not path.relative, for the usual case.
        if (!absolutePath.startsWith(under))
            return undefined;
        const relative = absolutePath.slice(under.length);
        if (DOT_DOT_SEGMENT.test(relative))
            return undefined;
        return blobs.get(path.sep === "/" ? relative : relative.split(path.sep).join("/"));
    };
}
/** A `..` segment, which would lead back out of the root (callers pass real paths: none). */
const DOT_DOT_SEGMENT = /(?:^|[\\/])\.\.(?:[\\/]|$)/;
/**
 * A digest from the index for a clean tracked file whose object the listing shows with the
 * same size and MD5; undefined (hash it) otherwise. The file's size must match too: the blob
 * is of git's cleaned bytes, which a filter or line-ending rule may change on checkout.
 */
function knownDigests(sources) {
    let hits = 0;
    const blobOf = blobFinder(sources.root, sources.blobs);
    let stored;
    const storedObjects = () => {
        stored ??= sources.listing.then((objects) => objectsByKey(objects), () => undefined);
        return stored;
    };
    // What has arrived, for knownNow; the listing's map is made only if the index has entries.
    let indexNow;
    let objectsNow;
    sources.index.then((index) => {
        indexNow = index;
        if (index.size > 0)
            void storedObjects().then((objects) => (objectsNow = objects));
    }, () => { });
    const confirmed = (file, entry, objects) => {
        if (!entry || (file.size ?? statSync(file.absolutePath).size) !== entry.size)
            return undefined;
        const object = objects?.get(sources.keyOf(entry.sha256, file.path));
        if (object?.size !== entry.size || object.etag?.toLowerCase() !== entry.md5)
            return undefined;
        hits++;
        const { sha256, md5, size, contentType } = entry;
        return { sha256, md5, size, contentType, head: Buffer.alloc(0) };
    };
    const known = async (file) => {
        const blob = blobOf(file.absolutePath);
        const entry = blob === undefined ? undefined : (await sources.index).get(blob);
        if (!entry)
            return undefined;
        return confirmed(file, entry, await storedObjects());
    };
    const knownNow = (file) => {
        if (!indexNow || !objectsNow)
            return undefined;
        const blob = blobOf(file.absolutePath);
        return blob === undefined ? undefined : confirmed(file, indexNow.get(blob), objectsNow);
    };
    return { known, knownNow, hits: () => hits };
}
/**
 * The entries this run can add: images verified in storage, hashed this run, whose file is
 * still the same clean blob now (`blobsNow`) as when the run began; a file edited while it
 * was hashed never gets an entry.
 */
function newEntries(images, sources, blobsNow, index) {
    const before = blobFinder(sources.root, sources.blobs);
    const after = blobFinder(sources.root, blobsNow);
    const added = new Map();
    for (const image of images) {
        if (image.status !== "uploaded" && image.status !== "present")
            continue;
        const blob = before(image.absolutePath);
        if (blob === undefined || index.has(blob) || after(image.absolutePath) !== blob)
            continue;
        const { sha256, md5, size, contentType } = image;
        added.set(blob, { sha256, md5, size, contentType });
    }
    return added;
}
/** Stores the index with its new entries; a failure is told and costs only the next run's time. */
async function writeDigestIndex(storage, key, index, logger) {
    const bytes = Buffer.from(serializeDigestIndex(index), "utf8");
    try {
        await storage.put({
            key,
            body: () => Readable.from([bytes]),
            bytes,
            size: bytes.length,
            contentType: "text/plain; charset=utf-8",
            cacheControl: "no-cache",
            sha256: createHash("sha256").update(bytes).digest("hex"),
            md5: createHash("md5").update(bytes).digest("hex"),
        });
        logger.info(`Saved the digests of ${index.size} image(s) for the next run in ${key}.`);
    }
    catch (error) {
        logger.info(`Could not save the digest index ${key} (${describeError(error)}); the next run hashes the images again.`);
    }
}

/**
 * Replaces `target` with `data` so that a reader (or a crash) sees either the old or the
 * new content, never half a file: write a temp file in the same directory (rename is only
 * atomic within one file system), fsync it (unless `durable` is false), then rename it
 * over the target.
 *
 * An existing file keeps its permission bits; a new file gets the usual 0o666 minus umask.
 * A symlink is written through, so the link stays a link. The temp file never outlives a
 * failure.
 */
async function writeFileAtomic(target, data, { durable = true } = {}) {
    // No fsync wanted: the temp file is written with direct calls (writeFileAtomicFast).
    if (!durable)
        return writeFileAtomicFast(target, data);
    const destination = await realpathOrSelf(target);
    const existingMode = await modeOf(destination);
    const directory = path.dirname(destination);
    const temp = path.join(directory, tempName(path.basename(destination)));
    let handle;
    try {
        handle = await open(temp, "wx", existingMode ?? 0o666);
        await handle.writeFile(data);
        // open() applies the umask; chmod restores the original bits exactly (e.g. 0o755, 0o600).
        if (existingMode !== undefined)
            await handle.chmod(existingMode);
        // Durable: the bytes reach the disk before the rename, so a machine crash leaves the
        // old file or the whole new one. The rename alone already protects against a process
        // crash, which is all an ephemeral runner can survive.
        await handle.sync();
        await handle.close();
        handle = undefined;
        await rename(temp, destination);
    }
    catch (error) {
        await handle?.close().catch(() => undefined);
        await unlink(temp).catch(() => undefined);
        throw error;
    }
    await syncDirectory(directory);
}
/**
 * writeFileAtomic without the fsyncs (`durable: false`, an ephemeral runner). The temp file
 * is written with synchronous calls, each a few microseconds, where a trip through the
 * thread pool costs more than the call; the rename, a journal write that may take a
 * fraction of a millisecond, goes through the pool so that several overlap. Same temp
 * file, same permission bits, same symlink rule.
 */
async function writeFileAtomicFast(target, data) {
    const { destination, existingMode } = destinationOf(target);
    const temp = path.join(path.dirname(destination), tempName(path.basename(destination)));
    let fd;
    try {
        fd = openSync(temp, "wx", existingMode ?? 0o666);
        writeFileSync(fd, data);
        if (existingMode !== undefined)
            fchmodSync(fd, existingMode);
        closeSync(fd);
        fd = undefined;
        await rename(temp, destination);
    }
    catch (error) {
        if (fd !== undefined)
            closeSync(fd);
        await unlink(temp).catch(() => undefined);
        throw error;
    }
}
/**
 * Where the bytes go and the mode they keep, from one lstat in the common case: a file
 * that is no symlink is its own destination (a symlinked directory above it is followed
 * by the temp file and the rename alike). Only a symlink needs its realpath.
 */
function destinationOf(target) {
    const own = lstatSync(target, { throwIfNoEntry: false });
    if (!own)
        return { destination: target };
    if (!own.isSymbolicLink())
        return { destination: target, existingMode: own.mode & 0o7777 };
    let destination;
    try {
        destination = realpathSync.native(target);
    }
    catch (error) {
        // A dangling link is replaced by the file, as the durable path does.
        if (isNotFound(error))
            return { destination: target };
        throw error;
    }
    const mode = statSync(destination, { throwIfNoEntry: false })?.mode;
    return mode === undefined ? { destination } : { destination, existingMode: mode & 0o7777 };
}
/** Random once per process: a run writes hundreds of temp files, and each random draw costs. */
let tempTag;
let tempCount = 0;
/**
 * `.<name>.<random><count>.tmp`: hidden, recognisable, short enough for a 255-byte name
 * limit, and unique (the random part is the process's, the count the file's; the temp file
 * is created with O_EXCL, so even a clash fails rather than writes over another file).
 */
function tempName(name) {
    tempTag ??= randomBytes(6).toString("hex");
    tempCount++;
    return `.${name.slice(0, 200)}.${tempTag}${tempCount.toString(36)}.tmp`;
}
async function realpathOrSelf(target) {
    try {
        return await realpath$1(target);
    }
    catch (error) {
        if (isNotFound(error))
            return target;
        throw error;
    }
}
async function modeOf(file) {
    try {
        return (await stat$1(file)).mode & 0o7777;
    }
    catch (error) {
        if (isNotFound(error))
            return undefined;
        throw error;
    }
}
/** Makes the rename itself durable; not possible on every platform, so best effort. */
async function syncDirectory(directory) {
    let handle;
    try {
        handle = await open(directory, "r");
        await handle.sync();
    }
    catch {
        // Windows cannot open directories; the rename has happened either way.
    }
    finally {
        await handle?.close().catch(() => undefined);
    }
}
function isNotFound(error) {
    return error?.code === "ENOENT";
}

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
const VERSION = 1;
/** The ledger at `file` (repository-relative), empty when there is none yet. */
async function readLedger(root, file) {
    let text;
    try {
        text = await readFile(ledgerPath(root, file), "utf8");
    }
    catch (error) {
        if (error.code === "ENOENT")
            return new Map();
        throw invalid(file, `could not be read (${error.code ?? "error"})`);
    }
    let data;
    try {
        data = JSON.parse(text);
    }
    catch {
        throw invalid(file, "is not valid JSON");
    }
    return parseLedger(data, file);
}
function parseLedger(data, file) {
    if (!isObject(data))
        throw invalid(file, "is not a JSON object");
    if (data.version !== VERSION) {
        throw invalid(file, `has version ${JSON.stringify(data.version)}, and this release reads version ${VERSION}`);
    }
    if (!isObject(data.images))
        throw invalid(file, 'has no "images" object');
    const entries = new Map();
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
function serializeLedger(entries) {
    const paths = [...entries.keys()].sort(compareCodeUnits);
    const lines = paths.map((imagePath, index) => {
        const entry = entries.get(imagePath);
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
async function writeLedger(root, file, entries, durable = true) {
    const target = ledgerPath(root, file);
    const text = serializeLedger(entries);
    const before = await readFile(target, "utf8").catch(() => undefined);
    if (before === text)
        return false;
    await mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, text, { durable });
    return true;
}
function ledgerPath(root, file) {
    const target = path.resolve(root, file);
    if (!isInside(root, target)) {
        throw new InputError("manifest-file", `Input manifest-file: "${file}" is outside the repository; give a path inside it, such as .md-image-offload/manifest.json.`);
    }
    return target;
}
function invalid(file, problem) {
    return new InputError("manifest-file", `The manifest ${file} (input manifest-file) ${problem}; fix or delete it (the next run rebuilds it from what is in storage), or set manifest-file to another path.`);
}
function isObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
function isEntry(value) {
    return (isObject(value) &&
        typeof value.sha256 === "string" &&
        /^[0-9a-f]{64}$/.test(value.sha256) &&
        typeof value.bytes === "number" &&
        Number.isInteger(value.bytes) &&
        value.bytes >= 0 &&
        typeof value.key === "string" &&
        value.key !== "" &&
        typeof value.url === "string" &&
        /^https?:\/\//.test(value.url));
}

/** Far above any image a run uploads by default (max-size 50 MB), far below memory trouble. */
const DEFAULT_MAX_BYTES = 64_000_000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** fetch's limit: the 21st redirect fails. */
const MAX_REDIRECTS = 20;
/**
 * `identity`: the check compares bytes, and an image gains nothing from compression. The
 * other two as fetch sends them, so that a CDN's bot rules see the same request as before.
 */
const HEADERS = { accept: "*/*", "user-agent": "node", "accept-encoding": "identity" };
/** GETs `url`, following redirects; rejects as fetch does (see the module comment). */
async function httpGet(url, init = {}) {
    const { signal } = init;
    let target;
    try {
        target = new URL(url);
    }
    catch (error) {
        // fetch's sentence; the code (ERR_INVALID_URL) is what a message shows.
        throw new TypeError(`Failed to parse URL from ${url}`, { cause: error });
    }
    if (!isHttp(target))
        throw networkError("unknown scheme");
    for (let redirects = 0;; redirects++) {
        // An abort that came between two hops fired no listener of the next request.
        signal?.throwIfAborted();
        const message = await send$2(target, signal);
        const location = message.headers.location;
        if (!REDIRECT_STATUSES.has(message.statusCode ?? 0) || location === undefined) {
            return response(message, signal, init.maxBytes ?? DEFAULT_MAX_BYTES);
        }
        // A redirect's own body is never read.
        message.destroy();
        target = redirectTarget(location, target);
        if (redirects === MAX_REDIRECTS)
            throw networkError("redirect count exceeded");
    }
}
function isHttp(url) {
    return url.protocol === "http:" || url.protocol === "https:";
}
/** fetch's shape for a failure before any answer: "fetch failed", the reason in `cause`. */
function networkError(cause) {
    return new TypeError("fetch failed", {
        cause: typeof cause === "string" ? new Error(cause) : cause,
    });
}
/** The Location resolved against the URL that answered with it, checked as fetch does. */
function redirectTarget(location, current) {
    let next;
    try {
        next = new URL(location, current);
    }
    catch (error) {
        throw networkError(error);
    }
    if (!isHttp(next))
        throw networkError("URL scheme must be a HTTP(S) scheme");
    return next;
}
/** One request; resolves with the answer's head, its body still unread. */
function send$2(target, signal) {
    return new Promise((resolve, reject) => {
        const request$2 = (target.protocol === "https:" ? request : request$1)({
            method: "GET",
            // Built by hand rather than from the URL: Node would send a user name and password
            // in it as Basic auth, which fetch never did.
            hostname: target.hostname.replace(/^\[|\]$/g, ""),
            ...(target.port ? { port: target.port } : {}),
            path: `${target.pathname}${target.search}`,
            headers: HEADERS,
            agent: false,
        });
        // Destroyed with the signal's reason, so that a timeout stays a TimeoutError (Node's
        // own `signal` option would wrap it in an AbortError).
        const abort = () => request$2.destroy(signal?.reason);
        signal?.addEventListener("abort", abort, { once: true });
        request$2.on("error", (error) => {
            signal?.removeEventListener("abort", abort);
            reject(signal?.aborted ? signal.reason : networkError(error));
        });
        request$2.on("response", (message) => {
            signal?.removeEventListener("abort", abort);
            // An error before the body is read must not crash the process; the read reports it.
            message.on("error", () => { });
            resolve(message);
        });
        request$2.end();
    });
}
function response(message, signal, maxBytes) {
    const status = message.statusCode ?? 0;
    return {
        status,
        ok: status >= 200 && status <= 299,
        headers: {
            get(name) {
                const value = message.headers[name.toLowerCase()];
                return Array.isArray(value) ? value.join(", ") : (value ?? null);
            },
        },
        arrayBuffer: () => readBody(message, signal, maxBytes),
        body: {
            async cancel() {
                message.destroy();
            },
        },
    };
}
/** The whole body, or the signal's reason, or fetch's "terminated" with the cause. */
async function readBody(message, signal, maxBytes) {
    const abort = () => message.destroy(signal?.reason);
    signal?.addEventListener("abort", abort, { once: true });
    try {
        signal?.throwIfAborted();
        if (Number(message.headers["content-length"]) > maxBytes)
            throw tooLarge(maxBytes);
        const chunks = [];
        let size = 0;
        for await (const chunk of message) {
            size += chunk.length;
            if (size > maxBytes)
                throw tooLarge(maxBytes);
            chunks.push(chunk);
        }
        const bytes = await decode(Buffer.concat(chunks, size), message, maxBytes);
        // A large body owns its memory: handed over without a copy (a small one sits in the pool).
        const whole = bytes.byteOffset === 0 && bytes.length === bytes.buffer.byteLength;
        const memory = whole
            ? bytes.buffer
            : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
        return memory;
    }
    catch (error) {
        message.destroy();
        if (signal?.aborted)
            throw signal.reason;
        throw error instanceof TypeError ? error : new TypeError("terminated", { cause: error });
    }
    finally {
        signal?.removeEventListener("abort", abort);
    }
}
function tooLarge(maxBytes) {
    return new TypeError("terminated", {
        cause: new Error(`the answer is larger than ${formatBytes(maxBytes)}`),
    });
}
const DECODERS = new Map([
    ["gzip", gunzip],
    ["x-gzip", gunzip],
    ["deflate", inflate],
    ["br", brotliDecompress],
]);
/**
 * A server may encode the body although asked not to, and fetch decoded it: so does this
 * (off the main thread, within the same limit). An unknown coding is left as sent, as
 * fetch left it.
 */
async function decode(raw, message, maxBytes) {
    const codings = (message.headers["content-encoding"] ?? "")
        .split(",")
        .map((coding) => coding.trim().toLowerCase())
        .filter((coding) => coding && coding !== "identity");
    const decoders = codings.map((coding) => DECODERS.get(coding));
    if (raw.length === 0 || decoders.length === 0 || decoders.some((decoder) => !decoder))
        return raw;
    let bytes = raw;
    // Undone in reverse: the last coding named was applied last.
    for (const decoder of decoders.reverse()) {
        try {
            bytes = await promisify(decoder)(bytes, { maxOutputLength: maxBytes });
        }
        catch (error) {
            if (error.code === "ERR_BUFFER_TOO_LARGE")
                throw tooLarge(maxBytes);
            throw error;
        }
    }
    return bytes;
}

/** Why the run as a whole failed, in one sentence, or undefined when it succeeded. */
function runFailure(result, options) {
    const failed = result.images.filter((image) => image.status === "failed");
    if (failed.length > 0) {
        const names = failed
            .slice(0, 5)
            .map((image) => image.path)
            .join(", ");
        const more = failed.length > 5 ? ` and ${failed.length - 5} more` : "";
        return `${failed.length} image(s) could not be offloaded (${names}${more}); their links were left unchanged and each is reported at the lines that link it.`;
    }
    if (options.failOnMissing && result.missing.length > 0) {
        const first = result.missing[0];
        return `${result.missing.length} reference(s) point at missing local images (first: ${first?.file}:${first?.line} → ${first?.destination}); add the files or fix the links, or set fail-on-missing: false.`;
    }
    return undefined;
}
/**
 * An image that failed (refused by plan, or its upload failed) is reported where the
 * writer can fix it: at every file:line that references it.
 */
function reportFailures(resolved, outcomes, logger) {
    for (const { reference, resolution } of resolved) {
        if (resolution.status !== "local")
            continue;
        const image = outcomes.of(resolution.path);
        if (image?.status !== "failed")
            continue;
        const reason = (image.reason ?? "the upload failed").replace(/\.$/, "");
        // Plan's reasons name the image already; storage's name the key.
        const subject = reason.startsWith(resolution.path) ? "" : `${resolution.path}: `;
        logger.error(`${subject}${reason}; the link was left as it is.`, {
            file: reference.file,
            line: reference.line,
        });
    }
}

/**
 * The manifest: a JSON file listing every image the run saw, for later build steps and
 * for people who want to know where an image went.
 */
/** Bumped when an existing field changes meaning; adding fields keeps the version. */
const MANIFEST_VERSION = 1;
/**
 * One entry per image source path, sorted by path.
 *
 * Several paths holding identical bytes share one ImageResult (one upload, one key); each
 * path still gets its own entry with that same sha256/key/url/status, so a reader can look
 * up any local path it knows. `imageFor(path)` maps every local image path to its result;
 * it defaults to matching `ImageResult.path`, which only knows the first path of a group.
 *
 * `referencedFrom` lists the distinct content files whose local references resolved to
 * that path. A path that resolved but has no ImageResult (never planned, e.g. unreadable)
 * has no key or hash to report and is left out; the run reports those elsewhere.
 */
function buildManifest(images, resolved, imageFor) {
    const byPath = new Map(images.map((image) => [image.path, image]));
    const lookup = imageFor ?? ((imagePath) => byPath.get(imagePath));
    const referencedFrom = new Map();
    for (const image of images)
        referencedFrom.set(image.path, new Set());
    for (const { reference, resolution } of resolved) {
        if (resolution.status !== "local")
            continue;
        const files = referencedFrom.get(resolution.path) ?? new Set();
        files.add(reference.file);
        referencedFrom.set(resolution.path, files);
    }
    const entries = [];
    for (const [source, files] of referencedFrom) {
        const image = lookup(source) ?? byPath.get(source);
        if (!image)
            continue;
        entries.push({
            source,
            sha256: image.sha256,
            key: image.key,
            url: image.url,
            bytes: image.size,
            status: image.status,
            ...(image.reason !== undefined ? { reason: image.reason } : {}),
            referencedFrom: [...files].sort(compareCodeUnits),
        });
    }
    return entries.sort((a, b) => compareCodeUnits(a.source, b.source));
}
/**
 * Writes `{ "version": 1, "images": [...] }` as pretty JSON, atomically, creating the
 * directory if needed, so a later step never reads half a manifest.
 */
async function writeManifest(manifestPath, manifest) {
    await mkdir(path.dirname(manifestPath), { recursive: true });
    const document = { version: MANIFEST_VERSION, images: manifest };
    await writeFileAtomic(manifestPath, `${JSON.stringify(document, null, 2)}\n`);
}
/**
 * Writes the run's manifest into a new private directory under `baseDir` (RUNNER_TEMP, or
 * the system temp dir) and returns its path. A fixed or guessable name in a shared temp
 * dir could be a symlink someone planted to make the write land on a file of theirs;
 * mkdtemp's directory is new, unguessable and ours alone.
 */
async function writeRunManifest(baseDir, manifest) {
    const directory = await mkdtemp(path.join(baseDir, "md-image-offload-"));
    const manifestPath = path.join(directory, "manifest.json");
    await writeManifest(manifestPath, manifest);
    return manifestPath;
}

/**
 * Content-Type from a file's first bytes, never from its name: a JPEG saved as `.png` is
 * served as image/jpeg, and an HTML error page or a Git LFS pointer saved as `.png` is
 * refused instead of being published as an "image".
 */
/** How many leading bytes the sniffers look at. SVG needs the most: Illustrator prologs carry long DOCTYPEs. */
const SNIFF_BYTES = 4096;
const startsWith = (head, bytes, at = 0) => head.length >= at + bytes.length && bytes.every((byte, index) => head[at + index] === byte);
const ascii = (text) => [...text].map((char) => char.charCodeAt(0));
const SNIFFERS = [
    ["image/png", (head) => startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ["image/jpeg", (head) => startsWith(head, [0xff, 0xd8, 0xff])],
    ["image/gif", (head) => startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))],
    ["image/webp", (head) => startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)],
    ["image/avif", isAvif],
    ["image/heic", isHeic],
    ["image/bmp", isBmp],
    // Icon directory: reserved 0, type 1, at least one image.
    [
        "image/x-icon",
        (head) => startsWith(head, [0, 0, 1, 0]) && head.length >= 6 && head.readUInt16LE(4) > 0,
    ],
    ["image/tiff", (head) => startsWith(head, ascii("II*\0")) || startsWith(head, ascii("MM\0*"))],
    ["image/svg+xml", isSvg],
];
/** The image MIME type of these leading bytes, or undefined when they are not an image. */
function sniffContentType(head) {
    return SNIFFERS.find(([, sniff]) => sniff(head))?.[0];
}
/** What non-image bytes look like, as a noun phrase: "an HTML page", "a Git LFS pointer", "text". */
function describeBytes(head) {
    if (head.length === 0)
        return "empty";
    const text = head.toString("latin1", 0, Math.min(head.length, 256));
    if (text.startsWith("version https://git-lfs.github.com/spec/"))
        return "a Git LFS pointer";
    if (/^(?:\uFEFF|\xEF\xBB\xBF)?\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b/i.test(text)) {
        return "an HTML page";
    }
    if (text.startsWith("%PDF-"))
        return "a PDF document";
    if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]))
        return "a ZIP archive";
    if (startsWith(head, [0x1f, 0x8b]))
        return "gzip data";
    if (isText(head))
        return "text";
    const hex = [...head.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
    return `binary starting ${hex}`;
}
/** Whether the ISO BMFF `ftyp` box names one of `wanted` as major or compatible brand. */
function hasBrand(head, wanted) {
    if (!startsWith(head, ascii("ftyp"), 4))
        return false;
    // The ftyp box: size, "ftyp", major brand, minor version, then compatible brands.
    const boxEnd = Math.min(head.readUInt32BE(0), head.length);
    const brands = [8];
    for (let offset = 16; offset + 4 <= boxEnd; offset += 4)
        brands.push(offset);
    return brands.some((offset) => wanted.some((brand) => startsWith(head, ascii(brand), offset)));
}
function isAvif(head) {
    return hasBrand(head, ["avif", "avis"]);
}
/**
 * HEIC (iPhone photos): HEVC-coded HEIF. Not in the default `extensions` (few browsers
 * show it), but Cloudflare Images takes it and serves it converted.
 */
function isHeic(head) {
    return hasBrand(head, ["heic", "heix", "heim", "heis", "hevc", "hevx"]);
}
function isBmp(head) {
    // "BM" alone matches too much text; also require a known DIB header size at offset 14.
    if (!startsWith(head, ascii("BM")) || head.length < 18)
        return false;
    return [12, 16, 40, 52, 56, 64, 108, 124].includes(head.readUInt32LE(14));
}
/**
 * SVG is text: an optional BOM, whitespace, an XML declaration, comments, processing
 * instructions and a DOCTYPE (with an optional internal subset) may come before `<svg`.
 */
function isSvg(head) {
    let text = head.toString("utf8");
    if (text.startsWith("\uFEFF"))
        text = text.slice(1);
    let rest = text.trimStart();
    for (;;) {
        const prolog = /^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>)/i.exec(rest);
        if (!prolog)
            break;
        rest = rest.slice(prolog[0].length).trimStart();
    }
    return /^<svg[\s>/]/.test(rest) || /^<[A-Za-z_][\w.-]*:svg[\s>/]/.test(rest);
}
function isText(head) {
    const sample = head.subarray(0, 512);
    return !sample.includes(0) && Buffer.from(sample.toString("utf8"), "utf8").equals(sample);
}

/**
 * Opening an image for reading without trusting its path twice. Resolve checked the path
 * once, but the file can be swapped (for a symlink to /etc/…, or a directory above it for a
 * link) between that check and the read. So every open is O_NOFOLLOW, and the descriptor
 * itself is asked where it leads (Linux: /proc/self/fd); elsewhere the opened file must be
 * the very inode the checked path names. Bytes are read only from a checked descriptor.
 */
/** The file is no longer what the run checked: swapped, replaced, or edited meanwhile. */
class ChangedDuringRunError extends ItemError {
    name = "ChangedDuringRunError";
}
function changedDuringRun(imagePath, how) {
    return new ChangedDuringRunError(`${imagePath} changed while the run was in progress (${how}); run again once the files are settled.`);
}
/**
 * Opens `absolutePath` (already symlink-resolved) read-only and proves the descriptor is a
 * regular file inside `root`. The caller closes the handle.
 */
async function openInside(root, absolutePath, imagePath) {
    let handle;
    try {
        handle = await open(absolutePath, constants$1.O_RDONLY | constants$1.O_NOFOLLOW);
    }
    catch (error) {
        if (error.code === "ELOOP")
            throw changedDuringRun(imagePath, "it is now a symbolic link");
        throw error;
    }
    try {
        const stats = await handle.stat();
        if (!stats.isFile())
            throw changedDuringRun(imagePath, "it is no longer a regular file");
        const where = await descriptorPath(handle, absolutePath, stats);
        if (where === undefined || !isInside(await realRoot(root), where))
            throw changedDuringRun(imagePath, "it now leads outside the repository");
        return { handle, stats };
    }
    catch (error) {
        await handle.close();
        throw error;
    }
}
/** The repository root's real path, resolved once per root: every image open asks. */
const realRoots = new Map();
function realRoot(root) {
    let real = realRoots.get(root);
    if (!real) {
        real = realpath$1(root);
        realRoots.set(root, real);
    }
    return real;
}
/**
 * Where an open descriptor really is. /proc/self/fd names it on Linux (GitHub's runners);
 * without /proc, the checked path's realpath counts only if it is still the same inode.
 */
async function descriptorPath(handle, absolutePath, opened) {
    try {
        return await readlink(`/proc/self/fd/${handle.fd}`);
    }
    catch {
        const real = await realpath$1(absolutePath).catch(() => undefined);
        if (real === undefined)
            return undefined;
        const now = await stat$1(real).catch(() => undefined);
        return now && now.ino === opened.ino && now.dev === opened.dev ? real : undefined;
    }
}
/**
 * openInside without the thread pool, for the hot path of hashing thousands of small
 * images (each async step costs more than the syscall it wraps). Same checks, same errors;
 * the caller closes the descriptor.
 */
function openInsideSync(root, absolutePath, imagePath) {
    let fd;
    try {
        fd = openSync(absolutePath, constants$1.O_RDONLY | constants$1.O_NOFOLLOW);
    }
    catch (error) {
        if (error.code === "ELOOP")
            throw changedDuringRun(imagePath, "it is now a symbolic link");
        throw error;
    }
    try {
        const stats = fstatSync(fd);
        if (!stats.isFile())
            throw changedDuringRun(imagePath, "it is no longer a regular file");
        const where = descriptorPathSync(fd, absolutePath, stats);
        if (where === undefined || !isInside(realRootSync(root), where))
            throw changedDuringRun(imagePath, "it now leads outside the repository");
        return { fd, stats };
    }
    catch (error) {
        closeSync(fd);
        throw error;
    }
}
const realRootsSync = new Map();
function realRootSync(root) {
    let real = realRootsSync.get(root);
    if (real === undefined) {
        real = realpathSync.native(root);
        realRootsSync.set(root, real);
    }
    return real;
}
function descriptorPathSync(fd, absolutePath, opened) {
    try {
        return readlinkSync(`/proc/self/fd/${fd}`);
    }
    catch {
        try {
            const real = realpathSync.native(absolutePath);
            const now = statSync(real);
            return now.ino === opened.ino && now.dev === opened.dev ? real : undefined;
        }
        catch {
            return undefined;
        }
    }
}

/**
 * Files up to this size are read in one call: a stream costs an open, a read per 64 KiB,
 * an empty read and a close, each a trip through the thread pool, which dominates hashing
 * thousands of small images. Larger files stream, so memory stays bounded.
 */
const WHOLE_READ_LIMIT = 1024 * 1024;
/**
 * Hashes a file in one pass, through a descriptor proven to be inside the repository
 * (open-inside.ts); memory stays flat however large the image is. Small files are read in
 * one call; the digest describes the bytes actually read either way.
 */
async function digestFile(file) {
    return (await readDigest(file)).digest;
}
async function readDigest(file) {
    const { fd, stats } = openInsideSync(file.root, file.absolutePath, file.path);
    try {
        if (stats.size <= WHOLE_READ_LIMIT)
            return wholeDigest(readWhole(fd, stats.size));
        return await streamDigest(createReadStream("", { fd, start: 0, autoClose: false }));
    }
    finally {
        closeSync(fd);
    }
}
/**
 * Buffers for small files and heads, cut from shared slabs. Each Buffer of its own costs an
 * allocation, fresh pages and the GC's bookkeeping of one more external block: a tenth of
 * the hashing phase's main-thread time on 2,000 images of 16 KB. A slab lives as long as any
 * part of it; the parts live until the uploads are done (held bytes) or the run ends (heads).
 */
function createSlab(slabBytes) {
    let slab;
    let used = 0;
    return {
        take(size) {
            if (size > slabBytes / 8)
                return Buffer.allocUnsafe(size);
            if (!slab || used + size > slab.length) {
                slab = Buffer.allocUnsafeSlow(slabBytes);
                used = 0;
            }
            const part = slab.subarray(used, used + size);
            used += size;
            return part;
        },
    };
}
const fileSlab = createSlab(4 * 1024 * 1024);
const headSlab = createSlab(256 * 1024);
/**
 * The file's bytes, as readFileSync reads a descriptor (up to the size its stat gave, fewer
 * if it shrank), without the second fstat readFileSync makes: the open just took one.
 */
function readWhole(fd, size) {
    const bytes = fileSlab.take(size);
    let filled = 0;
    while (filled < size) {
        const read = readSync(fd, bytes, filled, size - filled, filled);
        if (read === 0)
            break;
        filled += read;
    }
    return filled === size ? bytes : bytes.subarray(0, filled);
}
/** The digest of what an open handle holds, read from its start. */
async function digestHandle(handle, sizeHint) {
    if (sizeHint <= WHOLE_READ_LIMIT)
        return wholeDigest(await handle.readFile()).digest;
    return (await streamDigest(handle.createReadStream({ start: 0, autoClose: false }))).digest;
}
function wholeDigest(bytes) {
    const digest = {
        size: bytes.length,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        md5: createHash("md5").update(bytes).digest("hex"),
        // A copy, so the whole file is not kept alive by its first bytes (copy() is a memcpy;
        // Buffer.from(a Buffer) copies byte by byte).
        head: copyHead(bytes),
    };
    return { digest, bytes };
}
function copyHead(bytes) {
    const head = headSlab.take(Math.min(bytes.length, SNIFF_BYTES));
    bytes.copy(head, 0, 0, head.length);
    return head;
}
async function streamDigest(stream) {
    const sha256 = createHash("sha256");
    const md5 = createHash("md5");
    const headChunks = [];
    let headLength = 0;
    let size = 0;
    for await (const chunk of stream) {
        sha256.update(chunk);
        md5.update(chunk);
        size += chunk.length;
        if (headLength < SNIFF_BYTES) {
            const part = chunk.subarray(0, SNIFF_BYTES - headLength);
            headChunks.push(part);
            headLength += part.length;
        }
    }
    const digest = {
        size,
        sha256: sha256.digest("hex"),
        md5: md5.digest("hex"),
        head: Buffer.concat(headChunks),
    };
    return { digest };
}
/**
 * Bytes of small files held from hashing to upload, in all: a cold run then reads each image
 * once and sends exactly the bytes it hashed, with no second open, read and hash.
 */
const HELD_BYTES_BUDGET = 256 * 1024 * 1024;
/**
 * One run's memo of digestFile. The ledger's check of recorded images and the plan hash the
 * same files; within one run the bytes read first are the bytes every stage describes.
 */
function createDigestCache(budget = HELD_BYTES_BUDGET, 
/** A digest known without reading the file (digest-index.ts), else undefined. */
known = async () => undefined, 
/** `known`'s answer when it needs no waiting, else undefined. */
knownNow = () => undefined) {
    const digests = new Map();
    // The answers already in, for digestNow: the manifest's check often asked first.
    const settled = new Map();
    const held = new Map();
    let heldTotal = 0;
    const keep = (absolutePath, { digest, bytes }) => {
        if (bytes && heldTotal + bytes.length <= budget) {
            held.set(absolutePath, { sha256: digest.sha256, bytes });
            heldTotal += bytes.length;
        }
        return digest;
    };
    return {
        digestOf: (file) => {
            let digest = digests.get(file.absolutePath);
            if (!digest) {
                digest = known(file)
                    .catch(() => undefined)
                    .then((found) => found ?? readDigest(file).then((read) => keep(file.absolutePath, read)));
                digests.set(file.absolutePath, digest);
                // A failure is not remembered: the next stage reports it in its own words.
                digest.then((found) => settled.set(file.absolutePath, found), () => digests.delete(file.absolutePath));
            }
            return digest;
        },
        digestNow: (file) => {
            // A stage that asked first keeps its answer: the memo is the run's one truth.
            if (digests.has(file.absolutePath))
                return settled.get(file.absolutePath);
            const found = knownNow(file);
            if (found) {
                digests.set(file.absolutePath, Promise.resolve(found));
                settled.set(file.absolutePath, found);
            }
            return found;
        },
        heldBytes: (absolutePath, sha256) => {
            const entry = held.get(absolutePath);
            return entry && entry.sha256 === sha256 ? entry.bytes : undefined;
        },
        release: () => {
            held.clear();
            heldTotal = 0;
        },
    };
}

/*
How it works:
`this.#head` is an instance of `Node` which keeps track of its current value and nests another instance of `Node` that keeps the value that comes after it. When a value is provided to `.enqueue()`, the code needs to iterate through `this.#head`, going deeper and deeper to find the last value. However, iterating through every single item is slow. This problem is solved by saving a reference to the last value as `this.#tail` so that it can reference it to add a new value.
*/

class Node {
	value;
	next;

	constructor(value) {
		this.value = value;
	}
}

class Queue {
	#head;
	#tail;
	#size;

	constructor() {
		this.clear();
	}

	enqueue(value) {
		const node = new Node(value);

		if (this.#head) {
			this.#tail.next = node;
			this.#tail = node;
		} else {
			this.#head = node;
			this.#tail = node;
		}

		this.#size++;
	}

	dequeue() {
		const current = this.#head;
		if (!current) {
			return;
		}

		this.#head = this.#head.next;
		this.#size--;

		// Clean up tail reference when queue becomes empty
		if (!this.#head) {
			this.#tail = undefined;
		}

		return current.value;
	}

	peek() {
		if (!this.#head) {
			return;
		}

		return this.#head.value;

		// TODO: Node.js 18.
		// return this.#head?.value;
	}

	clear() {
		this.#head = undefined;
		this.#tail = undefined;
		this.#size = 0;
	}

	get size() {
		return this.#size;
	}

	* [Symbol.iterator]() {
		let current = this.#head;

		while (current) {
			yield current.value;
			current = current.next;
		}
	}

	* drain() {
		while (this.#head) {
			yield this.dequeue();
		}
	}
}

function pLimit(concurrency) {
	let rejectOnClear = false;

	if (typeof concurrency === 'object') {
		({concurrency, rejectOnClear = false} = concurrency);
	}

	validateConcurrency(concurrency);

	if (typeof rejectOnClear !== 'boolean') {
		throw new TypeError('Expected `rejectOnClear` to be a boolean');
	}

	const queue = new Queue();
	let activeCount = 0;

	const resumeNext = () => {
		// Process the next queued function if we're under the concurrency limit
		if (activeCount < concurrency && queue.size > 0) {
			activeCount++;
			queue.dequeue().run();
		}
	};

	const next = () => {
		activeCount--;
		resumeNext();
	};

	const run = async (function_, resolve, arguments_) => {
		// Execute the function and capture the result promise
		const result = (async () => function_(...arguments_))();

		// Resolve immediately with the promise (don't wait for completion)
		resolve(result);

		// Wait for the function to complete (success or failure)
		// We catch errors here to prevent unhandled rejections,
		// but the original promise rejection is preserved for the caller
		try {
			await result;
		} catch {}

		// Decrement active count and process next queued function
		next();
	};

	const enqueue = (function_, resolve, reject, arguments_) => {
		const queueItem = {reject};

		// Queue the internal resolve function instead of the run function
		// to preserve the asynchronous execution context.
		new Promise(internalResolve => { // eslint-disable-line promise/param-names
			queueItem.run = internalResolve;
			queue.enqueue(queueItem);
		}).then(run.bind(undefined, function_, resolve, arguments_)); // eslint-disable-line promise/prefer-await-to-then

		// Start processing immediately if we haven't reached the concurrency limit
		if (activeCount < concurrency) {
			resumeNext();
		}
	};

	const generator = (function_, ...arguments_) => new Promise((resolve, reject) => {
		enqueue(function_, resolve, reject, arguments_);
	});

	Object.defineProperties(generator, {
		activeCount: {
			get: () => activeCount,
		},
		pendingCount: {
			get: () => queue.size,
		},
		clearQueue: {
			value() {
				if (!rejectOnClear) {
					queue.clear();
					return;
				}

				const abortError = AbortSignal.abort().reason;

				while (queue.size > 0) {
					queue.dequeue().reject(abortError);
				}
			},
		},
		concurrency: {
			get: () => concurrency,

			set(newConcurrency) {
				validateConcurrency(newConcurrency);
				concurrency = newConcurrency;

				queueMicrotask(() => {
					// eslint-disable-next-line no-unmodified-loop-condition
					while (activeCount < concurrency && queue.size > 0) {
						resumeNext();
					}
				});
			},
		},
		map: {
			async value(iterable, function_) {
				const promises = [];

				try {
					Array.from(iterable, (value, index) => {
						const promise = generator(function_, value, index);
						promises.push(promise);
						return promise;
					});
				} catch (error) {
					// The iterable threw, so `Promise.all` never observes the already scheduled promises. Observe them here to avoid unhandled rejections.
					for (const promise of promises) {
						promise.catch(() => {}); // eslint-disable-line promise/prefer-await-to-then
					}

					throw error;
				}

				return Promise.all(promises);
			},
		},
	});

	return generator;
}

function validateConcurrency(concurrency) {
	if (!((Number.isInteger(concurrency) || concurrency === Number.POSITIVE_INFINITY) && concurrency > 0)) {
		throw new TypeError('Expected `concurrency` to be a number from 1 and up');
	}
}

/**
 * What the repository's ledger changes about a run. A link that is already a URL names no
 * local file, so an image edited after its first offload, or a bucket served from a new
 * domain, would never reach the blog. The ledger says which file each URL stands for:
 *
 * - a recorded image whose file now holds other bytes is "changed": its new bytes are
 *   uploaded under a new key and every link to its old URL is rewritten;
 * - a recorded URL under another base than `public-url` (a new CDN domain) is rewritten to
 *   the same key under the new base, once the object is verified present there;
 * - a recorded image whose file is gone keeps its entry, its object and its links.
 */
const INSPECT_CONCURRENCY = 16;
/** Which recorded images changed or are gone, and which recorded URLs are stale. */
async function inspectLedger(root, entries, publicUrl, checks = {}) {
    const { digestOf = digestFile, urlOf = (key) => keyToUrl(publicUrl, key) } = checks;
    const files = checks.files ?? createFileLookup(root);
    const changed = new Set();
    const gone = new Set();
    const staleUrls = new Map();
    // Files are hashed several at a time: a disk (and the thread pool) keeps up with more.
    const limit = pLimit(INSPECT_CONCURRENCY);
    const states = await Promise.all([...entries].map(([imagePath, entry]) => limit(() => fileState(root, imagePath, entry, files, digestOf))));
    for (const [index, [imagePath, entry]] of [...entries].entries()) {
        const state = states[index];
        if (state === "gone")
            gone.add(imagePath);
        if (state === "changed")
            changed.add(imagePath);
        if (state === "changed" || entry.url !== urlOf(entry.key)) {
            staleUrls.set(entry.url, imagePath);
        }
    }
    return { entries, changed, gone, staleUrls };
}
async function fileState(root, imagePath, entry, files, digestOf) {
    const absolutePath = path.resolve(root, imagePath);
    if (!isInside(root, absolutePath))
        return "gone";
    try {
        // The resolve asks about the same files next: the lookup keeps this answer for it.
        // A recorded path that now leads outside the repository (a symlink) counts as gone.
        const found = files.lookup(absolutePath);
        if (found.kind !== "file")
            return "gone";
        const size = found.size ?? statSync(found.realPath).size;
        if (size !== entry.bytes)
            return "changed";
        // The real path, as the plan names it, so the plan reuses this digest.
        const digest = await digestOf({ root, absolutePath: found.realPath, path: imagePath, size });
        return digest.sha256 === entry.sha256 ? "same" : "changed";
    }
    catch {
        return "gone";
    }
}
/**
 * Links whose URL is a stale recorded one become links to the recorded file again: a
 * "local" resolution when the file is there (planned, hashed, uploaded like any other), a
 * "recorded" one when it is gone (its object checked by key, never re-sent).
 */
async function attachRecorded(root, resolved, state, logger) {
    if (state.staleUrls.size === 0)
        return [...resolved];
    const out = [];
    for (const item of resolved) {
        const { reference, resolution } = item;
        const destination = reference.destination.trim();
        const split = destination.search(/[?#]/);
        const url = split < 0 ? destination : destination.slice(0, split);
        const imagePath = resolution.status === "ignored" ? state.staleUrls.get(url) : undefined;
        if (imagePath === undefined) {
            out.push(item);
            continue;
        }
        const suffix = reference.raw.startsWith(url) ? reference.raw.slice(url.length) : "";
        if (state.gone.has(imagePath)) {
            out.push({ reference, resolution: { status: "recorded", path: imagePath, suffix } });
        }
        else {
            const absolutePath = path.resolve(root, imagePath);
            out.push({
                reference,
                resolution: { status: "local", absolutePath, path: imagePath, suffix, viaUrl: true },
            });
        }
    }
    const count = out.filter((item, index) => item !== resolved[index]).length;
    if (count > 0)
        logger?.info(`${count} link(s) name a recorded image by a URL that has to change.`);
    return out;
}
/** Objects of gone files that links still need under the current public-url. */
function recordedObjects(resolved, state, publicUrl, urlOf = (key) => keyToUrl(publicUrl, key)) {
    const planned = new Map();
    for (const { resolution } of resolved) {
        if (resolution.status !== "recorded" || planned.has(resolution.path))
            continue;
        const entry = state.entries.get(resolution.path);
        if (!entry)
            continue;
        planned.set(resolution.path, {
            path: resolution.path,
            absolutePath: "",
            size: entry.bytes,
            sha256: entry.sha256,
            md5: "",
            contentType: "",
            key: entry.key,
            url: urlOf(entry.key),
        });
    }
    return [...planned.values()];
}
/** The plan with the objects of gone files added (one per key), so upload checks them. */
function withRecordedObjects(plan, recorded) {
    if (recorded.length === 0)
        return plan;
    const images = [...plan.images];
    const byPath = new Map(plan.byPath);
    const byKey = new Map(images.map((image) => [image.key, image]));
    for (const object of recorded) {
        const same = byKey.get(object.key);
        if (!same) {
            images.push(object);
            byKey.set(object.key, object);
        }
        byPath.set(object.path, same ?? object);
    }
    return { ...plan, images, byPath };
}
/** The ledger after the run: every image verified present, under the URL links now use. */
function updatedEntries(state, plan, outcomeOf) {
    const entries = new Map(state?.entries ?? []);
    for (const imagePath of plan.byPath.keys()) {
        const outcome = outcomeOf(imagePath);
        if (outcome?.status !== "uploaded" && outcome?.status !== "present")
            continue;
        entries.set(imagePath, {
            sha256: outcome.sha256,
            bytes: outcome.size,
            key: outcome.key,
            url: outcome.url,
        });
    }
    return entries;
}
/** Edited images whose new bytes are verified present: "diagram.png (old → new)". */
function updatedImages(state, entries) {
    if (!state)
        return [];
    return [...state.changed].flatMap((imagePath) => {
        const before = state.entries.get(imagePath);
        const after = entries.get(imagePath);
        if (!before || !after || before.sha256 === after.sha256)
            return [];
        return [{ path: imagePath, oldUrl: before.url, newUrl: after.url }];
    });
}
/**
 * Links under `public-url` that no entry names: offloaded before the manifest existed (or
 * by hand). They stay as they are; an edit to their image cannot reach them.
 */
function unattributedLinks(resolved, state, publicUrl) {
    const recorded = new Set([...state.entries.values()].map((entry) => entry.url));
    let count = 0;
    for (const { reference, resolution } of resolved) {
        if (resolution.status !== "ignored")
            continue;
        const url = reference.destination.trim().split(/[?#]/, 1)[0] ?? "";
        if (url.startsWith(`${publicUrl}/`) && !recorded.has(url))
            count++;
    }
    return count;
}

/**
 * The run's stages that read and write the repository's manifest (engine/ledger): read and
 * inspected before anything else, written after the uploads are verified and before the
 * content files are, so it never names an object that is not there.
 */
/**
 * The repository's manifest, read and validated now (a corrupt one fails the run before
 * anything else); undefined when disabled. Its recorded images are checked in the
 * background: on a fresh runner that waits for the digest index and the listing, and the
 * content files are scanned and parsed meanwhile (inspectedStage awaits it).
 */
async function ledgerStage(root, options, logger, checks = {}) {
    if (!options.manifestFile)
        return undefined;
    const file = options.manifestFile;
    return logger.group("Read the repository's manifest", async () => {
        const entries = await readLedger(root, file);
        logger.info(`${file}: ${entries.size} recorded image(s).`);
        const inspected = inspectLedger(root, entries, options.publicUrl, checks);
        // Awaited by inspectedStage; a failure must not surface as unhandled before that.
        inspected.catch(() => { });
        const hosts = new Set();
        for (const entry of entries.values())
            hosts.add(hostOf(entry.url));
        return { file, entries, hosts: [...hosts], inspected };
    });
}
/** The check of the recorded images, awaited where the run needs it, with its one line. */
async function inspectedStage(reading, logger) {
    const state = await reading.inspected;
    logger.info(`${reading.file}: ${state.changed.size} recorded image(s) edited since, ${state.gone.size} whose file is gone.`);
    return state;
}
/** The host of a recorded URL, or the URL itself if it is none. */
function hostOf(url) {
    try {
        return new URL(url).host || url;
    }
    catch {
        return url;
    }
}
function reportUnattributed(resolved, ledger, options, logger) {
    const count = unattributedLinks(resolved, ledger, options.publicUrl);
    if (count === 0)
        return;
    logger.info(`${count} link(s) under public-url name no image in ${options.manifestFile} (offloaded before it existed, or by hand): they stay as they are, and an edit to their image cannot reach them; put the local path back in the link to have it recorded.`);
}
/** The manifest as the run leaves it; the path written, or undefined when unchanged. */
async function writeLedgerStage(root, options, 
/** Where the run writes (artifact mode's staging folder), default the tree itself. */
outputRoot, entries, logger, durable = true) {
    if (!options.manifestFile || options.dryRun)
        return undefined;
    const written = await writeLedger(outputRoot ?? root, options.manifestFile, entries, durable);
    if (written)
        logger.info(`${options.manifestFile} records ${entries.size} image(s).`);
    return written ? options.manifestFile : undefined;
}
/** Content files outside the scope whose text holds one of `urls`: an edited image's links. */
function filesLinking(root, files, inScope, urls) {
    if (urls.size === 0)
        return [];
    return files.filter((file) => {
        if (inScope.has(file))
            return false;
        const text = readFileSync(path.join(root, file), "latin1");
        for (const url of urls.keys())
            if (text.includes(url))
                return true;
        return false;
    });
}

/** Files hashed at once: enough to keep a disk busy, few enough to stay under fd limits. */
const HASH_CONCURRENCY = 8;
/**
 * Hashes each distinct file once, refuses what must not be uploaded, and names each
 * upload by its key. Identical bytes under a hash-only template collapse into one
 * object (the first path in sorted order), so ten posts sharing a logo upload it once.
 */
async function planImages(paths, settings, 
/** Called once per distinct file examined, with its size (for progress lines). */
onExamined = () => { }) {
    validateKeyTemplate(settings.keyTemplate);
    const sorted = [...paths].sort((a, b) => compareCodeUnits(a.path, b.path));
    const distinct = new Map();
    for (const image of sorted) {
        if (!distinct.has(image.absolutePath))
            distinct.set(image.absolutePath, image);
    }
    const limit = pLimit(HASH_CONCURRENCY);
    // Uploads started early, and the listing, progress between files.
    const turn = sharedTurns();
    const settle = (outcome) => {
        onExamined(outcome.size);
        if (!("status" in outcome))
            settings.onPlanned?.(outcome);
        return outcome;
    };
    const outcomes = [];
    for (const image of distinct.values()) {
        const known = plannedAtOnce(image, settings);
        if (!known) {
            outcomes.push(limit(async () => settle(await examine(image, settings, turn))));
            continue;
        }
        const pause = turn();
        if (pause)
            await pause;
        outcomes.push(settle(known));
    }
    const examined = await Promise.all(outcomes);
    const images = [];
    const refused = [];
    const byKey = new Map();
    const byAbsolutePath = new Map();
    for (const outcome of examined) {
        let entry = outcome;
        if (!("status" in outcome)) {
            const sameKey = byKey.get(outcome.key);
            if (!sameKey) {
                byKey.set(outcome.key, outcome);
                images.push(outcome);
            }
            else if (sameKey.sha256 === outcome.sha256) {
                entry = sameKey;
            }
            else {
                entry = failed(outcome, `${outcome.path} would get the key ${outcome.key} that ${sameKey.path} already has, with different bytes; use a longer {hash:N} in key-template.`);
            }
        }
        if ("status" in entry)
            refused.push(entry);
        byAbsolutePath.set(outcome.absolutePath, entry);
    }
    const byPath = new Map();
    for (const image of sorted) {
        const entry = byAbsolutePath.get(image.absolutePath);
        if (entry && !byPath.has(image.path))
            byPath.set(image.path, entry);
    }
    return { images, refused, byPath };
}
/** A regular file's size, or why it has none. */
function sizeOnDisk(image) {
    try {
        const stats = statSync(image.absolutePath);
        if (stats.isFile())
            return stats.size;
        return { reason: `${image.path} is not a regular file; link an image file instead.` };
    }
    catch (error) {
        return {
            reason: `${image.path} could not be read (${describeFileError(error)}); check that the file exists and is readable.`,
        };
    }
}
/**
 * An unchanged image the digest index knows, keyed without a lane or a promise: what
 * examine() would plan for it, when its size is known and nothing may refuse it up front.
 */
function plannedAtOnce(image, settings) {
    const { size } = image;
    if (settings.refusal || !settings.digestNow || size === undefined || size > settings.maxSize)
        return undefined;
    const { root } = settings;
    const digest = settings.digestNow({
        root,
        absolutePath: image.absolutePath,
        path: image.path,
        size,
    });
    if (!digest?.contentType)
        return undefined;
    return keyed(image, digest, digest.contentType, settings);
}
/** The plan of an image whose bytes are known: its key and URL. */
function keyed(image, digest, contentType, settings) {
    const { size, sha256, md5 } = digest;
    const key = renderKey(settings.keyTemplate, {
        prefix: settings.prefix,
        sha256,
        path: image.path,
    });
    const url = settings.urlOf ? settings.urlOf(key) : keyToUrl(settings.publicUrl, key);
    return {
        path: image.path,
        absolutePath: image.absolutePath,
        size,
        sha256,
        md5,
        contentType,
        key,
        url,
    };
}
/** One file: a PlannedImage, or a failed ImageResult saying what to fix. */
async function examine(image, settings, turn) {
    const pause = turn();
    if (pause)
        await pause;
    // Built field by field: callers may pass richer objects (a Resolution) whose extra fields
    // must not leak into the plan.
    const unread = {
        path: image.path,
        absolutePath: image.absolutePath,
        size: 0,
        sha256: "",
        md5: "",
        contentType: "",
        key: "",
        url: "",
    };
    const size = image.size ?? sizeOnDisk(image);
    if (typeof size !== "number")
        return failed(unread, size.reason);
    // Checked before reading: an oversized file is never hashed or loaded.
    if (size > settings.maxSize) {
        return failed({ ...unread, size }, `${image.path} is ${sizeComparison(size, settings.maxSize)}; raise max-size or shrink the image.`);
    }
    let digest;
    try {
        const digestOf = settings.digestOf ?? digestFile;
        digest = await digestOf({
            root: settings.root,
            absolutePath: image.absolutePath,
            path: image.path,
            size,
        });
    }
    catch (error) {
        if (error instanceof ChangedDuringRunError)
            return failed({ ...unread, size }, error.message);
        return failed({ ...unread, size }, `${image.path} could not be read (${describeFileError(error)}); check that the file is readable.`);
    }
    const hashed = { ...unread, size: digest.size, sha256: digest.sha256, md5: digest.md5 };
    const contentType = digest.contentType ?? sniffContentType(digest.head);
    if (!contentType)
        return failed(hashed, notAnImage(image.path, digest.head));
    const refused = await settings.refusal?.({
        path: image.path,
        size: digest.size,
        contentType,
        head: digest.head,
        bytes: () => readInside(settings.root, image),
    });
    if (refused)
        return failed(hashed, refused);
    return keyed(image, digest, contentType, settings);
}
/** The whole file through a descriptor proven inside the repository. */
async function readInside(root, image) {
    const { handle } = await openInside(root, image.absolutePath, image.path);
    try {
        return await handle.readFile();
    }
    finally {
        await handle.close();
    }
}
function failed(image, reason) {
    return { ...image, status: "failed", reason };
}
function notAnImage(imagePath, head) {
    const looksLike = describeBytes(head);
    if (looksLike === "empty")
        return `${imagePath} is empty, so it is not an image; replace it with the real image.`;
    const fix = looksLike === "a Git LFS pointer"
        ? "check out with Git LFS (actions/checkout with lfs: true)"
        : "replace it with the real image or remove the reference";
    return `${imagePath} is not an image (its bytes are ${looksLike}); ${fix}.`;
}
/** "61.2 MB, over max-size 50 MB"; exact bytes when rounding would show two equal sizes. */
function sizeComparison(size, maxSize) {
    const [shown, limit] = [formatBytes(size), formatBytes(maxSize)];
    if (shown !== limit)
        return `${shown}, over max-size ${limit}`;
    return `${size.toLocaleString("en-US")} bytes, over max-size ${maxSize.toLocaleString("en-US")} bytes`;
}

/**
 * The first requests to storage, sent before the images are hashed so that their round
 * trips overlap local work: the preflight, the listing existence needs, and the digest
 * index that spares a run with nothing new from reading its images (digest-index.ts).
 */
/** Every key starts with a non-empty prefix, so one listing of it sees them all. */
const keysUnderPrefix = (options) => options.prefix !== "" && options.keyTemplate.startsWith("{prefix}");
/**
 * Starts the preflight (which lists the prefix itself) and the digest index's download at
 * once, when git tracks at least LIST_MIN_KEYS clean images and storage lists by prefix
 * (S3: an ETag is the MD5 that confirms an entry). A run narrowed to a push's files lists
 * only when a manifest exists, whose recorded images it would otherwise hash.
 */
async function startSnapshot(root, options, deps, narrowed) {
    const { storage, logger } = deps;
    if (!deps.blobIds || !keysUnderPrefix(options) || storage.delivery.listing !== "prefix")
        return undefined;
    if (narrowed && !(options.manifestFile && existsSync(path.join(root, options.manifestFile))))
        return undefined;
    const blobs = await deps.blobIds().catch(() => new Map());
    let images = 0;
    for (const file of blobs.keys())
        if (options.extensions.has(path.posix.extname(file).slice(1).toLowerCase()))
            images++;
    if (images < LIST_MIN_KEYS)
        return undefined;
    const preflight = storage.preflight(options.prefix, { list: true });
    // Reported when the upload stage awaits it.
    preflight.catch(() => { });
    const objects = preflight.then(({ objects }) => objects ?? Promise.reject(notListed()));
    objects.catch(() => { });
    const fetched = readDigestIndex(storage, DIGEST_INDEX_KEY, logger);
    // A storage that fails its preflight has no index to wait for.
    const empty = new Map();
    const index = Promise.race([
        fetched,
        preflight.then(() => fetched, () => empty),
    ]);
    const sources = {
        root,
        blobs,
        index,
        listing: objects,
        keyOf: (sha256, imagePath) => renderKey(options.keyTemplate, { prefix: options.prefix, sha256, path: imagePath }),
    };
    return {
        preflight,
        listing: { prefix: options.prefix, objects },
        sources,
        indexKey: DIGEST_INDEX_KEY,
        ...knownDigests(sources),
    };
}
const notListed = () => new Error("not listed");
/**
 * The storage check, sent while the images are hashed so that its connection and round
 * trips cost no time; only a run with local images talks to storage at all (or one that
 * started a snapshot). The upload stage awaits it: wrong credentials, a missing bucket or a
 * dead endpoint fail there in one sentence (a dry run too), before any object or file is
 * written. When it passes and the keys will all start with `prefix`, the listing existence
 * needs follows at once.
 */
function startPreflight(resolved, options, storage, snapshot) {
    const status = (reference) => reference.resolution.status;
    if (!resolved.some((reference) => status(reference) === "local" || status(reference) === "recorded"))
        return {};
    if (snapshot)
        return { preflight: snapshot.preflight, listing: snapshot.listing };
    const preflight = storage.preflight(options.prefix);
    // Reported when the upload stage awaits it; a plan left with no image never does.
    preflight.catch(() => { });
    const enough = distinctLocal(resolved).length >= LIST_MIN_KEYS;
    if (!keysUnderPrefix(options) || !enough || storage.delivery.listing !== "prefix")
        return { preflight };
    const objects = preflight.then(({ canList }) => canList ? storage.list(options.prefix) : Promise.reject(notListed()));
    objects.catch(() => { });
    return { preflight, listing: { prefix: options.prefix, objects } };
}
/**
 * Git asked again, once every image is hashed, which files are still the blobs they were:
 * only those get an entry (saveDigests). Started while the uploads run, so git's answer
 * costs no wall time; not asked when no hashed image could add an entry.
 */
async function recheckBlobs(snapshot, hashed, dryRun, deps) {
    if (!snapshot || !deps.blobIds || dryRun)
        return undefined;
    const { sources } = snapshot;
    // As if every image were stored: whether any could add an entry at all (a clean tracked
    // file whose blob the index lacks). A no-op's images are all in the index already.
    const index = await sources.index;
    const blobOf = blobFinder(sources.root, sources.blobs);
    const couldAdd = hashed.some((image) => {
        const blob = blobOf(image.absolutePath);
        return blob !== undefined && !index.has(blob);
    });
    if (!couldAdd)
        return undefined;
    return deps.blobIds().catch(() => new Map());
}
/** The digests this run hashed and stored, added to the index for the next run. */
async function saveDigests(snapshot, images, blobsNow, deps) {
    const after = await blobsNow;
    if (!snapshot || !after)
        return;
    const { sources } = snapshot;
    const index = await sources.index;
    const added = newEntries(images, sources, after, index);
    if (added.size === 0)
        return;
    await writeDigestIndex(deps.storage, snapshot.indexKey, new Map([...index, ...added]), deps.logger);
}

/** The spec asks for a progress line at least every 5 seconds on long runs. */
const PROGRESS_INTERVAL_MS = 5_000;
/**
 * Counts items and bytes of a long phase and writes one line at most every
 * PROGRESS_INTERVAL_MS of the clock: `<label>: 120/2000 images, 1.9 MB <verb> (380 kB/s).`
 */
class Progress {
    label;
    verb;
    total;
    logger;
    clock;
    done = 0;
    bytes = 0;
    startedAt;
    lastLineAt;
    constructor(label, verb, total, logger, clock) {
        this.label = label;
        this.verb = verb;
        this.total = total;
        this.logger = logger;
        this.clock = clock;
        this.startedAt = clock.now();
        this.lastLineAt = this.startedAt;
    }
    /** One more item done; `bytes` counts towards the rate. */
    record(bytes) {
        this.done++;
        this.bytes += bytes;
        const now = this.clock.now();
        if (now - this.lastLineAt < PROGRESS_INTERVAL_MS)
            return;
        this.lastLineAt = now;
        const seconds = (now - this.startedAt) / 1000;
        const rate = seconds > 0 ? this.bytes / seconds : 0;
        this.logger.info(`${this.label}: ${this.done}/${this.total} images done, ${formatBytes(this.bytes)} ${this.verb} (${formatBytes(rate)}/s).`);
    }
}

function publicUrlCheck(options, deps) {
    const enabled = options.verifyPublicUrl && !options.dryRun;
    const check = (sample) => {
        const checked = verifyPublicUrl(sample, deps.fetch, {
            provider: options.storage.provider,
            bucket: options.storage.bucket,
            publicUrl: options.publicUrl,
            delivery: deps.storage.delivery,
        });
        // Awaited by stage(), which reports it.
        checked.catch(() => { });
        return { sample, checked };
    };
    let started;
    return {
        onVerified(image) {
            const verified = image.status === "uploaded" || image.status === "present";
            if (enabled && !started && verified)
                started = check(image);
        },
        async stage(outcomes) {
            // A fresh upload if there was one, else an object found present.
            const sample = started?.sample ?? outcomes.sample();
            if (!enabled || !sample)
                return;
            await deps.logger.group("Verify public-url", async () => {
                await (started ?? check(sample)).checked;
                const what = deps.storage.delivery.proof === "bytes" ? "the uploaded bytes" : "an image";
                deps.logger.info(`${sample.url} serves ${what}.`);
            });
        },
    };
}

/** What each syntax contributed: the figures a user checks coverage with (--json, summary). */
function countBySyntax(resolved, edits) {
    const edited = new Set(edits.map((edit) => `${edit.file}\0${edit.start}`));
    const counts = new Map();
    for (const { reference, resolution } of resolved) {
        if (resolution.status !== "local" && resolution.status !== "missing")
            continue;
        const count = counts.get(reference.kind) ?? { local: 0, rewritten: 0, missing: 0 };
        if (resolution.status === "missing")
            count.missing++;
        else
            count.local++;
        if (edited.has(`${reference.file}\0${reference.start}`))
            count.rewritten++;
        counts.set(reference.kind, count);
    }
    return [...counts].map(([kind, count]) => ({ kind, ...count }));
}
/**
 * Local images the in-scope files still link after the rewrite: every local reference
 * whose edit was not written (no verified object, a dry run, or a file left unchanged).
 */
function stillLinked(resolved, edits, rewritten) {
    const written = new Set(rewritten);
    const replaced = new Set(edits.filter((edit) => written.has(edit.file)).map((edit) => `${edit.file}\0${edit.start}`));
    const linked = new Set();
    for (const { reference, resolution } of resolved) {
        // A link that is a URL (a recorded one) keeps no local file alive.
        if (resolution.status !== "local" || resolution.viaUrl)
            continue;
        if (!replaced.has(`${reference.file}\0${reference.start}`))
            linked.add(resolution.path);
    }
    return [...linked];
}

/**
 * Runs `work` over `items` with up to `window` calls in flight and yields the results in
 * input order. Local phases use it so that the disk (file reads, stats) works ahead while
 * the CPU parses: one await per file in a row would leave the process idle for most of a
 * 10,000-file scan. Results wait in order, so at most `window` of them are held at once
 * beyond the one being consumed.
 */
async function* inOrder(items, window, work) {
    const pending = [];
    let started = 0;
    const startMore = (upTo) => {
        while (started < items.length && started < upTo) {
            const promise = work(items[started]);
            // Awaited below in order; this only keeps an early failure from being "unhandled".
            promise.catch(() => { });
            pending[started++] = promise;
        }
    };
    for (let index = 0; index < items.length; index++) {
        startMore(index + Math.max(1, window));
        const result = await pending[index];
        pending[index] = undefined;
        yield [items[index], result];
    }
}

/**
 * The rewrite stage: turn verified uploads into byte-range edits, then apply them so that
 * only the destination bytes change (CRLF, BOM, trailing whitespace stay as they were).
 */
/**
 * Plans one edit per local reference whose image is verified present in storage.
 *
 * `urlFor(path)` returns the public URL only for images verified present (uploaded now or
 * found), else `undefined`: no URL, no edit, the link stays as it is.
 *
 * Edits whose new text cannot be written safely into that kind of reference (a space in a
 * bare Markdown destination, a quote in an attribute, a YAML indicator…) are not returned;
 * each is passed to `onSkip` instead, so the caller can warn at file:line. The result is
 * sorted by file, then by position, with duplicates of the same range removed.
 */
function planEdits(resolved, urlFor, onSkip) {
    const edits = new Map();
    for (const { reference, resolution } of resolved) {
        if (resolution.status !== "local" && resolution.status !== "recorded")
            continue;
        const url = urlFor(resolution.path);
        if (url === undefined)
            continue;
        const target = url + resolution.suffix;
        const newText = replacementText(reference, target);
        // A second run finds the link already rewritten; nothing to do.
        if (newText === reference.raw)
            continue;
        const rangeKey = `${reference.file}\u0000${reference.start}\u0000${reference.end}`;
        if (edits.has(rangeKey))
            continue;
        const unsafe = unsafeReason(reference.kind, url, reference.wrap ? target : newText);
        if (unsafe !== undefined) {
            onSkip?.({
                file: reference.file,
                line: reference.line,
                destination: reference.raw,
                newText,
                message: `The URL ${JSON.stringify(newText)} cannot be written into this ${describeKind(reference.kind)} because ${unsafe}, so the link was left as it is; use a key-template and public-url that produce plain URLs.`,
            });
            continue;
        }
        edits.set(rangeKey, {
            file: reference.file,
            start: reference.start,
            end: reference.end,
            oldText: reference.raw,
            newText,
            line: reference.line,
        });
    }
    return [...edits.values()].sort((a, b) => compareCodeUnits(a.file, b.file) || a.start - b.start || a.end - b.end);
}
/**
 * Why `newText` would change the meaning of (or break) the reference it replaces, or
 * `undefined` when it is safe. The parser tells us the kind but not the exact variant
 * (angle or bare destination, which quote, plain or quoted YAML), so each check is the
 * strictest of the variants. The `?query#fragment` suffix comes verbatim from the old
 * text, which was valid in this very spot, so the character checks that would reject a
 * legitimate suffix (entities such as `&amp;`, escapes) look at the generated URL only.
 */
function unsafeReason(kind, url, newText) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
    if (/[\u0000-\u001f\u007f]/.test(newText))
        return "it contains a line break or control character";
    if (/\s/u.test(newText))
        return "it contains whitespace";
    if (url.includes("\\"))
        return "it contains a backslash, which would be read as an escape";
    if (/&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.test(url)) {
        return "it contains an HTML entity, which would be decoded";
    }
    switch (kind) {
        case "markdown-image":
        case "markdown-link":
        case "definition":
        case "embed":
            if (/[<>]/.test(newText))
                return "it contains < or >";
            if (!parenthesesBalanced(newText))
                return "its parentheses are unbalanced";
            return undefined;
        case "html-src":
        case "html-srcset":
        case "html-href":
        case "docfx":
            if (/["'<>`]/.test(newText))
                return "it contains a quote, < or >";
            // srcset strips trailing commas from a candidate URL.
            if (kind === "html-srcset" && newText.endsWith(","))
                return "it ends with a comma";
            return undefined;
        case "shortcode":
        case "tag-argument":
            if (/["'`<>{}%]/.test(newText))
                return "it contains a quote, <, >, {, } or %";
            return undefined;
        case "jsx-expression":
            if (/^"[^"<>`{}]*"$/.test(newText))
                return undefined;
            return "it contains a quote, <, >, { or }";
        case "front-matter":
            if (/["']/.test(newText))
                return "it contains a quote";
            if (/[[\]{},]/.test(url))
                return "it contains a YAML flow character";
            if (/^[-?:,[\]{}#&*!|>%@`]/.test(newText))
                return "it starts with a YAML indicator";
            if (newText.endsWith(":"))
                return "it ends with a colon";
            return undefined;
    }
}
/**
 * A JSX expression (`{require('./a.png').default}`) is replaced by a string attribute
 * value; an embed or asset tag by the Markdown image its reference says.
 */
function replacementText(reference, text) {
    if (reference.wrap)
        return `${reference.wrap[0]}${text}${reference.wrap[1]}`;
    return reference.kind === "jsx-expression" ? `"${text}"` : text;
}
/** CommonMark's rule for bare destinations: unescaped parentheses must pair up. */
function parenthesesBalanced(text) {
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
        const char = text[i];
        if (char === "\\")
            i++;
        else if (char === "(")
            depth++;
        else if (char === ")" && --depth < 0)
            return false;
    }
    return depth === 0;
}
function describeKind(kind) {
    switch (kind) {
        case "markdown-image":
        case "markdown-link":
            return "Markdown link";
        case "definition":
            return "link reference definition";
        case "html-src":
        case "html-href":
            return "HTML attribute";
        case "html-srcset":
            return "srcset";
        case "jsx-expression":
            return "JSX attribute";
        case "front-matter":
            return "front matter value";
        case "embed":
            return "embed";
        case "shortcode":
            return "shortcode parameter";
        case "tag-argument":
            return "template tag";
        case "docfx":
            return "DocFX image attribute";
    }
}
/** Atomic writes in flight at once. */
const PARALLEL_WRITES = 16;
/**
 * Applies `edits` to the files under `root` and returns the files written (repo-relative,
 * sorted). Every file is read and every edit checked against the bytes it expects before
 * anything is written: if a file changed (or vanished) since it was parsed, no file is
 * written and an ItemError names it. Files whose bytes would not change are not written.
 * With `outputRoot`, the rewritten files go there (same relative paths) and `root` is only
 * read: artifact mode stages its files without touching the workspace.
 */
async function applyEdits(root, edits, outputRoot = root, durable = true) {
    const prepared = [];
    const changed = [];
    let count = 0;
    for (const [file, fileEdits] of groupByFile(edits)) {
        // Posts are small: read in one call each, with a turn of the event loop now and then.
        if (++count % FILES_PER_TURN === 0)
            await nextTurn();
        const original = readIfPresent(file, insideRoot(root, file));
        const absolutePath = insideRoot(outputRoot, file);
        if (original === undefined || !fileEdits.every((edit) => expectedBytesAt(original, edit))) {
            changed.push(file);
            continue;
        }
        const content = spliceEdits(file, original, fileEdits);
        if (!content.equals(original))
            prepared.push({ file, absolutePath, content });
    }
    if (changed.length > 0) {
        throw new ItemError(`${listFiles(changed)} changed while the run was in progress; run again.`);
    }
    const write = async ({ file, absolutePath, content }) => {
        try {
            if (outputRoot !== root)
                await mkdir(path.dirname(absolutePath), { recursive: true });
            await writeFileAtomic(absolutePath, content, { durable });
        }
        catch (error) {
            throw new ItemError(`Could not write ${file} (${describeError(error)}); check that the file and its directory are writable.`);
        }
    };
    // Several files at once: a durable write waits for two fsyncs, any write for a rename,
    // and one at a time thousands of rewritten posts would take seconds of idle waiting.
    for await (const _ of inOrder(prepared, PARALLEL_WRITES, write)) {
        // Drained in order, so the first failure (in file order) is the one reported.
    }
    return prepared.map(({ file }) => file);
}
function groupByFile(edits) {
    const byFile = new Map();
    for (const edit of [...edits].sort((a, b) => compareCodeUnits(a.file, b.file))) {
        const list = byFile.get(edit.file);
        if (list)
            list.push(edit);
        else
            byFile.set(edit.file, [edit]);
    }
    return byFile;
}
function insideRoot(root, file) {
    const absolutePath = path.resolve(root, file);
    // The root itself is no file to rewrite; `..x.md` is a file inside it, `../x.md` is not.
    if (absolutePath === path.resolve(root) || !isInside(path.resolve(root), absolutePath)) {
        throw new ItemError(`${file} is not a file inside the repository, so it was not rewritten.`);
    }
    return absolutePath;
}
function readIfPresent(file, absolutePath) {
    try {
        return readFileSync(absolutePath);
    }
    catch (error) {
        if (error.code === "ENOENT")
            return undefined;
        throw new ItemError(`Could not read ${file} (${describeError(error)}); check that the file is readable.`);
    }
}
function expectedBytesAt(bytes, edit) {
    const { start, end } = edit;
    if (!Number.isInteger(start) || !Number.isInteger(end))
        return false;
    if (start < 0 || end < start || end > bytes.length)
        return false;
    return bytes.subarray(start, end).toString("utf8") === edit.oldText;
}
/** Byte offsets refer to the original file, so the pieces are cut from it in one pass. */
function spliceEdits(file, original, edits) {
    const ordered = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    const pieces = [];
    let position = 0;
    let previous;
    for (const edit of ordered) {
        if (previous && sameEdit(previous, edit))
            continue;
        if (previous && edit.start < previous.end) {
            throw new Error(`Bug: overlapping edits in ${file} at bytes ${previous.start}-${previous.end} and ${edit.start}-${edit.end}.`);
        }
        pieces.push(original.subarray(position, edit.start), Buffer.from(edit.newText, "utf8"));
        position = edit.end;
        previous = edit;
    }
    pieces.push(original.subarray(position));
    return Buffer.concat(pieces);
}
function sameEdit(a, b) {
    return a.start === b.start && a.end === b.end && a.newText === b.newText;
}
function listFiles(files) {
    if (files.length === 1)
        return files[0] ?? "";
    const shown = files.slice(0, 3);
    const rest = files.length - shown.length;
    if (rest > 0)
        return `${shown.join(", ")} and ${rest} more files`;
    return `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}

/**
 * The bytes an upload sends, taken through a descriptor proven to be inside the repository
 * (open-inside.ts), and proven to be the bytes that were hashed: a file swapped for a
 * symlink or edited since the plan is refused with "changed while the run was in
 * progress", never uploaded under a key that names other content.
 */
/**
 * Files up to this size are read once into memory and sent from there on every attempt:
 * `concurrency` of them at most are held at once. Larger ones stream from the open handle.
 */
const BUFFERED_LIMIT = 8 * 1024 * 1024;
async function openUploadBody(root, image) {
    const { handle, stats } = await openInside(root, image.absolutePath, image.path).catch((error) => Promise.reject(unreadable(image, error)));
    let keepOpen = false;
    try {
        if (stats.size !== image.size)
            throw changedDuringRun(image.path, `${image.size} bytes when hashed, ${stats.size} now`);
        if (stats.size <= BUFFERED_LIMIT) {
            const bytes = await handle.readFile();
            if (createHash("sha256").update(bytes).digest("hex") !== image.sha256)
                throw changedDuringRun(image.path, "its bytes differ from when it was hashed");
            return heldBody(bytes);
        }
        await checkLargeFile(handle, image);
        keepOpen = true;
        return {
            open: () => handle.createReadStream({ start: 0, autoClose: false }),
            close: () => handle.close(),
        };
    }
    finally {
        if (!keepOpen)
            await handle.close();
    }
}
/** A body from bytes in memory: a fresh stream of them for each attempt. */
function heldBody(bytes) {
    return { open: () => Readable.from([bytes], { objectMode: false }), close: async () => { } };
}
/** Why the file could not be opened for its upload, naming it repository-relative. */
function unreadable(image, error) {
    if (error instanceof ChangedDuringRunError)
        return error;
    if (error.code === "ENOENT")
        return changedDuringRun(image.path, "it was deleted");
    return new ItemError(`Could not read the file ${image.path} to upload it (${describeFileError(error)}).`);
}
async function checkLargeFile(handle, image) {
    const digest = await digestHandle(handle, image.size);
    if (digest.sha256 !== image.sha256)
        throw changedDuringRun(image.path, "its bytes differ from when it was hashed");
}

/**
 * The upload phase: for every distinct image, check storage and send the ones that are
 * missing or different. One image failing never stops the others; a storage problem that
 * fails every request (bucket, credentials, endpoint) aborts the run instead.
 */
/**
 * True when the stored object is this image: same size and same sha256 metadata, or, for
 * objects stored without our metadata, an ETag equal to the MD5 (single-part uploads).
 */
function isSameObject(image, stored) {
    if (stored.size !== undefined && stored.size !== image.size)
        return false;
    // A plain-MD5 ETag that differs means other bytes, whatever the sha256 metadata claims:
    // an upload damaged in transit keeps the metadata it was sent with.
    const etag = stored.etag?.toLowerCase();
    // An object known only from the ledger (its file is gone) has no local MD5 to compare.
    if (image.md5 !== "" && isPlainMd5Etag(etag) && etag !== image.md5.toLowerCase())
        return false;
    if (stored.sha256 !== undefined)
        return stored.sha256.toLowerCase() === image.sha256.toLowerCase();
    return stored.etag !== undefined && stored.etag.toLowerCase() === image.md5.toLowerCase();
}
async function settleImage(image, storage, settings, existence) {
    if (existence === "present")
        return { ...image, status: "present" };
    if (existence === "unknown") {
        const stored = await storage.head(image.key);
        if (stored && isSameObject(image, stored))
            return { ...image, status: "present" };
    }
    if (image.absolutePath === "") {
        const reason = `${image.path} is gone and its recorded object ${image.key} is not in storage with the recorded bytes, so links to it were left as they are; restore the file to upload it again.`;
        return { ...image, status: "failed", reason };
    }
    return settings.dryRun ? planOnly(image) : send$1(image, storage, settings);
}
/** A dry run's uploader: what would be sent, with no request. */
async function planOnly(image) {
    return { ...image, status: "planned" };
}
/** The bytes proven to be the hashed ones, sent with the integrity checks of `Storage.put`. */
async function send$1(image, storage, settings) {
    // The bytes that were hashed, when held: what the key names is what is sent, however the
    // file changes meanwhile. Otherwise read again, through a descriptor, and checked.
    const held = settings.heldBytes?.(image.absolutePath, image.sha256);
    const body = held ? heldBody(held) : await openUploadBody(settings.root, image);
    try {
        await storage.put({
            key: image.key,
            path: image.path,
            body: body.open,
            ...(held ? { bytes: held } : {}),
            size: image.size,
            contentType: image.contentType,
            cacheControl: settings.cacheControl,
            sha256: image.sha256,
            md5: image.md5,
            ...(settings.acl ? { acl: settings.acl } : {}),
        });
    }
    finally {
        await body.close();
    }
    const uploaded = { ...image, status: "uploaded" };
    settings.onVerified?.(uploaded);
    return uploaded;
}
/**
 * Checks and uploads `images` (already one per key) with at most `settings.concurrency`
 * requests in flight; results come back in input order. Large runs learn what exists
 * from one listing first (see existence.ts), so a run with nothing new sends about one
 * request per 1,000 images.
 */
async function uploadImages(images, storage, settings, logger, clock) {
    const existing = await indexByListing(images, storage, logger, settings.canList ?? true, settings.listing);
    if (!settings.dryRun) {
        const toAsk = images.filter((image) => existing.lookup(image) !== "present").length;
        await storage.expectRequests(toAsk);
    }
    const limit = settings.limit ?? pLimit(Math.max(1, settings.concurrency));
    const progress = new Progress("Progress", "uploaded", images.length, logger, clock);
    let fatal;
    const recordResult = (image, result) => {
        if (result.status !== "failed")
            logger.debug(`${image.path} → ${image.key}: ${result.status}`);
        if (result.status === "present")
            settings.onVerified?.(result);
        progress.record(result.status === "uploaded" ? image.size : 0);
        return result;
    };
    const settleOne = async (image, decide) => {
        if (fatal)
            return undefined;
        let result;
        try {
            result = await decide();
        }
        catch (error) {
            if (error instanceof StorageError) {
                // Every other request would fail the same way: queued tasks see `fatal` and
                // return without a request (clearing p-limit's queue would leave them pending).
                fatal ??= error;
                return undefined;
            }
            result = { ...image, status: "failed", reason: describeError(error) };
            logger.debug(`${image.path} → ${image.key}: failed: ${result.reason}`);
        }
        return recordResult(image, result);
    };
    const asUsual = (image, existence) => 
    // Known present from the listing: no request to make, so no slot to wait for (a
    // no-op's 2,000 images would each queue behind p-limit's hops for nothing).
    existence === "present"
        ? fatal
            ? undefined
            : recordResult(image, { ...image, status: "present" })
        : limit(() => settleOne(image, () => settleImage(image, storage, settings, existence)));
    const tasks = images.map((image) => {
        const early = settings.eager?.started(image.key);
        if (!early)
            return asUsual(image, existing.lookup(image));
        // Not held in a slot while waiting: the early upload may itself wait for one.
        return early.result.then((sent) => {
            if (sent && early.sha256 === image.sha256)
                return settleOne(image, async () => ({ ...image, status: "uploaded" }));
            // Not sent early after all; or another file's bytes went under this key (a
            // collision the plan refused), so this image's bytes are sent over them.
            return asUsual(image, sent ? "absent" : existing.lookup(image));
        }, (error) => settleOne(image, () => Promise.reject(error)));
    });
    // allSettled waits for requests already in flight, so nothing runs on after we return.
    const settled = await Promise.allSettled(tasks);
    if (fatal)
        throw fatal;
    return settled.map((outcome, index) => {
        const image = images[index];
        if (outcome.status === "rejected") {
            return { ...image, status: "failed", reason: describeError(outcome.reason) };
        }
        return outcome.value ?? { ...image, status: "failed", reason: "The upload was not attempted." };
    });
}

/**
 * Starts uploads of offered images once the preflight has passed and the listing is in.
 * A failed preflight or listing, or a storage error that every request would hit, stops
 * it: the upload stage then decides as if nothing had started, and reports.
 */
function eagerUploads(start, storage, settings, limit) {
    const listed = Promise.all([start.preflight, start.listing.objects]).then(([preflight, objects]) => (preflight.canList ? objectsByKey(objects) : undefined), () => undefined);
    const uploads = new Map();
    let stopped = false;
    const sendIfAbsent = async (image, byKey) => {
        if (stopped || !byKey)
            return undefined;
        const existence = classify(image, byKey.get(image.key));
        // Verified present by the listing: the public-url check may start on it now.
        if (existence === "present")
            settings.onVerified?.({ ...image, status: "present" });
        if (existence !== "absent")
            return undefined;
        return limit(async () => {
            if (stopped)
                return undefined;
            try {
                return await send$1(image, storage, settings);
            }
            catch (error) {
                if (error instanceof StorageError)
                    stopped = true;
                throw error;
            }
        });
    };
    return {
        offer(image) {
            if (uploads.has(image.key) || !image.key.startsWith(start.listing.prefix))
                return;
            const result = listed.then((byKey) => sendIfAbsent(image, byKey));
            // Awaited by the upload stage, which reports a failure in its own words.
            result.catch(() => { });
            uploads.set(image.key, { sha256: image.sha256, result });
        },
        started: (key) => uploads.get(key),
    };
}

class Outcomes {
    /** One per distinct object checked or sent, then the images the plan refused. */
    images;
    byPath;
    constructor(plan, settled) {
        this.images = [...settled, ...plan.refused];
        const byKey = new Map(settled.map((image) => [image.key, image]));
        const byPath = new Map();
        for (const [source, entry] of plan.byPath) {
            // Several paths with the same bytes share one object, hence one result.
            const outcome = "status" in entry ? entry : byKey.get(entry.key);
            if (outcome)
                byPath.set(source, outcome);
        }
        this.byPath = byPath;
    }
    /** What became of the image at this repository path. */
    of(imagePath) {
        return this.byPath.get(imagePath);
    }
    /**
     * The URL a link to this image may be rewritten to: only an object verified present
     * (uploaded now with an integrity check, or found with matching size and sha256), or,
     * in a dry run, one that would be uploaded.
     */
    linkTarget(imagePath, dryRun) {
        const image = this.of(imagePath);
        if (!image)
            return undefined;
        const verified = image.status === "uploaded" || image.status === "present";
        return verified || (dryRun && image.status === "planned") ? image.url : undefined;
    }
    /** One sample for the public-URL check: a fresh upload if there is one. */
    sample() {
        return (this.images.find((image) => image.status === "uploaded") ??
            this.images.find((image) => image.status === "present"));
    }
    counts(missing, rewritten) {
        const count = (status) => this.images.filter((image) => image.status === status).length;
        return {
            uploaded: count("uploaded"),
            skipped: count("present"),
            failed: count("failed"),
            missing,
            rewritten,
        };
    }
}

/**
 * The upload stage and what it shares with the uploads that start while images are still
 * hashed (eager-upload.ts): one set of settings, one limit on requests in flight.
 */
/** What every upload needs, early or not: where bytes are read, how they are sent. */
function uploadSettings(root, options, digests, 
/** The public-url check's hook: the first verified object is checked while others go on. */
onVerified) {
    return {
        onVerified,
        root,
        concurrency: options.concurrency,
        cacheControl: options.cacheControl,
        ...(options.storage.acl ? { acl: options.storage.acl } : {}),
        dryRun: options.dryRun,
        heldBytes: digests.heldBytes,
        // One limit for the uploads started while hashing and the upload stage's.
        limit: pLimit(Math.max(1, options.concurrency)),
    };
}
/** Uploads that start while hashing goes on, when the listing is on its way (not a dry run). */
function startEagerUploads(early, options, storage, settings) {
    if (options.dryRun || !early.preflight || !early.listing)
        return undefined;
    const start = { preflight: early.preflight, listing: early.listing };
    return eagerUploads(start, storage, settings, settings.limit);
}
/** What storage holds, then the uploads; a dry run checks and plans but sends nothing. */
function uploadStage(plan, options, deps, settings, early) {
    const title = options.dryRun ? "Check storage (dry run)" : "Upload to storage";
    return deps.logger.group(title, async () => {
        // It also learns whether this key may list the bucket, so existence need not ask again.
        const canList = plan.images.length === 0 ||
            (await (early.preflight ?? deps.storage.preflight(options.prefix))).canList;
        const settled = await uploadImages(plan.images, deps.storage, {
            ...settings,
            canList,
            ...(early.listing ? { listing: early.listing } : {}),
            ...(early.eager ? { eager: early.eager } : {}),
        }, deps.logger, deps.clock);
        return new Outcomes(plan, settled);
    });
}

/**
 * The whole job on a working tree: scan → references → resolve → plan → upload → verify →
 * rewrite → report. Markdown is written only after every object it will point to is
 * verified present, so a failure at any step leaves no link to a missing object.
 */
async function runOffload(root, options, deps, scope = {}) {
    const startedAt = deps.clock.now();
    // Only ever saves time: whatever goes wrong there, the run hashes as it would without it.
    let snapshotNow;
    const snapshot = startSnapshot(root, options, deps, scope.contentFiles !== undefined).then((taken) => (snapshotNow = taken), () => undefined);
    const digests = createDigestCache(undefined, async (file) => (await snapshot)?.known(file), (file) => snapshotNow?.knownNow(file));
    const urlOf = (key) => deps.storage.delivery.url(options.publicUrl, key);
    // Read and checked first: a corrupt manifest fails the run before anything is written.
    // One lookup per run: the manifest's check and the resolve ask about the same files.
    const fileLookup = createFileLookup(root);
    const reading = await ledgerStage(root, options, deps.logger, {
        digestOf: digests.digestOf,
        urlOf,
        files: fileLookup,
    });
    // A push's scope needs the check first (posts linking an edited image's old URL join it);
    // otherwise it goes on while the content is scanned and parsed.
    const inspected = scope.contentFiles && reading ? await inspectedStage(reading, deps.logger) : undefined;
    const contentFiles = await scanStage(root, options, scope, deps.logger, inspected);
    const read = await readStage(root, contentFiles, options, deps, {
        hosts: reading?.hosts ?? [],
        files: fileLookup,
    });
    const ledger = inspected ?? (reading ? await inspectedStage(reading, deps.logger) : undefined);
    const resolved = ledger
        ? await attachRecorded(root, read.resolved, ledger, deps.logger)
        : read.resolved;
    if (ledger)
        reportUnattributed(resolved, ledger, options, deps.logger);
    const { left, sites } = read;
    const early = startPreflight(resolved, options, deps.storage, await snapshot);
    const verifying = publicUrlCheck(options, deps);
    const upload = uploadSettings(root, options, digests, verifying.onVerified);
    const eager = startEagerUploads(early, options, deps.storage, upload);
    const plan = await planStage(root, resolved, options, deps, ledger, digests, eager);
    const known = (await snapshot)?.hits() ?? 0;
    if (known > 0)
        deps.logger.info(`${known} unchanged image(s) known from the digest index, not read again.`);
    // Hashing is over: whether the files stayed the blobs they were, asked while uploads run.
    const blobsNow = recheckBlobs(await snapshot, plan.images, options.dryRun, deps);
    blobsNow.catch(() => { });
    const outcomes = await uploadStage(plan, options, deps, upload, { ...early, eager });
    digests.release();
    reportFailures(resolved, outcomes, deps.logger);
    await verifying.stage(outcomes);
    const entries = updatedEntries(ledger, plan, (imagePath) => outcomes.of(imagePath));
    const ledgerFile = await writeLedgerStage(root, options, scope.outputRoot, entries, deps.logger, scope.durable ?? true);
    const saving = saveDigests(await snapshot, outcomes.images, blobsNow, deps);
    const { edits, rewritten } = await rewriteStage(root, resolved, outcomes, options, deps, scope);
    await saving;
    const missing = problems(resolved, "missing");
    return {
        counts: outcomes.counts(missing.length, rewritten.length),
        images: outcomes.images,
        manifest: buildManifest(outcomes.images, resolved, (imagePath) => outcomes.of(imagePath)),
        missing,
        refused: problems(resolved, "refused"),
        edits,
        files: rewritten,
        dryRun: options.dryRun,
        durationMs: deps.clock.now() - startedAt,
        read: { files: contentFiles, stillLinked: stillLinked(resolved, edits, rewritten) },
        left,
        sites,
        syntaxes: countBySyntax(resolved, edits),
        updated: updatedImages(ledger, entries),
        written: ledgerFile ? [...rewritten, ledgerFile].sort() : rewritten,
    };
}
/** The content files the globs match, narrowed to the scope (a push's changed files). */
function scanStage(root, options, scope, logger, ledger) {
    return logger.group("Scan content files", async () => {
        const found = await scanContent(root, options.content);
        const globs = options.content.join(", ");
        logger.info(`${found.length} content file(s) match ${globs}.`);
        if (found.length === 0)
            logger.warning(`No content file matches ${globs}; check the content input (globs are relative to the repository root).`);
        if (!scope.contentFiles)
            return found;
        const inScope = new Set(scope.contentFiles);
        const kept = found.filter((file) => inScope.has(file));
        logger.info(`${kept.length} of them are in scope (changed by this push or pull request).`);
        const linking = ledger ? filesLinking(root, found, inScope, ledger.staleUrls) : [];
        if (linking.length > 0) {
            logger.info(`${linking.length} more link an edited or moved image's recorded URL.`);
        }
        return [...kept, ...linking].sort(compareCodeUnits);
    });
}
/** Every destination in the files, and what each resolves to. */
async function readStage(root, files, options, { logger, parseWorker }, lookups) {
    // Local images, and recorded URLs that may have to change (their hosts).
    const relevance = relevanceOf(options.extensions, lookups.hosts);
    const collected = await logger.group("Find image references", async () => collectReferences(root, files, options, logger, {
        relevance,
        ...(parseWorker ? { parseWorker } : {}),
    }));
    const resolved = await logger.group("Resolve local images", () => resolveAll(root, collected.references, options, logger, collected.sites, lookups.files));
    return { resolved, left: collected.left, sites: collected.sites.siteReports() };
}
/** Each distinct local image hashed once, refused or named by its key. */
function planStage(root, resolved, options, { logger, clock, storage }, ledger, digests, eager) {
    const localPaths = distinctLocal(resolved);
    return logger.group("Hash and plan uploads", async () => {
        const hashing = new Progress("Hashing", "read", localPaths.length, logger, clock);
        const settings = {
            root,
            keyTemplate: options.keyTemplate,
            prefix: options.prefix,
            publicUrl: options.publicUrl,
            maxSize: options.maxSize,
            digestOf: digests.digestOf,
            digestNow: digests.digestNow,
            urlOf: (key) => storage.delivery.url(options.publicUrl, key),
            ...(storage.refusal ? { refusal: storage.refusal.bind(storage) } : {}),
            ...(eager ? { onPlanned: (image) => eager.offer(image) } : {}),
        };
        const local = await planImages(localPaths, settings, (bytes) => hashing.record(bytes));
        const recorded = ledger
            ? recordedObjects(resolved, ledger, options.publicUrl, settings.urlOf)
            : [];
        const planned = withRecordedObjects(local, recorded);
        logger.info(`${localPaths.length} local image(s), ${planned.images.length} distinct object(s) to check.`);
        return planned;
    });
}
/** The edits, as data, for every link to a verified object; applied unless a dry run. */
async function rewriteStage(root, resolved, outcomes, options, { logger }, scope) {
    const edits = planEdits(resolved, (imagePath) => outcomes.linkTarget(imagePath, options.dryRun), (skipped) => logger.warning(skipped.message, { file: skipped.file, line: skipped.line }));
    const title = options.dryRun ? "Rewrite (dry run)" : "Rewrite content files";
    const rewritten = await logger.group(title, async () => {
        const changed = options.dryRun
            ? [...new Set(edits.map((edit) => edit.file))].sort()
            : await applyEdits(root, edits, scope.outputRoot, scope.durable ?? true);
        const would = options.dryRun ? "would be " : "";
        logger.info(`${edits.length} link(s) in ${changed.length} file(s) ${would}rewritten.`);
        return changed;
    });
    return { edits, rewritten };
}

/**
 * Git behind one small wrapper: one method per verb, all through a single `exec` that runs
 * `git` as an async child process. Async matters: a synchronous spawn would block the event
 * loop, and with it anything else this process serves (a test's in-process S3 server).
 *
 * Credentials never go into a URL or argument list that is logged: `authHeader` is passed
 * as a per-command `-c http.extraheader=…` so it is never written to .git/config, and
 * `describe()` redacts it from every error message.
 */
/** A git command that exited non-zero when it had to succeed. */
class GitError extends Error {
    output;
    name = "GitError";
    constructor(message, output) {
        super(message);
        this.output = output;
    }
}
const BOT_NAME = "github-actions[bot]";
const BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com";
/** The header actions/checkout sends: `AUTHORIZATION: basic base64(x-access-token:TOKEN)`. */
function basicAuthHeader(token) {
    return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`, "utf8").toString("base64")}`;
}
class Git {
    workingDirectory;
    options;
    /** `-c` options sent with network verbs only (fetch, push). */
    networkConfig = [];
    secrets = [];
    constructor(workingDirectory, options = {}) {
        this.workingDirectory = workingDirectory;
        this.options = options;
    }
    /**
     * Authenticates fetch and push to `serverUrl` with a token, without writing it anywhere
     * on disk. The key is the one actions/checkout persists; its empty value first clears
     * any header checkout left there, since two Authorization headers are refused.
     */
    useToken(token, serverUrl = "https://github.com") {
        const header = basicAuthHeader(token);
        const key = `http.${serverUrl.replace(/\/+$/, "")}/.extraheader`;
        this.networkConfig.push("-c", `${key}=`, "-c", `${key}=${header}`);
        this.secrets.push(token, header, header.slice("AUTHORIZATION: basic ".length));
    }
    /** The secrets `redact` removes, for the adapter to mask in the runner's log too. */
    get maskedValues() {
        return this.secrets;
    }
    /**
     * Stages exactly these paths. They go through stdin, NUL-separated, never the command
     * line: no argument-length limit, and with GIT_LITERAL_PATHSPECS (set on every command)
     * a file named `:!post.md` or `[slug].mdx` names itself, not a pattern.
     */
    async add(paths) {
        if (paths.length > 0)
            await this.runWithPaths(["add"], paths);
    }
    async rm(paths) {
        if (paths.length > 0)
            await this.runWithPaths(["rm", "--quiet"], paths);
    }
    /** The paths a commit changed against its first parent (every path for a root commit). */
    async committedFiles(ref) {
        const output = await this.run([
            "-c",
            "core.quotePath=false",
            "diff-tree",
            "--root",
            "--no-commit-id",
            "--no-renames",
            "--name-only",
            "-r",
            "-z",
            ref,
        ]);
        return output.stdout.split("\0").filter(Boolean);
    }
    runWithPaths(args, paths) {
        const list = Buffer.from(`${paths.join("\0")}\0`, "utf8");
        return this.run([...args, "--pathspec-from-file=-", "--pathspec-file-nul"], list);
    }
    /** Commits the index as the github-actions bot; returns the new commit's SHA. */
    async commit(message) {
        await this.run([
            "-c",
            `user.name=${BOT_NAME}`,
            "-c",
            `user.email=${BOT_EMAIL}`,
            "commit",
            "--quiet",
            "--no-verify",
            "--message",
            message,
        ]);
        return this.revParse("HEAD");
    }
    /** True when the index differs from HEAD (something is staged). */
    async hasStagedChanges() {
        const output = await this.exec(["diff", "--cached", "--quiet"]);
        if (output.exitCode > 1)
            throw this.failure(["diff", "--cached", "--quiet"], output);
        return output.exitCode === 1;
    }
    /** Fetches refspecs from origin; `depth` deepens a shallow clone by that many commits. */
    async fetch(refspecs, extra = []) {
        return this.exec([
            ...this.networkConfig,
            "fetch",
            "--no-tags",
            ...extra,
            "origin",
            ...refspecs,
        ]);
    }
    /** Pushes; the exit code is returned so a rejection can be told from success. */
    async push(refspec) {
        return this.exec([...this.networkConfig, "push", "--porcelain", "origin", refspec]);
    }
    /** Rebases HEAD onto `upstream`; false (and the rebase aborted) on a conflict. */
    async rebase(upstream) {
        const output = await this.exec([
            "-c",
            `user.name=${BOT_NAME}`,
            "-c",
            `user.email=${BOT_EMAIL}`,
            "rebase",
            "--quiet",
            upstream,
        ]);
        if (output.exitCode === 0)
            return true;
        await this.exec(["rebase", "--abort"]);
        return false;
    }
    async revParse(ref) {
        return (await this.run(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).stdout.trim();
    }
    /** True when `ref` names a commit present in this clone. */
    async hasCommit(ref) {
        return (await this.exec(["cat-file", "-e", `${ref}^{commit}`])).exitCode === 0;
    }
    async isShallow() {
        return (await this.run(["rev-parse", "--is-shallow-repository"])).stdout.trim() === "true";
    }
    async mergeBase(a, b) {
        const output = await this.exec(["merge-base", a, b]);
        return output.exitCode === 0 ? output.stdout.trim() : undefined;
    }
    /** Paths (repository-relative) added, copied, modified or renamed between two commits. */
    async changedFiles(from, to) {
        const output = await this.run([
            "-c",
            "core.quotePath=false",
            "diff",
            "--name-only",
            "--no-renames",
            "--diff-filter=ACMR",
            "-z",
            from,
            to,
        ]);
        return output.stdout.split("\0").filter(Boolean);
    }
    /**
     * Tracked text files (binary ones skipped) whose content contains `text` literally as a
     * whole word: `a.png` is found in `img/a.png` and `"a.png"`, not inside `aaaa.png`.
     */
    async grepTracked(text) {
        const output = await this.exec([
            "-c",
            "core.quotePath=false",
            "grep",
            "-l",
            "-z",
            "-I",
            "-F",
            "-w",
            "-e",
            text,
        ]);
        if (output.exitCode > 1)
            throw this.failure(["grep", text], output);
        return output.stdout.split("\0").filter(Boolean);
    }
    /** True when `path` is tracked in the index. */
    async isTracked(path) {
        return (await this.exec(["ls-files", "--error-unmatch", "--", path])).exitCode === 0;
    }
    /** The unified diff of `paths`: working tree against the index, or of `range` (`a..b`). */
    async diff(paths, range) {
        if (paths.length === 0)
            return "";
        const args = ["-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff"];
        return (await this.run([...args, ...(range ? [range] : []), "--", ...paths])).stdout;
    }
    /** The parents of a commit, first parent first. */
    async parents(ref) {
        const output = await this.run(["rev-list", "--parents", "-n", "1", ref]);
        return output.stdout.trim().split(/\s+/).slice(1);
    }
    /** True when `root` is inside a git work tree. */
    async isRepository() {
        const output = await this.exec(["rev-parse", "--is-inside-work-tree"]).catch(() => undefined);
        return output?.exitCode === 0 && output.stdout.trim() === "true";
    }
    /** Runs a git command that must succeed. */
    async run(args, stdin) {
        const output = await this.exec(args, stdin);
        if (output.exitCode !== 0)
            throw this.failure(args, output);
        return output;
    }
    /** Runs git with `args` in the working directory; never throws for a non-zero exit. */
    exec(args, stdin) {
        return new Promise((resolve, reject) => {
            const child = spawn(this.options.gitPath ?? "git", args, {
                cwd: this.workingDirectory,
                env: {
                    ...process.env,
                    ...this.options.env,
                    // Never wait for a password prompt on a runner.
                    GIT_TERMINAL_PROMPT: "0",
                    // File names come from content: `:!x`, `*` or `[ab]` must never act as patterns.
                    GIT_LITERAL_PATHSPECS: "1",
                },
                stdio: ["pipe", "pipe", "pipe"],
            });
            // git reads the NUL-separated path list from stdin; every other command gets EOF.
            child.stdin.on("error", () => { }); // git may exit before reading it
            child.stdin.end(stdin);
            const stdout = [];
            const stderr = [];
            child.stdout.on("data", (chunk) => stdout.push(chunk));
            child.stderr.on("data", (chunk) => stderr.push(chunk));
            child.on("error", reject);
            child.on("close", (code) => resolve({
                stdout: Buffer.concat(stdout).toString("utf8"),
                stderr: Buffer.concat(stderr).toString("utf8"),
                exitCode: code ?? 1,
            }));
        });
    }
    /** Removes every credential this wrapper knows from a text before it is shown. */
    redact(text) {
        let clean = text;
        for (const secret of this.secrets)
            if (secret)
                clean = clean.split(secret).join("***");
        return clean;
    }
    failure(args, output) {
        const verb = args.find((arg, index) => !arg.startsWith("-") && args[index - 1] !== "-c");
        const detail = this.redact(output.stderr.trim().split("\n").slice(-3).join(" "));
        return new GitError(`git ${verb ?? ""} failed (exit ${output.exitCode})${detail ? `: ${detail}` : ""}`, { ...output, stderr: this.redact(output.stderr), stdout: this.redact(output.stdout) });
    }
}

/**
 * The git blob id of every tracked file whose working-tree copy git knows to be unchanged:
 * an identity of the bytes that git already computed, so a run can look up what an image
 * hashed to on an earlier run instead of reading it again (engine/digest-index.ts).
 */
/**
 * Repository-relative path (below `root`, POSIX) → blob id, for regular files staged at
 * stage 0 that `git diff-files` does not report as modified. Empty when `root` is not in a
 * work tree or git fails: the run then hashes every image, as it would without git.
 */
async function cleanBlobIds(root) {
    const git = new Git(root);
    const [staged, modified] = await Promise.all([
        git.exec(["ls-files", "--stage", "-z"]),
        git.exec(["diff-files", "--name-only", "--relative", "-z"]),
    ]).catch(() => [undefined, undefined]);
    const blobs = new Map();
    if (staged?.exitCode !== 0 || modified?.exitCode !== 0)
        return blobs;
    const dirty = new Set(modified.stdout.split("\0"));
    for (const record of staged.stdout.split("\0")) {
        // "<mode> <blob id> <stage>\t<path>"; symlinks (120000) and submodules (160000) skipped.
        const tab = record.indexOf("\t");
        const [mode, blob, stage] = record.slice(0, tab).split(" ");
        const file = record.slice(tab + 1);
        if (tab < 0 || stage !== "0" || !blob || dirty.has(file))
            continue;
        if (mode === "100644" || mode === "100755")
            blobs.set(file, blob);
    }
    return blobs;
}

/**
 * The one retry policy for every storage request (HEAD, LIST, PUT, GET, DELETE).
 *
 * The SDK's standard strategy is switched off (maxAttempts 1 on the client): it gives 3
 * attempts and a shared budget of retry tokens that a burst of throttling empties, after
 * which every request fails on its first error; and it never retries a PUT whose body is a
 * stream. Here each request gets its own attempts, with capped exponential backoff, full
 * jitter over the upper half, and the server's Retry-After honoured (B2 answers 503 with
 * it, R2 answers 429).
 */
/**
 * 8 attempts: with 20 % of requests failing at random, a request fails for good with
 * probability 0.2^8 ≈ 2.6e-6, so a run of thousands of uploads still succeeds. The delays
 * (0.2, 0.4, … 12.8 s) add up to about 25 s, long enough to ride out a throttling burst.
 */
const DEFAULT_RETRY_POLICY = {
    maxAttempts: 8,
    baseDelayMs: 200,
    maxDelayMs: 20_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
};
/** The policy a storage runs with, from its tuning. */
function retryPolicyFrom(tuning) {
    return {
        maxAttempts: Math.max(1, tuning.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts),
        baseDelayMs: tuning.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
        maxDelayMs: tuning.maxRetryDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
        sleep: tuning.sleep ?? DEFAULT_RETRY_POLICY.sleep,
        random: tuning.random ?? DEFAULT_RETRY_POLICY.random,
    };
}
/** The Retry-After header of a failed SDK request, in milliseconds, when there is one. */
function retryAfterMs(error, now = Date.now()) {
    const response = error
        ?.$response;
    const headers = response?.headers ?? {};
    const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === "retry-after");
    const value = typeof entry?.[1] === "string" ? entry[1].trim() : undefined;
    if (!value)
        return undefined;
    if (/^\d+(\.\d+)?$/.test(value))
        return Math.round(Number(value) * 1000);
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/**
 * How long to wait before attempt `attempt + 1`: a random point in the upper half of the
 * doubled window (so concurrent requests spread out), at least what Retry-After asks,
 * never more than maxDelayMs.
 */
function backoffDelay(policy, attempt, retryAfter) {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    const jittered = ceiling / 2 + policy.random() * (ceiling / 2);
    return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfter ?? 0));
}
/**
 * Runs `operation` until it succeeds, throws an error `isRetryable` rejects, or has run
 * `maxAttempts` times; the last error is rethrown as it was.
 */
async function withRetries(policy, operation, isRetryable) {
    const attempts = Math.max(1, policy.maxAttempts);
    for (let attempt = 1;; attempt++) {
        try {
            return await operation(attempt);
        }
        catch (error) {
            if (attempt >= attempts || !isRetryable(error))
                throw error;
            await policy.sleep(backoffDelay(policy, attempt, retryAfterMs(error)));
        }
    }
}

/**
 * The Cloudflare API's answer envelope (`{success, errors, messages, result}`) and what its
 * failures mean: a CloudflareApiError carries the HTTP status, the error codes and the
 * Retry-After header (in the shape retry-policy.ts reads), and `translateImagesError` turns
 * it into one sentence naming the input to fix.
 */
/** Error codes the Images API documents for the cases handled here. */
const CODES = {
    /** Authentication error: the token is wrong or lacks the permission. */
    authentication: 10000,
    /** Unauthorized to access requested resource. */
    unauthorized: 9109,
    /** Could not route to /accounts/…: an account ID that does not exist. */
    noRoute: 7003,
    noRouteForUri: 7000,
    /** Image not found. */
    notFound: 5404,
    /** An image with this custom ID already exists. */
    alreadyExists: 5409,
    /** Rate limited. */
    rateLimited: 971,
};
/** A non-success answer of the API, or a body that is not its envelope. */
class CloudflareApiError extends Error {
    status;
    errors;
    name = "CloudflareApiError";
    /** Read by retry-policy.ts's retryAfterMs, like an SDK error's raw response. */
    $response;
    constructor(status, errors, headers) {
        const first = errors[0];
        super(first ? `${first.message} (code ${first.code})` : `HTTP ${status}`);
        this.status = status;
        this.errors = errors;
        this.$response = { headers };
    }
    hasCode(code) {
        return this.errors.some((error) => error.code === code);
    }
}
/** Reads an answer's envelope; throws CloudflareApiError unless it is a success. */
async function readEnvelope(response) {
    const headers = Object.fromEntries(response.headers.entries());
    const text = await response.text();
    let body;
    try {
        body = JSON.parse(text);
    }
    catch {
        body = undefined;
    }
    const errors = Array.isArray(body?.errors) ? body.errors : [];
    if (!response.ok || body?.success !== true) {
        const described = errors.length > 0 || body !== undefined
            ? errors
            : [{ code: 0, message: `not the Cloudflare API (HTTP ${response.status}, no JSON)` }];
        throw new CloudflareApiError(response.status, described, headers);
    }
    return body.result;
}
/** Rate limits, server errors and dropped connections: worth another attempt. */
function isTransientImagesError(error) {
    if (error instanceof CloudflareApiError) {
        return error.status === 429 || error.status >= 500 || error.hasCode(CODES.rateLimited);
    }
    if (error instanceof OffloadError)
        return false;
    // fetch throws TypeError("fetch failed") with the socket error as cause; a timeout is
    // an AbortSignal.timeout's TimeoutError. A wrong host or certificate stays wrong.
    if (CONFIG_CODES.has(causeCode(error) ?? ""))
        return false;
    const name = error?.name;
    return error instanceof TypeError || name === "TimeoutError" || name === "AbortError";
}
/** Socket and TLS codes that mean the URL itself is wrong, not a passing glitch. */
const CONFIG_CODES = new Set([
    "ECONNREFUSED",
    "ENOTFOUND",
    "ERR_INVALID_URL",
    "ERR_BAD_PORT",
    "CERT_HAS_EXPIRED",
    "ERR_TLS_CERT_ALTNAME_INVALID",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
]);
function causeCode(error) {
    const cause = error?.cause;
    if (typeof cause?.code === "string")
        return cause.code;
    // fetch refuses the ports browsers block (1, 9, 25…) before connecting.
    return cause?.message === "bad port" ? "ERR_BAD_PORT" : undefined;
}
const TOKEN_FIX = "use an API token with the permission Images Write (Account → Cloudflare Images → Edit) for this account";
/**
 * One sentence naming the input to fix: a StorageError when every request would fail the
 * same way (token, account, unreachable API), an ItemError for one image.
 */
const URL_DEFAULTS = {
    "cloudflare-api-url": "https://api.cloudflare.com/client/v4",
    "cloudflare-batch-url": "https://batch.imagedelivery.net",
};
function translateImagesError(error, action, 
/** The base URL the request went to, and the input that set it. */
where, id) {
    const { url, input: urlInput } = where;
    if (error instanceof OffloadError)
        return error;
    const subject = id === undefined ? "" : ` ${printable(id)}`;
    if (error instanceof CloudflareApiError) {
        const said = printable(error.message);
        if (error.hasCode(CODES.noRoute) || error.hasCode(CODES.noRouteForUri)) {
            return new StorageError(`Input cloudflare-account-id: Cloudflare knows no such account (${said}) while ${action}${subject}; copy the account ID from the Images page of the dashboard.`, "UnknownAccount", error.status);
        }
        if (error.status === 401 ||
            error.status === 403 ||
            error.hasCode(CODES.authentication) ||
            error.hasCode(CODES.unauthorized)) {
            return new StorageError(`Input cloudflare-api-token: Cloudflare refused the token with HTTP ${error.status} (${said}) while ${action}${subject}; ${TOKEN_FIX}, and check cloudflare-account-id.`, "AccessDenied", error.status);
        }
        if (error.status === 429 || error.hasCode(CODES.rateLimited)) {
            return new StorageError(`Cloudflare kept answering HTTP 429 (rate limited: 1,200 requests per 5 minutes per token) while ${action}${subject}, even after retries; run again later or lower concurrency.`, "RateLimited", 429);
        }
        if (error.status >= 500) {
            return new ItemError(`Cloudflare answered HTTP ${error.status} (${said}) while ${action}${subject}, even after retries; run again later.`);
        }
        return new ItemError(`Cloudflare refused ${action}${subject}: ${said}.`);
    }
    const code = causeCode(error);
    if (code && CONFIG_CODES.has(code)) {
        return new StorageError(`Input ${urlInput}: ${printable(url)} could not be reached (${code}) while ${action}${subject}; leave it at ${URL_DEFAULTS[urlInput]} unless a proxy stands in between.`, "Unreachable");
    }
    const message = error instanceof Error ? error.message : String(error);
    return new ItemError(`Cloudflare could not be reached while ${action}${subject} (${printable(code ?? message)}), even after retries.`);
}

/**
 * Where Images requests go. The API allows 1,200 requests per 5 minutes per token; a run
 * with more to make than BATCH_THRESHOLD asks once for a batch token
 * (`GET /accounts/{id}/images/v1/batch_token`) and sends its image requests to the batch
 * host with it, whose paths drop the `/accounts/{id}` part.
 */
/** From this many requests on (exclusive), a batch token is worth its own request. */
const BATCH_THRESHOLD = 200;
/** The API route: `<api-url>/accounts/<account>` with the API token. */
function apiRoute(apiUrl, accountId, apiToken) {
    return {
        base: `${apiUrl}/accounts/${encodeURIComponent(accountId)}`,
        token: apiToken,
        batch: false,
    };
}
/** The batch route, or undefined when the answer holds no token. */
function batchRoute(batchUrl, answer) {
    const token = answer?.token;
    if (typeof token !== "string" || token === "")
        return undefined;
    return { base: batchUrl, token, batch: true };
}

/** `images/a b.png` → `images/a%20b.png`: each segment encoded, the slashes kept. */
function encodeId(id) {
    return id.split("/").map(encodeURIComponent).join("/");
}
function createImagesClient(options, policy, timeoutMs) {
    const api = apiRoute(options.apiUrl, options.accountId, options.apiToken);
    let images = api;
    let batchAsked = false;
    const sent = { api: 0, batch: 0 };
    async function send(route, request) {
        if (route.batch)
            sent.batch++;
        else
            sent.api++;
        const body = request.body?.();
        const response = await fetch(`${route.base}${request.path}`, {
            method: request.method,
            headers: { authorization: `Bearer ${route.token}` },
            ...(body ? { body } : {}),
            signal: AbortSignal.timeout(request.timeoutMs ?? timeoutMs),
        });
        if (request.raw && response.ok)
            return Buffer.from(await response.arrayBuffer());
        return readEnvelope(response);
    }
    async function call(request) {
        let timeouts = 0;
        const retryable = (error) => {
            if (error?.name === "TimeoutError")
                timeouts++;
            return isTransientImagesError(error) && timeouts < (request.timeoutAttempts ?? Infinity);
        };
        return withRetries(policy, async () => {
            const route = request.route === "api" ? api : images;
            try {
                return await send(route, request);
            }
            catch (error) {
                // A batch token lasts a limited time: once refused, the rest goes to the API.
                if (route.batch && error instanceof CloudflareApiError && error.status === 401) {
                    images = api;
                    return send(api, request);
                }
                throw error;
            }
        }, retryable);
    }
    return {
        call,
        usesBatch: () => images.batch,
        async useBatchToken() {
            if (batchAsked)
                return images.batch;
            batchAsked = true;
            try {
                const answer = await call({
                    method: "GET",
                    path: "/images/v1/batch_token",
                    route: "api",
                });
                images = batchRoute(options.batchUrl, answer) ?? api;
            }
            catch {
                // Without a batch token the API still works, only with its lower rate limit.
                images = api;
            }
            return images.batch;
        },
        sent,
    };
}

/** Images keeps at most 1,024 bytes of metadata: a very long path is cut, the sha256 never. */
const METADATA_LIMIT = 1024;
function metadataJson(sha256, path) {
    let kept = [...path];
    let json = JSON.stringify({ sha256, path });
    while (Buffer.byteLength(json) > METADATA_LIMIT && kept.length > 0) {
        kept = kept.slice(0, -Math.max(1, Math.ceil((Buffer.byteLength(json) - METADATA_LIMIT) / 4)));
        json = JSON.stringify({ sha256, path: `${kept.join("")}…` });
    }
    return json;
}
function metadataSha256(record) {
    const value = record?.metadata?.sha256;
    return typeof value === "string" ? value.toLowerCase() : undefined;
}
function infoOf(record) {
    const sha256 = metadataSha256(record);
    return { key: record.id, ...(sha256 ? { sha256 } : {}) };
}
function isMissing(error) {
    return (error instanceof CloudflareApiError &&
        (error.hasCode(CODES.notFound) || (error.status === 404 && !error.hasCode(CODES.noRoute))));
}
/** Cloudflare's answer to a custom ID that is taken: HTTP 409, error 5409. */
function isConflict(error) {
    return (error instanceof CloudflareApiError &&
        (error.status === 409 || error.hasCode(CODES.alreadyExists)));
}
async function readAll(stream) {
    const chunks = [];
    for await (const chunk of stream)
        chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
}
/**
 * `https://imagedelivery.net/<account hash>` from an image's first variant URL
 * (`…/<hash>/<id>/<variant>`): its origin and first path segment.
 */
function deliveryBaseOf(record) {
    const variant = record?.variants?.[0];
    if (!variant)
        return undefined;
    try {
        const url = new URL(variant);
        const hash = url.pathname.split("/").find(Boolean);
        return hash ? `${url.origin}/${hash}` : undefined;
    }
    catch {
        return undefined;
    }
}

/**
 * How a custom ID goes into an API path (`/images/v1/<id>`). Cloudflare allows slashes in
 * custom IDs but does not say how to spell them there, and its own SDKs differ (the
 * TypeScript one sends `%2F`, the Go one the slashes as they are). So a 404 for an ID
 * with a slash is asked once more the other way, until an image found settles it for
 * the run.
 */
function createIdPaths() {
    let slashes = "encoded";
    let settled = false;
    const idPath = (id, form = slashes) => `/images/v1/${form === "encoded" ? encodeURIComponent(id) : encodeId(id)}`;
    return async (id, send) => {
        try {
            const result = await send(idPath(id));
            if (id.includes("/"))
                settled = true;
            return result;
        }
        catch (error) {
            if (settled || !id.includes("/") || !isMissing(error))
                throw error;
            const other = slashes === "encoded" ? "raw" : "encoded";
            const result = await send(idPath(id, other));
            slashes = other;
            settled = true;
            return result;
        }
    };
}

/**
 * What Cloudflare Images refuses, decided from the file before any request: the upload
 * would fail anyway, and a refusal here names the limit at every line that links the
 * image instead of a bare API error. Dimensions come from the headers (PNG IHDR, GIF's
 * logical screen, JPEG's SOF, WebP's VP8/VP8L/VP8X): no decoder, a few bytes each.
 */
/** The documented limits of Cloudflare Images. */
const IMAGES_LIMITS = {
    bytes: 10_000_000,
    side: 12_000,
    pixels: 100_000_000,
};
/** What Images accepts. */
const ACCEPTED = new Set([
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/svg+xml",
    "image/heic",
]);
const FORMAT_NAMES = {
    "image/avif": "AVIF",
    "image/bmp": "BMP",
    "image/x-icon": "ICO",
    "image/tiff": "TIFF",
};
const LEAVE_OUT = "or leave it out with the extensions or content input";
/** Why Images would refuse `image`, naming the limit; undefined when it takes it. */
async function imagesRefusal(image) {
    if (!ACCEPTED.has(image.contentType)) {
        const format = FORMAT_NAMES[image.contentType] ?? image.contentType;
        return `${image.path} is ${format}, a format Cloudflare Images does not accept (it takes PNG, JPEG, GIF, WebP, SVG and HEIC); convert it, ${LEAVE_OUT}.`;
    }
    if (image.size > IMAGES_LIMITS.bytes) {
        return `${image.path} is ${formatBytes(image.size)}, over Cloudflare Images' limit of 10 MB per image; shrink it, ${LEAVE_OUT}.`;
    }
    if (image.contentType === "image/svg+xml" || image.contentType === "image/heic")
        return undefined;
    const size = dimensionsOf(image.contentType, image.head) ??
        dimensionsOf(image.contentType, await image.bytes());
    if (!size)
        return undefined;
    const { width, height } = size;
    const shown = `${width.toLocaleString("en-US")}×${height.toLocaleString("en-US")} px`;
    if (width > IMAGES_LIMITS.side || height > IMAGES_LIMITS.side) {
        return `${image.path} is ${shown}, over Cloudflare Images' limit of 12,000 px per side; resize it, ${LEAVE_OUT}.`;
    }
    if (width * height > IMAGES_LIMITS.pixels) {
        const megapixels = ((width * height) / 1e6).toFixed(1);
        return `${image.path} is ${shown} (${megapixels} megapixels), over Cloudflare Images' limit of 100 megapixels; resize it, ${LEAVE_OUT}.`;
    }
    return undefined;
}
/** Width and height from the header of a PNG, GIF, JPEG or WebP; undefined when not found. */
function dimensionsOf(contentType, bytes) {
    switch (contentType) {
        case "image/png":
            return pngDimensions(bytes);
        case "image/gif":
            return bytes.length >= 10
                ? { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) }
                : undefined;
        case "image/jpeg":
            return jpegDimensions(bytes);
        case "image/webp":
            return webpDimensions(bytes);
        default:
            return undefined;
    }
}
function pngDimensions(bytes) {
    // Signature (8), IHDR length (4), "IHDR" (4), then width and height, big-endian.
    if (bytes.length < 24 || bytes.toString("latin1", 12, 16) !== "IHDR")
        return undefined;
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
/** Start-of-frame markers: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
function isStartOfFrame(marker) {
    return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}
/** Walks the segments after SOI to the first SOF; EXIF and ICC segments are skipped by length. */
function jpegDimensions(bytes) {
    let offset = 2;
    while (offset + 3 < bytes.length) {
        if (bytes[offset] !== 0xff)
            return undefined;
        const marker = bytes[offset + 1];
        // Fill bytes, and markers without a length (TEM, RST0–7).
        if (marker === 0xff) {
            offset++;
            continue;
        }
        if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
            offset += 2;
            continue;
        }
        // Start of scan or end of image before any frame header: nothing to read.
        if (marker === 0xda || marker === 0xd9)
            return undefined;
        const length = bytes.readUInt16BE(offset + 2);
        if (isStartOfFrame(marker)) {
            if (offset + 9 > bytes.length)
                return undefined;
            return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
        }
        if (length < 2)
            return undefined;
        offset += 2 + length;
    }
    return undefined;
}
function webpDimensions(bytes) {
    if (bytes.length < 30)
        return undefined;
    const chunk = bytes.toString("latin1", 12, 16);
    if (chunk === "VP8X") {
        // Canvas width and height minus one, 24 bits little-endian each.
        return { width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
    }
    if (chunk === "VP8L") {
        if (bytes[20] !== 0x2f)
            return undefined;
        const bits = bytes.readUInt32LE(21);
        return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (chunk === "VP8 ") {
        // Frame tag (3), start code 9d 01 2a, then 14-bit width and height (2 bits of scale).
        if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a)
            return undefined;
        return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
    }
    return undefined;
}

/**
 * The Storage interface over the Cloudflare Images REST API. The key is the image's custom
 * ID; its `sha256` metadata is what proves an image is ours, since Images keeps no hash of
 * the original and serves re-encoded variants at `<public-url>/<id>/<variant>`.
 */
/** Operations in a row that failed after all their retries before the run stops. */
const FAILURE_LIMIT = 10;
/** The most the v2 listing returns per page. */
const LIST_PAGE_SIZE = 10_000;
function createImagesStorage(options, tuning = {}) {
    const policy = retryPolicyFrom(tuning);
    const client = createImagesClient(options, policy, tuning.timeoutMs ?? 30_000);
    const preflightTimeoutMs = tuning.preflightTimeoutMs ?? 7_000;
    // `https://imagedelivery.net/<account hash>`, once an answer has shown a variant URL.
    let deliveryBase;
    let firstPage;
    const learn = (record) => {
        deliveryBase ??= deliveryBaseOf(record);
    };
    // Requests in a row that failed even after their retries; any success resets it.
    let failuresInARow = 0;
    /**
     * One operation, its errors translated. After FAILURE_LIMIT operations in a row failed
     * for good, Images is taken as down and the run stops instead of waiting out every image.
     */
    async function request(action, id, run, route = "images") {
        const where = route === "images" && client.usesBatch()
            ? { url: options.batchUrl, input: "cloudflare-batch-url" }
            : { url: options.apiUrl, input: "cloudflare-api-url" };
        if (failuresInARow >= FAILURE_LIMIT)
            throw down(action);
        try {
            const result = await run();
            failuresInARow = 0;
            return result;
        }
        catch (error) {
            const translated = translateImagesError(error, action, where, id);
            if (isTransientImagesError(error) && ++failuresInARow >= FAILURE_LIMIT)
                throw down(action);
            throw translated;
        }
    }
    function down(action) {
        return new StorageError(`Cloudflare Images failed ${FAILURE_LIMIT} requests in a row even after retries (last while ${action}), so the run stopped; try again later, or check cloudflare-api-url and cloudflare-batch-url.`, "StorageDown");
    }
    const byId = createIdPaths();
    async function details(id, action) {
        return request(action, id, async () => {
            try {
                const record = await byId(id, (path) => client.call({ method: "GET", path }));
                learn(record);
                return record;
            }
            catch (error) {
                if (isMissing(error))
                    return undefined;
                throw error;
            }
        });
    }
    function listPage(perPage, token, first = false) {
        const query = `per_page=${perPage}${token ? `&continuation_token=${encodeURIComponent(token)}` : ""}`;
        return request("listing the account's images", undefined, async () => {
            const page = await client.call({
                method: "GET",
                path: `/images/v2?${query}`,
                route: "api",
                // The first request answers within ~15 s or fails naming the input.
                ...(first ? { timeoutMs: preflightTimeoutMs, timeoutAttempts: 2 } : {}),
            });
            learn(page.images?.[0]);
            return page;
        }, "api");
    }
    /**
     * One small listing proves the token and the account and may show the delivery URL;
     * remembered, so the preflight after learning public-url costs no second request.
     */
    async function firstPageOnce() {
        firstPage ??= listPage(10, undefined, true);
        try {
            await firstPage;
        }
        catch (error) {
            firstPage = undefined;
            if (error instanceof StorageError)
                throw error;
            // Nothing that works can be expected from an API that does not answer this.
            throw new StorageError(`Input cloudflare-api-url: ${describeError(error).replace(/\.$/, "")}; check cloudflare-api-url (https://api.cloudflare.com/client/v4 unless a proxy stands in between).`, "Unreachable");
        }
    }
    /** "Already exists": ours when its sha256 metadata is this image's, an error otherwise. */
    async function settleConflict(put) {
        const stored = await details(put.key, "reading the existing image");
        const sha256 = metadataSha256(stored);
        if (sha256 === put.sha256.toLowerCase())
            return {};
        const holds = sha256
            ? `an image with sha256 ${sha256.slice(0, 16)}…`
            : "an image without our sha256 metadata";
        throw new ItemError(`Cloudflare Images already holds ${holds} under the ID ${printable(put.key)}, and an ID cannot be overwritten; delete that image in the dashboard, or change key-template.`);
    }
    const storage = {
        delivery: {
            url: (publicUrl, key) => `${keyToUrl(publicUrl, key)}/${encodeURIComponent(options.variant)}`,
            proof: "image",
            listing: "all",
        },
        refusal: imagesRefusal,
        async expectRequests(count) {
            if (count > BATCH_THRESHOLD)
                await client.useBatchToken();
        },
        async defaultPublicUrl(mayWrite) {
            await firstPageOnce();
            if (deliveryBase === undefined && mayWrite)
                await learnFromProbe();
            if (deliveryBase !== undefined)
                return deliveryBase;
            throw new InputError("public-url", "Input public-url is empty and the Cloudflare Images account holds no image yet to learn its delivery URL from (a dry run uploads nothing); set public-url to https://imagedelivery.net/<account hash>, the hash shown on the Images page of the dashboard.");
        },
        async preflight() {
            await firstPageOnce();
            return { canList: true };
        },
        async head(key) {
            const record = await details(key, "checking");
            return record && infoOf(record);
        },
        async list(prefix) {
            const objects = [];
            let token;
            do {
                const page = await listPage(LIST_PAGE_SIZE, token);
                for (const record of page.images ?? []) {
                    if (typeof record.id === "string" && record.id.startsWith(prefix))
                        objects.push(infoOf(record));
                }
                token = page.continuation_token || undefined;
            } while (token);
            return objects;
        },
        async put(put) {
            const bytes = put.bytes ?? (await readAll(put.body()));
            const name = put.key.split("/").pop() || "image";
            const metadata = metadataJson(put.sha256, put.path ?? put.key);
            const taken = await request("uploading", put.key, async () => {
                try {
                    const record = await client.call({
                        method: "POST",
                        path: "/images/v1",
                        body: () => {
                            const form = new FormData();
                            form.append("file", new Blob([bytes], { type: put.contentType }), name);
                            form.append("id", put.key);
                            form.append("metadata", metadata);
                            form.append("requireSignedURLs", "false");
                            return form;
                        },
                    });
                    learn(record);
                    return false;
                }
                catch (error) {
                    if (isConflict(error))
                        return true;
                    throw error;
                }
            });
            if (taken)
                return settleConflict(put);
            return {};
        },
        async get(key) {
            return request("reading", key, () => byId(key, (path) => client.call({ method: "GET", path: `${path}/blob`, raw: true })));
        },
        async delete(key) {
            await request("deleting", key, () => byId(key, (path) => client.call({ method: "DELETE", path })));
        },
        close() { },
        sent: client.sent,
    };
    /** A throwaway image whose upload answer shows the delivery URL; deleted again. */
    async function learnFromProbe() {
        const key = `md-image-offload-probe-${randomBytes(6).toString("hex")}.png`;
        await storage.put({
            key,
            body: () => Readable.from([PROBE_PNG]),
            size: PROBE_PNG.length,
            contentType: "image/png",
            cacheControl: "",
            sha256: "",
            md5: "",
        });
        await storage.delete(key);
    }
    return storage;
}

/**
 * The S3 transport for S3-compatible endpoints: each request one SigV4-signed HTTP request
 * (s3-signed-request.ts) instead of the SDK's middleware stack, which for small images and
 * long listings cost more CPU than the work, and most of the bundle's load time.
 */
function createLeanTransport(send) {
    return {
        listPage: (request) => leanListPage(send, request),
        async head(key) {
            try {
                return objectInfoOf(key, await send({ method: "HEAD", key }));
            }
            catch (error) {
                // A HEAD answer has no body, so a missing bucket also looks like this; the
                // preflight and the upload that follows report NoSuchBucket.
                if (isNotFound$1(error))
                    return undefined;
                throw error;
            }
        },
        async put(put, attempt, maxAttempts) {
            const answer = await leanPut(send, put);
            checkStoredBytes(put, answer.etag, answer.encrypted, attempt, maxAttempts);
            const etag = normalizeEtag(answer.etag);
            return etag ? { etag } : {};
        },
        async get(key) {
            return (await send({ method: "GET", key })).body;
        },
        async delete(key) {
            await send({ method: "DELETE", key });
        },
    };
}
function objectInfoOf(key, answer) {
    // With SSE-KMS or SSE-C the ETag is not the MD5 of the bytes: left out so nobody
    // compares it with one.
    const encrypted = isEncrypted(answer.header("x-amz-server-side-encryption"), answer.header("x-amz-server-side-encryption-customer-algorithm"));
    const etag = encrypted ? undefined : normalizeEtag(answer.header("etag"));
    const sha256 = answer.header("x-amz-meta-sha256")?.toLowerCase();
    return {
        key,
        size: Number(answer.header("content-length") ?? 0),
        ...(sha256 ? { sha256 } : {}),
        ...(etag ? { etag } : {}),
    };
}
async function leanPut(send, put) {
    const answer = await send({
        method: "PUT",
        key: put.key,
        headers: {
            "content-type": put.contentType,
            "content-length": String(put.size),
            "content-md5": Buffer.from(put.md5, "hex").toString("base64"),
            "cache-control": put.cacheControl,
            "x-amz-meta-sha256": put.sha256,
            ...(put.acl ? { "x-amz-acl": put.acl } : {}),
        },
        // The payload hash S3 checks the body against: the plan's sha256 of these bytes.
        payloadSha256: put.sha256,
        body: put.bytes ?? put.body,
        bodyName: put.key,
    });
    const etag = answer.header("etag");
    return {
        ...(etag ? { etag } : {}),
        encrypted: isEncrypted(answer.header("x-amz-server-side-encryption"), answer.header("x-amz-server-side-encryption-customer-algorithm")),
    };
}
/** One ListObjectsV2 page of `prefix` (1,000 keys), from `token` on. */
async function leanListPage(send, request) {
    const answer = await send({
        method: "GET",
        key: "",
        query: {
            "list-type": "2",
            ...(request.token ? { "continuation-token": request.token } : {}),
            ...(request.maxKeys ? { "max-keys": String(request.maxKeys) } : {}),
            prefix: request.prefix,
        },
        ...(request.signal ? { signal: request.signal } : {}),
    });
    return parseListPage(answer.body.toString("utf8"));
}
const XML_ENTITIES = {
    amp: "&",
    lt: "<",
    gt: ">",
    quot: '"',
    apos: "'",
};
function decodeXml(text) {
    return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
        if (name.startsWith("#x") || name.startsWith("#X"))
            return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
        if (name.startsWith("#"))
            return String.fromCodePoint(Number(name.slice(1)));
        return XML_ENTITIES[name] ?? whole;
    });
}
function element(xml, name) {
    const open = xml.indexOf(`<${name}>`);
    if (open < 0)
        return undefined;
    const start = open + name.length + 2;
    const end = xml.indexOf(`</${name}>`, start);
    return end < 0 ? undefined : decodeXml(xml.slice(start, end));
}
/**
 * A ListBucketResult, read for the three fields existence needs: the elements S3
 * documents, flat text with the five XML entities, in a known shape. Anything else (an
 * HTML page answered with 200) has no ListBucketResult and is refused.
 */
function parseListPage(xml) {
    if (!xml.includes("<ListBucketResult"))
        throw notListBucketResult();
    const objects = [];
    let at = xml.indexOf("<Contents>");
    while (at >= 0) {
        const end = xml.indexOf("</Contents>", at);
        if (end < 0)
            break;
        const entry = xml.slice(at, end);
        const key = element(entry, "Key");
        if (key !== undefined) {
            const etag = normalizeEtag(element(entry, "ETag"));
            objects.push({ key, size: Number(element(entry, "Size") ?? 0), ...(etag ? { etag } : {}) });
        }
        at = xml.indexOf("<Contents>", end);
    }
    // Element text is escaped, so these names can only be the result's own elements.
    const truncated = element(xml, "IsTruncated") === "true";
    const next = element(xml, "NextContinuationToken");
    return { objects, ...(truncated && next ? { next } : {}) };
}

/**
 * AWS Signature Version 4 for S3 requests, headers only (no presigning, no chunked
 * payloads): what @smithy/signature-v4 computes, with the signing key derived once per day
 * instead of on every request. On a run of 2,000 small uploads the SDK's signer cost a
 * tenth of the run's CPU (a credential HMAC for its cache key, a sha256 object, two await
 * hops per request). test/storage/sigv4.test.ts checks every signature against the SDK's.
 */
// Headers the SDK never signs: a proxy may change them on the way.
const UNSIGNED = new Set([
    "authorization",
    "cache-control",
    "connection",
    "expect",
    "from",
    "keep-alive",
    "max-forwards",
    "pragma",
    "referer",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
]);
/** RFC 3986 unreserved characters stay; everything else is percent-encoded. */
function escapeUri(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
function createSigner(region, service) {
    let cachedKey;
    /** kSigning for one day, region and secret: four HMACs, once a day. */
    function signingKey(secret, shortDate) {
        const id = `${shortDate}\n${secret}`;
        if (cachedKey?.id === id)
            return cachedKey.key;
        let key = createHmac("sha256", `AWS4${secret}`).update(shortDate).digest();
        for (const part of [region, service, "aws4_request"])
            key = createHmac("sha256", key).update(part).digest();
        cachedKey = { id, key };
        return key;
    }
    /** The headers to add to the request: x-amz-date, the session token, Authorization. */
    return function sign(request, credentials, date) {
        const longDate = amzDate(date);
        const shortDate = longDate.slice(0, 8);
        const added = { "x-amz-date": longDate };
        if (credentials.sessionToken)
            added["x-amz-security-token"] = credentials.sessionToken;
        const headers = { ...request.headers, ...added };
        const names = Object.keys(headers).filter(isSigned).sort();
        let canonicalHeaders = "";
        for (const name of names)
            canonicalHeaders += `${name}:${canonicalValue(headers[name] ?? "")}\n`;
        const signedHeaders = names.join(";");
        const canonicalRequest = `${request.method}\n${request.path}\n${canonicalQuery(request.query)}\n${canonicalHeaders}\n${signedHeaders}\n${request.payloadSha256}`;
        const scope = `${shortDate}/${region}/${service}/aws4_request`;
        const stringToSign = `AWS4-HMAC-SHA256\n${longDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
        const signature = createHmac("sha256", signingKey(credentials.secretAccessKey, shortDate))
            .update(stringToSign)
            .digest("hex");
        added.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
        return added;
    };
}
function isSigned(name) {
    return !UNSIGNED.has(name) && !name.startsWith("proxy-") && !name.startsWith("sec-");
}
/** `YYYYMMDDTHHMMSSZ`. Signing runs once per request: one string per second, not per call. */
let lastDate;
function amzDate(date) {
    const second = Math.floor(date.getTime() / 1000);
    if (lastDate?.second === second)
        return lastDate.text;
    const text = date.toISOString().replace(/[-:]|\.\d{3}/g, "");
    lastDate = { second, text };
    return text;
}
/** Values that need folding: line breaks, tabs, runs of spaces, spaces at either end. */
const NEEDS_FOLDING = /[\r\n\t]| {2}|^ | $/;
function canonicalValue(value) {
    if (!NEEDS_FOLDING.test(value))
        return value;
    return value
        .replace(/[\r\n]/g, " ")
        .replace(/[ \t]+/g, " ")
        .replace(/^ | $/g, "");
}
function canonicalQuery(query) {
    const entries = Object.entries(query);
    if (entries.length === 0)
        return "";
    return entries
        .map(([name, value]) => [escapeUri(name), escapeUri(value)])
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => `${name}=${value}`)
        .join("&");
}
function sha256Hex(text) {
    return createHash("sha256").update(text).digest("hex");
}

/** An S3 error answer, shaped like the SDK's service exceptions. */
class S3ResponseError extends Error {
    $metadata;
    $fault;
    /** The headers, as the SDK keeps them: the retry policy reads Retry-After there. */
    $response;
    constructor(name, message, status, skewCorrected, headers) {
        super(message);
        this.name = name;
        this.$response = { headers };
        this.$metadata = {
            httpStatusCode: status,
            ...(skewCorrected ? { clockSkewCorrected: true } : {}),
        };
        this.$fault = status >= 500 ? "server" : "client";
    }
}
/**
 * Virtual-hosted unless path style is asked for, the bucket is no DNS label or the
 * endpoint an IP address.
 */
function objectLocation(target) {
    const { endpoint, bucket } = target;
    const base = endpoint.pathname.replace(/\/+$/, "");
    const dnsLabel = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket);
    // As the SDK does: an IP address has no subdomains to put a bucket in.
    const ipHost = isIP(endpoint.hostname.replace(/^\[|\]$/g, "")) !== 0;
    const pathStyle = target.forcePathStyle || !dnsLabel || ipHost;
    const root = pathStyle ? `${base}/${escapeUri(bucket)}/` : `${base}/`;
    const hostname = pathStyle ? endpoint.hostname : `${bucket}.${endpoint.hostname}`;
    const port = endpoint.port;
    return {
        protocol: endpoint.protocol === "https:" ? "https:" : "http:",
        // node:http wants an IPv6 address without its brackets.
        hostname: hostname.replace(/^\[|\]$/g, ""),
        port,
        host: port ? `${hostname}:${port}` : hostname,
        path: (key) => root + (key.includes("/") ? key.split("/").map(escapeUri).join("/") : escapeUri(key)),
    };
}
/** How far the server's clock is from ours, when its Date says more than five minutes. */
const SKEW_LIMIT_MS = 5 * 60 * 1000;
/** The SHA-256 of an empty payload, as SigV4 signs bodiless requests. */
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
function createSignedRequests(target) {
    const sign = createSigner(target.region, "s3");
    const location = objectLocation(target);
    /** One attempt; a non-2xx answer throws an S3ResponseError. */
    return async function signedRequest(request) {
        const path = location.path(request.key);
        const query = request.query ?? NO_QUERY;
        // Encoded exactly as signed (RFC 3986, a space as %20): URLSearchParams would send `+`,
        // which a server may read back as a plus sign, then see another signature.
        const search = Object.entries(query).map(([name, value]) => `${escapeUri(name)}=${escapeUri(value)}`);
        const payloadSha256 = request.payloadSha256 ?? EMPTY_SHA256;
        const headers = {
            ...request.headers,
            host: location.host,
            "x-amz-content-sha256": payloadSha256,
        };
        const added = sign({ method: request.method, path, query, headers, payloadSha256 }, await target.credentials(), new Date(Date.now() + target.clockOffset.get()));
        Object.assign(headers, added);
        const fullPath = search.length > 0 ? `${path}?${search.join("&")}` : path;
        const answer = await send(location, fullPath, headers, request, target);
        const status = answer.statusCode ?? 0;
        if (status < 200 || status >= 300)
            throw errorOf(status, answer, target.clockOffset);
        const header = (name) => {
            const value = answer.headers[name];
            return Array.isArray(value) ? value[0] : value;
        };
        return { header, body: answer.body };
    };
}
const NO_QUERY = Object.freeze({});
/**
 * A listing page of 1,000 keys is about 250 kB, an error a few hundred bytes: anything
 * longer is cut there. Only an object read (GET of a key) is kept whole.
 */
const BODY_LIMIT = 8 * 1024 * 1024;
function send(location, path, headers, signedRequest, target) {
    return new Promise((resolve, reject) => {
        // Options rather than a URL: node:http would take a URL apart again on every request.
        const request$2 = (location.protocol === "https:" ? request : request$1)({
            protocol: location.protocol,
            hostname: location.hostname,
            ...(location.port ? { port: location.port } : {}),
            path,
            method: signedRequest.method,
            headers,
            agent: target.agent,
            ...(signedRequest.signal ? { signal: signedRequest.signal } : {}),
        });
        request$2.setTimeout(target.socketTimeoutMs, () => {
            const error = new Error(`no answer within ${target.socketTimeoutMs / 1000} s`);
            error.name = "TimeoutError";
            request$2.destroy(error);
        });
        request$2.on("error", reject);
        request$2.on("response", (response) => {
            const chunks = [];
            let length = 0;
            const whole = signedRequest.method === "GET" && signedRequest.key !== "";
            const ok = (response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300;
            const limit = whole && ok ? Number.POSITIVE_INFINITY : BODY_LIMIT;
            response.on("data", (chunk) => {
                if (length < limit)
                    chunks.push(chunk);
                length += chunk.length;
            });
            response.on("end", () => resolve({
                statusCode: response.statusCode,
                headers: response.headers,
                body: Buffer.concat(chunks),
            }));
            response.on("error", reject);
        });
        const { body } = signedRequest;
        if (body === undefined || Buffer.isBuffer(body)) {
            request$2.end(body);
            return;
        }
        const stream = body();
        // A file that fails to read would otherwise leave the request waiting for bytes.
        stream.on("error", (error) => {
            request$2.destroy();
            reject(new ItemError(`Could not read the file for ${signedRequest.bodyName ?? path} while uploading it (${describeError(error)}).`));
        });
        request$2.on("close", () => stream.destroy());
        stream.pipe(request$2);
    });
}
const STATUS_NAMES = {
    400: "BadRequest",
    403: "Forbidden",
    404: "NotFound",
};
/** The S3 error in the body, its clock correction applied when the server's Date says so. */
function errorOf(status, response, clockOffset) {
    const headers = {};
    for (const [name, value] of Object.entries(response.headers))
        if (typeof value === "string")
            headers[name] = value;
    const text = response.body.toString("utf8");
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
    const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
    let skewCorrected = false;
    const serverTime = headers.date ? Date.parse(headers.date) : Number.NaN;
    if (Number.isFinite(serverTime)) {
        const offset = serverTime - Date.now();
        if (Math.abs(offset - clockOffset.get()) > SKEW_LIMIT_MS) {
            clockOffset.set(offset);
            skewCorrected = true;
        }
    }
    // Without an S3 error code (a HEAD answer has no body) the status says it all, as in
    // the SDK's errors: its retry class comes from the status.
    const name = code || STATUS_NAMES[status] || "Error";
    return new S3ResponseError(name, message || code || "", status, skewCorrected, headers);
}

/**
 * What the S3 storage says about itself through the Storage interface: objects are served
 * byte for byte at `<public-url>/<key>`, listings read one prefix, nothing is refused up
 * front (max-size is the only limit, checked by the plan), and public-url must be given.
 */
const S3_TRAITS = {
    delivery: { url: keyToUrl, proof: "bytes", listing: "prefix" },
    expectRequests: async () => { },
    defaultPublicUrl: async () => {
        throw new InputError("public-url", "Input public-url is required: set it to the base URL your bucket is served from, e.g. https://assets.example.com.");
    },
};

/**
 * The Storage interface for AWS S3 and S3-compatible providers, over one of two transports:
 * signed HTTP requests for S3-compatible endpoints, the AWS SDK for AWS itself. Retries,
 * the preflight's deadline, error translation and the run of consecutive failures live
 * here, the same for both.
 */
/** Appended to the prefix for the preflight listing; no key template produces it. */
const PREFLIGHT_PROBE = ".md-image-offload-preflight/";
/** The spec asks an unreachable endpoint to fail within ~15 s, not the SDK's minutes. */
const PREFLIGHT_TIMEOUT_MS = 10_000;
/**
 * The S3 implementation of `Storage`. One factory of closures on purpose: every method
 * shares the one client, its connection pool, the retry policy and the run of consecutive
 * failures, which separate functions would have to pass around.
 */
function createS3Storage(options, tuning = {}) {
    const policy = retryPolicyFrom(tuning);
    const preflightTimeoutMs = tuning.preflightTimeoutMs ?? PREFLIGHT_TIMEOUT_MS;
    const failureLimit = tuning.consecutiveFailureLimit ?? 10;
    // One agent for the whole run: keep-alive saves a TLS handshake per object, and enough
    // sockets that `concurrency` requests never queue behind each other.
    const agentOptions = { keepAlive: true, maxSockets: Math.max(1, options.concurrency) };
    const agents = { http: new Agent$1(agentOptions), https: new Agent(agentOptions) };
    const bucket = options.bucket;
    const sdk = lazySdk(options, tuning, agents);
    // The keys the inputs gave, else the SDK's default chain (loaded only then).
    const identity = options.credentials ? credentialIdentity(options.credentials) : undefined;
    // S3-compatible endpoints get every request without the SDK (s3-lean.ts); AWS itself
    // keeps the SDK, which follows its region redirects.
    const transport = options.endpoint
        ? createLeanTransport(createSignedRequests({
            endpoint: new URL(options.endpoint),
            bucket,
            forcePathStyle: options.forcePathStyle,
            region: options.region,
            credentials: async () => identity ?? (await sdk.load()).credentials(),
            clockOffset: sdk.clockOffset,
            agent: options.endpoint.startsWith("https:") ? agents.https : agents.http,
            socketTimeoutMs: tuning.socketTimeoutMs ?? 30_000,
        }))
        : sdk.transport;
    const contextFor = (action, key) => ({
        action,
        bucket,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(key === undefined ? {} : { key }),
    });
    // Requests in a row that failed after all their attempts; any success resets it.
    let consecutiveFailures = 0;
    let lastFailure;
    /** One storage request under the retry policy; what it throws is already translated. */
    async function request(action, key, operation) {
        const context = contextFor(action, key);
        if (consecutiveFailures >= failureLimit)
            throw storageDown(context);
        try {
            const result = await withRetries(policy, operation, isTransientStorageError);
            consecutiveFailures = 0;
            return result;
        }
        catch (error) {
            if (isTransientStorageError(error)) {
                consecutiveFailures++;
                lastFailure = error;
                if (consecutiveFailures >= failureLimit)
                    throw storageDown(context);
            }
            throw translateStorageError(error, context, policy.maxAttempts);
        }
    }
    /** Every page of `prefix` from `token` on (from the first without one), after `objects`. */
    async function listPages(prefix, objects, token) {
        let next = token;
        do {
            const from = next;
            const page = await request(`listing prefix "${prefix}" of`, undefined, () => transport.listPage({ prefix, ...(from ? { token: from } : {}) }));
            objects.push(...page.objects);
            next = page.next;
        } while (next);
        return objects;
    }
    function storageDown(context) {
        const last = translateStorageError(lastFailure, context, policy.maxAttempts).message;
        return new StorageError(`Storage at ${options.endpoint ?? "AWS S3"} failed ${failureLimit} requests in a row even after retries, so the run stopped (last: ${last.replace(/\.$/, "")}); try again later, or check the \`endpoint\` input.`, "StorageDown");
    }
    return {
        ...S3_TRAITS,
        async preflight(prefix, { list = false } = {}) {
            const context = contextFor(`listing prefix "${prefix}" of`);
            // A prefix no upload uses: the answer is always one short page (never truncated),
            // and it still proves the bucket exists and the key may list it.
            // Asked to list, the prefix's own first page is the check.
            const probe = list ? prefix : `${prefix}${PREFLIGHT_PROBE}`;
            // A deadline for the whole check: a server that accepts connections and never
            // answers would otherwise hold the run for the socket timeout of every attempt.
            const deadline = new AbortController();
            const timer = setTimeout(() => deadline.abort(), preflightTimeoutMs);
            // What the server said last, if anything: more useful than "no answer" at the deadline.
            let answered;
            let attempts = 0;
            const deadlinePassed = new Promise((resolve) => deadline.signal.addEventListener("abort", () => resolve(), { once: true }));
            // A backoff never outlasts the deadline.
            const sleep = (ms) => Promise.race([policy.sleep(ms), deadlinePassed]);
            try {
                const first = await withRetries({ ...policy, sleep }, async (attempt) => {
                    attempts = attempt;
                    try {
                        return await transport.listPage({
                            prefix: probe,
                            ...(list ? {} : { maxKeys: 1 }),
                            signal: deadline.signal,
                        });
                    }
                    catch (error) {
                        if (!deadline.signal.aborted)
                            answered = error;
                        throw error;
                    }
                }, (error) => !deadline.signal.aborted && isTransientStorageError(error));
                if (!list)
                    return { canList: true };
                const objects = first.next
                    ? listPages(prefix, [...first.objects], first.next)
                    : Promise.resolve([...first.objects]);
                objects.catch(() => { }); // awaited, and reported, by whoever uses the listing
                return { canList: true, objects };
            }
            catch (error) {
                if (error instanceof NotListBucketResult)
                    throw notS3Answer(context, "HTTP 200 without a ListBucketResult");
                if (deadline.signal.aborted) {
                    if (answered === undefined)
                        throw storageTimeoutError(context, preflightTimeoutMs);
                    throw translateStorageError(answered, context, attempts);
                }
                const translated = translateStorageError(error, context, policy.maxAttempts);
                // R2 tokens scoped to objects may not list the bucket: a plain AccessDenied on this
                // bucket-level call says nothing about uploads, which report their own errors.
                if (translated instanceof StorageError && translated.code === "AccessDenied")
                    return { canList: false };
                throw translated;
            }
            finally {
                clearTimeout(timer);
            }
        },
        head(key) {
            return request("checking", key, () => transport.head(key));
        },
        list(prefix) {
            return listPages(prefix, [], undefined);
        },
        put(put) {
            return request("uploading", put.key, (attempt) => transport.put(put, attempt, policy.maxAttempts));
        },
        get(key) {
            return request("reading", key, () => transport.get(key));
        },
        async delete(key) {
            await request("deleting", key, () => transport.delete(key));
        },
        close() {
            sdk.destroy();
            agents.http.destroy();
            agents.https.destroy();
        },
    };
}
/**
 * The SDK transport, imported and built on first use: for AWS itself, or for the default
 * credential chain when no keys are given. The clock correction lives here until then,
 * and in the SDK client after, which corrects it on RequestTimeTooSkewed too.
 */
function lazySdk(options, tuning, agents) {
    let offsetMs = 0;
    let loaded;
    let loading;
    const clockOffset = {
        get: () => (loaded ? loaded.clockOffsetMs() : offsetMs),
        set: (ms) => {
            offsetMs = ms;
            loaded?.setClockOffset(ms);
        },
    };
    const load = () => {
        loading ??= import('./s3-sdk.js').then(({ createSdkTransport }) => {
            loaded = createSdkTransport(options, {
                agents,
                connectionTimeoutMs: tuning.connectionTimeoutMs ?? 10_000,
                socketTimeoutMs: tuning.socketTimeoutMs ?? 30_000,
                clockOffset,
            });
            return loaded;
        });
        return loading;
    };
    const transport = {
        listPage: async (request) => (await load()).listPage(request),
        head: async (key) => (await load()).head(key),
        put: async (put, attempt, maxAttempts) => (await load()).put(put, attempt, maxAttempts),
        get: async (key) => (await load()).get(key),
        delete: async (key) => (await load()).delete(key),
    };
    return { load, clockOffset, transport, destroy: () => loaded?.destroy() };
}

function openStorage(options) {
    return options.cloudflare ? createImagesStorage(options.cloudflare) : createS3Storage(options);
}

/**
 * The one job both adapters run: storage opened from the options, the engine on a tree,
 * the run's manifest written, the verdict in one sentence, storage closed. The Action and
 * the CLI differ only in where inputs come from and where the report goes.
 */
/**
 * Runs the engine; `withStorage` runs after it, while storage is still open, and its
 * failure sentence joins the run's.
 */
async function offload(context, withStorage = async () => undefined) {
    const { options, logger } = context;
    // Not the global fetch: its first use loads undici, a noticeable part of a no-op run.
    // The limit lets through any image the run may upload.
    const maxBytes = Math.max(options.maxSize, DEFAULT_MAX_BYTES);
    const fetchUrl = context.fetch ?? ((url, init) => httpGet(url, { ...init, maxBytes }));
    const clock = context.clock ?? systemClock;
    const storage = openStorage(options.storage);
    try {
        // Cloudflare Images may leave public-url empty: the account's delivery URL is learned.
        const publicUrl = options.publicUrl || (await storage.defaultPublicUrl(!options.dryRun));
        const result = await runOffload(context.root, { ...options, publicUrl }, {
            storage,
            logger,
            clock,
            fetch: fetchUrl,
            ...(context.parseWorker ? { parseWorker: context.parseWorker } : {}),
            blobIds: () => cleanBlobIds(context.root),
        }, context.scope ?? {});
        const extra = await withStorage(storage, result);
        const manifestPath = await writeRunManifest(context.tempDir, result.manifest);
        const failure = [runFailure(result, options), extra?.failure].filter(Boolean).join(" ");
        return { result, manifestPath, extra, publicUrl, ...(failure ? { failure } : {}) };
    }
    finally {
        storage.close();
    }
}

/**
 * Units for `max-size`. Decimal units (kB, MB, GB, TB = powers of 1000) are what storage
 * providers bill in and what `max-size: 50MB` means to most people; the IEC units
 * (KiB, MiB, GiB, TiB = powers of 1024) are there for those who mean binary sizes.
 * A bare number is bytes. Case does not matter: `50mb`, `50MB` and `50 Mb` are equal.
 */
const MULTIPLIERS = new Map([
    ["", 1],
    ["b", 1],
    ["k", 1e3],
    ["kb", 1e3],
    ["m", 1e6],
    ["mb", 1e6],
    ["g", 1e9],
    ["gb", 1e9],
    ["t", 1e12],
    ["tb", 1e12],
    ["kib", 1024],
    ["mib", 1024 ** 2],
    ["gib", 1024 ** 3],
    ["tib", 1024 ** 4],
]);
const SIZE_PATTERN = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i;
/** Parses `50MB`, `512KB`, `1.5GB`, `10MiB` or `1000` (bytes) into a whole number of bytes. */
function parseSize(text) {
    const match = SIZE_PATTERN.exec(text.trim());
    const multiplier = match ? MULTIPLIERS.get((match[2] ?? "").toLowerCase()) : undefined;
    if (!match || multiplier === undefined) {
        throw new InputError("max-size", `max-size "${text}" is not a size; write a number with an optional unit, such as 50MB, 512KB, 1.5GB or 10MiB.`);
    }
    const bytes = Math.floor(Number(match[1]) * multiplier);
    if (!Number.isSafeInteger(bytes)) {
        throw new InputError("max-size", `max-size "${text}" is too large to be a file size; use a value such as 50MB or 5GB.`);
    }
    if (bytes < 1) {
        throw new InputError("max-size", `max-size "${text}" must be at least 1 byte; use a value such as 50MB.`);
    }
    return bytes;
}

/** The parsed inputs: what the engine reads, and what only the Action's adapters read. */
const MODES = ["commit", "artifact", "workspace"];
const SCOPES = ["changed", "all", "auto"];
const PROVIDERS = [
    "r2",
    "b2",
    "s3",
    "minio",
    "spaces",
    "wasabi",
    "oss",
    "cos",
    "gcs",
    "custom",
];
/** Site generators whose own syntaxes and folders are known (input `generator`). */
const GENERATORS = [
    "hugo",
    "jekyll",
    "hexo",
    "astro",
    "docusaurus",
    "mkdocs",
    "vitepress",
    "eleventy",
    "docfx",
    "obsidian",
    "quartz",
];
/** Input `storage`: the S3 API (default) or Cloudflare Images' REST API. */
const STORAGES = ["s3", "cloudflare-images"];

/**
 * The contract with users' workflows: every input, its default and what it means, in one
 * table. action.yml and README.md are checked against it by test/options/inputs.test.ts;
 * the CLI's flags and --help come from it.
 */
const INPUTS = [
    {
        name: "content",
        type: "list",
        default: "**/*.md\n**/*.markdown\n**/*.mdx",
        description: "Globs of content files, one per line; a line starting with ! excludes. node_modules and .git are always excluded.",
    },
    {
        name: "storage",
        type: "choice",
        choices: STORAGES,
        default: "s3",
        description: "s3 (any S3-compatible storage) or cloudflare-images (Cloudflare Images: resized variants, WebP/AVIF per browser; the S3 inputs are then not used).",
    },
    {
        name: "bucket",
        type: "text",
        default: "",
        description: "Bucket name; required with storage: s3.",
    },
    {
        name: "endpoint",
        type: "text",
        default: "",
        description: "S3 API endpoint URL, e.g. https://<account>.r2.cloudflarestorage.com. Empty means AWS S3.",
    },
    {
        name: "provider",
        type: "choice",
        choices: PROVIDERS,
        default: "",
        description: "r2, b2, s3, minio, spaces, wasabi, oss, cos, gcs or custom: a preset of region, path style, ACL and checksum settings. Empty means detected from endpoint; explicit inputs win.",
    },
    {
        name: "region",
        type: "text",
        default: "auto",
        description: "Signing region. R2 wants auto; B2 wants the region part of its endpoint (e.g. us-west-004).",
    },
    {
        name: "force-path-style",
        type: "boolean",
        default: "",
        description: "Path-style addressing (MinIO, B2). Empty means false, except true for B2, MinIO and custom endpoints.",
    },
    {
        name: "access-key-id",
        type: "text",
        default: "",
        description: "Access key ID. Empty means the SDK's default chain (AWS_* env, OIDC role from aws-actions/configure-aws-credentials).",
    },
    {
        name: "secret-access-key",
        type: "text",
        default: "",
        secret: true,
        description: "Secret access key; masked in logs.",
    },
    {
        name: "session-token",
        type: "text",
        default: "",
        secret: true,
        description: "Session token for temporary credentials; masked in logs.",
    },
    {
        name: "cloudflare-account-id",
        type: "text",
        default: "",
        description: "Cloudflare account ID; required with storage: cloudflare-images.",
    },
    {
        name: "cloudflare-api-token",
        type: "text",
        default: "",
        secret: true,
        description: "Cloudflare API token with the permission Images Write (Account → Cloudflare Images → Edit); masked in logs. Empty means the CLOUDFLARE_API_TOKEN environment variable.",
    },
    {
        name: "cloudflare-variant",
        type: "text",
        default: "public",
        description: "The Cloudflare Images variant links use: <public-url>/<image ID>/<variant>.",
    },
    {
        name: "cloudflare-api-url",
        type: "text",
        default: "https://api.cloudflare.com/client/v4",
        description: "Cloudflare API base URL (for proxies and tests).",
    },
    {
        name: "cloudflare-batch-url",
        type: "text",
        default: "https://batch.imagedelivery.net",
        description: "Cloudflare Images batch API URL, used with a batch token by runs of more than 200 requests (for proxies and tests).",
    },
    {
        name: "public-url",
        type: "text",
        default: "",
        description: "Base URL the bucket is served from, e.g. https://assets.example.com; required with storage: s3. With cloudflare-images, empty means https://imagedelivery.net/<account hash>, learned from the account.",
    },
    { name: "prefix", type: "text", default: "images/", description: "Key prefix." },
    {
        name: "key-template",
        type: "text",
        default: "{prefix}{hash}{ext}",
        description: "Object key. Tokens: {prefix} {hash} (16 hex of SHA-256) {hash:N} {name} {ext} {path}.",
    },
    {
        name: "static-dirs",
        type: "list",
        default: "",
        description: "Where root-relative references (/images/a.png) are looked up, first hit wins; one per line or space-separated. Empty: each site generator's own folder (static/ for Hugo and Docusaurus, source/ for Hexo, public/ for Astro and VitePress, docs_dir for MkDocs, the site root for Jekyll), else public static source .",
    },
    {
        name: "generator",
        type: "choice",
        choices: ["auto", "none", ...GENERATORS],
        default: "auto",
        description: "Site generator whose syntaxes are read besides CommonMark: auto (detected per content file from the nearest configuration), none, or one of hugo jekyll hexo astro docusaurus mkdocs vitepress eleventy docfx obsidian quartz.",
    },
    {
        name: "shortcodes",
        type: "list",
        default: "figure",
        description: "Hugo shortcodes whose parameter holds an image: name (its src) or name:param (gallery:image).",
    },
    {
        name: "front-matter-keys",
        type: "list",
        default: "image image.src image.path image.url cover cover.image coverImage heroImage hero thumbnail banner og_image ogImage socialImage featured_image feature_image featuredImage images[] header.image header.teaser header.overlay_image top_img banner_img index_img",
        description: "Front-matter fields that hold an image, as dotted paths; [] for each list item (images[]).",
    },
    {
        name: "extensions",
        type: "list",
        default: "png jpg jpeg gif webp avif svg bmp ico tif tiff",
        description: "File extensions that count as images.",
    },
    {
        name: "max-size",
        type: "text",
        default: "50MB",
        description: "Larger files are refused with a clear message (e.g. 50MB, 512KB, 2MiB).",
    },
    {
        name: "cache-control",
        type: "text",
        default: "public, max-age=31536000, immutable",
        description: "Cache-Control sent on upload (keys are content-addressed, so immutable is safe).",
    },
    {
        name: "acl",
        type: "text",
        default: "",
        description: "Canned ACL, e.g. public-read for providers that need it. Empty sends none; R2 ignores ACLs.",
    },
    {
        name: "concurrency",
        type: "text",
        default: "8",
        description: "Parallel requests to storage (1-64).",
    },
    {
        name: "mode",
        type: "choice",
        choices: MODES,
        default: "commit",
        cliDefault: "workspace",
        description: "commit (commit and push the rewritten files), artifact (upload them as a workflow artifact) or workspace (rewrite in place only, for a later build step).",
    },
    {
        name: "scope",
        type: "choice",
        choices: SCOPES,
        default: "auto",
        description: "changed (only content files changed by this push or PR), all, or auto (changed for push and pull_request in commit mode, else all).",
    },
    {
        name: "delete-local",
        type: "boolean",
        default: "false",
        description: "In commit mode, git rm local images that were uploaded and are no longer referenced anywhere.",
    },
    {
        name: "commit-message",
        type: "text",
        default: "chore(images): offload {count} image(s) [skip ci]",
        description: "Commit message; {count} is the number of uploaded images.",
    },
    {
        name: "comment",
        type: "boolean",
        default: "true",
        cliDefault: "false",
        description: "Post or update the pull-request comment.",
    },
    {
        name: "github-token",
        type: "text",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression the runner fills in.
        default: "${{ github.token }}",
        cliDefault: "",
        secret: true,
        description: "Token for the pull-request comment and for push.",
    },
    {
        name: "comment-author",
        type: "text",
        default: "",
        description: "The login the github-token comments as, when it is not GITHUB_TOKEN (a PAT's user, or an app's my-app[bot]). Only a comment by this account is updated. Empty means github-actions[bot].",
    },
    {
        name: "dry-run",
        type: "boolean",
        default: "false",
        description: "Plan only: nothing uploaded, nothing written; the report says what would happen.",
    },
    {
        name: "fail-on-missing",
        type: "boolean",
        default: "false",
        description: "A reference to a missing local image fails the run (a useful PR check).",
    },
    {
        name: "manifest-file",
        type: "text",
        default: ".md-image-offload/manifest.json",
        description: "The repository's record of offloaded images (path, sha256, key, URL), committed with the content so that edited images and a new public-url reach the links; empty disables it.",
    },
    {
        name: "verify-public-url",
        type: "boolean",
        default: "true",
        description: "Before rewriting, fetch one uploaded object through public-url and compare the bytes; a 403/404/mismatch fails the run before any file changes.",
    },
];
/** `public-url` → `MD_IMAGE_OFFLOAD_PUBLIC_URL`. */
function envName(input) {
    return `MD_IMAGE_OFFLOAD_${input.toUpperCase().replaceAll("-", "_")}`;
}

/**
 * The inputs of `storage: cloudflare-images`. The S3 inputs mean nothing to the Images API,
 * so one given with it is an error naming it rather than silently ignored: a workflow that
 * sets `bucket` most likely meant the S3 storage.
 */
/** Inputs only the S3 storage reads. */
const S3_ONLY_INPUTS = [
    "bucket",
    "endpoint",
    "provider",
    "region",
    "force-path-style",
    "access-key-id",
    "secret-access-key",
    "session-token",
    "acl",
];
/**
 * Throws InputError naming the S3 inputs given with `storage: cloudflare-images`. A value
 * equal to the default is not "given": the runner passes every default as INPUT_*.
 */
function refuseS3Inputs(get) {
    const given = S3_ONLY_INPUTS.filter((name) => {
        const value = get(name)?.trim() ?? "";
        const fallback = INPUTS.find((input) => input.name === name)?.default ?? "";
        return value !== "" && value !== fallback;
    });
    const [first] = given;
    if (first === undefined)
        return;
    const names = given.join(", ");
    throw new InputError(first, `Input${given.length > 1 ? "s" : ""} ${names} ${given.length > 1 ? "are" : "is"} for S3 storage and not used with storage: cloudflare-images; remove ${given.length > 1 ? "them" : "it"}, or set storage: s3.`);
}
/**
 * The Cloudflare settings; `url` parses and checks a URL input (parse-inputs' optionalUrl).
 * The token may be empty here: the adapter has already fallen back to CLOUDFLARE_API_TOKEN,
 * and the API's 401 names the input.
 */
function parseCloudflare(read, url) {
    const accountId = read("cloudflare-account-id");
    if (!accountId) {
        throw new InputError("cloudflare-account-id", "Input cloudflare-account-id is required with storage: cloudflare-images: set it to the account ID shown on the Images page of the Cloudflare dashboard.");
    }
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(accountId)) {
        throw new InputError("cloudflare-account-id", `Input cloudflare-account-id: "${printable(accountId)}" is not an account ID; copy the 32 hex characters from the Images page of the Cloudflare dashboard.`);
    }
    const variant = read("cloudflare-variant");
    // Named variants (public, thumbnail) and flexible ones (w=400,sharpen=1).
    if (!/^[A-Za-z0-9_=,.:-]{1,100}$/.test(variant)) {
        throw new InputError("cloudflare-variant", `Input cloudflare-variant: "${printable(variant)}" is not a variant name; use one defined for the account, such as public, or flexible options such as w=800.`);
    }
    const apiToken = read("cloudflare-api-token");
    if (/[\s]/.test(apiToken)) {
        throw new InputError("cloudflare-api-token", "Input cloudflare-api-token contains spaces or line breaks; paste the token alone (without Bearer).");
    }
    return {
        accountId,
        apiToken,
        variant,
        apiUrl: url("cloudflare-api-url", read("cloudflare-api-url")) ?? "",
        batchUrl: url("cloudflare-batch-url", read("cloudflare-batch-url")) ?? "",
    };
}

/**
 * Checks on input values that would otherwise fail late, far from their cause, or do harm:
 * a key that climbs out of the prefix, a header value that splits a request, a URL that
 * carries a password into every log line. Each throws InputError naming the input.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/**
 * An object key, or a part of one (`prefix`, the literal text of `key-template`): no `.`
 * or `..` segment, no leading `/`, no `//`, no backslash, no control character. Storage
 * servers and CDNs normalise such keys differently; s3rver stored `../x.png` outside the
 * bucket.
 */
function checkKeyText(input, text, shown = text) {
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
        throw new InputError(input, `Input ${input}: "${JSON.stringify(shown).slice(1, -1)}" has ${problem}; object keys must be plain segments separated by single slashes, such as images/.`);
    }
}
/** A value sent as an HTTP header (`cache-control`, `acl`): one line of visible text. */
function checkHeaderValue(input, text) {
    if (CONTROL.test(text)) {
        throw new InputError(input, `Input ${input} contains a line break or another control character, which would break every upload request; write it on one line.`);
    }
}
/** A signing region: letters, digits and dashes (`us-east-1`, `auto`, `oss-cn-hangzhou`). */
function checkRegion(text) {
    if (!/^[A-Za-z0-9-]+$/.test(text)) {
        throw new InputError("region", `Input region: "${JSON.stringify(text).slice(1, -1)}" is not a region name; use letters, digits and dashes only, such as auto or us-east-1.`);
    }
}
/**
 * `endpoint` and `public-url`: no user name or password in the URL (it would be printed
 * and written everywhere the URL is), and for `public-url` no query or fragment (keys are
 * appended to it, so `?x=1` would end up in the middle of every link).
 */
function checkServiceUrl(input, url) {
    if (url.username || url.password) {
        throw new InputError(input, `Input ${input} contains a user name or password (${redactUrl(url.href)}); remove it from the URL${input === "endpoint" ? " and pass the keys as access-key-id and secret-access-key" : ""}.`);
    }
    if (url.search || url.hash) {
        throw new InputError(input, `Input ${input}: "${redactUrl(url.href)}" has a ${url.search ? "?query" : "#fragment"}; give the base URL only, such as https://assets.example.com/images.`);
    }
}
/** An endpoint whose path ends in the bucket: the SDK would add the bucket a second time. */
function checkEndpointPath(endpoint, bucket) {
    const segments = endpoint.pathname.split("/").filter(Boolean);
    if (segments.at(-1) === bucket) {
        throw new InputError("endpoint", `Input endpoint ends in the bucket name (${redactUrl(endpoint.href)}); give the server's URL without /${bucket}, since the bucket input adds it.`);
    }
}
/** A `content` glob must stay inside the repository: not absolute, no `..` segment. */
function checkContentGlob(glob) {
    const pattern = glob.startsWith("!") ? glob.slice(1) : glob;
    const climbs = pattern.split(/[\\/]/).includes("..");
    if (pattern.startsWith("/") || /^[A-Za-z]:[\\/]/.test(pattern) || climbs) {
        throw new InputError("content", `Input content: "${glob}" points outside the repository; write globs relative to the repository root, such as content/**/*.md.`);
    }
}
/** A URL for a message: user name, password and query (signatures, tokens) replaced. */
function redactUrl(text) {
    try {
        const url = new URL(text);
        if (!url.username && !url.password && !url.search)
            return text;
        if (url.username)
            url.username = "***";
        if (url.password)
            url.password = "***";
        if (url.search)
            url.search = "?***";
        return url.href;
    }
    catch {
        return text.replace(/\/\/[^/@\s]*@/, "//***@").replace(/\?\S*/, "?***");
    }
}

/**
 * Parses and validates every input once into the Options both adapters run with.
 * Throws InputError naming the input to fix.
 */
function parseInputs(get, adapter = "action") {
    const read = reader(get, adapter);
    const kind = oneOf("storage", read("storage"), STORAGES);
    const storage = kind === "cloudflare-images"
        ? cloudflareStorage(read, get)
        : parseStorage(read, (name) => Boolean(get(name)?.trim()));
    // With Cloudflare Images an empty public-url is learned from the account (offload.ts).
    const publicUrl = optionalUrl("public-url", read("public-url")) ?? "";
    if (!publicUrl && !storage.cloudflare) {
        throw new InputError("public-url", "Input public-url is required: set it to the base URL your bucket is served from, e.g. https://assets.example.com.");
    }
    const cacheControl = read("cache-control");
    checkHeaderValue("cache-control", cacheControl);
    return {
        ...parseContent(read),
        ...parseGenerator(read),
        ...parseManifestFile(read("manifest-file")),
        storage,
        publicUrl,
        ...parseKeys(read),
        maxSize: parseSize(read("max-size")),
        cacheControl,
        concurrency: storage.concurrency,
        ...parseRunMode(read, adapter),
        commitMessage: read("commit-message"),
        comment: parseBoolean("comment", read("comment")),
        ...(read("github-token") ? { githubToken: read("github-token") } : {}),
        ...(read("comment-author") ? { commentAuthor: read("comment-author") } : {}),
        dryRun: parseBoolean("dry-run", read("dry-run")),
        failOnMissing: parseBoolean("fail-on-missing", read("fail-on-missing")),
        verifyPublicUrl: parseBoolean("verify-public-url", read("verify-public-url")),
    };
}
/** An input's value, or its default (the CLI's where it has its own). */
function reader(get, adapter) {
    return (name) => {
        const value = get(name)?.trim();
        if (value)
            return value;
        const definition = INPUTS.find((input) => input.name === name);
        if (!definition)
            throw new Error(`Unknown input ${name}`);
        const fallback = adapter === "cli" && definition.cliDefault !== undefined
            ? definition.cliDefault
            : definition.default;
        // The Action's github-token default is an expression the runner fills in, not a value.
        return fallback.includes("${{") ? "" : fallback;
    };
}
/** Cloudflare Images: its own inputs, none of S3's. */
function cloudflareStorage(read, get) {
    refuseS3Inputs(get);
    const cloudflare = parseCloudflare(read, optionalUrl);
    return {
        cloudflare,
        bucket: "",
        provider: "custom",
        region: "auto",
        forcePathStyle: false,
        concurrency: parseConcurrency(read("concurrency")),
    };
}
/** Bucket, endpoint, provider preset, region, addressing, credentials, ACL, concurrency. */
function parseStorage(read, given) {
    const bucket = read("bucket");
    if (!bucket)
        throw new InputError("bucket", "Input bucket is required: set it to the name of your bucket.");
    const endpoint = optionalUrl("endpoint", read("endpoint"));
    if (endpoint)
        checkEndpointPath(new URL(endpoint), bucket);
    const providerText = read("provider").toLowerCase();
    if (providerText && !PROVIDERS.includes(providerText)) {
        throw new InputError("provider", `Input provider: "${providerText}" is not a known provider; use one of ${PROVIDERS.join(", ")}, or leave it empty to detect it from endpoint.`);
    }
    const provider = (providerText || detectProvider(endpoint));
    const preset = providerPreset(provider, endpoint);
    const regionText = read("region");
    if (regionText !== "auto")
        checkRegion(regionText);
    const forcePathStyle = given("force-path-style")
        ? parseBoolean("force-path-style", read("force-path-style"))
        : preset.forcePathStyle;
    const credentials = parseCredentials(read);
    const concurrency = parseConcurrency(read("concurrency"));
    const acl = read("acl");
    checkHeaderValue("acl", acl);
    return {
        bucket,
        ...(endpoint ? { endpoint } : {}),
        provider,
        region: regionText === "auto" ? preset.region : regionText,
        forcePathStyle,
        ...(credentials ? { credentials } : {}),
        ...(acl && preset.sendsAcl ? { acl } : {}),
        concurrency,
    };
}
/** What commit, artifact or workspace mode does; the CLI has no event, token or push. */
function parseRunMode(read, adapter) {
    const mode = oneOf("mode", read("mode"), MODES);
    if (adapter === "cli" && mode !== "workspace") {
        throw new InputError("mode", `Input mode: "${mode}" is for the Action; the CLI rewrites in place (mode: workspace), so commit the files yourself.`);
    }
    const scope = oneOf("scope", read("scope"), SCOPES);
    if (adapter === "cli" && scope === "changed") {
        throw new InputError("scope", 'Input scope: "changed" needs a push or pull_request event, which the CLI does not have; use scope: all.');
    }
    const deleteLocal = parseBoolean("delete-local", read("delete-local"));
    if (deleteLocal && mode !== "commit") {
        throw new InputError("delete-local", `Input delete-local: true removes images in the commit, so it needs mode: commit (mode is ${mode}); set it to false.`);
    }
    return { mode, scope, deleteLocal };
}
/** The key template and prefix, which must never climb out of the prefix. */
function parseKeys(read) {
    const keyTemplate = read("key-template");
    validateKeyTemplate(keyTemplate);
    // The template's own text (tokens aside) must not climb out of the prefix either.
    checkKeyText("key-template", keyTemplate.replace(/\{[^{}]*\}/g, "x"), keyTemplate);
    const prefix = read("prefix").replace(/^\/+/, "");
    if (prefix)
        checkKeyText("prefix", prefix);
    return { keyTemplate, prefix };
}
/** Which files are content, which are images, and where root-relative links point. */
/** Where root-relative links are looked up when neither static-dirs nor a generator says. */
const DEFAULT_STATIC_DIRS = ["public", "static", "source", "."];
function parseContent(read) {
    const content = lines(read("content"));
    for (const glob of content)
        checkContentGlob(glob);
    const extensions = words(read("extensions")).map((ext) => ext.replace(/^\./, "").toLowerCase());
    if (extensions.filter(Boolean).length === 0) {
        throw new InputError("extensions", "Input extensions lists no file extension; give at least one, such as png jpg svg.");
    }
    return {
        content,
        extensions: new Set(extensions.filter(Boolean)),
        ...parseStaticDirs(read("static-dirs")),
    };
}
function parseStaticDirs(text) {
    const dirs = words(text);
    return dirs.length === 0
        ? { staticDirs: DEFAULT_STATIC_DIRS, staticDirsSet: false }
        : { staticDirs: dirs, staticDirsSet: true };
}
/** A path inside the repository, written with forward slashes; empty: no manifest. */
function parseManifestFile(text) {
    const file = text.trim().replaceAll("\\", "/").replace(/^\.\//, "");
    if (file === "")
        return {};
    const parts = file.split("/");
    if (file.startsWith("/") ||
        /^[A-Za-z]:/.test(file) ||
        parts.includes("..") ||
        parts.includes(".git")) {
        throw new InputError("manifest-file", `Input manifest-file: "${printable(text)}" is not a path inside the repository; write one such as .md-image-offload/manifest.json, or leave it empty to keep no manifest.`);
    }
    return { manifestFile: file };
}
/** The generator, the shortcodes and front-matter fields its sites name images with. */
function parseGenerator(read) {
    const generator = oneOf("generator", read("generator"), [
        "auto",
        "none",
        ...GENERATORS,
    ]);
    const shortcodes = words(read("shortcodes"));
    for (const spec of shortcodes) {
        if (!/^[\w.\-/]+(?::[\w-]+)?$/.test(spec)) {
            throw new InputError("shortcodes", `Input shortcodes: "${printable(spec)}" is not a shortcode; write name (its src parameter) or name:param, such as figure or gallery:image.`);
        }
    }
    const frontMatterKeys = words(read("front-matter-keys"));
    for (const key of frontMatterKeys) {
        if (!isKeyPath(key)) {
            throw new InputError("front-matter-keys", `Input front-matter-keys: "${printable(key)}" is not a key path; write names joined by dots, [] after a list, such as cover.image or images[].`);
        }
    }
    return { generator, shortcodes, frontMatterKeys };
}
function lines(text) {
    return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
}
function words(text) {
    return text.split(/[\s,]+/).filter(Boolean);
}
function optionalUrl(input, text) {
    if (!text)
        return undefined;
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new InputError(input, `Input ${input}: "${redactUrl(text)}" is not a URL; write it as https://host/path.`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw new InputError(input, `Input ${input}: "${redactUrl(text)}" must start with https:// or http://.`);
    }
    checkServiceUrl(input, url);
    return text.replace(/\/+$/, "");
}
function parseBoolean(input, text) {
    const value = text.toLowerCase();
    if (["true", "yes", "on", "1"].includes(value))
        return true;
    if (["false", "no", "off", "0"].includes(value))
        return false;
    throw new InputError(input, `Input ${input}: "${text}" is not a boolean; use true or false.`);
}
function oneOf(input, text, allowed) {
    const value = text.toLowerCase();
    if (allowed.includes(value))
        return value;
    throw new InputError(input, `Input ${input}: "${text}" is not valid; use one of ${allowed.join(", ")}.`);
}
function parseConcurrency(text) {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < 1 || value > 64) {
        throw new InputError("concurrency", `Input concurrency: "${text}" is not valid; use a whole number from 1 to 64.`);
    }
    return value;
}
function parseCredentials(read) {
    const accessKeyId = read("access-key-id");
    const secretAccessKey = read("secret-access-key");
    const sessionToken = read("session-token");
    if (!accessKeyId && !secretAccessKey)
        return undefined;
    if (!accessKeyId) {
        throw new InputError("access-key-id", "Input access-key-id is empty while secret-access-key is set; set both or neither.");
    }
    if (!secretAccessKey) {
        throw new InputError("secret-access-key", "Input secret-access-key is empty while access-key-id is set; set both or neither.");
    }
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

const ENV_FALLBACKS = {
    "cloudflare-api-token": "CLOUDFLARE_API_TOKEN",
};
function withEnvFallbacks(get, env) {
    return (name) => {
        const value = get(name);
        if (value?.trim())
            return value;
        const variable = ENV_FALLBACKS[name];
        return variable ? (env[variable] ?? value) : value;
    };
}

export { DIGEST_INDEX_KEY as D, Git as G, INPUTS as I, systemClock as a, offload as b, collectReferences as c, envName as e, locallyReferencedImages as l, openStorage as o, parseInputs as p, readLedger as r, scanContent as s, withEnvFallbacks as w };
