/**
 * What the S3 storage says about itself through the Storage interface: objects are served
 * byte for byte at `<public-url>/<key>`, listings read one prefix, nothing is refused up
 * front (max-size is the only limit, checked by the plan), and public-url must be given.
 */
import { InputError } from "../core/errors.js";
import { keyToUrl } from "../core/key-template.js";
import type { Storage } from "./storage.js";

export const S3_TRAITS: Pick<Storage, "delivery" | "expectRequests" | "defaultPublicUrl"> = {
  delivery: { url: keyToUrl, proof: "bytes", listing: "prefix" },
  expectRequests: async () => {},
  defaultPublicUrl: async () => {
    throw new InputError(
      "public-url",
      "Input public-url is required: set it to the base URL your bucket is served from, e.g. https://assets.example.com.",
    );
  },
};
