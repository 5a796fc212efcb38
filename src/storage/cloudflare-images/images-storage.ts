/**
 * The Storage interface over the Cloudflare Images REST API. The key is the image's custom
 * ID; its `sha256` metadata is what proves an image is ours, since Images keeps no hash of
 * the original and serves re-encoded variants at `<public-url>/<id>/<variant>`.
 */
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { describeError, InputError, ItemError, StorageError } from "../../core/errors.js";
import { keyToUrl } from "../../core/key-template.js";
import { printable } from "../../core/printable.js";
import { PROBE_PNG } from "../../core/probe-image.js";
import type { CloudflareImagesOptions } from "../../options/options.js";
import { type RetryTuning, retryPolicyFrom } from "../retry-policy.js";
import type { ObjectInfo, PreflightResult, PutRequest, PutResult, Storage } from "../storage.js";
import { type ImageRecord, isTransientImagesError, translateImagesError } from "./api.js";
import { BATCH_THRESHOLD } from "./batch-token.js";
import { createImagesClient, type ImagesClient } from "./client.js";
import { createIdPaths } from "./id-paths.js";
import { imagesRefusal } from "./limits.js";
import {
  deliveryBaseOf,
  infoOf,
  isConflict,
  isMissing,
  metadataJson,
  metadataSha256,
  readAll,
} from "./records.js";

/** Knobs for tests; the defaults suit a CI runner. */
export interface ImagesStorageTuning extends RetryTuning {
  /** Each attempt's limit. */
  readonly timeoutMs?: number;
  /** Each attempt's limit for the first request (two attempts). */
  readonly preflightTimeoutMs?: number;
}

/** Operations in a row that failed after all their retries before the run stops. */
const FAILURE_LIMIT = 10;

/** The most the v2 listing returns per page. */
export const LIST_PAGE_SIZE = 10_000;

/** What the storage adds beyond `Storage`: the request counts (reports, tests, bench). */
export interface ImagesStorage extends Storage {
  readonly sent: ImagesClient["sent"];
}

interface ListPage {
  readonly images?: readonly ImageRecord[];
  readonly continuation_token?: string | null;
}

export function createImagesStorage(
  options: CloudflareImagesOptions,
  tuning: ImagesStorageTuning = {},
): ImagesStorage {
  const policy = retryPolicyFrom(tuning);
  const client = createImagesClient(options, policy, tuning.timeoutMs ?? 30_000);
  const preflightTimeoutMs = tuning.preflightTimeoutMs ?? 7_000;
  // `https://imagedelivery.net/<account hash>`, once an answer has shown a variant URL.
  let deliveryBase: string | undefined;
  let firstPage: Promise<ListPage> | undefined;

  const learn = (record: ImageRecord | undefined) => {
    deliveryBase ??= deliveryBaseOf(record);
  };

  // Requests in a row that failed even after their retries; any success resets it.
  let failuresInARow = 0;

  /**
   * One operation, its errors translated. After FAILURE_LIMIT operations in a row failed
   * for good, Images is taken as down and the run stops instead of waiting out every image.
   */
  async function request<T>(
    action: string,
    id: string | undefined,
    run: () => Promise<T>,
    route: "api" | "images" = "images",
  ): Promise<T> {
    const where =
      route === "images" && client.usesBatch()
        ? ({ url: options.batchUrl, input: "cloudflare-batch-url" } as const)
        : ({ url: options.apiUrl, input: "cloudflare-api-url" } as const);
    if (failuresInARow >= FAILURE_LIMIT) throw down(action);
    try {
      const result = await run();
      failuresInARow = 0;
      return result;
    } catch (error) {
      const translated = translateImagesError(error, action, where, id);
      if (isTransientImagesError(error) && ++failuresInARow >= FAILURE_LIMIT) throw down(action);
      throw translated;
    }
  }

  function down(action: string): StorageError {
    return new StorageError(
      `Cloudflare Images failed ${FAILURE_LIMIT} requests in a row even after retries (last while ${action}), so the run stopped; try again later, or check cloudflare-api-url and cloudflare-batch-url.`,
      "StorageDown",
    );
  }

  const byId = createIdPaths();

  async function details(id: string, action: string): Promise<ImageRecord | undefined> {
    return request(action, id, async () => {
      try {
        const record = await byId(id, (path) => client.call<ImageRecord>({ method: "GET", path }));
        learn(record);
        return record;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    });
  }

  function listPage(perPage: number, token?: string, first = false): Promise<ListPage> {
    const query = `per_page=${perPage}${token ? `&continuation_token=${encodeURIComponent(token)}` : ""}`;
    return request(
      "listing the account's images",
      undefined,
      async () => {
        const page = await client.call<ListPage>({
          method: "GET",
          path: `/images/v2?${query}`,
          route: "api",
          // The first request answers within ~15 s or fails naming the input.
          ...(first ? { timeoutMs: preflightTimeoutMs, timeoutAttempts: 2 } : {}),
        });
        learn(page.images?.[0]);
        return page;
      },
      "api",
    );
  }

  /**
   * One small listing proves the token and the account and may show the delivery URL;
   * remembered, so the preflight after learning public-url costs no second request.
   */
  async function firstPageOnce(): Promise<void> {
    firstPage ??= listPage(10, undefined, true);
    try {
      await firstPage;
    } catch (error) {
      firstPage = undefined;
      if (error instanceof StorageError) throw error;
      // Nothing that works can be expected from an API that does not answer this.
      throw new StorageError(
        `Input cloudflare-api-url: ${describeError(error).replace(/\.$/, "")}; check cloudflare-api-url (https://api.cloudflare.com/client/v4 unless a proxy stands in between).`,
        "Unreachable",
      );
    }
  }

  /** "Already exists": ours when its sha256 metadata is this image's, an error otherwise. */
  async function settleConflict(put: PutRequest): Promise<PutResult> {
    const stored = await details(put.key, "reading the existing image");
    const sha256 = metadataSha256(stored);
    if (sha256 === put.sha256.toLowerCase()) return {};
    const holds = sha256
      ? `an image with sha256 ${sha256.slice(0, 16)}…`
      : "an image without our sha256 metadata";
    throw new ItemError(
      `Cloudflare Images already holds ${holds} under the ID ${printable(put.key)}, and an ID cannot be overwritten; delete that image in the dashboard, or change key-template.`,
    );
  }

  const storage: ImagesStorage = {
    delivery: {
      url: (publicUrl, key) => `${keyToUrl(publicUrl, key)}/${encodeURIComponent(options.variant)}`,
      proof: "image",
      listing: "all",
    },
    refusal: imagesRefusal,

    async expectRequests(count) {
      if (count > BATCH_THRESHOLD) await client.useBatchToken();
    },

    async defaultPublicUrl(mayWrite) {
      await firstPageOnce();
      if (deliveryBase === undefined && mayWrite) await learnFromProbe();
      if (deliveryBase !== undefined) return deliveryBase;
      throw new InputError(
        "public-url",
        "Input public-url is empty and the Cloudflare Images account holds no image yet to learn its delivery URL from (a dry run uploads nothing); set public-url to https://imagedelivery.net/<account hash>, the hash shown on the Images page of the dashboard.",
      );
    },

    async preflight(): Promise<PreflightResult> {
      await firstPageOnce();
      return { canList: true };
    },

    async head(key): Promise<ObjectInfo | undefined> {
      const record = await details(key, "checking");
      return record && infoOf(record);
    },

    async list(prefix): Promise<ObjectInfo[]> {
      const objects: ObjectInfo[] = [];
      let token: string | undefined;
      do {
        const page = await listPage(LIST_PAGE_SIZE, token);
        for (const record of page.images ?? []) {
          if (typeof record.id === "string" && record.id.startsWith(prefix))
            objects.push(infoOf(record));
        }
        token = page.continuation_token || undefined;
      } while (token);
      return objects;
    },

    async put(put): Promise<PutResult> {
      const bytes = put.bytes ?? (await readAll(put.body()));
      const name = put.key.split("/").pop() || "image";
      const metadata = metadataJson(put.sha256, put.path ?? put.key);
      const taken = await request("uploading", put.key, async () => {
        try {
          const record = await client.call<ImageRecord>({
            method: "POST",
            path: "/images/v1",
            body: () => {
              const form = new FormData();
              form.append("file", new Blob([bytes], { type: put.contentType }), name);
              form.append("id", put.key);
              form.append("metadata", metadata);
              form.append("requireSignedURLs", "false");
              return form;
            },
          });
          learn(record);
          return false;
        } catch (error) {
          if (isConflict(error)) return true;
          throw error;
        }
      });
      if (taken) return settleConflict(put);
      return {};
    },

    async get(key): Promise<Buffer> {
      return request("reading", key, () =>
        byId(key, (path) =>
          client.call<Buffer>({ method: "GET", path: `${path}/blob`, raw: true }),
        ),
      );
    },

    async delete(key): Promise<void> {
      await request("deleting", key, () =>
        byId(key, (path) => client.call<unknown>({ method: "DELETE", path })),
      );
    },

    close() {},
    sent: client.sent,
  };

  /** A throwaway image whose upload answer shows the delivery URL; deleted again. */
  async function learnFromProbe(): Promise<void> {
    const key = `md-image-offload-probe-${randomBytes(6).toString("hex")}.png`;
    await storage.put({
      key,
      body: () => Readable.from([PROBE_PNG]),
      size: PROBE_PNG.length,
      contentType: "image/png",
      cacheControl: "",
      sha256: "",
      md5: "",
    });
    await storage.delete(key);
  }

  return storage;
}
