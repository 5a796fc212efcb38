import type { Provider } from "./options.js";

/** What a provider preset changes in the client; explicit inputs always win. */
export interface ProviderPreset {
  readonly provider: Provider;
  /** Region to sign with when the input is left at `auto`. */
  readonly region: string;
  readonly forcePathStyle: boolean;
  /** R2 ignores ACLs and rejects some; the acl input is dropped for it. */
  readonly sendsAcl: boolean;
}

const HOST_PATTERNS: readonly [RegExp, Provider][] = [
  [/\.r2\.cloudflarestorage\.com$/i, "r2"],
  [/(^|\.)backblazeb2\.com$/i, "b2"],
  [/(^|\.)amazonaws\.com(\.cn)?$/i, "s3"],
  [/(^|\.)digitaloceanspaces\.com$/i, "spaces"],
  [/(^|\.)wasabisys\.com$/i, "wasabi"],
  [/(^|\.)aliyuncs\.com$/i, "oss"],
  [/(^|\.)myqcloud\.com$/i, "cos"],
  [/^storage\.googleapis\.com$/i, "gcs"],
];

/** Detects the provider from the endpoint's host name; no endpoint means AWS S3. */
export function detectProvider(endpoint: string | undefined): Provider {
  if (!endpoint) return "s3";
  const host = new URL(endpoint).hostname;
  for (const [pattern, provider] of HOST_PATTERNS) if (pattern.test(host)) return provider;
  return "custom";
}

/**
 * The region a provider signs with when `region: auto`. R2 wants `auto`; B2, Spaces,
 * Wasabi, OSS and COS carry the region in the endpoint's host name; AWS S3 starts at
 * us-east-1 and follows the bucket's region redirect.
 */
function regionFromHost(provider: Provider, host: string): string {
  const patterns: Partial<Record<Provider, RegExp>> = {
    b2: /^s3\.([a-z0-9-]+)\.backblazeb2\.com$/i,
    spaces: /^([a-z0-9-]+)\.digitaloceanspaces\.com$/i,
    wasabi: /^s3\.([a-z0-9-]+)\.wasabisys\.com$/i,
    oss: /^(?:oss-)?([a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$/i,
    cos: /^cos\.([a-z0-9-]+)\.myqcloud\.com$/i,
    s3: /^s3[.-]([a-z0-9-]+)\.amazonaws\.com$/i,
  };
  const match = patterns[provider]?.exec(host);
  if (match?.[1]) return provider === "oss" ? `oss-${match[1]}` : match[1];
  if (provider === "r2") return "auto";
  return "us-east-1";
}

export function providerPreset(provider: Provider, endpoint: string | undefined): ProviderPreset {
  const host = endpoint ? new URL(endpoint).hostname : "";
  const pathStyle = provider === "b2" || provider === "minio" || provider === "custom";
  return {
    provider,
    region: regionFromHost(provider, host),
    forcePathStyle: pathStyle,
    sendsAcl: provider !== "r2",
  };
}
