/**
 * Fan-outs shared through the cache: every cell, sidebar and refresh that needs the same
 * response (the same workspace, endpoint, campaign and dates) reads it from the cache, and
 * only the calls nobody has made within the cache's lifetime go to Instantly, side by side.
 */
import { type ClientCall, callEach, type Settled } from './api-client';
import {
  type KeyValueCache,
  readCachedTexts,
  type TextCompressor,
  writeCachedTexts,
} from './response-cache';

export interface CallCache {
  readonly cache: KeyValueCache;
  readonly compressor: TextCompressor;
  /** Runs a fetch so that concurrent recalculations wait for it instead of repeating it. */
  exclusively<T>(work: () => T): T;
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
