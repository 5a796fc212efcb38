import { InputError } from "../core/errors.js";
import { withEnvFallbacks } from "../options/env-fallbacks.js";
import { envName, INPUTS } from "../options/inputs.js";
import type { InputGetter } from "../options/parse-inputs.js";

/** What the command line asked for; inputs are resolved later by parseInputs. */
export interface CliArgs {
  readonly command: "run" | "check" | "orphans" | "help" | "version";
  readonly json: boolean;
  /** `orphans --delete`: delete the objects listed. */
  readonly delete?: boolean;
  readonly inputs: ReadonlyMap<string, string>;
}

/** Inputs whose value is true/false: `--dry-run` alone means true, `--no-comment` false. */
const BOOLEAN_INPUTS = new Set(
  INPUTS.filter((input) => input.type === "boolean").map((input) => input.name),
);
const INPUT_NAMES = new Set(INPUTS.map((input) => input.name));

/** Bad usage: the CLI exits 2 with this sentence. */
export class UsageError extends InputError {
  override name = "UsageError";
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const inputs = new Map<string, string>();
  let command: CliArgs["command"] = "run";
  let json = false;
  let remove = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? "";
    if (arg === "--help" || arg === "-h") return { command: "help", json, inputs };
    if (arg === "--version" || arg === "-v") return { command: "version", json, inputs };
    if (arg === "--json") {
      json = true;
      continue;
    }
    if (arg === "--delete" && command === "orphans") {
      remove = true;
      continue;
    }
    if (!arg.startsWith("--")) {
      if ((arg === "check" || arg === "orphans") && index === 0) {
        command = arg;
        continue;
      }
      throw new UsageError(
        "args",
        `Unexpected argument "${arg}"; run md-image-offload --help for usage.`,
      );
    }
    const [flag = "", inline] = splitFlag(arg.slice(2));
    if (flag.startsWith("no-") && BOOLEAN_INPUTS.has(flag.slice(3)) && inline === undefined) {
      inputs.set(flag.slice(3), "false");
      continue;
    }
    if (!INPUT_NAMES.has(flag)) {
      throw new UsageError(
        flag,
        `Unknown option --${flag}; run md-image-offload --help for the list of options.`,
      );
    }
    if (inline !== undefined) {
      inputs.set(flag, inline);
    } else if (BOOLEAN_INPUTS.has(flag)) {
      inputs.set(flag, "true");
    } else {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith("--")) {
        throw new UsageError(flag, `Option --${flag} needs a value, e.g. --${flag}=VALUE.`);
      }
      inputs.set(flag, value);
      index++;
    }
  }
  return { command, json, inputs, ...(remove ? { delete: true } : {}) };
}

function splitFlag(text: string): [string, string | undefined] {
  const equals = text.indexOf("=");
  return equals < 0 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}

/** Flags win over MD_IMAGE_OFFLOAD_* environment variables, which win over defaults. */
export function inputGetter(args: CliArgs, env: NodeJS.ProcessEnv): InputGetter {
  return withEnvFallbacks((name) => args.inputs.get(name) ?? env[envName(name)], env);
}

export function usage(): string {
  const options = INPUTS.map((input) => {
    const value = BOOLEAN_INPUTS.has(input.name) ? "" : "=VALUE";
    const fallback = input.cliDefault ?? input.default;
    const shown =
      fallback && !fallback.includes("${{") ? ` (default: ${fallback.replaceAll("\n", " ")})` : "";
    const choices = input.choices ? ` One of: ${input.choices.join(", ")}.` : "";
    return `  --${input.name}${value}\n      ${input.description}${choices}${shown}`;
  });
  return [
    "Usage: md-image-offload [options]",
    "       md-image-offload check [options]",
    "       md-image-offload orphans [--delete] [options]",
    "",
    "Uploads the local images your Markdown references to S3-compatible storage and",
    "rewrites the links in place (current directory). Every option can also be set as",
    "an environment variable, e.g. --public-url as MD_IMAGE_OFFLOAD_PUBLIC_URL.",
    "",
    "check runs a setup checklist with the same options instead (credentials, bucket,",
    "a probe object put, read back and deleted under the prefix, public-url, clock offset,",
    "CORS, provider preset): exit 0 when every line is ✓, 1 otherwise.",
    "",
    "orphans lists the objects under the prefix that no entry of manifest-file and no",
    "content file names (a URL under an older public-url still names its object), with",
    "their sizes; --delete deletes them after the same check.",
    "",
    "  --json       print the manifest (or the checklist) as JSON on stdout",
    "  --help       show this help",
    "  --version    print the version",
    "",
    ...options,
    "",
    "Exit codes: 0 done, 1 the run failed, 2 bad usage or configuration.",
  ].join("\n");
}
