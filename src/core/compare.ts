/**
 * Plain UTF-16 code-unit order: the same on every machine and in every locale, unlike
 * `localeCompare`, so sorted lists (reports, manifests, plans) never differ between runs.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
