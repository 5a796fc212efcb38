import { p as printable } from './printable.js';

/** Human-readable sizes and durations for reports and logs. */
const BYTE_UNITS = ["B", "kB", "MB", "GB", "TB", "PB"];
/**
 * Decimal (SI) units, as storage providers bill and as `ls -h --si` prints:
 * `312 B`, `1.4 MB`, `120 MB`. One decimal below 100, none above, no trailing `.0`.
 */
function formatBytes(bytes) {
    if (!Number.isFinite(bytes) || bytes <= 0)
        return "0 B";
    if (bytes < 1000)
        return `${Math.round(bytes)} B`;
    let value = bytes;
    let unit = 0;
    while (unit < BYTE_UNITS.length - 1) {
        value /= 1000;
        unit += 1;
        // Round first, so 999,960 B reads "1 MB" rather than "1000 kB".
        if (Number(roundForDisplay(value)) < 1000)
            break;
    }
    return `${roundForDisplay(value)} ${BYTE_UNITS[unit]}`;
}
function roundForDisplay(value) {
    const text = value < 100 ? value.toFixed(1) : value.toFixed(0);
    return text.endsWith(".0") ? text.slice(0, -2) : text;
}
/** `850 ms`, `1.2 s`, `2 min 3 s`, `1 h 5 min`: precise for short runs, readable for long ones. */
function formatDuration(ms) {
    if (!Number.isFinite(ms) || ms <= 0)
        return "0 ms";
    if (Math.round(ms) < 1000)
        return `${Math.round(ms)} ms`;
    const tenths = Math.round(ms / 100);
    if (tenths < 600)
        return `${(tenths / 10).toFixed(1)} s`;
    const seconds = Math.round(ms / 1000);
    if (seconds < 3600)
        return joinParts(Math.floor(seconds / 60), "min", seconds % 60, "s");
    const minutes = Math.round(ms / 60_000);
    return joinParts(Math.floor(minutes / 60), "h", minutes % 60, "min");
}
function joinParts(major, majorUnit, minor, minorUnit) {
    return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`;
}

/**
 * The rendered summary stays below this, whatever the input: the PR comment limit is
 * 65,536 characters and the caller may wrap the summary in a marker and a footer.
 */
const MAX_SUMMARY_CHARS = 60_000;
/**
 * Per-section budgets (items, characters). They add up to less than MAX_SUMMARY_CHARS
 * together with the heading and totals, whose user-controlled parts are capped too.
 */
const BUDGET = {
    table: { items: 100, chars: 24_000 },
    present: { items: 50, chars: 5_000 },
    failed: { items: 50, chars: 8_000 },
    missing: { items: 100, chars: 8_000 },
    refused: { items: 50, chars: 4_000 },
    files: { items: 100, chars: 6_000 },
};
/** Longest user-controlled text (path, reason) shown in one place. */
const MAX_TEXT_CHARS = 200;
function renderSummary(result, options) {
    const sections = [
        `## ${escapeMarkdown(options.title ?? "Image offload")}`,
        totalsLine(result),
        `Images are served from ${escapeMarkdown(options.publicUrl)}.`,
        imageTable(result),
        updatedSection(result),
        presentSection(result),
        failedSection(result),
        problemSection("Missing", result.missing, BUDGET.missing, (p) => {
            return `${escapeMarkdown(p.file)}:${p.line} → ${escapeMarkdown(p.destination)}`;
        }),
        problemSection("Refused", result.refused, BUDGET.refused, (p) => {
            return `${escapeMarkdown(p.file)}:${p.line}: ${escapeMarkdown(p.message)}`;
        }),
        filesSection(result),
        leftSection(result),
        sitesSection(result),
        manifestLine(options),
    ];
    return `${sections.filter((section) => section !== "").join("\n\n")}\n`;
}
function totalsLine(result) {
    const { counts } = result;
    const took = `Took ${formatDuration(result.durationMs)}.`;
    const common = [
        `**${counts.skipped}** already present`,
        `**${counts.failed}** failed`,
        `**${counts.missing}** missing`,
        ...(result.refused.length > 0 ? [`**${result.refused.length}** refused`] : []),
    ];
    if (result.dryRun) {
        const planned = result.images.filter((image) => image.status === "planned").length;
        const files = `**${counts.rewritten}** ${plural(counts.rewritten, "file")} would be rewritten`;
        return `**Dry run: nothing was uploaded or written.** **${planned}** would be uploaded, ${common.join(", ")}, ${files}. ${took}`;
    }
    const files = `**${counts.rewritten}** ${plural(counts.rewritten, "file")} rewritten`;
    return `**${counts.uploaded}** uploaded, ${common.join(", ")}, ${files}. ${took}`;
}
/**
 * Uploaded images with a thumbnail. In a dry run the planned images are listed without
 * thumbnails or links: their URLs do not exist yet, and broken images help nobody.
 */
function imageTable(result) {
    const status = result.dryRun ? "planned" : "uploaded";
    const images = sortedByPath(result.images.filter((image) => image.status === status));
    if (images.length === 0)
        return "";
    const heading = result.dryRun
        ? `### Would be uploaded (${images.length})`
        : `### Uploaded (${images.length})`;
    const header = result.dryRun
        ? ["| Source | URL | Size |", "| --- | --- | --- |"]
        : ["| Preview | Source | URL | Size |", "| --- | --- | --- | --- |"];
    const rows = images.map((image) => {
        const cells = [escapeMarkdown(image.path), escapeMarkdown(image.url), formatBytes(image.size)];
        if (!result.dryRun) {
            const url = escapeAttribute(image.url);
            cells.unshift(`<a href="${url}"><img src="${url}" width="64"></a>`);
            cells[2] = `<a href="${url}">${cells[2]}</a>`;
        }
        return `| ${cells.join(" | ")} |`;
    });
    const { shown, more } = takeWithinBudget(rows, BUDGET.table);
    // The "… and N more" line must not be a table row, hence the blank line before it.
    return [heading, [...header, ...shown].join("\n"), more].filter(Boolean).join("\n\n");
}
function presentSection(result) {
    const present = sortedByPath(result.images.filter((image) => image.status === "present"));
    if (present.length === 0)
        return "";
    const { shown, more } = takeWithinBudget(present.map((image) => escapeMarkdown(image.path)), BUDGET.present);
    const list = more ? `${shown.join(", ")} ${more}` : shown.join(", ");
    return `### Already present (${present.length})\n\n${list}`;
}
function failedSection(result) {
    const failed = sortedByPath(result.images.filter((image) => image.status === "failed"));
    return listSection(`Failed (${failed.length})`, failed.map((image) => {
        const where = referencedFrom(result, image);
        return `${escapeMarkdown(image.path)}: ${escapeMarkdown(image.reason ?? "no reason was given")}${where}`;
    }), BUDGET.failed);
}
/** " (referenced from a.md, b.md)": the content files whose links to the image were kept. */
function referencedFrom(result, image) {
    // Several paths with the same bytes share one upload; each has its own manifest entry.
    // Images refused before hashing have no key, so the path alone identifies them.
    const sameImage = (entry) => entry.source === image.path ||
        (image.key !== "" && entry.key === image.key && entry.sha256 === image.sha256);
    const files = new Set(result.manifest.filter(sameImage).flatMap((entry) => entry.referencedFrom));
    if (files.size === 0)
        return "";
    const sorted = [...files].sort();
    const shown = sorted.slice(0, 3).map(escapeMarkdown).join(", ");
    const more = sorted.length > 3 ? ` and ${sorted.length - 3} more` : "";
    return ` (referenced from ${shown}${more})`;
}
function problemSection(title, problems, budget, render) {
    return listSection(`${title} (${problems.length})`, problems.map(render), budget);
}
function filesSection(result) {
    const title = result.dryRun ? "Files that would be rewritten" : "Rewritten files";
    const files = [...result.files].sort();
    return listSection(`${title} (${files.length})`, files.map(escapeMarkdown), BUDGET.files);
}
/** Recorded images edited since their offload: their links moved to the new object. */
function updatedSection(result) {
    const items = result.updated.map((image) => `${escapeMarkdown(image.path)} (${escapeMarkdown(image.oldUrl)} → ${escapeMarkdown(image.newUrl)})`);
    return listSection(`Updated (${items.length})`, items, BUDGET.refused);
}
function manifestLine({ manifest }) {
    if (!manifest)
        return "";
    const name = `\`${manifest.file.replace(/[`\r\n]/g, "")}\``;
    const link = manifest.url && /^https:\/\/[^\s"'<>`()]+$/.test(manifest.url)
        ? `[${name}](${manifest.url})`
        : name;
    return `The repository's record of offloaded images: ${link}.`;
}
/** Images the content names that another pipeline handles, so a user sees the whole picture. */
function leftSection(result) {
    const total = result.left.reduce((sum, left) => sum + left.count, 0);
    const items = result.left.map((left) => `${left.count} ${escapeMarkdown(left.reason)}`);
    return listSection(`Left alone (${total})`, items, BUDGET.refused);
}
function sitesSection(result) {
    const items = result.sites.map((site) => escapeMarkdown(site.message));
    return listSection("Site generators", items, BUDGET.refused);
}
function listSection(title, items, budget) {
    if (items.length === 0)
        return "";
    const { shown, more } = takeWithinBudget(items.map((item) => `- ${item}`), budget);
    return [`### ${title}`, [...shown, ...(more ? [`- ${more}`] : [])].join("\n")].join("\n\n");
}
/** The leading lines that fit in the budget, and "… and N more" for the rest. */
function takeWithinBudget(lines, budget) {
    const shown = [];
    let used = 0;
    for (const line of lines) {
        if (shown.length >= budget.items || used + line.length + 1 > budget.chars)
            break;
        shown.push(line);
        used += line.length + 1;
    }
    const rest = lines.length - shown.length;
    return { shown, more: rest > 0 ? `… and ${rest} more` : "" };
}
/**
 * Makes user-controlled text (file names, reasons) inert in GFM, inside and outside table
 * cells: no HTML, no table-cell breaks, no code spans, links or emphasis, one line. Long
 * text keeps its start and its end, where file names are.
 */
function escapeMarkdown(text) {
    // References are broken first: the entities written below contain `#`.
    const escaped = neutraliseReferences(shorten(singleLine(text))).replace(/[&<>|`\\*_[\]~]/g, (char) => {
        switch (char) {
            case "&":
                return "&amp;";
            case "<":
                return "&lt;";
            case ">":
                return "&gt;";
            // GFM splits table rows on raw pipes only; the entity renders as `|` everywhere.
            case "|":
                return "&#124;";
            case "`":
                return "&#96;";
            default:
                return `\\${char}`;
        }
    });
    return escapeBlockStart(escaped);
}
/**
 * GitHub links `@name` to a user (and notifies them) and `#123` to an issue, in the text
 * it renders, after entities are decoded. A word joiner after the sign keeps the text as
 * it reads and breaks the link: an image named `@octocat-#123.png` pings nobody.
 */
function neutraliseReferences(text) {
    return text.replace(/([@#])(?=[\p{L}\p{N}_-])/gu, "$1\u2060");
}
/** Text that starts a paragraph or list item must not open a heading, quote or list. */
function escapeBlockStart(text) {
    return text.replace(/^(\s*)([#+=-]|\d+[.)])/, (_whole, space, mark) => /^\d/.test(mark) ? `${space}${mark.slice(0, -1)}\\${mark.slice(-1)}` : `${space}\\${mark}`);
}
/** For a double-quoted HTML attribute inside a table row (a raw `|` would split the row). */
function escapeAttribute(text) {
    return singleLine(text).replace(/[&"<>|]/g, (char) => `&#${char.charCodeAt(0)};`);
}
function singleLine(text) {
    return (text
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we remove
        .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ")
        // Bidi controls would reverse what the reader sees: show them as their escapes.
        .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (char) => printable(char)));
}
function shorten(text) {
    if (text.length <= MAX_TEXT_CHARS)
        return text;
    const tail = Math.floor(MAX_TEXT_CHARS * 0.6);
    return `${text.slice(0, MAX_TEXT_CHARS - tail - 1)}…${text.slice(-tail)}`;
}
function sortedByPath(images) {
    return [...images].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
function plural(count, word) {
    return count === 1 ? word : `${word}s`;
}
/**
 * The CLI's human output: one line per uploaded (or, in a dry run, planned) image and per
 * failed image, then the totals. Control characters are replaced so that a file name
 * cannot move the cursor or recolour the terminal.
 */
function renderText(result) {
    const lines = [];
    const status = result.dryRun ? "planned" : "uploaded";
    const sorted = sortedByPath(result.images);
    for (const image of sorted.filter((candidate) => candidate.status === status)) {
        lines.push(`${plain(image.path)} → ${plain(image.url)} (${formatBytes(image.size)})`);
    }
    for (const image of sorted.filter((candidate) => candidate.status === "failed")) {
        lines.push(`${plain(image.path)} failed: ${plain(image.reason ?? "no reason was given")}`);
    }
    const { counts } = result;
    const planned = result.images.filter((image) => image.status === "planned").length;
    const totals = [
        result.dryRun ? `${planned} would be uploaded` : `${counts.uploaded} uploaded`,
        `${counts.skipped} already present`,
        `${counts.failed} failed`,
        `${counts.missing} missing`,
        ...(result.refused.length > 0 ? [`${result.refused.length} refused`] : []),
        `${counts.rewritten} ${plural(counts.rewritten, "file")} ${result.dryRun ? "would be rewritten" : "rewritten"}`,
    ].join(", ");
    const prefix = result.dryRun ? "Dry run: nothing was uploaded or written. " : "";
    lines.push(`${prefix}${totals} in ${formatDuration(result.durationMs)}.`);
    return `${lines.join("\n")}\n`;
}
/** Names in the text report show their control characters as escapes, on one line. */
const plain = printable;

export { MAX_SUMMARY_CHARS as M, renderText as a, formatBytes as f, renderSummary as r };
