/**
 * The local fake of the Cloudflare Images API (scripts/bench/images-api.js, shared with
 * `npm run bench:images`): API, batch and delivery listeners on 127.0.0.1.
 */
export type {
  FakeImagesApi,
  ImagesRequestRecord,
  StoredImage,
} from "../../scripts/bench/images-api.js";
export { startImagesApi } from "../../scripts/bench/images-api.js";
