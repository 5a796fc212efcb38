import { S as StorageError, O as OffloadError, I as ItemError } from './errors.js';

// The SDK warns on the console when a streaming request fails; the engine reports errors itself.
const quietSdkLogger = {
    debug: () => { },
    info: () => { },
    warn: () => { },
    error: () => { },
};
/**
 * The S3 client settings every client of this product shares (the run's storage and the
 * setup check), so that `check` tests exactly what a run will send.
 */
function s3ClientConfig(options) {
    const config = {
        region: options.region,
        forcePathStyle: options.forcePathStyle,
        logger: quietSdkLogger,
    };
    if (options.endpoint) {
        config.endpoint = options.endpoint;
        // Many S3-compatible providers reject the CRC32 checksum headers the SDK sends by default.
        config.requestChecksumCalculation = "WHEN_REQUIRED";
        config.responseChecksumValidation = "WHEN_REQUIRED";
    }
    else {
        // On AWS, `region: auto` starts at us-east-1: follow the bucket's region redirect.
        config.followRegionRedirects = true;
    }
    if (options.credentials)
        config.credentials = credentialIdentity(options.credentials);
    return config;
}
/** The keys the inputs gave, as the SDK and the signer take them. */
function credentialIdentity(credentials) {
    const { accessKeyId, secretAccessKey, sessionToken } = credentials;
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/**
 * Turns what the AWS SDK and Node's sockets throw into the engine's typed errors: a
 * StorageError (the whole run cannot work: bucket, credentials, endpoint, region) with one
 * sentence that names the input to fix, or an ItemError for a single object.
 */
// Node socket and TLS codes that mean the endpoint itself is wrong, not a passing glitch.
const ENDPOINT_CODES = new Set([
    "ECONNREFUSED",
    "ENOTFOUND",
    "ERR_INVALID_URL",
    "ERR_TLS_CERT_ALTNAME_INVALID",
    "CERT_HAS_EXPIRED",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "EPROTO",
]);
const CLOCK_SKEW_NAMES = ["RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture"];
const TRANSIENT_CODES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "EHOSTUNREACH"]);
const TRANSIENT_NAMES = new Set([
    "TimeoutError",
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "ServiceUnavailable",
    "SlowDown",
    "Throttling",
    "ThrottlingException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    // Damaged in transit: S3 checks Content-MD5 (BadDigest), we check the ETag.
    "BadDigest",
    "CorruptedUploadError",
    // The SDK has corrected its clock from the server's Date by the time these arrive.
    ...CLOCK_SKEW_NAMES,
]);
const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
function factsOf(error) {
    const names = [];
    const codes = [];
    let status;
    // Walk cause chains and AggregateError members (Node's happy-eyeballs connect errors).
    const visit = (value, depth) => {
        if (depth > 5 || typeof value !== "object" || value === null)
            return;
        const record = value;
        if (typeof record.name === "string")
            names.push(record.name);
        if (typeof record.Code === "string")
            names.push(record.Code);
        if (typeof record.code === "string")
            codes.push(record.code);
        const httpStatus = record.$metadata?.httpStatusCode;
        if (status === undefined && typeof httpStatus === "number")
            status = httpStatus;
        if (Array.isArray(record.errors))
            for (const inner of record.errors)
                visit(inner, depth + 1);
        visit(record.cause, depth + 1);
    };
    visit(error, 0);
    const message = error instanceof Error ? error.message : String(error);
    return {
        // A response without a body (HEAD) leaves the SDK nothing but these placeholders.
        names: names.filter((name) => name !== "Unknown" && name !== "UnknownError"),
        codes,
        message: message === "UnknownError" ? "" : message,
        skewCorrected: skewCorrected(error),
        ...(status === undefined ? {} : { status }),
    };
}
function where(context) {
    return context.endpoint ? context.endpoint : "AWS S3";
}
/** Names the SDK gives an HTTP status that came without an S3 error code. */
const BARE_STATUS_NAMES = new Set(["NotFound", "Forbidden", "Error", "BadRequest"]);
/**
 * The endpoint answered, but not as S3 does: a body that is no S3 XML, or a bucket-level
 * 403/404 without S3's error code (a web server or a proxy's error page).
 */
function notS3Error(facts, context) {
    const unparsable = /Deserialization error|XML parse error/i.test(facts.message);
    const bareStatus = context.key === undefined &&
        (facts.status === 403 || facts.status === 404) &&
        facts.names.every((name) => BARE_STATUS_NAMES.has(name));
    if (!unparsable && !bareStatus)
        return undefined;
    return notS3Answer(context, `HTTP ${facts.status ?? "?"}, ${unparsable ? "a body that is not S3 XML" : "no S3 error code"}`);
}
/** One sentence for an endpoint that is no S3 API (a website, a proxy, a wrong port). */
function notS3Answer(context, what) {
    return new StorageError(`${where(context)} did not answer like an S3 API (${what}); check the \`endpoint\` input: it must be the storage's S3 API URL, not a website.`, "NotS3");
}
/**
 * A StorageError when the error means no request of this run can succeed. One rule per
 * kind of failure, in order of precedence (a missing bucket before a denied request, a
 * DNS failure before a refused connection): long on purpose, since the order is the logic.
 */
function fatalError(facts, context) {
    const has = (name) => facts.names.includes(name);
    const status = facts.status;
    const bucket = `"${context.bucket}"`;
    const notS3 = notS3Error(facts, context);
    if (notS3)
        return notS3;
    if (has("NoSuchBucket")) {
        return new StorageError(`The bucket ${bucket} does not exist on ${where(context)}; check the \`bucket\` input (and \`endpoint\`/\`region\`).`, "NoSuchBucket", status);
    }
    if (has("InvalidAccessKeyId")) {
        return new StorageError(`Storage at ${where(context)} does not know this access key (InvalidAccessKeyId); check the \`access-key-id\` input.`, "InvalidAccessKeyId", status);
    }
    if (has("SignatureDoesNotMatch")) {
        return new StorageError(`Storage at ${where(context)} rejected the request signature (SignatureDoesNotMatch); check the \`secret-access-key\` input.`, "SignatureDoesNotMatch", status);
    }
    if (has("ExpiredToken") || has("InvalidToken") || has("TokenRefreshRequired")) {
        return new StorageError(`Storage at ${where(context)} rejected the session token as expired or invalid; check the \`session-token\` input or the role that provides it.`, facts.names.find((name) => name.endsWith("Token") || name === "TokenRefreshRequired"), status);
    }
    if (has("CredentialsProviderError")) {
        return new StorageError("No storage credentials were found; set the `access-key-id` and `secret-access-key` inputs (or provide AWS credentials to the job).", "CredentialsProviderError");
    }
    if (has("PermanentRedirect") || has("AuthorizationHeaderMalformed") || status === 301) {
        return new StorageError(`Storage at ${where(context)} says bucket ${bucket} lives in another region or endpoint; check the \`region\` and \`endpoint\` inputs.`, facts.names[0], status);
    }
    // A skewed clock also answers 403; it reaches this point only when correcting the clock
    // from the server's Date and retrying did not help.
    const skewed = CLOCK_SKEW_NAMES.find(has) ?? (facts.skewCorrected ? "RequestTimeTooSkewed" : undefined);
    if (skewed) {
        return new StorageError(`Storage at ${where(context)} kept rejecting the request time as too far from its own clock (${skewed}) even after correcting for the server's Date; check the runner's clock.`, skewed, status);
    }
    if (has("Unauthorized") || status === 401) {
        return new StorageError(`Storage at ${where(context)} rejected the credentials (HTTP 401); check the \`access-key-id\` and \`secret-access-key\` inputs.`, "Unauthorized", status);
    }
    if (has("AccessDenied") || has("Forbidden") || status === 403) {
        return new StorageError(`Storage at ${where(context)} denied access to bucket ${bucket} while ${context.action}; check that \`access-key-id\` and \`secret-access-key\` belong to a key allowed to read and write it.`, "AccessDenied", status);
    }
    const endpointCode = facts.codes.find((code) => ENDPOINT_CODES.has(code) || code.startsWith("CERT_"));
    if (endpointCode === "ENOTFOUND") {
        return new StorageError(context.endpoint
            ? `Could not find the storage host of ${context.endpoint} (DNS lookup failed, ENOTFOUND); check the \`endpoint\` input.`
            : `Could not find the AWS S3 host for bucket ${bucket} (DNS lookup failed, ENOTFOUND); check the \`bucket\` and \`region\` inputs.`, endpointCode);
    }
    if (endpointCode) {
        return new StorageError(`Could not reach storage at ${where(context)} (${endpointCode}); check the \`endpoint\` input.`, endpointCode);
    }
    return undefined;
}
/**
 * The typed error for anything a storage call threw; the original stays as `cause` so
 * later retry logic can still classify it.
 */
function translateStorageError(error, context, attempts = 1) {
    if (error instanceof OffloadError)
        return error;
    const facts = factsOf(error);
    const fatal = fatalError(facts, context);
    const tries = attempts > 1 && isTransientStorageError(error) ? attempts : 1;
    const translated = fatal ?? itemError(facts, context, tries);
    translated.cause = error;
    return translated;
}
/** The whole check did not answer in time (a server that accepts and never answers). */
function storageTimeoutError(context, timeoutMs) {
    return new StorageError(`Storage at ${where(context)} did not answer within ${Math.round(timeoutMs / 1000)} s while ${context.action} bucket "${context.bucket}"; check the \`endpoint\` input and that the runner can reach it.`, "Timeout");
}
/** HeadObject's "no such key" (a HEAD response has no body, so only the status says it). */
function isNotFound(error) {
    const record = error;
    return (record?.name === "NotFound" ||
        record?.name === "NoSuchKey" ||
        record?.$metadata?.httpStatusCode === 404);
}
function itemError(facts, context, attempts) {
    const code = facts.names.find((name) => name !== "Error" && name !== "AggregateError") ?? facts.codes[0];
    const detail = [facts.status === undefined ? undefined : `HTTP ${facts.status}`, code]
        .filter((part) => part !== undefined && part !== "")
        .join(" ");
    const reason = facts.message && facts.message !== code ? facts.message.replace(/\.$/, "") : "";
    const what = context.key
        ? `${context.action} ${context.key}`
        : `${context.action} bucket "${context.bucket}"`;
    const tries = attempts > 1 ? `${detail ? ", " : ""}${attempts} attempts` : "";
    const message = `Storage failed ${what}${detail || tries ? ` (${detail}${tries})` : ""}${reason ? `: ${reason}` : ""}.`;
    return context.key ? new ItemError(message) : new OffloadError(message);
}
/**
 * The SDK corrected its clock from this response's Date (a HEAD answered 403 has no body
 * to say RequestTimeTooSkewed, so this flag is all there is): worth another attempt.
 */
function skewCorrected(error) {
    const metadata = error?.$metadata;
    return metadata?.clockSkewCorrected === true;
}
/** True for errors worth another attempt: 5xx, 429, throttling, timeouts, dropped sockets. */
function isTransientStorageError(error) {
    if (skewCorrected(error))
        return true;
    const facts = factsOf(error);
    if (facts.status !== undefined && TRANSIENT_STATUS.has(facts.status))
        return true;
    if (facts.names.some((name) => TRANSIENT_NAMES.has(name)))
        return true;
    if (facts.codes.some((code) => TRANSIENT_CODES.has(code)))
        return true;
    const retryable = error?.$retryable;
    return retryable !== undefined && retryable !== null;
}

export { isTransientStorageError as a, storageTimeoutError as b, credentialIdentity as c, isNotFound as i, notS3Answer as n, s3ClientConfig as s, translateStorageError as t };
