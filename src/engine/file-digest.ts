import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { SNIFF_BYTES } from "./content-type.js";

export interface FileDigest {
  /** Bytes actually read, so size and hashes always describe the same content. */
  readonly size: number;
  /** Hex SHA-256: the content address in keys and the `sha256` metadata. */
  readonly sha256: string;
  /** Hex MD5: sent as Content-MD5 and compared with the single-part ETag. */
  readonly md5: string;
  /** The first bytes (up to SNIFF_BYTES) for content sniffing. */
  readonly head: Buffer;
}

/** Hashes a file in one streaming pass; memory stays flat however large the image is. */
export async function digestFile(absolutePath: string): Promise<FileDigest> {
  const sha256 = createHash("sha256");
  const md5 = createHash("md5");
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  for await (const chunk of createReadStream(absolutePath) as AsyncIterable<Buffer>) {
    sha256.update(chunk);
    md5.update(chunk);
    size += chunk.length;
    if (headLength < SNIFF_BYTES) {
      const part = chunk.subarray(0, SNIFF_BYTES - headLength);
      headChunks.push(part);
      headLength += part.length;
    }
  }
  return {
    size,
    sha256: sha256.digest("hex"),
    md5: md5.digest("hex"),
    head: Buffer.concat(headChunks),
  };
}
