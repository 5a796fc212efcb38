import { I as ItemError, d as describeError } from './errors.js';
import { s as s3ClientConfig, i as isNotFound } from './s3-errors.js';
import { n as normalizeEtag, i as isEncrypted, a as notListBucketResult, c as checkStoredBytes } from './s3-transport.js';
import { A as command, D as DeleteObject$, _ as _mw0, B as _ep0, G as GetObject$, F as _mw7, J as HeadObject$, K as _mw8, P as PutObject$, L as _mw11, N as NodeHttpHandler, O as S3Client, Q as ListObjectsV2Command } from './ListObjectsV2Command.js';
import 'node:stream';
import 'node:crypto';
import 'node:fs';
import 'node:https';
import 'node:os';
import 'node:process';
import 'node:path';
import 'node:fs/promises';
import 'node:zlib';

class DeleteObjectCommand extends command(_ep0, _mw0, "DeleteObject", DeleteObject$) {
}

class GetObjectCommand extends command(_ep0, _mw7, "GetObject", GetObject$) {
}

class HeadObjectCommand extends command(_ep0, _mw8, "HeadObject", HeadObject$) {
}

class PutObjectCommand extends command(_ep0, _mw11, "PutObject", PutObject$) {
}

function createSdkTransport(options, settings) {
    const config = {
        ...s3ClientConfig(options),
        // Retries are ours (retry-policy.ts), the same for every request; the SDK still
        // corrects its clock from the server's Date on RequestTimeTooSkewed.
        maxAttempts: 1,
        systemClockOffset: settings.clockOffset.get(),
        // The SDK adds `Expect: 100-continue` from 2 MB and then opens a new connection for
        // every such upload, outside the keep-alive agent.
        expectContinueHeader: false,
        requestHandler: new NodeHttpHandler({
            httpAgent: settings.agents.http,
            httpsAgent: settings.agents.https,
            connectionTimeout: settings.connectionTimeoutMs,
            socketTimeout: settings.socketTimeoutMs,
        }),
    };
    const client = new S3Client(config);
    const Bucket = options.bucket;
    return {
        credentials: client.config.credentials,
        clockOffsetMs: () => client.config.systemClockOffset ?? 0,
        setClockOffset(ms) {
            client.config.systemClockOffset = ms;
        },
        destroy: () => client.destroy(),
        async listPage({ prefix, token, maxKeys, signal }) {
            const output = await client.send(new ListObjectsV2Command({
                Bucket,
                Prefix: prefix,
                ...(token ? { ContinuationToken: token } : {}),
                ...(maxKeys ? { MaxKeys: maxKeys } : {}),
            }), signal ? { abortSignal: signal } : {});
            // A web server may answer 200 with a page that happens to parse as XML.
            if (output.Name === undefined && output.MaxKeys === undefined)
                throw notListBucketResult();
            const objects = [];
            for (const item of output.Contents ?? []) {
                if (item.Key === undefined)
                    continue;
                const etag = normalizeEtag(item.ETag);
                objects.push({ key: item.Key, size: item.Size ?? 0, ...(etag ? { etag } : {}) });
            }
            const next = output.IsTruncated ? output.NextContinuationToken : undefined;
            return { objects, ...(next ? { next } : {}) };
        },
        async head(key) {
            try {
                const output = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
                // With SSE-KMS or SSE-C the ETag is not the MD5 of the bytes: leave it out so
                // nobody compares it with one.
                const encrypted = isEncrypted(output.ServerSideEncryption, output.SSECustomerAlgorithm);
                const etag = encrypted ? undefined : normalizeEtag(output.ETag);
                const sha256 = output.Metadata?.sha256?.toLowerCase();
                return {
                    key,
                    size: output.ContentLength ?? 0,
                    ...(sha256 ? { sha256 } : {}),
                    ...(etag ? { etag } : {}),
                };
            }
            catch (error) {
                // A HEAD response has no body, so a missing bucket also looks like this; the
                // preflight and the upload that follows report NoSuchBucket.
                if (isNotFound(error))
                    return undefined;
                throw error;
            }
        },
        async put(put, attempt, maxAttempts) {
            const output = await sendPut(client, Bucket, put, attempt, maxAttempts);
            const etag = normalizeEtag(output.ETag);
            return etag ? { etag } : {};
        },
        async get(key) {
            const output = await client.send(new GetObjectCommand({ Bucket, Key: key }));
            if (!output.Body)
                return Buffer.alloc(0);
            return Buffer.from(await output.Body.transformToByteArray());
        },
        async delete(key) {
            await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
        },
    };
}
/**
 * One PutObject attempt with a fresh body stream (the SDK cannot rewind a stream, which is
 * also why it never retries one itself), checked end to end: the returned ETag must be the
 * MD5 of the bytes sent.
 */
async function sendPut(client, bucket, request, attempt = 1, maxAttempts = 1) {
    const body = request.body();
    const command = new PutObjectCommand({
        Bucket: bucket,
        Key: request.key,
        Body: body,
        ContentLength: request.size,
        ContentType: request.contentType,
        CacheControl: request.cacheControl,
        ContentMD5: Buffer.from(request.md5, "hex").toString("base64"),
        Metadata: { sha256: request.sha256 },
        ...(request.acl ? { ACL: request.acl } : {}),
    });
    // A body that fails to read (file deleted or unreadable) would otherwise be an
    // uncaught error and leave the request waiting for bytes forever.
    const abort = new AbortController();
    const bodyFailed = new Promise((_, reject) => {
        body.on("error", (error) => {
            abort.abort();
            reject(new ItemError(`Could not read the file for ${request.key} while uploading it (${describeError(error)}).`));
        });
    });
    bodyFailed.catch(() => { });
    let output;
    try {
        output = await Promise.race([client.send(command, { abortSignal: abort.signal }), bodyFailed]);
    }
    finally {
        // A request refused before the body was read would otherwise keep the file open.
        body.destroy();
    }
    const encrypted = isEncrypted(output.ServerSideEncryption, output.SSECustomerAlgorithm);
    checkStoredBytes(request, output.ETag, encrypted, attempt, maxAttempts);
    return output;
}

export { createSdkTransport, sendPut };
