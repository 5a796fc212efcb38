/**
 * Text from content (file names, references, URLs) on its way to a terminal or a runner's
 * log. Two dangers: control characters (a newline starts a line the runner obeys as a
 * workflow command; ESC[2J clears a terminal; U+202E reverses what is shown), and a line
 * that itself starts like a workflow command (`::error::`, `##[…]`).
 */
const NAMED = {
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
};
/**
 * C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional controls
 * (LRM, RLM, ALM, the embeddings, overrides and isolates).
 */
const UNPRINTABLE = 
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** Every unprintable character shown as an escape: `\n`, `\x1b`, `\u202e`. */
function printable(text) {
    return text.replace(UNPRINTABLE, (char) => {
        const named = NAMED[char];
        if (named)
            return named;
        const code = char.charCodeAt(0);
        return code < 0x100
            ? `\\x${code.toString(16).padStart(2, "0")}`
            : `\\u${code.toString(16).padStart(4, "0")}`;
    });
}
/**
 * Zero width space: invisible to a reader, but a line that starts with it (or `##` then
 * it) is no longer one the runner reads as a command.
 */
const BREAK = "\u200b";
/**
 * One line of log output that is safe to print: unprintable characters escaped, and no
 * workflow command the tool did not mean to emit (`::x::` at the start of the line, after
 * white space, or the legacy `##[x]` anywhere in it).
 */
function safeLogLine(text) {
    const line = commandData(text);
    return /^\s*::/.test(line) ? `${BREAK}${line}` : line;
}
/** Text inside a workflow command (an annotation's message): printable, no legacy `##[`. */
function commandData(text) {
    return printable(text).replaceAll("##[", `##${BREAK}[`);
}
/**
 * JSON for a terminal or a runner's log, with the same data: what JSON.stringify leaves
 * raw (C1, separators, bidi) is written as `\uXXXX`, and so is the `[` of a legacy `##[`
 * command inside a string.
 */
function terminalJson(value) {
    return JSON.stringify(value, null, 2)
        .replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)
        .replaceAll("##[", "##\\u005b");
}
/** A stream whose every line goes through `safeLogLine` (the CLI's last line of defence). */
function safeLines(stream) {
    return {
        write: (text) => {
            stream.write(text.split("\n").map(safeLogLine).join("\n"));
        },
    };
}

export { safeLines as a, commandData as c, printable as p, safeLogLine as s, terminalJson as t };
