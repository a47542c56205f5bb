/**
 * Keeps analytics responses in a key-value cache whose entries hold at most 100 KB: the rows
 * are stored compactly, compressed, and split over as many entries as they need.
 */
import { API_FIELDS } from './fields';
import type { CampaignAnalytics, FieldValue } from './response';

export interface KeyValueCache {
  getAll(keys: string[]): Record<string, string>;
  putAll(values: Record<string, string>, ttlSeconds: number): void;
}

export interface TextCompressor {
  compress(text: string): string;
  decompress(text: string): string;
}

/** Below CacheService's 100 KB per value, leaving room for the encoding. */
export const MAX_PART_LENGTH = 90_000;
/** Beyond this a response is not worth caching (CacheService is not a database). */
export const MAX_PARTS = 40;

const FIELD_NAMES = API_FIELDS.map((field) => field.name);

type CompactRow = (FieldValue | null)[];

export function toCompactJson(rows: readonly CampaignAnalytics[]): string {
  const compact: CompactRow[] = rows.map((row) => FIELD_NAMES.map((name) => row[name] ?? null));
  return JSON.stringify(compact);
}

export function fromCompactJson(json: string): CampaignAnalytics[] {
  return (JSON.parse(json) as CompactRow[]).map((values) => {
    const row: Record<string, FieldValue> = {};
    values.forEach((value, index) => {
      if (value !== null) row[FIELD_NAMES[index]] = value;
    });
    return row as CampaignAnalytics;
  });
}

const partKey = (key: string, index: number) => `${key}:${index}`;

/**
 * Reads several cached texts with two cache calls in all, however many keys: the part counts,
 * then every part. A key whose parts are incomplete or damaged is simply absent (a miss).
 */
export function readCachedTexts(
  cache: KeyValueCache,
  compressor: TextCompressor,
  keys: readonly string[],
): Map<string, string> {
  const counts = cache.getAll([...keys]);
  const partKeys = new Map<string, string[]>();
  for (const key of keys) {
    const count = Number(counts[key]);
    if (Number.isInteger(count) && count >= 1) {
      partKeys.set(
        key,
        Array.from({ length: count }, (_, index) => partKey(key, index)),
      );
    }
  }
  const found = new Map<string, string>();
  if (partKeys.size === 0) return found;
  const parts = cache.getAll([...partKeys.values()].flat());
  for (const [key, names] of partKeys) {
    if (names.some((name) => parts[name] === undefined)) continue;
    try {
      found.set(key, compressor.decompress(names.map((name) => parts[name]).join('')));
    } catch {
      // A damaged entry is a miss: the response is simply fetched again.
    }
  }
  return found;
}

/**
 * Caches several texts with one cache call, each compressed and split into parts; returns the
 * keys that were cached (a text too large to cache is simply not kept).
 */
export function writeCachedTexts(
  cache: KeyValueCache,
  compressor: TextCompressor,
  texts: ReadonlyMap<string, string>,
  ttlSeconds: number,
): string[] {
  const entries: Record<string, string> = {};
  const written: string[] = [];
  for (const [key, text] of texts) {
    const packed = compressor.compress(text);
    const count = Math.max(1, Math.ceil(packed.length / MAX_PART_LENGTH));
    if (count > MAX_PARTS) continue;
    entries[key] = String(count);
    for (let index = 0; index < count; index++) {
      entries[partKey(key, index)] = packed.slice(
        index * MAX_PART_LENGTH,
        (index + 1) * MAX_PART_LENGTH,
      );
    }
    written.push(key);
  }
  if (written.length > 0) cache.putAll(entries, ttlSeconds);
  return written;
}

export function readCachedRows(
  cache: KeyValueCache,
  compressor: TextCompressor,
  key: string,
): CampaignAnalytics[] | undefined {
  const text = readCachedTexts(cache, compressor, [key]).get(key);
  if (text === undefined) return undefined;
  try {
    return fromCompactJson(text);
  } catch {
    return undefined;
  }
}

/** Returns whether the rows were cached; a response too large to cache is simply not kept. */
export function writeCachedRows(
  cache: KeyValueCache,
  compressor: TextCompressor,
  key: string,
  rows: readonly CampaignAnalytics[],
  ttlSeconds: number,
): boolean {
  const texts = new Map([[key, toCompactJson(rows)]]);
  return writeCachedTexts(cache, compressor, texts, ttlSeconds).length > 0;
}
