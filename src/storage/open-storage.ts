/** The storage the options name: Cloudflare Images with `storage: cloudflare-images`, else S3. */
import type { StorageOptions } from "../options/options.js";
import { createImagesStorage } from "./cloudflare-images/images-storage.js";
import { createS3Storage } from "./s3-storage.js";
import type { Storage } from "./storage.js";

export function openStorage(options: StorageOptions): Storage {
  return options.cloudflare ? createImagesStorage(options.cloudflare) : createS3Storage(options);
}
