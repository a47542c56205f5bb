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

export function readCachedRows(
  cache: KeyValueCache,
  compressor: TextCompressor,
  key: string,
): CampaignAnalytics[] | undefined {
  const count = Number(cache.getAll([key])[key]);
  if (!Number.isInteger(count) || count < 1) return undefined;
  const keys = Array.from({ length: count }, (_, index) => partKey(key, index));
  const parts = cache.getAll(keys);
  if (keys.some((part) => parts[part] === undefined)) return undefined;
  try {
    return fromCompactJson(compressor.decompress(keys.map((part) => parts[part]).join('')));
  } catch {
    // A damaged entry is a miss: the response is simply fetched again.
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
  const packed = compressor.compress(toCompactJson(rows));
  const count = Math.max(1, Math.ceil(packed.length / MAX_PART_LENGTH));
  if (count > MAX_PARTS) return false;
  const entries: Record<string, string> = { [key]: String(count) };
  for (let index = 0; index < count; index++) {
    entries[partKey(key, index)] = packed.slice(
      index * MAX_PART_LENGTH,
      (index + 1) * MAX_PART_LENGTH,
    );
  }
  cache.putAll(entries, ttlSeconds);
  return true;
}
