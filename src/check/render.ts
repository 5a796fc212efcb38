import { terminalJson } from "../core/printable.js";
import type { CheckItem, Checklist } from "./checklist.js";

const MARKS: Readonly<Record<CheckItem["status"], string>> = {
  pass: "✓",
  fail: "✗",
  skipped: "–",
};

/** One line per item (`✓ label: detail`), a failed item's fix indented under it. */
export function renderChecklistText(checklist: Checklist): string {
  const lines = checklist.items.flatMap((item) => {
    const line = `${MARKS[item.status]} ${item.label}: ${item.detail}`;
    return item.fix ? [line, `    fix: ${item.fix}`] : [line];
  });
  const failed = checklist.items.filter((item) => item.status === "fail").length;
  lines.push(
    "",
    checklist.ok
      ? "Setup OK: every check passed."
      : `${failed} check(s) failed; fix them in the order shown and run check again.`,
  );
  return lines.join("\n");
}

/** The checklist for --json: `ok` and the items as they are. */
export function renderChecklistJson(checklist: Checklist): string {
  return terminalJson({ ok: checklist.ok, items: checklist.items });
}

/** A Markdown table for the Action's job summary. */
export function renderChecklistMarkdown(checklist: Checklist): string {
  const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");
  const rows = checklist.items.map(
    (item) =>
      `| ${MARKS[item.status]} | ${cell(item.label)} | ${cell(item.detail)} | ${cell(item.fix ?? "")} |`,
  );
  return [
    "### Setup check",
    "",
    "| | check | found | fix |",
    "|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
