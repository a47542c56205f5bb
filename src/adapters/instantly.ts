/** Puts the core's Instantly client and the shared analytics cache together. */
import type { ClientOptions } from '../core/client';
import { UserFacingError } from '../core/errors';
import type { SharedCache } from '../core/source';
import { cacheScope, gzipBase64, scriptCache } from './cache';
import { appsScriptClock } from './clock';
import { urlFetchBatchTransport, urlFetchTransport } from './http';
import { withDocumentLock } from './lock';
import { apiBaseUrl } from './properties';

/** A few minutes: fresh enough for a dashboard, long enough to spare the quota. */
const CACHE_SECONDS = 300;
/** Concurrent recalculations wait this long for the one that is fetching. */
const FETCH_LOCK_WAIT_MS = 20_000;

export const NO_KEY_MESSAGE =
  'No Instantly API key is set for this spreadsheet. Set one with Extensions › Instantly Analytics › Set API key…';

export function clientWithKey(apiKey: string | undefined, deadline: number): ClientOptions {
  if (!apiKey) throw new UserFacingError(NO_KEY_MESSAGE);
  return {
    apiKey,
    deadline,
    baseUrl: apiBaseUrl(),
    clock: appsScriptClock,
    transport: urlFetchTransport,
    batchTransport: urlFetchBatchTransport,
  };
}

export function sharedCache(spreadsheetId: string): SharedCache {
  return {
    cache: scriptCache(),
    compressor: gzipBase64,
    generation: cacheScope(spreadsheetId),
    ttlSeconds: CACHE_SECONDS,
    // If the fetching run takes too long, fetching anyway beats failing.
    exclusively: (work) => withDocumentLock(FETCH_LOCK_WAIT_MS, work, work),
  };
}
