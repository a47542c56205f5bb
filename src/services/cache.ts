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

const generationKey = (spreadsheetId: string, workspaceId: string) =>
  `${CACHE_GENERATION_PREFIX}${spreadsheetId}:${workspaceId}`;

export function scriptCache(): KeyValueCache {
  return CacheService.getScriptCache();
}

/** Names a workspace's current cache entries for this spreadsheet; never derived from a key. */
export function cacheScope(spreadsheetId: string, workspaceId: string): string {
  const key = generationKey(spreadsheetId, workspaceId);
  const generation = CacheService.getScriptCache().get(key) ?? '0';
  return `${spreadsheetId}:${workspaceId}:${generation}`;
}

/**
 * Makes these workspaces' cached responses for this spreadsheet unreachable, e.g. after a key
 * change (its workspace only) or a refresh (the workspaces it includes).
 */
export function renewCacheScopes(spreadsheetId: string, workspaceIds: readonly string[]): void {
  const generation = newId().slice(0, 8);
  CacheService.getScriptCache().putAll(
    Object.fromEntries(workspaceIds.map((id) => [generationKey(spreadsheetId, id), generation])),
    GENERATION_SECONDS,
  );
}
