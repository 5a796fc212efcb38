/**
 * The data that flows through the pipeline:
 * scan → references → resolve → plan → upload → rewrite → report.
 * Paths named `file`/`path` are repository-relative with forward slashes.
 */

/** Which syntax a destination came from; decides whether a non-image target is ignored. */
export type ReferenceKind =
  | "markdown-image" // ![alt](dest) and ![alt][id] resolved through a definition
  | "markdown-link" // [text](dest): only counts when dest is a local image
  | "definition" // [id]: dest  (counts when an image uses it, or dest is an image)
  | "html-src" // <img src>, MDX <Image src>
  | "html-srcset" // one candidate URL of srcset on <img>/<source>
  | "html-href" // <a href>: only counts when the target is a local image
  | "jsx-expression" // MDX src={require('./a.png').default}: the whole {…} becomes "URL"
  | "front-matter" // YAML, TOML or JSON field such as cover: ./cover.png
  | "embed" // ![[pic.png|300]], {% asset_img pic.png %}: the whole construct becomes ![alt](URL)
  | "shortcode" // Hugo {{< figure src="pic.png" >}}: the parameter's value
  | "tag-argument" // Hexo {% img /pic.png %}, {% asset_path pic.png %}: the path argument
  | "docfx"; // DocFX :::image source="media/a.png":::: the attribute's value

/**
 * How a destination is looked up when its text is not a plain path: a template that names
 * a site path (`{{ site.baseurl }}/a.png` → `/a.png`), an embed's name, a post asset.
 */
export interface ReferenceLookup {
  /** The path to look up: relative to the file, or root-relative when it starts with `/`. */
  readonly path: string;
  /** `?query#fragment` to keep on the new URL. */
  readonly suffix: string;
  /** Taken as written: no percent-decoding (Obsidian names are file names, not URLs). */
  readonly literal: boolean;
}

/** One destination found in a content file, with its exact position. */
export interface Reference {
  readonly file: string;
  readonly kind: ReferenceKind;
  /**
   * Byte offsets into the file's raw bytes (BOM included) of the destination text that a
   * rewrite replaces: for `<a b.png>` the bytes between the angle brackets, for a quoted
   * attribute or YAML scalar the bytes between the quotes.
   */
  readonly start: number;
  readonly end: number;
  /** The source text of that range, exactly as in the file. */
  readonly raw: string;
  /**
   * The destination as the parser understood it: backslash escapes and HTML entities
   * undone, not percent-decoded (markdown-it's `normalizeLink` is NOT applied).
   */
  readonly destination: string;
  /** 1-based line of `start`. */
  readonly line: number;
  /** Set when the destination is not looked up as written (templates, embeds, assets). */
  readonly lookup?: ReferenceLookup;
  /** The replacement is `wrap[0] + URL + wrap[1]`: an embed becomes a Markdown image. */
  readonly wrap?: readonly [string, string];
}

/** What resolve decided about one reference. */
export type Resolution =
  | { readonly status: "ignored"; readonly reason: string } // remote, anchor, template, not an image
  | {
      readonly status: "missing";
      readonly candidates: readonly string[];
      /** Several files match the name equally well (an Obsidian vault): which one is unknown. */
      readonly ambiguous?: boolean;
    }
  | { readonly status: "refused"; readonly reason: string } // outside the repository
  | {
      readonly status: "local";
      /** Absolute, symlinks resolved, inside the repository. */
      readonly absolutePath: string;
      /** Repository-relative path of the image. */
      readonly path: string;
      /** `?query#fragment` exactly as written in the raw text, appended to the new URL. */
      readonly suffix: string;
      /** The file's size when the lookup saw it (a regular file's lstat), else unknown. */
      readonly size?: number;
      /** The link is a recorded URL of this file (see engine/ledger), not its path. */
      readonly viaUrl?: boolean;
    }
  | {
      /** A recorded URL whose file is gone: its object is checked by key, never re-sent. */
      readonly status: "recorded";
      readonly path: string;
      readonly suffix: string;
    };

export interface ResolvedReference {
  readonly reference: Reference;
  readonly resolution: Resolution;
}

/** Final state of an image after the upload phase. */
export type ImageStatus =
  | "uploaded" // sent now, integrity verified
  | "present" // already in storage with matching size and sha256
  | "failed" // upload failed or refused (too large, not an image, integrity)
  | "planned"; // dry-run: would be uploaded

/** One distinct local image file. */
export interface PlannedImage {
  /** Repository-relative path (first one seen when several paths hold the same bytes). */
  readonly path: string;
  readonly absolutePath: string;
  readonly size: number;
  readonly sha256: string;
  readonly md5: string;
  readonly contentType: string;
  readonly key: string;
  readonly url: string;
}

export interface ImageResult extends PlannedImage {
  readonly status: ImageStatus;
  /** Why it failed, one sentence. */
  readonly reason?: string;
}

/** A rewrite, as data: replace bytes [start, end) of `file` (which must equal `oldText`). */
export interface Edit {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly oldText: string;
  readonly newText: string;
  readonly line: number;
}

/** A reference whose image is missing or refused, for annotations and reports. */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly destination: string;
  readonly message: string;
}

/** One row of the manifest file: every image the run saw. */
export interface ManifestEntry {
  readonly source: string;
  readonly sha256: string;
  readonly key: string;
  readonly url: string;
  readonly bytes: number;
  readonly status: ImageStatus;
  readonly reason?: string;
  /** Content files that reference it. */
  readonly referencedFrom: readonly string[];
}

export interface RunCounts {
  readonly uploaded: number;
  readonly skipped: number;
  readonly failed: number;
  readonly missing: number;
  readonly rewritten: number;
}

export interface RunResult {
  readonly counts: RunCounts;
  readonly images: readonly ImageResult[];
  readonly manifest: readonly ManifestEntry[];
  readonly missing: readonly Problem[];
  readonly refused: readonly Problem[];
  readonly edits: readonly Edit[];
  /** Content files that were (or, in a dry run, would be) rewritten. */
  readonly files: readonly string[];
  readonly dryRun: boolean;
  readonly durationMs: number;
  /**
   * What the run read, for delete-local: the content files in scope, and the local images
   * they still link after the rewrite (links left local because an image failed, or all
   * of them in a dry run). Files outside the scope are the only ones left to read.
   */
  readonly read: ReadContent;
  /** Images left to other pipelines (bundlers, image shortcodes, Astro's image()), by reason. */
  readonly left: readonly LeftAlone[];
  /** The generator sites the content was read as, and why. */
  readonly sites: readonly SiteReport[];
  /** Per syntax (reference kind): local image references found, and how many were rewritten. */
  readonly syntaxes: readonly SyntaxCount[];
  /** Recorded images edited since their offload, now under a new URL. */
  readonly updated: readonly UpdatedImage[];
  /**
   * Every file the run wrote (rewritten content files and the repository's manifest), what
   * commit mode commits and artifact mode uploads; `files` lists the content files only.
   */
  readonly written: readonly string[];
}

export interface UpdatedImage {
  readonly path: string;
  readonly oldUrl: string;
  readonly newUrl: string;
}

export interface SiteReport {
  /** Repository-relative folder (`.` for the root). */
  readonly folder: string;
  readonly generator: string;
  /** One sentence: "blog/ is a Hugo site: blog/hugo.toml". */
  readonly message: string;
}

export interface SyntaxCount {
  readonly kind: ReferenceKind;
  /** References that resolved to a local image. */
  readonly local: number;
  /** Of those, the ones rewritten (or, in a dry run, that would be). */
  readonly rewritten: number;
  readonly missing: number;
}

/** Images the content names that were left to another pipeline, counted by reason. */
export interface LeftAlone {
  /** Why, as a phrase after "N image(s)": "imported by MDX ESM, left to the bundler". */
  readonly reason: string;
  readonly count: number;
}

export interface ReadContent {
  readonly files: readonly string[];
  readonly stillLinked: readonly string[];
}
