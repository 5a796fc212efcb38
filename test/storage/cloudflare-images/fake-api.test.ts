/**
 * The fake Images API against the shapes the Cloudflare documentation shows, so that the
 * storage's tests prove something about the real API and not only about the fake.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeImagesApi, startImagesApi } from "../../support/cloudflare-images.js";
import { png } from "../../support/image-bytes.js";

let api: FakeImagesApi;
beforeAll(async () => {
  api = await startImagesApi();
});
afterAll(() => api.stop());

interface Answer {
  readonly success: boolean;
  readonly errors: { readonly code: number; readonly message: string }[];
  readonly messages: unknown[];
  readonly result: {
    readonly id?: string;
    readonly token?: string;
    readonly variants?: string[];
    readonly images?: { readonly id: string }[];
    readonly continuation_token?: string | null;
  };
}
const json = async (response: Response): Promise<Answer> => (await response.json()) as Answer;

const auth = () => ({ authorization: `Bearer ${api.token}` });
const account = () => `${api.apiUrl}/accounts/${api.accountId}`;

function uploadForm(id: string, bytes: Buffer, metadata: object): FormData {
  const form = new FormData();
  form.append("file", new Blob([bytes], { type: "image/png" }), "a.png");
  form.append("id", id);
  form.append("metadata", JSON.stringify(metadata));
  form.append("requireSignedURLs", "false");
  return form;
}

describe("the fake Cloudflare Images API", () => {
  it("uploads with a custom ID and answers the documented envelope with variant URLs", async () => {
    const bytes = png(2, 2, "fake-1");
    const response = await fetch(`${account()}/images/v1`, {
      method: "POST",
      headers: auth(),
      body: uploadForm("images/a.png", bytes, { sha256: "abc", path: "a.png" }),
    });
    const body = await json(response);
    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      success: true,
      errors: [],
      messages: [],
      result: {
        id: "images/a.png",
        filename: "a.png",
        metadata: { sha256: "abc", path: "a.png" },
        requireSignedURLs: false,
      },
    });
    expect(body.result.variants).toContain(`${api.deliveryBase}/images/a.png/public`);
    expect(api.images.get("images/a.png")?.bytes.equals(bytes)).toBe(true);
  });

  it("answers 409 with error 5409 for a taken ID, 404 with 5404 for a missing one", async () => {
    const again = await fetch(`${account()}/images/v1`, {
      method: "POST",
      headers: auth(),
      body: uploadForm("images/a.png", png(1, 1), {}),
    });
    expect(again.status).toBe(409);
    expect((await json(again)).errors[0]?.code).toBe(5409);
    const missing = await fetch(`${account()}/images/v1/nope.png`, { headers: auth() });
    expect(missing.status).toBe(404);
    expect(await json(missing)).toMatchObject({ success: false, errors: [{ code: 5404 }] });
  });

  it("refuses a bad token with 10000 and an unknown account with 7003", async () => {
    const bad = await fetch(`${account()}/images/v2?per_page=10`, {
      headers: { authorization: "Bearer wrong" },
    });
    expect(bad.status).toBe(401);
    expect((await json(bad)).errors[0]?.code).toBe(10000);
    const unknown = await fetch(`${api.apiUrl}/accounts/ffff/images/v2?per_page=10`, {
      headers: auth(),
    });
    expect((await json(unknown)).errors[0]?.code).toBe(7003);
  });

  it("lists in pages joined by continuation_token until it is null", async () => {
    for (let i = 0; i < 25; i++) api.seed(`list/${String(i).padStart(2, "0")}.png`, png(1, 1), {});
    const ids: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const query: string = token ? `&continuation_token=${token}` : "";
      const response = await fetch(`${account()}/images/v2?per_page=10${query}`, {
        headers: auth(),
      });
      const body = await json(response);
      ids.push(...(body.result.images ?? []).map((image) => image.id));
      token = body.result.continuation_token ?? null;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(ids.filter((id) => id.startsWith("list/"))).toHaveLength(25);
  });

  it("hands out batch tokens that only the batch host accepts, on paths without the account", async () => {
    const answer = await fetch(`${account()}/images/v1/batch_token`, { headers: auth() });
    const { result } = await json(answer);
    expect(result.token).toMatch(/^batch-/);
    const viaBatch = await fetch(`${api.batchUrl}/images/v1/images/a.png`, {
      headers: { authorization: `Bearer ${result.token}` },
    });
    expect((await json(viaBatch)).result.id).toBe("images/a.png");
    const apiToken = await fetch(`${api.batchUrl}/images/v1/images/a.png`, { headers: auth() });
    expect(apiToken.status).toBe(401);
  });

  it("answers 429 with Retry-After when told to, then normally", async () => {
    api.rateLimit(1, 3);
    const limited = await fetch(`${account()}/images/v1/images/a.png`, { headers: auth() });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect((await json(limited)).errors[0]?.code).toBe(971);
    const next = await fetch(`${account()}/images/v1/images/a.png`, { headers: auth() });
    expect(next.status).toBe(200);
  });

  it("delivers /<hash>/<id>/<variant> as an image, re-encoded; other paths 404", async () => {
    const served = await fetch(`${api.deliveryBase}/images/a.png/public`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(bytes.equals(api.images.get("images/a.png")?.bytes as Buffer)).toBe(false);
    expect((await fetch(`${api.deliveryBase}/images/a.png/huge`)).status).toBe(404);
    expect((await fetch(`${api.deliveryOrigin}/otherhash/images/a.png/public`)).status).toBe(404);
  });

  it("records every API and batch request", () => {
    expect(api.requests.some((r) => r.listener === "batch")).toBe(true);
    expect(api.requests.every((r) => r.path.startsWith("/"))).toBe(true);
  });
});
