/**
 * The upload phase over Cloudflare Images (the fake API): existence from the listing's
 * sha256 metadata, with no size and no ETag, and "already exists" settled by metadata.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryLogger } from "../../src/core/logger.js";
import { LIST_MIN_KEYS } from "../../src/engine/existence.js";
import { uploadImages } from "../../src/engine/upload.js";
import { createImagesStorage } from "../../src/storage/cloudflare-images/images-storage.js";
import { type FakeImagesApi, startImagesApi } from "../support/cloudflare-images.js";
import { plannedImages } from "../support/planned-images.js";

let api: FakeImagesApi;
let workDir: string;
beforeAll(async () => {
  api = await startImagesApi();
  workDir = await mkdtemp(join(tmpdir(), "upload-images-"));
});
afterAll(async () => {
  await api.stop();
  await rm(workDir, { recursive: true, force: true });
});

const settings = { root: tmpdir(), concurrency: 8, cacheControl: "", dryRun: false };

describe("uploadImages with Cloudflare Images", () => {
  it("one listing settles what is there by sha256; a taken ID with other bytes fails by name", async () => {
    // No common prefix: Images lists the whole account anyway, so the listing is still used.
    const planned = await plannedImages(workDir, "", LIST_MIN_KEYS + 10);
    const images = planned.map((image, index) => ({
      ...image,
      key: `${index % 2 ? "odd" : "even"}/${image.key}`,
    }));
    const [taken, ...rest] = images;
    for (const image of rest.slice(0, 30))
      api.seed(image.key, await readFile(image.absolutePath), { sha256: image.sha256 });
    api.seed(taken?.key ?? "", Buffer.from("other"), { sha256: "e".repeat(64) });
    const storage = createImagesStorage({
      accountId: api.accountId,
      apiToken: api.token,
      variant: "public",
      apiUrl: api.apiUrl,
      batchUrl: api.batchUrl,
    });
    const results = await uploadImages(images, storage, settings, new MemoryLogger(), {
      now: () => 0,
    });
    const count = (status: string) => results.filter((r) => r.status === status).length;
    expect(count("present")).toBe(30);
    expect(count("uploaded")).toBe(images.length - 31);
    expect(results[0]?.status).toBe("failed");
    expect(results[0]?.reason).toContain(`under the ID ${taken?.key}`);
    const lists = api.requests.filter((r) => r.path.includes("/images/v2"));
    const heads = api.requests.filter((r) => r.method === "GET" && /\/images\/v1\/./.test(r.path));
    expect(lists).toHaveLength(1);
    // Only the taken ID is read, to settle its 409.
    expect(heads).toHaveLength(1);
  });
});
