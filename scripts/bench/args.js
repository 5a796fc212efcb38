// Command-line numbers for the bench scripts, refused in one sentence when they are not.

/** `text` as an integer ≥ 1 (≥ 0 with `zeroOk`); throws naming the flag otherwise. */
export function positive(text, name, zeroOk = false) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < (zeroOk ? 0 : 1))
    throw new Error(
      `${name} must be a ${zeroOk ? "non-negative" : "positive"} integer, not "${text}".`,
    );
  return value;
}
