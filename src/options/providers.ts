import type { Provider } from "./options.js";

/** What a provider preset changes in the client; explicit inputs always win. */
export interface ProviderPreset {
  readonly provider: Provider;
  /** Region to sign with when the input is left at `auto`. */
  readonly region: string;
  readonly forcePathStyle: boolean;
  /** R2 ignores ACLs and rejects some; the acl input is dropped for it. */
  readonly sendsAcl: boolean;
  /**
   * When the SDK adds CRC32 checksum headers. Only AWS S3 itself accepts them everywhere;
   * R2, B2 and others answer 501 NotImplemented, so every custom endpoint sends them only
   * when an operation requires one (the storage client keys this off `endpoint`).
   */
  readonly checksums: "when-supported" | "when-required";
}

/** Human names, for the checklist and messages. */
export const PROVIDER_NAMES: Readonly<Record<Provider, string>> = {
  r2: "Cloudflare R2",
  b2: "Backblaze B2",
  s3: "AWS S3",
  minio: "MinIO",
  spaces: "DigitalOcean Spaces",
  wasabi: "Wasabi",
  oss: "Alibaba Cloud OSS",
  cos: "Tencent Cloud COS",
  gcs: "Google Cloud Storage (S3 interoperability)",
  custom: "a custom S3-compatible endpoint",
};

const HOST_PATTERNS: readonly [RegExp, Provider][] = [
  [/\.r2\.cloudflarestorage\.com$/i, "r2"],
  [/(^|\.)backblazeb2\.com$/i, "b2"],
  [/(^|\.)amazonaws\.com(\.cn)?$/i, "s3"],
  [/(^|\.)digitaloceanspaces\.com$/i, "spaces"],
  [/(^|\.)wasabisys\.com$/i, "wasabi"],
  [/(^|\.)aliyuncs\.com$/i, "oss"],
  [/(^|\.)myqcloud\.com$/i, "cos"],
  [/^(.+\.)?storage\.googleapis\.com$/i, "gcs"],
  // MinIO has no public host; deployments are usually named after it.
  [/(^|[.-])minio([.-]|$)/i, "minio"],
];

/** Detects the provider from the endpoint's host name; no endpoint means AWS S3. */
export function detectProvider(endpoint: string | undefined): Provider {
  if (!endpoint) return "s3";
  const host = new URL(endpoint).hostname;
  for (const [pattern, provider] of HOST_PATTERNS) if (pattern.test(host)) return provider;
  return "custom";
}

/**
 * Where the region sits in each provider's endpoint host name. Patterns are anchored at a
 * label boundary so that an endpoint written with the bucket in front
 * (`blog.nyc3.digitaloceanspaces.com`) still yields the region.
 */
const REGION_IN_HOST: Partial<Record<Provider, RegExp>> = {
  b2: /(?:^|\.)s3\.([a-z0-9-]+)\.backblazeb2\.com$/i,
  spaces: /(?:^|\.)([a-z]+[0-9]+)\.digitaloceanspaces\.com$/i,
  wasabi: /(?:^|\.)s3\.([a-z]{2}-[a-z]+-[0-9]+)\.wasabisys\.com$/i,
  oss: /(?:^|\.)oss-([a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$/i,
  cos: /(?:^|\.)cos\.([a-z0-9-]+)\.myqcloud\.com$/i,
  s3: /(?:^|\.)s3[.-](?:dualstack\.)?([a-z]{2}(?:-gov)?-[a-z]+-[0-9]+)\.amazonaws\.com(?:\.cn)?$/i,
};

/**
 * The region a provider signs with when `region: auto`. R2 and GCS's interoperability API
 * sign with `auto`; B2, Spaces, Wasabi, OSS, COS and regional AWS endpoints carry the
 * region in the host name; everything else starts at us-east-1 (the AWS default, and what
 * MinIO and most self-hosted servers accept).
 */
function regionFromHost(provider: Provider, host: string): string {
  const match = REGION_IN_HOST[provider]?.exec(host);
  if (match?.[1]) return provider === "oss" ? `oss-${match[1]}` : match[1].toLowerCase();
  if (provider === "r2" || provider === "gcs") return "auto";
  return "us-east-1";
}

export function providerPreset(provider: Provider, endpoint: string | undefined): ProviderPreset {
  const host = endpoint ? new URL(endpoint).hostname : "";
  // B2 serves virtual-hosted names too, but path style works with every bucket name
  // (dots included); MinIO and unknown servers rarely have wildcard DNS for buckets.
  // OSS and COS refuse path style, so they keep virtual-hosted addressing.
  const pathStyle = provider === "b2" || provider === "minio" || provider === "custom";
  return {
    provider,
    region: regionFromHost(provider, host),
    forcePathStyle: pathStyle,
    sendsAcl: provider !== "r2",
    checksums: endpoint ? "when-required" : "when-supported",
  };
}

/**
 * One line on client settings (a preset's, or the ones a run ends up with), e.g.
 * "region auto, virtual-hosted style, no ACL sent, checksums only when required".
 */
export function describeSettings(settings: Omit<ProviderPreset, "provider">): string {
  return [
    `region ${settings.region}`,
    settings.forcePathStyle ? "path style" : "virtual-hosted style",
    settings.sendsAcl ? "acl sent when set" : "no ACL sent",
    settings.checksums === "when-required"
      ? "checksums only when required"
      : "default SDK checksums",
  ].join(", ");
}
