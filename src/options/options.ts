/** The parsed inputs: what the engine reads, and what only the Action's adapters read. */

export const MODES = ["commit", "artifact", "workspace"] as const;
export type Mode = (typeof MODES)[number];

export const SCOPES = ["changed", "all", "auto"] as const;
export type Scope = (typeof SCOPES)[number];

export const PROVIDERS = [
  "r2",
  "b2",
  "s3",
  "minio",
  "spaces",
  "wasabi",
  "oss",
  "cos",
  "gcs",
  "custom",
] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Site generators whose own syntaxes and folders are known (input `generator`). */
export const GENERATORS = [
  "hugo",
  "jekyll",
  "hexo",
  "astro",
  "docusaurus",
  "mkdocs",
  "vitepress",
  "eleventy",
  "docfx",
  "obsidian",
  "quartz",
] as const;
export type Generator = (typeof GENERATORS)[number];
/** `auto`: detected per content file from the nearest configuration; `none`: CommonMark only. */
export type GeneratorChoice = Generator | "auto" | "none";

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Input `storage`: the S3 API (default) or Cloudflare Images' REST API. */
export const STORAGES = ["s3", "cloudflare-images"] as const;
export type StorageKind = (typeof STORAGES)[number];

/** The Cloudflare Images settings (`storage: cloudflare-images`). */
export interface CloudflareImagesOptions {
  readonly accountId: string;
  /** Empty when neither the input nor CLOUDFLARE_API_TOKEN is set (the API then answers 401). */
  readonly apiToken: string;
  readonly variant: string;
  /** Without a trailing slash. */
  readonly apiUrl: string;
  /** Without a trailing slash. */
  readonly batchUrl: string;
}

export interface StorageOptions {
  /** Present with `storage: cloudflare-images`; then the S3 fields below are unused. */
  readonly cloudflare?: CloudflareImagesOptions;
  /** Empty with Cloudflare Images. */
  readonly bucket: string;
  /** Empty: AWS S3. */
  readonly endpoint?: string;
  readonly provider: Provider;
  readonly region: string;
  readonly forcePathStyle: boolean;
  /** Absent: the SDK's default credential chain. */
  readonly credentials?: Credentials;
  readonly acl?: string;
  readonly concurrency: number;
}

/** What the engine reads: which files, how images become objects, and how runs are checked. */
export interface EngineOptions {
  /** Globs; a leading `!` excludes. */
  readonly content: readonly string[];
  readonly storage: StorageOptions;
  /**
   * Base URL without a trailing slash. Empty only with Cloudflare Images before the adapter
   * has learned the account's delivery URL (Storage.defaultPublicUrl).
   */
  readonly publicUrl: string;
  readonly prefix: string;
  readonly keyTemplate: string;
  /** Where root-relative links are looked up (the default list when not set). */
  readonly staticDirs: readonly string[];
  /** False: each generator's own static folder is used, and staticDirs only outside sites. */
  readonly staticDirsSet: boolean;
  readonly generator: GeneratorChoice;
  /** `name` or `name:param`: Hugo shortcode parameters that hold an image. */
  readonly shortcodes: readonly string[];
  /** Front-matter key paths that hold an image (`cover.image`, `images[]`). */
  readonly frontMatterKeys: readonly string[];
  /** Lower-case, without the dot. */
  readonly extensions: ReadonlySet<string>;
  readonly maxSize: number;
  readonly cacheControl: string;
  readonly concurrency: number;
  readonly dryRun: boolean;
  readonly failOnMissing: boolean;
  readonly verifyPublicUrl: boolean;
  /** Repository-relative path of the ledger of offloaded images; absent: none kept. */
  readonly manifestFile?: string;
}

/** What only the Action's adapters read: the mode, its scope, the commit and the comment. */
export interface ActionSettings {
  readonly mode: Mode;
  readonly scope: Scope;
  readonly deleteLocal: boolean;
  readonly commitMessage: string;
  readonly comment: boolean;
  readonly githubToken?: string;
  /** The login the token comments as; absent: github-actions[bot]. */
  readonly commentAuthor?: string;
}

/** Everything a run needs, parsed and validated once by `parseInputs`. */
export interface Options extends EngineOptions, ActionSettings {}
