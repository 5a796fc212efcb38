/** Human-readable sizes and durations for reports and logs. */

const BYTE_UNITS = ["B", "kB", "MB", "GB", "TB", "PB"] as const;

/**
 * Decimal (SI) units, as storage providers bill and as `ls -h --si` prints:
 * `312 B`, `1.4 MB`, `120 MB`. One decimal below 100, none above, no trailing `.0`.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return "0 B";
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  while (unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
    // Round first, so 999,960 B reads "1 MB" rather than "1000 kB".
    if (Number(roundForDisplay(value)) < 1000) break;
  }
  return `${roundForDisplay(value)} ${BYTE_UNITS[unit]}`;
}

function roundForDisplay(value: number): string {
  const text = value < 100 ? value.toFixed(1) : value.toFixed(0);
  return text.endsWith(".0") ? text.slice(0, -2) : text;
}

/** `850 ms`, `1.2 s`, `2 min 3 s`, `1 h 5 min`: precise for short runs, readable for long ones. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return "0 ms";
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return joinParts(Math.floor(seconds / 60), "min", seconds % 60, "s");
  const minutes = Math.round(ms / 60_000);
  return joinParts(Math.floor(minutes / 60), "h", minutes % 60, "min");
}

function joinParts(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`;
}
