import { t as terminalJson } from './printable.js';

const MARKS = {
    pass: "✓",
    fail: "✗",
    skipped: "–",
};
/** One line per item (`✓ label: detail`), a failed item's fix indented under it. */
function renderChecklistText(checklist) {
    const lines = checklist.items.flatMap((item) => {
        const line = `${MARKS[item.status]} ${item.label}: ${item.detail}`;
        return item.fix ? [line, `    fix: ${item.fix}`] : [line];
    });
    const failed = checklist.items.filter((item) => item.status === "fail").length;
    lines.push("", checklist.ok
        ? "Setup OK: every check passed."
        : `${failed} check(s) failed; fix them in the order shown and run check again.`);
    return lines.join("\n");
}
/** The checklist for --json: `ok` and the items as they are. */
function renderChecklistJson(checklist) {
    return terminalJson({ ok: checklist.ok, items: checklist.items });
}
/** A Markdown table for the Action's job summary. */
function renderChecklistMarkdown(checklist) {
    const cell = (text) => text.replaceAll("|", "\\|").replaceAll("\n", " ");
    const rows = checklist.items.map((item) => `| ${MARKS[item.status]} | ${cell(item.label)} | ${cell(item.detail)} | ${cell(item.fix ?? "")} |`);
    return [
        "### Setup check",
        "",
        "| | check | found | fix |",
        "|---|---|---|---|",
        ...rows,
        "",
    ].join("\n");
}

export { renderChecklistJson as a, renderChecklistText as b, renderChecklistMarkdown as r };
