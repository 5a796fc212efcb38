/**
 * What Cloudflare Images refuses, decided from the file before any request: the upload
 * would fail anyway, and a refusal here names the limit at every line that links the
 * image instead of a bare API error. Dimensions come from the headers (PNG IHDR, GIF's
 * logical screen, JPEG's SOF, WebP's VP8/VP8L/VP8X): no decoder, a few bytes each.
 */
import { formatBytes } from "../../core/format.js";
import type { ImageFacts } from "../storage.js";

/** The documented limits of Cloudflare Images. */
export const IMAGES_LIMITS = {
  bytes: 10_000_000,
  side: 12_000,
  pixels: 100_000_000,
} as const;

/** What Images accepts. */
const ACCEPTED = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/svg+xml",
  "image/heic",
]);

const FORMAT_NAMES: Readonly<Record<string, string>> = {
  "image/avif": "AVIF",
  "image/bmp": "BMP",
  "image/x-icon": "ICO",
  "image/tiff": "TIFF",
};

export interface Dimensions {
  readonly width: number;
  readonly height: number;
}

const LEAVE_OUT = "or leave it out with the extensions or content input";

/** Why Images would refuse `image`, naming the limit; undefined when it takes it. */
export async function imagesRefusal(image: ImageFacts): Promise<string | undefined> {
  if (!ACCEPTED.has(image.contentType)) {
    const format = FORMAT_NAMES[image.contentType] ?? image.contentType;
    return `${image.path} is ${format}, a format Cloudflare Images does not accept (it takes PNG, JPEG, GIF, WebP, SVG and HEIC); convert it, ${LEAVE_OUT}.`;
  }
  if (image.size > IMAGES_LIMITS.bytes) {
    return `${image.path} is ${formatBytes(image.size)}, over Cloudflare Images' limit of 10 MB per image; shrink it, ${LEAVE_OUT}.`;
  }
  if (image.contentType === "image/svg+xml" || image.contentType === "image/heic") return undefined;
  const size =
    dimensionsOf(image.contentType, image.head) ??
    dimensionsOf(image.contentType, await image.bytes());
  if (!size) return undefined;
  const { width, height } = size;
  const shown = `${width.toLocaleString("en-US")}×${height.toLocaleString("en-US")} px`;
  if (width > IMAGES_LIMITS.side || height > IMAGES_LIMITS.side) {
    return `${image.path} is ${shown}, over Cloudflare Images' limit of 12,000 px per side; resize it, ${LEAVE_OUT}.`;
  }
  if (width * height > IMAGES_LIMITS.pixels) {
    const megapixels = ((width * height) / 1e6).toFixed(1);
    return `${image.path} is ${shown} (${megapixels} megapixels), over Cloudflare Images' limit of 100 megapixels; resize it, ${LEAVE_OUT}.`;
  }
  return undefined;
}

/** Width and height from the header of a PNG, GIF, JPEG or WebP; undefined when not found. */
export function dimensionsOf(contentType: string, bytes: Buffer): Dimensions | undefined {
  switch (contentType) {
    case "image/png":
      return pngDimensions(bytes);
    case "image/gif":
      return bytes.length >= 10
        ? { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) }
        : undefined;
    case "image/jpeg":
      return jpegDimensions(bytes);
    case "image/webp":
      return webpDimensions(bytes);
    default:
      return undefined;
  }
}

function pngDimensions(bytes: Buffer): Dimensions | undefined {
  // Signature (8), IHDR length (4), "IHDR" (4), then width and height, big-endian.
  if (bytes.length < 24 || bytes.toString("latin1", 12, 16) !== "IHDR") return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Start-of-frame markers: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Walks the segments after SOI to the first SOF; EXIF and ICC segments are skipped by length. */
function jpegDimensions(bytes: Buffer): Dimensions | undefined {
  let offset = 2;
  while (offset + 3 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] as number;
    // Fill bytes, and markers without a length (TEM, RST0–7).
    if (marker === 0xff) {
      offset++;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    // Start of scan or end of image before any frame header: nothing to read.
    if (marker === 0xda || marker === 0xd9) return undefined;
    const length = bytes.readUInt16BE(offset + 2);
    if (isStartOfFrame(marker)) {
      if (offset + 9 > bytes.length) return undefined;
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    if (length < 2) return undefined;
    offset += 2 + length;
  }
  return undefined;
}

function webpDimensions(bytes: Buffer): Dimensions | undefined {
  if (bytes.length < 30) return undefined;
  const chunk = bytes.toString("latin1", 12, 16);
  if (chunk === "VP8X") {
    // Canvas width and height minus one, 24 bits little-endian each.
    return { width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
  }
  if (chunk === "VP8L") {
    if (bytes[20] !== 0x2f) return undefined;
    const bits = bytes.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8 ") {
    // Frame tag (3), start code 9d 01 2a, then 14-bit width and height (2 bits of scale).
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return undefined;
    return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  }
  return undefined;
}
