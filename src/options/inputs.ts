/**
 * The contract with users' workflows: every input, its default and what it means, in one
 * table. action.yml and README.md are checked against it by test/options/inputs.test.ts.
 */
export interface InputDefinition {
  readonly name: string;
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
    default: "**/*.md\n**/*.markdown\n**/*.mdx",
    description:
      "Globs of content files, one per line; a line starting with ! excludes. node_modules and .git are always excluded.",
  },
  { name: "bucket", default: "", required: true, description: "Bucket name." },
  {
    name: "endpoint",
    default: "",
    description:
      "S3 API endpoint URL, e.g. https://<account>.r2.cloudflarestorage.com. Empty means AWS S3.",
  },
  {
    name: "provider",
    default: "",
    description:
      "r2, b2, s3, minio, spaces, wasabi, oss, cos, gcs or custom: a preset of region, path style, ACL and checksum settings. Empty means detected from endpoint; explicit inputs win.",
  },
  {
    name: "region",
    default: "auto",
    description:
      "Signing region. R2 wants auto; B2 wants the region part of its endpoint (e.g. us-west-004).",
  },
  {
    name: "force-path-style",
    default: "",
    description:
      "Path-style addressing (MinIO, B2). Empty means false, except true for B2, MinIO and custom endpoints.",
  },
  {
    name: "access-key-id",
    default: "",
    description:
      "Access key ID. Empty means the SDK's default chain (AWS_* env, OIDC role from aws-actions/configure-aws-credentials).",
  },
  {
    name: "secret-access-key",
    default: "",
    secret: true,
    description: "Secret access key; masked in logs.",
  },
  {
    name: "session-token",
    default: "",
    secret: true,
    description: "Session token for temporary credentials; masked in logs.",
  },
  {
    name: "public-url",
    default: "",
    required: true,
    description: "Base URL the bucket is served from, e.g. https://assets.example.com.",
  },
  { name: "prefix", default: "images/", description: "Key prefix." },
  {
    name: "key-template",
    default: "{prefix}{hash}{ext}",
    description:
      "Object key. Tokens: {prefix} {hash} (16 hex of SHA-256) {hash:N} {name} {ext} {path}.",
  },
  {
    name: "static-dirs",
    default: "public\nstatic\nsource\n.",
    description:
      "Where root-relative references (/images/a.png) are looked up, first hit wins; one per line or space-separated.",
  },
  {
    name: "extensions",
    default: "png jpg jpeg gif webp avif svg bmp ico tif tiff",
    description: "File extensions that count as images.",
  },
  {
    name: "max-size",
    default: "50MB",
    description: "Larger files are refused with a clear message (e.g. 50MB, 512KB, 2MiB).",
  },
  {
    name: "cache-control",
    default: "public, max-age=31536000, immutable",
    description: "Cache-Control sent on upload (keys are content-addressed, so immutable is safe).",
  },
  {
    name: "acl",
    default: "",
    description:
      "Canned ACL, e.g. public-read for providers that need it. Empty sends none; R2 ignores ACLs.",
  },
  { name: "concurrency", default: "8", description: "Parallel requests to storage (1-64)." },
  {
    name: "mode",
    default: "commit",
    cliDefault: "workspace",
    description:
      "commit (commit and push the rewritten files), artifact (upload them as a workflow artifact) or workspace (rewrite in place only, for a later build step).",
  },
  {
    name: "scope",
    default: "auto",
    description:
      "changed (only content files changed by this push or PR), all, or auto (changed for push and pull_request in commit mode, else all).",
  },
  {
    name: "delete-local",
    default: "false",
    description:
      "In commit mode, git rm local images that were uploaded and are no longer referenced anywhere.",
  },
  {
    name: "commit-message",
    default: "chore(images): offload {count} image(s) [skip ci]",
    description: "Commit message; {count} is the number of uploaded images.",
  },
  {
    name: "comment",
    default: "true",
    cliDefault: "false",
    description: "Post or update the pull-request comment.",
  },
  {
    name: "github-token",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression the runner fills in.
    default: "${{ github.token }}",
    cliDefault: "",
    secret: true,
    description: "Token for the pull-request comment and for push.",
  },
  {
    name: "comment-author",
    default: "",
    description:
      "The login the github-token comments as, when it is not GITHUB_TOKEN (a PAT's user, or an app's my-app[bot]). Only a comment by this account is updated. Empty means github-actions[bot].",
  },
  {
    name: "dry-run",
    default: "false",
    description: "Plan only: nothing uploaded, nothing written; the report says what would happen.",
  },
  {
    name: "fail-on-missing",
    default: "false",
    description: "A reference to a missing local image fails the run (a useful PR check).",
  },
  {
    name: "verify-public-url",
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
