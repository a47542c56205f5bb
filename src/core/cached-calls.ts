/**
 * Fan-outs shared through the cache: every cell, sidebar and refresh that needs the same
 * response (the same workspace, endpoint, campaign and dates) reads it from the cache, and
 * only the calls nobody has made within the cache's lifetime go to Instantly, side by side.
 */
import { type ApiCall, callUrl } from './api-call';
import { type ClientCall, type ClientOptions, callEach, type Settled } from './api-client';
import { digest } from './digest';
import {
  type KeyValueCache,
  readCachedTexts,
  type TextCompressor,
  writeCachedTexts,
} from './response-cache';
import { CACHE_RESPONSE_PREFIX } from './storage-keys';

export interface CallCache {
  readonly cache: KeyValueCache;
  readonly compressor: TextCompressor;
  /** Runs a fetch so that concurrent recalculations wait for it instead of repeating it. */
  exclusively<T>(work: () => T): T;
}

/** The cache as one spreadsheet (and one workspace) sees it. */
export interface SharedCache extends CallCache {
  /** Changes whenever cached responses must no longer be used (a new key, a refresh). */
  readonly generation: string;
  readonly ttlSeconds: number;
}

/** Where a workspace's responses come from: its key's client, and its share of the cache. */
export interface WorkspaceSource {
  readonly client: ClientOptions;
  readonly shared: SharedCache;
}

/** CacheService refuses keys over 250 characters; a long query is named by its digest. */
const MAX_READABLE_KEY = 200;

/**
 * A response is named by its generation and what was asked (path and query: never the key,
 * which is in a header), so every cell that asks the same shares one entry.
 */
export function callCacheKey(generation: string, call: ApiCall<unknown>): string {
  const asked = callUrl('', call);
  const key = `${CACHE_RESPONSE_PREFIX}${generation}:${asked}`;
  return key.length <= MAX_READABLE_KEY
    ? key
    : `${CACHE_RESPONSE_PREFIX}${generation}:#${digest(asked)}`;
}

/** Each call of the workspace, through the cache for the workspace's usual lifetime. */
export function fetchShared<T>(
  source: WorkspaceSource,
  calls: readonly ApiCall<T>[],
): Settled<T>[] {
  const { client, shared } = source;
  return cachedEach(
    calls.map((call) => ({
      client,
      call,
      cacheKey: callCacheKey(shared.generation, call),
      ttlSeconds: shared.ttlSeconds,
    })),
    shared,
  );
}

export interface CachedCall<T> extends ClientCall<T> {
  /** Names the response; scoped by spreadsheet, workspace and generation, never by the key. */
  readonly cacheKey: string;
  readonly ttlSeconds: number;
}

/** Each call's value (parsed and validated before it was cached), or its error. */
export function cachedEach<T>(calls: readonly CachedCall<T>[], store: CallCache): Settled<T>[] {
  const cached = readValues<T>(calls, store);
  if (cached.every((value) => value !== undefined)) return cached as Settled<T>[];
  return store.exclusively(() => {
    const afterWaiting = readValues<T>(calls, store);
    const missing = calls.filter((_, index) => afterWaiting[index] === undefined);
    const fetched = callEach(missing);
    writeValues(missing, fetched, store);
    let next = 0;
    return afterWaiting.map((value) => value ?? fetched[next++]);
  });
}

function readValues<T>(
  calls: readonly CachedCall<T>[],
  store: CallCache,
): (Settled<T> | undefined)[] {
  const keys = [...new Set(calls.map((call) => call.cacheKey))];
  const texts = readCachedTexts(store.cache, store.compressor, keys);
  return calls.map((call) => {
    const text = texts.get(call.cacheKey);
    return text === undefined ? undefined : { ok: true, value: JSON.parse(text) as T };
  });
}

/** Only answers are cached; a failure is asked again next time. One cache write per lifetime. */
function writeValues<T>(
  calls: readonly CachedCall<T>[],
  results: readonly Settled<T>[],
  store: CallCache,
): void {
  const byLifetime = new Map<number, Map<string, string>>();
  calls.forEach((call, index) => {
    const result = results[index];
    if (!result.ok) return;
    const texts = byLifetime.get(call.ttlSeconds) ?? new Map<string, string>();
    texts.set(call.cacheKey, JSON.stringify(result.value));
    byLifetime.set(call.ttlSeconds, texts);
  });
  for (const [ttlSeconds, texts] of byLifetime) {
    writeCachedTexts(store.cache, store.compressor, texts, ttlSeconds);
  }
}
