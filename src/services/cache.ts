/**
 * The shared analytics cache. It is the script cache, reachable from custom functions, the
 * sidebar and scheduled runs alike (a scheduled run has no document cache), so every key
 * is scoped by spreadsheet id and by a generation that a refresh or a key change renews.
 */
import type { KeyValueCache } from '../core/response-cache';
import { CACHE_GENERATION_PREFIX } from '../core/storage-keys';
import { newId } from './utilities';

/** CacheService's longest life: a lost generation only means one more request. */
const GENERATION_SECONDS = 21_600;

const generationKey = (spreadsheetId: string) => CACHE_GENERATION_PREFIX + spreadsheetId;

export function scriptCache(): KeyValueCache {
  return CacheService.getScriptCache();
}

/** Names this spreadsheet's current cache entries; never derived from the API key. */
export function cacheScope(spreadsheetId: string): string {
  const generation = CacheService.getScriptCache().get(generationKey(spreadsheetId)) ?? '0';
  return `${spreadsheetId}:${generation}`;
}

/** Makes this spreadsheet's cached responses unreachable, e.g. after a key change or a refresh. */
export function renewCacheScope(spreadsheetId: string): void {
  const generation = newId().slice(0, 8);
  CacheService.getScriptCache().put(generationKey(spreadsheetId), generation, GENERATION_SECONDS);
}
