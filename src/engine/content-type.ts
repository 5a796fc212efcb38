/**
 * Content-Type from a file's first bytes, never from its name: a JPEG saved as `.png` is
 * served as image/jpeg, and an HTML error page or a Git LFS pointer saved as `.png` is
 * refused instead of being published as an "image".
 */

/** How many leading bytes the sniffers look at. SVG needs the most: Illustrator prologs carry long DOCTYPEs. */
export const SNIFF_BYTES = 4096;

type Sniffer = (head: Buffer) => boolean;

const startsWith = (head: Buffer, bytes: readonly number[], at = 0): boolean =>
  head.length >= at + bytes.length && bytes.every((byte, index) => head[at + index] === byte);
const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

const SNIFFERS: readonly (readonly [string, Sniffer])[] = [
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
export function sniffContentType(head: Buffer): string | undefined {
  return SNIFFERS.find(([, sniff]) => sniff(head))?.[0];
}

/** What non-image bytes look like, as a noun phrase: "an HTML page", "a Git LFS pointer", "text". */
export function describeBytes(head: Buffer): string {
  if (head.length === 0) return "empty";
  const text = head.toString("latin1", 0, Math.min(head.length, 256));
  if (text.startsWith("version https://git-lfs.github.com/spec/")) return "a Git LFS pointer";
  if (
    /^(?:\uFEFF|\xEF\xBB\xBF)?\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b/i.test(
      text,
    )
  ) {
    return "an HTML page";
  }
  if (text.startsWith("%PDF-")) return "a PDF document";
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return "a ZIP archive";
  if (startsWith(head, [0x1f, 0x8b])) return "gzip data";
  if (isText(head)) return "text";
  const hex = [...head.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
  return `binary starting ${hex}`;
}

/** Whether the ISO BMFF `ftyp` box names one of `wanted` as major or compatible brand. */
function hasBrand(head: Buffer, wanted: readonly string[]): boolean {
  if (!startsWith(head, ascii("ftyp"), 4)) return false;
  // The ftyp box: size, "ftyp", major brand, minor version, then compatible brands.
  const boxEnd = Math.min(head.readUInt32BE(0), head.length);
  const brands = [8];
  for (let offset = 16; offset + 4 <= boxEnd; offset += 4) brands.push(offset);
  return brands.some((offset) => wanted.some((brand) => startsWith(head, ascii(brand), offset)));
}

function isAvif(head: Buffer): boolean {
  return hasBrand(head, ["avif", "avis"]);
}

/**
 * HEIC (iPhone photos): HEVC-coded HEIF. Not in the default `extensions` (few browsers
 * show it), but Cloudflare Images takes it and serves it converted.
 */
function isHeic(head: Buffer): boolean {
  return hasBrand(head, ["heic", "heix", "heim", "heis", "hevc", "hevx"]);
}

function isBmp(head: Buffer): boolean {
  // "BM" alone matches too much text; also require a known DIB header size at offset 14.
  if (!startsWith(head, ascii("BM")) || head.length < 18) return false;
  return [12, 16, 40, 52, 56, 64, 108, 124].includes(head.readUInt32LE(14));
}

/**
 * SVG is text: an optional BOM, whitespace, an XML declaration, comments, processing
 * instructions and a DOCTYPE (with an optional internal subset) may come before `<svg`.
 */
function isSvg(head: Buffer): boolean {
  let text = head.toString("utf8");
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  let rest = text.trimStart();
  for (;;) {
    const prolog = /^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>)/i.exec(
      rest,
    );
    if (!prolog) break;
    rest = rest.slice(prolog[0].length).trimStart();
  }
  return /^<svg[\s>/]/.test(rest) || /^<[A-Za-z_][\w.-]*:svg[\s>/]/.test(rest);
}

function isText(head: Buffer): boolean {
  const sample = head.subarray(0, 512);
  return !sample.includes(0) && Buffer.from(sample.toString("utf8"), "utf8").equals(sample);
}
