import { f as fromEnv } from './env-fallbacks.js';
export { E as ENV_ACCOUNT_ID, a as ENV_CREDENTIAL_SCOPE, b as ENV_EXPIRATION, c as ENV_KEY, d as ENV_SECRET, e as ENV_SESSION } from './env-fallbacks.js';
import './summary.js';
import 'node:crypto';
import 'node:stream';
import 'node:fs/promises';
import 'node:path';
import 'node:fs';
import 'process';
import 'buffer';
import './_commonjsHelpers.js';
import 'fs';
import 'path';
import 'url';
import 'module';
import 'node:http';
import 'node:https';
import './loadSharedConfigFiles.js';
import './readFile.js';
import 'node:os';
import './configLoader.js';
import './chain.js';
import './CredentialsProviderError.js';
import './hex-encoding.js';
import './node-http-handler.js';
import './EventStreamSerdeConfig.js';
import 'node:zlib';
import 'node:net';
import './setCredentialFeature.js';
import 'node:process';



export { fromEnv };
