/** Puts the core's Instantly client together from this document's settings. */
import type { ClientOptions } from '../core/client';
import { UserFacingError } from '../core/errors';
import type { SharedCache } from '../core/source';
import { documentCache, gzipBase64 } from './cache';
import { appsScriptClock } from './clock';
import { urlFetchTransport as urlFetch } from './http';
import { withDocumentLock } from './lock';
import { apiBaseUrl, cacheGeneration, readApiKey } from './properties';

/** A few minutes: fresh enough for a dashboard, long enough to spare the quota. */
const CACHE_SECONDS = 300;
/** Concurrent recalculations wait this long for the one that is fetching. */
const FETCH_LOCK_WAIT_MS = 20_000;

export const NO_KEY_MESSAGE =
  'No Instantly API key is set for this spreadsheet. Set one with Extensions › Instantly Analytics › Set API key…';

export function clientOptions(
  documentProperties: GoogleAppsScript.Properties.Properties,
  deadline: number,
): ClientOptions {
  const apiKey = readApiKey(documentProperties);
  if (!apiKey) throw new UserFacingError(NO_KEY_MESSAGE);
  return clientWithKey(apiKey, deadline);
}

export function clientWithKey(apiKey: string, deadline: number): ClientOptions {
  return {
    apiKey,
    deadline,
    baseUrl: apiBaseUrl(),
    clock: appsScriptClock,
    transport: urlFetch,
  };
}

export function sharedCache(
  documentProperties: GoogleAppsScript.Properties.Properties,
): SharedCache {
  const cache = documentCache();
  return {
    cache: cache ?? { getAll: () => ({}), putAll: () => undefined },
    compressor: gzipBase64,
    generation: cacheGeneration(documentProperties),
    ttlSeconds: CACHE_SECONDS,
    exclusively: (work) => withDocumentLock(FETCH_LOCK_WAIT_MS, work, work),
  };
}
