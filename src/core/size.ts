import { InputError } from "./errors.js";

/**
 * Units for `max-size`. Decimal units (kB, MB, GB, TB = powers of 1000) are what storage
 * providers bill in and what `max-size: 50MB` means to most people; the IEC units
 * (KiB, MiB, GiB, TiB = powers of 1024) are there for those who mean binary sizes.
 * A bare number is bytes. Case does not matter: `50mb`, `50MB` and `50 Mb` are equal.
 */
const MULTIPLIERS: ReadonlyMap<string, number> = new Map([
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
export function parseSize(text: string): number {
  const match = SIZE_PATTERN.exec(text.trim());
  const multiplier = match ? MULTIPLIERS.get((match[2] ?? "").toLowerCase()) : undefined;
  if (!match || multiplier === undefined) {
    throw new InputError(
      "max-size",
      `max-size "${text}" is not a size; write a number with an optional unit, such as 50MB, 512KB, 1.5GB or 10MiB.`,
    );
  }
  const bytes = Math.floor(Number(match[1]) * multiplier);
  if (!Number.isSafeInteger(bytes)) {
    throw new InputError(
      "max-size",
      `max-size "${text}" is too large to be a file size; use a value such as 50MB or 5GB.`,
    );
  }
  if (bytes < 1) {
    throw new InputError(
      "max-size",
      `max-size "${text}" must be at least 1 byte; use a value such as 50MB.`,
    );
  }
  return bytes;
}
