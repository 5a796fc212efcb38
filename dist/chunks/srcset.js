function isAsciiWhitespace(c) {
    return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}
/**
 * Splits a srcset value the way the HTML standard's "parse a srcset attribute" does:
 * a candidate is a run of non-whitespace (the URL, trailing commas not included),
 * then descriptors up to a comma outside parentheses. `a.png,b.png` with no space is
 * one URL, as browsers see it.
 */
function parseSrcset(value) {
    const candidates = [];
    let pos = 0;
    const length = value.length;
    while (pos < length) {
        while (pos < length && (isAsciiWhitespace(value.charCodeAt(pos)) || value[pos] === ","))
            pos++;
        if (pos >= length)
            break;
        const start = pos;
        while (pos < length && !isAsciiWhitespace(value.charCodeAt(pos)))
            pos++;
        let end = pos;
        let endedByComma = false;
        while (end > start && value[end - 1] === ",") {
            end--;
            endedByComma = true;
        }
        if (end > start)
            candidates.push({ start, end });
        if (endedByComma)
            continue;
        // Descriptors (`2x`, `640w`, future `(...)` forms) run to the next top-level comma.
        let depth = 0;
        while (pos < length) {
            const ch = value[pos];
            if (ch === "(")
                depth++;
            else if (ch === ")" && depth > 0)
                depth--;
            else if (ch === "," && depth === 0)
                break;
            pos++;
        }
    }
    return candidates;
}

export { parseSrcset as p };
