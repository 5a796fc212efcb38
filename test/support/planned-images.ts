/** Real image files on disk, planned as the engine would plan them, for storage tests. */
import { createHash, randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PlannedImage } from "../../src/engine/types.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Writes `count` small PNG-signed files with distinct bytes and plans them under `prefix`. */
export async function plannedImages(
  directory: string,
  prefix: string,
  count: number,
  size = 512,
): Promise<PlannedImage[]> {
  const images: PlannedImage[] = [];
  for (let index = 0; index < count; index++) {
    const bytes = Buffer.concat([PNG_SIGNATURE, randomBytes(size - PNG_SIGNATURE.length)]);
    const absolutePath = join(directory, `${prefix.replaceAll("/", "_")}${index}.png`);
    await writeFile(absolutePath, bytes);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const key = `${prefix}${sha256.slice(0, 16)}.png`;
    images.push({
      path: `img/${index}.png`,
      absolutePath,
      size: bytes.length,
      sha256,
      md5: createHash("md5").update(bytes).digest("hex"),
      contentType: "image/png",
      key,
      url: `https://assets.example.com/${key}`,
    });
  }
  return images;
}
