/**
 * The contract with users' workflows: every input, its default and what it means, in one
 * table. action.yml and README.md are checked against it by test/options/inputs.test.ts;
 * the CLI's flags and --help come from it.
 */
import { GENERATORS, MODES, PROVIDERS, SCOPES, STORAGES } from "./options.js";

/**
 * How an input's text is read: `boolean` (true/false; the CLI's `--x` and `--no-x`),
 * `list` (one per line, or space- or comma-separated), `choice` (one of `choices`), `text`.
 */
export type InputType = "text" | "boolean" | "list" | "choice";

export interface InputDefinition {
  readonly name: string;
  readonly type: InputType;
  /** For `choice`: the accepted values, listed by --help and in the error message. */
  readonly choices?: readonly string[];
  /** The Action's default, exactly as in action.yml ("" = empty). */
  readonly default: string;
  readonly description: string;
  /** The CLI differs from the Action here (SPEC: a local run rewrites in place and never pushes). */
  readonly cliDefault?: string;
  readonly secret?: boolean;
  readonly required?: boolean;
}

export const INPUTS: readonly InputDefinition[] = [
  {
    name: "content",
    type: "list",
    default: "**/*.md\n**/*.markdown\n**/*.mdx",
    description:
      "Globs of content files, one per line; a line starting with ! excludes. node_modules and .git are always excluded.",
  },
  {
    name: "storage",
    type: "choice",
    choices: STORAGES,
    default: "s3",
    description:
      "s3 (any S3-compatible storage) or cloudflare-images (Cloudflare Images: resized variants, WebP/AVIF per browser; the S3 inputs are then not used).",
  },
  {
    name: "bucket",
    type: "text",
    default: "",
    description: "Bucket name; required with storage: s3.",
  },
  {
    name: "endpoint",
    type: "text",
    default: "",
    description:
      "S3 API endpoint URL, e.g. https://<account>.r2.cloudflarestorage.com. Empty means AWS S3.",
  },
  {
    name: "provider",
    type: "choice",
    choices: PROVIDERS,
    default: "",
    description:
      "r2, b2, s3, minio, spaces, wasabi, oss, cos, gcs or custom: a preset of region, path style, ACL and checksum settings. Empty means detected from endpoint; explicit inputs win.",
  },
  {
    name: "region",
    type: "text",
    default: "auto",
    description:
      "Signing region. R2 wants auto; B2 wants the region part of its endpoint (e.g. us-west-004).",
  },
  {
    name: "force-path-style",
    type: "boolean",
    default: "",
    description:
      "Path-style addressing (MinIO, B2). Empty means false, except true for B2, MinIO and custom endpoints.",
  },
  {
    name: "access-key-id",
    type: "text",
    default: "",
    description:
      "Access key ID. Empty means the SDK's default chain (AWS_* env, OIDC role from aws-actions/configure-aws-credentials).",
  },
  {
    name: "secret-access-key",
    type: "text",
    default: "",
    secret: true,
    description: "Secret access key; masked in logs.",
  },
  {
    name: "session-token",
    type: "text",
    default: "",
    secret: true,
    description: "Session token for temporary credentials; masked in logs.",
  },
  {
    name: "cloudflare-account-id",
    type: "text",
    default: "",
    description: "Cloudflare account ID; required with storage: cloudflare-images.",
  },
  {
    name: "cloudflare-api-token",
    type: "text",
    default: "",
    secret: true,
    description:
      "Cloudflare API token with the permission Images Write (Account → Cloudflare Images → Edit); masked in logs. Empty means the CLOUDFLARE_API_TOKEN environment variable.",
  },
  {
    name: "cloudflare-variant",
    type: "text",
    default: "public",
    description: "The Cloudflare Images variant links use: <public-url>/<image ID>/<variant>.",
  },
  {
    name: "cloudflare-api-url",
    type: "text",
    default: "https://api.cloudflare.com/client/v4",
    description: "Cloudflare API base URL (for proxies and tests).",
  },
  {
    name: "cloudflare-batch-url",
    type: "text",
    default: "https://batch.imagedelivery.net",
    description:
      "Cloudflare Images batch API URL, used with a batch token by runs of more than 200 requests (for proxies and tests).",
  },
  {
    name: "public-url",
    type: "text",
    default: "",
    description:
      "Base URL the bucket is served from, e.g. https://assets.example.com; required with storage: s3. With cloudflare-images, empty means https://imagedelivery.net/<account hash>, learned from the account.",
  },
  { name: "prefix", type: "text", default: "images/", description: "Key prefix." },
  {
    name: "key-template",
    type: "text",
    default: "{prefix}{hash}{ext}",
    description:
      "Object key. Tokens: {prefix} {hash} (16 hex of SHA-256) {hash:N} {name} {ext} {path}.",
  },
  {
    name: "static-dirs",
    type: "list",
    default: "",
    description:
      "Where root-relative references (/images/a.png) are looked up, first hit wins; one per line or space-separated. Empty: each site generator's own folder (static/ for Hugo and Docusaurus, source/ for Hexo, public/ for Astro and VitePress, docs_dir for MkDocs, the site root for Jekyll), else public static source .",
  },
  {
    name: "generator",
    type: "choice",
    choices: ["auto", "none", ...GENERATORS],
    default: "auto",
    description:
      "Site generator whose syntaxes are read besides CommonMark: auto (detected per content file from the nearest configuration), none, or one of hugo jekyll hexo astro docusaurus mkdocs vitepress eleventy docfx obsidian quartz.",
  },
  {
    name: "shortcodes",
    type: "list",
    default: "figure",
    description:
      "Hugo shortcodes whose parameter holds an image: name (its src) or name:param (gallery:image).",
  },
  {
    name: "front-matter-keys",
    type: "list",
    default:
      "image image.src image.path image.url cover cover.image coverImage heroImage hero thumbnail banner og_image ogImage socialImage featured_image feature_image featuredImage images[] header.image header.teaser header.overlay_image top_img banner_img index_img",
    description:
      "Front-matter fields that hold an image, as dotted paths; [] for each list item (images[]).",
  },
  {
    name: "extensions",
    type: "list",
    default: "png jpg jpeg gif webp avif svg bmp ico tif tiff",
    description: "File extensions that count as images.",
  },
  {
    name: "max-size",
    type: "text",
    default: "50MB",
    description: "Larger files are refused with a clear message (e.g. 50MB, 512KB, 2MiB).",
  },
  {
    name: "cache-control",
    type: "text",
    default: "public, max-age=31536000, immutable",
    description: "Cache-Control sent on upload (keys are content-addressed, so immutable is safe).",
  },
  {
    name: "acl",
    type: "text",
    default: "",
    description:
      "Canned ACL, e.g. public-read for providers that need it. Empty sends none; R2 ignores ACLs.",
  },
  {
    name: "concurrency",
    type: "text",
    default: "8",
    description: "Parallel requests to storage (1-64).",
  },
  {
    name: "mode",
    type: "choice",
    choices: MODES,
    default: "commit",
    cliDefault: "workspace",
    description:
      "commit (commit and push the rewritten files), artifact (upload them as a workflow artifact) or workspace (rewrite in place only, for a later build step).",
  },
  {
    name: "scope",
    type: "choice",
    choices: SCOPES,
    default: "auto",
    description:
      "changed (only content files changed by this push or PR), all, or auto (changed for push and pull_request in commit mode, else all).",
  },
  {
    name: "delete-local",
    type: "boolean",
    default: "false",
    description:
      "In commit mode, git rm local images that were uploaded and are no longer referenced anywhere.",
  },
  {
    name: "commit-message",
    type: "text",
    default: "chore(images): offload {count} image(s) [skip ci]",
    description: "Commit message; {count} is the number of uploaded images.",
  },
  {
    name: "comment",
    type: "boolean",
    default: "true",
    cliDefault: "false",
    description: "Post or update the pull-request comment.",
  },
  {
    name: "github-token",
    type: "text",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression the runner fills in.
    default: "${{ github.token }}",
    cliDefault: "",
    secret: true,
    description: "Token for the pull-request comment and for push.",
  },
  {
    name: "comment-author",
    type: "text",
    default: "",
    description:
      "The login the github-token comments as, when it is not GITHUB_TOKEN (a PAT's user, or an app's my-app[bot]). Only a comment by this account is updated. Empty means github-actions[bot].",
  },
  {
    name: "dry-run",
    type: "boolean",
    default: "false",
    description: "Plan only: nothing uploaded, nothing written; the report says what would happen.",
  },
  {
    name: "fail-on-missing",
    type: "boolean",
    default: "false",
    description: "A reference to a missing local image fails the run (a useful PR check).",
  },
  {
    name: "manifest-file",
    type: "text",
    default: ".md-image-offload/manifest.json",
    description:
      "The repository's record of offloaded images (path, sha256, key, URL), committed with the content so that edited images and a new public-url reach the links; empty disables it.",
  },
  {
    name: "verify-public-url",
    type: "boolean",
    default: "true",
    description:
      "Before rewriting, fetch one uploaded object through public-url and compare the bytes; a 403/404/mismatch fails the run before any file changes.",
  },
];

export const OUTPUTS: readonly { readonly name: string; readonly description: string }[] = [
  { name: "uploaded", description: "Number of images uploaded by this run." },
  { name: "skipped", description: "Number of images already present in storage." },
  { name: "failed", description: "Number of images that failed to upload or were refused." },
  { name: "missing", description: "Number of references to missing local images." },
  { name: "rewritten", description: "Number of content files rewritten." },
  { name: "files", description: "JSON array of the rewritten content files." },
  {
    name: "manifest",
    description:
      "Path of a JSON file listing every image: source path, sha256, key, url, bytes, status.",
  },
  { name: "commit-sha", description: "The commit pushed in commit mode." },
  { name: "artifact-id", description: "The artifact uploaded in artifact mode." },
];

/** `public-url` → `MD_IMAGE_OFFLOAD_PUBLIC_URL`. */
export function envName(input: string): string {
  return `MD_IMAGE_OFFLOAD_${input.toUpperCase().replaceAll("-", "_")}`;
}
