import { createHash } from "node:crypto";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { type PlanSettings, planImages } from "../../src/engine/plan.js";
import type { ImageResult, PlannedImage } from "../../src/engine/types.js";

const FIXTURES = path.join(import.meta.dirname, "../fixtures/plan");
const root = realpathSync(mkdtempSync(path.join(tmpdir(), "plan-")));
const SETTINGS: PlanSettings = {
  root,
  keyTemplate: "{prefix}{hash}{ext}",
  prefix: "images/",
  publicUrl: "https://cdn.example.com",
  maxSize: 50_000_000,
};

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Copies a fixture (or writes bytes) into the temp repository; returns the planImages input. */
function place(relative: string, source: string | Buffer): { path: string; absolutePath: string } {
  const absolutePath = path.join(root, relative);
  mkdirSync(path.dirname(absolutePath), { recursive: true });
  if (typeof source === "string") copyFileSync(path.join(FIXTURES, source), absolutePath);
  else writeFileSync(absolutePath, source);
  return { path: relative, absolutePath };
}

const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");
const fixtureBytes = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));
const isFailed = (entry: PlannedImage | ImageResult | undefined): entry is ImageResult =>
  entry !== undefined && "status" in entry && entry.status === "failed";

describe("planImages", () => {
  it("tells of each image as soon as it is keyed, and lets the event loop run while it hashes", async () => {
    const pngBytes = fixtureBytes("pixel.png");
    const inputs = Array.from({ length: 40 }, (_, index) =>
      place(`many/${index}.png`, Buffer.concat([pngBytes, Buffer.from([index])])),
    );
    let done = false;
    let ranDuringHashing = false;
    const told: string[] = [];
    const planning = planImages(inputs, {
      ...SETTINGS,
      onPlanned: (image) => told.push(image.key),
    });
    // Uploads started early (eager-upload.ts) need those turns to read their answers.
    setImmediate(() => {
      ranDuringHashing = !done;
    });
    const plan = await planning;
    done = true;
    expect(ranDuringHashing).toBe(true);
    expect(told.sort()).toEqual(plan.images.map((image) => image.key).sort());
    expect(told).toHaveLength(40);
  });

  it("describes each image with its hashes, content type, key and URL", async () => {
    const png = place("a/diagram.png", "pixel.png");
    const plan = await planImages([png], SETTINGS);
    const bytes = fixtureBytes("pixel.png");
    const hash = sha256(bytes);
    expect(plan.images).toEqual([
      {
        path: "a/diagram.png",
        absolutePath: png.absolutePath,
        size: bytes.length,
        sha256: hash,
        md5: createHash("md5").update(bytes).digest("hex"),
        contentType: "image/png",
        key: `images/${hash.slice(0, 16)}.png`,
        url: `https://cdn.example.com/images/${hash.slice(0, 16)}.png`,
      },
    ]);
    expect(plan.refused).toEqual([]);
    expect(plan.byPath.get("a/diagram.png")).toBe(plan.images[0]);
  });

  it("uploads identical bytes once, under the first path in sorted order, and maps every path to it", async () => {
    const inputs = [
      place("dedup/z/copy.png", "pixel.png"),
      place("dedup/a/logo.png", "pixel.png"),
      place("dedup/m/other.gif", "pixel.gif"),
      place("dedup/a/logo.png", "pixel.png"),
    ];
    const plan = await planImages(inputs, SETTINGS);
    expect(plan.images.map((image) => image.path)).toEqual([
      "dedup/a/logo.png",
      "dedup/m/other.gif",
    ]);
    expect(plan.byPath.get("dedup/z/copy.png")).toBe(plan.images[0]);
    expect(plan.byPath.get("dedup/a/logo.png")).toBe(plan.images[0]);
    expect(plan.byPath.size).toBe(3);
  });

  it("keeps identical bytes apart when the template separates them by name", async () => {
    const inputs = [place("named/one.png", "pixel.png"), place("named/two.png", "pixel.png")];
    const plan = await planImages(inputs, {
      ...SETTINGS,
      keyTemplate: "{prefix}{path}/{name}-{hash:8}{ext}",
    });
    const hash8 = sha256(fixtureBytes("pixel.png")).slice(0, 8);
    expect(plan.images.map((image) => image.key)).toEqual([
      `images/named/one-${hash8}.png`,
      `images/named/two-${hash8}.png`,
    ]);
  });

  it("refuses a file over max-size without reading it", async () => {
    const large = place("big/photo.png", "pixel.png");
    // Sparse: 61.2 MB on paper, so hashing it would have to read 61 MB of zeros.
    truncateSync(large.absolutePath, 61_200_000);
    const plan = await planImages([large], SETTINGS);
    expect(plan.images).toEqual([]);
    expect(plan.refused).toHaveLength(1);
    const refused = plan.refused[0];
    expect(refused).toMatchObject({
      path: "big/photo.png",
      status: "failed",
      size: 61_200_000,
      sha256: "",
      key: "",
      url: "",
    });
    expect(refused?.reason).toBe(
      "big/photo.png is 61.2 MB, over max-size 50 MB; raise max-size or shrink the image.",
    );
    expect(plan.byPath.get("big/photo.png")).toBe(refused);
  });

  it("takes the size the resolve's lookup saw instead of a stat of its own", async () => {
    const small = place("sized/pixel.png", "pixel.png");
    // The lookup said 61.2 MB: the plan refuses on that figure, never stats or reads.
    const plan = await planImages([{ ...small, size: 61_200_000 }], SETTINGS);
    expect(plan.refused[0]?.reason).toBe(
      "sized/pixel.png is 61.2 MB, over max-size 50 MB; raise max-size or shrink the image.",
    );
    // Without a size from the lookup the file's own size counts.
    expect((await planImages([small], SETTINGS)).images).toHaveLength(1);
  });

  it("plans an image the digest index knows without reading it, unless storage may refuse it", async () => {
    const image = place("indexed/pixel.png", "pixel.png");
    const size = fixtureBytes("pixel.png").length;
    const fromIndex = {
      sha256: "c".repeat(64),
      md5: "d".repeat(32),
      size,
      contentType: "image/webp",
      head: Buffer.alloc(0),
    };
    const settings = { ...SETTINGS, digestNow: () => fromIndex };
    const plan = await planImages([{ ...image, size }], settings);
    expect(plan.images).toEqual([
      {
        ...image,
        size,
        sha256: fromIndex.sha256,
        md5: fromIndex.md5,
        contentType: "image/webp",
        key: "images/cccccccccccccccc.png",
        url: "https://cdn.example.com/images/cccccccccccccccc.png",
      },
    ]);
    // A storage that refuses up front sees every image's facts: the file is read and hashed.
    const refusal = async () => undefined;
    const read = await planImages([{ ...image, size }], { ...settings, refusal });
    expect(read.images[0]?.sha256).toBe(sha256(fixtureBytes("pixel.png")));
    // Without a size from the lookup, too.
    expect((await planImages([image], settings)).images[0]?.sha256).toBe(
      sha256(fixtureBytes("pixel.png")),
    );
  });

  it("shows exact byte counts when the rounded sizes would look equal", async () => {
    const file = place(
      "edge/just-over.png",
      Buffer.concat([fixtureBytes("pixel.png"), Buffer.alloc(726)]),
    );
    const plan = await planImages([file], { ...SETTINGS, maxSize: 1000 });
    expect(plan.refused[0]?.reason).toBe(
      "edge/just-over.png is 1,001 bytes, over max-size 1,000 bytes; raise max-size or shrink the image.",
    );
  });

  it("refuses files whose bytes are not an image, whatever their name", async () => {
    const inputs = [
      place("fake/page.png", "html-page.png"),
      place("fake/pointer.png", "lfs-pointer.png"),
      place("fake/empty.png", Buffer.alloc(0)),
      place("fake/real.png", "pixel.png"),
    ];
    const plan = await planImages(inputs, SETTINGS);
    expect(plan.images.map((image) => image.path)).toEqual(["fake/real.png"]);
    const reasons = Object.fromEntries(plan.refused.map((image) => [image.path, image.reason]));
    expect(reasons["fake/page.png"]).toBe(
      "fake/page.png is not an image (its bytes are an HTML page); replace it with the real image or remove the reference.",
    );
    expect(reasons["fake/pointer.png"]).toMatch(/Git LFS pointer.*lfs: true/);
    expect(reasons["fake/empty.png"]).toMatch(/is empty/);
    expect(isFailed(plan.byPath.get("fake/page.png"))).toBe(true);
  });

  it("serves a JPEG named .png as image/jpeg and keeps .png in the key", async () => {
    const plan = await planImages([place("mixed/photo.png", "jpeg-named.png")], SETTINGS);
    expect(plan.images[0]?.contentType).toBe("image/jpeg");
    expect(plan.images[0]?.key).toMatch(/^images\/[0-9a-f]{16}\.png$/);
  });

  it("recognises every supported format", async () => {
    const names = [
      "pixel.avif",
      "pixel.bmp",
      "pixel.gif",
      "pixel.ico",
      "pixel.jpg",
      "pixel.svg",
      "pixel.tiff",
      "pixel.webp",
    ];
    const plan = await planImages(
      names.map((name) => place(`formats/${name}`, name)),
      SETTINGS,
    );
    expect(plan.refused).toEqual([]);
    expect(plan.images.map((image) => image.contentType)).toEqual([
      "image/avif",
      "image/bmp",
      "image/gif",
      "image/x-icon",
      "image/jpeg",
      "image/svg+xml",
      "image/tiff",
      "image/webp",
    ]);
  });

  it("refuses the second of two different files that would share a key", async () => {
    // Two real PNGs whose SHA-256 share the first 4 hex digits.
    const seen = new Map<string, Buffer>();
    let pair: [Buffer, Buffer] | undefined;
    for (let counter = 0; !pair; counter += 1) {
      const bytes = Buffer.concat([fixtureBytes("pixel.png"), Buffer.from(String(counter))]);
      const prefix = sha256(bytes).slice(0, 4);
      const earlier = seen.get(prefix);
      if (earlier) pair = [earlier, bytes];
      else seen.set(prefix, bytes);
    }
    const inputs = [place("collide/a.png", pair[0]), place("collide/b.png", pair[1])];
    const plan = await planImages(inputs, { ...SETTINGS, keyTemplate: "{prefix}{hash:4}{ext}" });
    expect(plan.images.map((image) => image.path)).toEqual(["collide/a.png"]);
    expect(plan.refused[0]?.path).toBe("collide/b.png");
    expect(plan.refused[0]?.reason).toMatch(
      /already has, with different bytes; use a longer \{hash:N\}/,
    );
  });

  it("reports a file that vanished instead of throwing", async () => {
    const plan = await planImages(
      [{ path: "gone.png", absolutePath: path.join(root, "gone.png") }],
      SETTINGS,
    );
    expect(plan.refused[0]).toMatchObject({ path: "gone.png", status: "failed" });
    expect(plan.refused[0]?.reason).toMatch(/gone\.png could not be read/);
  });

  it("hashes many files in parallel and keeps each path with its own bytes", async () => {
    const inputs = Array.from({ length: 40 }, (_, index) =>
      place(
        `many/${String(index).padStart(2, "0")}.png`,
        Buffer.concat([fixtureBytes("pixel.png"), Buffer.from([index])]),
      ),
    );
    const plan = await planImages(inputs, SETTINGS);
    expect(plan.images).toHaveLength(40);
    for (const image of plan.images) {
      expect(image.sha256).toBe(sha256(readFileSync(image.absolutePath)));
    }
  });

  it("accepts resolutions as input without copying their fields into the plan", async () => {
    const resolution = {
      status: "local",
      suffix: "?v=1",
      ...place("resolved/a.png", "pixel.png"),
    } as const;
    const plan = await planImages([resolution], SETTINGS);
    expect(plan.images).toHaveLength(1);
    expect(plan.images[0]).not.toHaveProperty("status");
    expect(plan.images[0]).not.toHaveProperty("suffix");
  });

  it("rejects an invalid key-template before reading anything", async () => {
    await expect(
      planImages([], { ...SETTINGS, keyTemplate: "{prefix}{name}{ext}" }),
    ).rejects.toBeInstanceOf(InputError);
  });
});
