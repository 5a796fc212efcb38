/**
 * Inputs that fall back to a conventional environment variable when empty: Cloudflare's
 * own tools read CLOUDFLARE_API_TOKEN, so a workflow that already exports it need not pass
 * it twice. The adapters apply this with their environment; the engine never reads one.
 */
import type { InputGetter } from "./parse-inputs.js";

const ENV_FALLBACKS: Readonly<Record<string, string>> = {
  "cloudflare-api-token": "CLOUDFLARE_API_TOKEN",
};

export function withEnvFallbacks(
  get: InputGetter,
  env: Readonly<Record<string, string | undefined>>,
): InputGetter {
  return (name) => {
    const value = get(name);
    if (value?.trim()) return value;
    const variable = ENV_FALLBACKS[name];
    return variable ? (env[variable] ?? value) : value;
  };
}
