import { r as renderChecklistMarkdown } from './render.js';
import { runSetupCheck } from './run-check.js';
import './printable.js';
import 'node:crypto';
import 'node:stream';
import './errors.js';
import './providers.js';
import 'node:path';
import './s3-errors.js';
import './ListObjectsV2Command.js';
import 'node:fs';
import 'node:https';
import 'node:os';
import 'node:process';
import 'node:fs/promises';
import 'node:zlib';

/**
 * A dry run of the Action also runs the setup checklist, so a first workflow run with
 * `dry-run: true` proves credentials, bucket and public-url before anything is rewritten.
 * The only object it writes is the probe, deleted again.
 */
async function checkSetupInDryRun(options, deps, logger) {
    const checklist = await logger.group("Setup check (dry run)", async () => {
        const result = await runSetupCheck(options, deps);
        for (const item of result.items) {
            if (item.status === "fail")
                logger.error(`✗ ${item.label}: ${item.detail}. ${item.fix ?? ""}`);
            else
                logger.info(`${item.status === "pass" ? "✓" : "–"} ${item.label}: ${item.detail}`);
        }
        return result;
    });
    const failed = checklist.items.filter((item) => item.status === "fail");
    const first = failed[0];
    return {
        checklist,
        markdown: renderChecklistMarkdown(checklist),
        ...(first
            ? {
                failure: `The setup check failed ${failed.length} line(s); first: ${first.fix ?? first.label}`,
            }
            : {}),
    };
}

export { checkSetupInDryRun };
