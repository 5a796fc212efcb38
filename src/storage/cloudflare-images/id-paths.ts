/**
 * How a custom ID goes into an API path (`/images/v1/<id>`). Cloudflare allows slashes in
 * custom IDs but does not say how to spell them there, and its own SDKs differ (the
 * TypeScript one sends `%2F`, the Go one the slashes as they are). So a 404 for an ID
 * with a slash is asked once more the other way, until an image found settles it for
 * the run.
 */
import { encodeId } from "./client.js";
import { isMissing } from "./records.js";

type Spelling = "encoded" | "raw";

/** Sends `send(path)` for an ID, trying the other spelling of its slashes on a 404. */
export type ById = <T>(id: string, send: (path: string) => Promise<T>) => Promise<T>;

export function createIdPaths(): ById {
  let slashes: Spelling = "encoded";
  let settled = false;
  const idPath = (id: string, form: Spelling = slashes) =>
    `/images/v1/${form === "encoded" ? encodeURIComponent(id) : encodeId(id)}`;

  return async (id, send) => {
    try {
      const result = await send(idPath(id));
      if (id.includes("/")) settled = true;
      return result;
    } catch (error) {
      if (settled || !id.includes("/") || !isMissing(error)) throw error;
      const other: Spelling = slashes === "encoded" ? "raw" : "encoded";
      const result = await send(idPath(id, other));
      slashes = other;
      settled = true;
      return result;
    }
  };
}
