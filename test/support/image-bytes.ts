/**
 * Image files built byte by byte with chosen dimensions: the headers real encoders write
 * (PNG IHDR, GIF logical screen, JPEG with an EXIF segment before its SOF, WebP's three
 * chunk kinds), each made unique by `salt` so content-addressed keys differ.
 */
import { deflateSync } from "node:zlib";

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG of `width`×`height` (a real 1-row image data stream only when it is small). */
export function png(width: number, height: number, salt = ""): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const rows = width * height <= 4096 ? Buffer.alloc((width + 1) * height) : Buffer.alloc(1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("tEXt", Buffer.from(`salt\0${salt}`, "latin1")),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

export function gif(width: number, height: number, salt = ""): Buffer {
  const screen = Buffer.alloc(7);
  screen.writeUInt16LE(width, 0);
  screen.writeUInt16LE(height, 2);
  return Buffer.concat([Buffer.from("GIF89a", "latin1"), screen, Buffer.from(`;${salt}`)]);
}

/** A JPEG whose SOF0 comes after an APP1 (EXIF) segment of `exifBytes`. */
export function jpeg(width: number, height: number, exifBytes = 100, salt = ""): Buffer {
  const app1 = Buffer.alloc(4 + exifBytes);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(exifBytes + 2, 2);
  app1.write(`Exif\0\0${salt}`, 4, "latin1");
  const sof = Buffer.alloc(19);
  sof.writeUInt16BE(0xffc0, 0);
  sof.writeUInt16BE(17, 2);
  sof[4] = 8;
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app1, sof, Buffer.from([0xff, 0xd9])]);
}

export function webp(kind: "VP8" | "VP8L" | "VP8X", width: number, height: number): Buffer {
  const data = Buffer.alloc(18);
  if (kind === "VP8X") {
    data.writeUIntLE(width - 1, 4, 3);
    data.writeUIntLE(height - 1, 7, 3);
  } else if (kind === "VP8L") {
    data[0] = 0x2f;
    data.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 1);
  } else {
    data.set([0x9d, 0x01, 0x2a], 3);
    data.writeUInt16LE(width, 6);
    data.writeUInt16LE(height, 8);
  }
  const header = Buffer.alloc(20);
  header.write("RIFF", 0, "latin1");
  header.writeUInt32LE(4 + 8 + data.length, 4);
  header.write("WEBP", 8, "latin1");
  header.write(kind.padEnd(4, " "), 12, "latin1");
  header.writeUInt32LE(data.length, 16);
  return Buffer.concat([header, data]);
}
