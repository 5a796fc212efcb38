/**
 * Names from content are hostile. Random file names and reference text made of control
 * characters, workflow-command fragments and Markdown syntax go through one real CLI run
 * and one real Action run; the raw output is scanned line by line.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFiles } from "../support/git-repos.js";
import { JOB_TOKEN, runAction } from "../support/run-action.js";
import { runNode } from "../support/run-node.js";
import {
  S3RVER_SECRET_ACCESS_KEY,
  s3rverActionInputs,
  s3rverCliEnv,
  startS3rver,
} from "../support/s3rver.js";

const repo = path.resolve(import.meta.dirname, "../..");
const bucket = "hostile";
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201e21bc1f90000000049454e44ae426082",
  "hex",
);
/** Pieces a name is made of: every one has broken some tool's output. */
const PIECES = [
  "\n",
  "\r",
  "\x1b[2J",
  "\x07",
  "\u0085",
  "\u2028",
  "\u202e",
  "::",
  "::error file=README.md,line=1::PWNED",
  "::add-mask::PWNED",
  "##[error]PWNED",
  "%",
  "%0A",
  ",",
  ":",
  "@octocat",
  "#123",
  "`",
  "|",
  "<",
  "# ",
  "a",
  "b",
  " ",
];

/** A seeded generator, so that a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function hostileNames(count: number, seed: number): string[] {
  const next = random(seed);
  const names = new Set<string>();
  while (names.size < count) {
    const parts = Array.from({ length: 2 + Math.floor(next() * 4) }, () => {
      return PIECES[Math.floor(next() * PIECES.length)] ?? "a";
    });
    names.add(`${parts.join("")}${names.size}.png`);
  }
  return [...names];
}

/** `<img src>` with every character written as an HTML entity: the parser decodes it. */
function entityEncoded(text: string): string {
  return [...text].map((char) => `&#${char.codePointAt(0)};`).join("");
}

const OUR_SECRETS = [S3RVER_SECRET_ACCESS_KEY, JOB_TOKEN];

/** Lines a runner would obey that the tool did not mean to emit. */
function forgedCommands(output: string): string[] {
  return output.split(/\r\n|\n|\r/).filter(
    (line) =>
      /^\s*::(error|warning|notice) file=README\.md/.test(line) ||
      // The Action masks its own secrets; nothing else may be masked.
      (/^\s*::add-mask::/.test(line) &&
        !OUR_SECRETS.includes(line.trim().slice("::add-mask::".length))) ||
      /^\s*::[^:]*::PWNED/.test(line) ||
      /##\[error\]PWNED/.test(line),
  );
}

const RAW_CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

let server: Awaited<ReturnType<typeof startS3rver>>;
let workspace: string;
const names = hostileNames(40, 20261202);

beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
  workspace = await mkdtemp(path.join(os.tmpdir(), "mio-hostile-"));
  const lines: string[] = ["# Hostile names", ""];
  for (const [index, name] of names.entries()) {
    // Every other image exists; the rest are missing, so their text reaches the warnings.
    // Distinct bytes (a PNG with a trailer), so that each one is an object of its own.
    const bytes = Buffer.concat([PNG, Buffer.from(String(index))]);
    if (index % 2 === 0) await writeFiles(workspace, { [`img/${name}`]: bytes });
    // %, #, ? and spaces are percent-encoded, as a writer must: destinations are
    // percent-decoded for the lookup, `#` and `?` start a fragment or query, and the
    // ends are trimmed. So are C1 controls: HTML reads &#133; as the Windows-1252 "…".
    const path = name.replace(/[%#? \u0080-\u009f]/g, (char) => encodeURIComponent(char));
    lines.push(`<img src="img/${entityEncoded(path)}">`, "");
  }
  await writeFile(path.join(workspace, "post.md"), lines.join("\n"));
});
afterAll(async () => {
  await server?.stop();
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

describe("hostile file names and references", () => {
  it("the CLI escapes every control character and prints no workflow command", async () => {
    const run = await runNode(path.join(repo, "dist/cli.js"), ["--dry-run"], {
      cwd: workspace,
      env: s3rverCliEnv(server.endpoint, bucket),
    });
    expect(run.code, run.stderr).toBe(0);
    // Every missing image was reported, each on one line of its own.
    expect(run.stderr.match(/^warning: post\.md:\d+: /gm), run.stderr).toHaveLength(
      names.length / 2,
    );
    expect(run.stdout).toContain(`${names.length / 2} would be uploaded`);
    for (const stream of [run.stdout, run.stderr]) {
      expect(forgedCommands(stream)).toEqual([]);
      expect(RAW_CONTROL.exec(stream)?.[0]).toBeUndefined();
    }
    expect(run.stderr).toContain("\\x1b[2J");
  });

  it("the Action escapes them too: annotations carry them as data, never as a new line", async () => {
    const run = await runAction(workspace, {
      ...s3rverActionInputs(server.endpoint, bucket),
      "dry-run": "true",
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout.match(/^::warning file=post\.md,line=\d+::/gm)).toHaveLength(
      names.length / 2,
    );
    for (const stream of [run.stdout, run.stderr]) {
      expect(forgedCommands(stream)).toEqual([]);
      expect(RAW_CONTROL.exec(stream)?.[0]).toBeUndefined();
    }
  });
});
