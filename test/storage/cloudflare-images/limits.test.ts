import { describe, expect, it } from "vitest";
import { sniffContentType } from "../../../src/engine/content-type.js";
import { dimensionsOf, imagesRefusal } from "../../../src/storage/cloudflare-images/limits.js";
import { gif, jpeg, png, webp } from "../../support/image-bytes.js";

function facts(bytes: Buffer, size = bytes.length) {
  const contentType = sniffContentType(bytes.subarray(0, 4096)) ?? "";
  return {
    path: "posts/pic",
    size,
    contentType,
    head: bytes.subarray(0, 4096),
    bytes: async () => bytes,
  };
}

describe("image dimensions from headers", () => {
  it("reads PNG, GIF, JPEG and the three WebP chunk kinds", () => {
    expect(dimensionsOf("image/png", png(640, 480))).toEqual({ width: 640, height: 480 });
    expect(dimensionsOf("image/gif", gif(320, 200))).toEqual({ width: 320, height: 200 });
    expect(dimensionsOf("image/jpeg", jpeg(4000, 3000))).toEqual({ width: 4000, height: 3000 });
    expect(dimensionsOf("image/webp", webp("VP8", 800, 600))).toEqual({ width: 800, height: 600 });
    expect(dimensionsOf("image/webp", webp("VP8L", 1024, 768))).toEqual({
      width: 1024,
      height: 768,
    });
    expect(dimensionsOf("image/webp", webp("VP8X", 16_000, 90))).toEqual({
      width: 16_000,
      height: 90,
    });
  });

  it("finds a JPEG's frame header behind an EXIF segment larger than the sniffed head", async () => {
    const big = jpeg(13_000, 100, 60_000);
    expect(dimensionsOf("image/jpeg", big.subarray(0, 4096))).toBeUndefined();
    expect(await imagesRefusal(facts(big))).toContain("12,000 px per side");
  });
});

describe("what Cloudflare Images refuses before any request", () => {
  it("takes a PNG within the limits", async () => {
    expect(await imagesRefusal(facts(png(12_000, 8_000)))).toBeUndefined();
  });

  it("names each limit: size, side, megapixels, format", async () => {
    expect(await imagesRefusal(facts(png(10, 10), 11_000_000))).toMatch(
      /^posts\/pic is 11(\.0)? MB, over Cloudflare Images' limit of 10 MB per image/,
    );
    expect(await imagesRefusal(facts(gif(12_001, 10)))).toContain(
      "12,001×10 px, over Cloudflare Images' limit of 12,000 px per side",
    );
    expect(await imagesRefusal(facts(webp("VP8X", 11_000, 10_000)))).toContain(
      "110.0 megapixels), over Cloudflare Images' limit of 100 megapixels",
    );
    const bmp = Buffer.concat([Buffer.from("BM"), Buffer.alloc(60)]);
    bmp.writeUInt32LE(62, 2);
    bmp.writeUInt32LE(40, 14);
    const refused = await imagesRefusal({ ...facts(bmp), contentType: "image/bmp" });
    expect(refused).toContain("is BMP, a format Cloudflare Images does not accept");
    expect(refused).toContain("PNG, JPEG, GIF, WebP, SVG and HEIC");
  });

  it("takes SVG whatever its declared size", async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="99999" height="99999"/>',
    );
    expect(await imagesRefusal(facts(svg))).toBeUndefined();
  });

  it("takes a HEIC photo (Images converts it), and refuses AVIF by name", async () => {
    const heic = Buffer.from("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "latin1");
    expect(facts(heic).contentType).toBe("image/heic");
    expect(await imagesRefusal(facts(heic))).toBeUndefined();
    const avif = Buffer.from("\x00\x00\x00\x18ftypavif\x00\x00\x00\x00mif1avif", "latin1");
    expect(await imagesRefusal(facts(avif))).toContain(
      "a format Cloudflare Images does not accept",
    );
  });
});
