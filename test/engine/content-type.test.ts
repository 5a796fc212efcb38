import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeBytes, sniffContentType } from "../../src/engine/content-type.js";

const fixture = (name: string): Buffer =>
  readFileSync(path.join(import.meta.dirname, "../fixtures/plan", name));

describe("sniffContentType", () => {
  it.each([
    ["pixel.png", "image/png"],
    ["pixel.jpg", "image/jpeg"],
    ["pixel.gif", "image/gif"],
    ["pixel.webp", "image/webp"],
    ["pixel.avif", "image/avif"],
    ["pixel.bmp", "image/bmp"],
    ["pixel.ico", "image/x-icon"],
    ["pixel.tiff", "image/tiff"],
    ["pixel.svg", "image/svg+xml"],
    ["illustrator.svg", "image/svg+xml"],
    ["jpeg-named.png", "image/jpeg"],
  ])("recognises %s as %s from its bytes", (name, type) => {
    expect(sniffContentType(fixture(name))).toBe(type);
  });

  it.each(["html-page.png", "lfs-pointer.png", "xml-not-svg.svg"])("refuses %s", (name) => {
    expect(sniffContentType(fixture(name))).toBeUndefined();
  });

  it("recognises header variants the fixtures do not cover", () => {
    expect(sniffContentType(Buffer.from("GIF87a\x01\x00\x01\x00", "latin1"))).toBe("image/gif");
    expect(sniffContentType(Buffer.from("MM\x00*\x00\x00\x00\x08", "latin1"))).toBe("image/tiff");
    // AVIF image sequences, and AVIF listed only as a compatible brand.
    expect(
      sniffContentType(Buffer.from("\x00\x00\x00\x18ftypavis\x00\x00\x00\x00avismif1", "latin1")),
    ).toBe("image/avif");
    expect(
      sniffContentType(Buffer.from("\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1avif", "latin1")),
    ).toBe("image/avif");
    // HEIC, as an iPhone writes it, and with HEIC only among the compatible brands.
    expect(
      sniffContentType(Buffer.from("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "latin1")),
    ).toBe("image/heic");
    expect(
      sniffContentType(Buffer.from("\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heix", "latin1")),
    ).toBe("image/heic");
    expect(
      sniffContentType(
        Buffer.from(
          '  \n<!-- logo -->\n<!DOCTYPE svg>\n<svg\n xmlns="http://www.w3.org/2000/svg"/>',
        ),
      ),
    ).toBe("image/svg+xml");
  });

  it("does not mistake look-alikes for images", () => {
    expect(sniffContentType(Buffer.from("BMW drivers, read this\n".repeat(3)))).toBeUndefined();
    expect(sniffContentType(Buffer.from("RIFF\x24\x00\x00\x00WAVEfmt ", "latin1"))).toBeUndefined();
    expect(
      sniffContentType(Buffer.from("\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1miaf", "latin1")),
    ).toBeUndefined();
    expect(sniffContentType(Buffer.from("<svgfoo/>"))).toBeUndefined();
    expect(sniffContentType(Buffer.from("<html><body><svg></svg></body></html>"))).toBeUndefined();
    expect(sniffContentType(Buffer.from("PK\x03\x04\x14\x00", "latin1"))).toBeUndefined();
    expect(sniffContentType(Buffer.alloc(0))).toBeUndefined();
  });
});

describe("describeBytes", () => {
  it("says what non-image bytes are", () => {
    expect(describeBytes(fixture("html-page.png"))).toBe("an HTML page");
    expect(describeBytes(fixture("lfs-pointer.png"))).toBe("a Git LFS pointer");
    expect(describeBytes(fixture("xml-not-svg.svg"))).toBe("text");
    expect(describeBytes(Buffer.from("%PDF-1.7\n"))).toBe("a PDF document");
    expect(describeBytes(Buffer.from("PK\x03\x04\x14\x00", "latin1"))).toBe("a ZIP archive");
    expect(describeBytes(Buffer.alloc(0))).toBe("empty");
    expect(describeBytes(Buffer.from([0, 1, 2, 0xfe, 0xff]))).toBe(
      "binary starting 00 01 02 fe ff",
    );
  });
});
