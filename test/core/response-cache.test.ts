import { parseAnalyticsBody } from '../../src/core/response';
import {
  fromCompactJson,
  MAX_PART_LENGTH,
  MAX_PARTS,
  readCachedRows,
  type TextCompressor,
  toCompactJson,
  writeCachedRows,
} from '../../src/core/response-cache';
import {
  apiCampaign,
  campaign,
  campaignId,
  identityCompressor,
  memoryCache,
  reversingCompressor,
} from './fakes';

const KEY = 'analytics:g1:2024-01-01:2024-01-31:nl';

const manyRows = (count: number) =>
  Array.from({ length: count }, (_, index) =>
    campaign(index, { campaign_name: `Campaign number ${index} — outbound 🚀` }),
  );

/** A compressor whose output has a fixed length, whatever the input. */
const paddingCompressor = (length: number): TextCompressor => ({
  compress: () => 'x'.repeat(length),
  decompress: () => '[]',
});

describe('compact JSON', () => {
  test('round-trips rows, including absent fields, zero and false', () => {
    const rows = [
      campaign(1),
      campaign(2, { campaign_status: 0, campaign_is_evergreen: false, bounced_count: 0 }),
      ...parseAnalyticsBody(JSON.stringify([{ campaign_id: campaignId(3), open_count: 4 }])),
    ];
    const back = fromCompactJson(toCompactJson(rows));
    expect(back).toEqual(rows);
    expect('leads_count' in back[2]).toBe(false);
    expect(back[1].campaign_is_evergreen).toBe(false);
  });

  test('is smaller than plain JSON of the same rows', () => {
    const rows = manyRows(50);
    expect(toCompactJson(rows).length).toBeLessThan(JSON.stringify(rows).length * 0.6);
  });

  test('keeps only API fields', () => {
    const [back] = fromCompactJson(toCompactJson([campaign(1, { extra: 'dropped' })]));
    expect(back).toEqual(apiCampaign(1));
  });
});

describe('writeCachedRows and readCachedRows', () => {
  test('round-trip through the compressor, both ways', () => {
    const cache = memoryCache();
    const rows = [campaign(1), campaign(2, { campaign_name: 'Ünïcødé 🚀' })];
    expect(writeCachedRows(cache, reversingCompressor, KEY, rows, 300)).toBe(true);
    expect(cache.store.get(KEY)).toBe('1');
    expect(cache.store.get(`${KEY}:0`)).toBe(reversingCompressor.compress(toCompactJson(rows)));
    expect(readCachedRows(cache, reversingCompressor, KEY)).toEqual(rows);
  });

  test('writes every entry in one putAll with the given lifetime', () => {
    const cache = memoryCache();
    writeCachedRows(cache, reversingCompressor, KEY, [campaign(1)], 123);
    expect(cache.writes).toHaveLength(1);
    expect(cache.writes[0].ttlSeconds).toBe(123);
    expect(Object.keys(cache.writes[0].values).sort()).toEqual([KEY, `${KEY}:0`]);
  });

  test('an empty list is cached and read back as an empty list, not as a miss', () => {
    const cache = memoryCache();
    expect(writeCachedRows(cache, reversingCompressor, KEY, [], 300)).toBe(true);
    expect(readCachedRows(cache, reversingCompressor, KEY)).toEqual([]);
  });

  test('nothing cached is a miss', () => {
    expect(readCachedRows(memoryCache(), reversingCompressor, KEY)).toBeUndefined();
  });

  test('another key is a miss', () => {
    const cache = memoryCache();
    writeCachedRows(cache, reversingCompressor, KEY, [campaign(1)], 300);
    expect(readCachedRows(cache, reversingCompressor, `${KEY}x`)).toBeUndefined();
    expect(
      readCachedRows(cache, reversingCompressor, 'analytics:g2:2024-01-01:2024-01-31:nl'),
    ).toBeUndefined();
  });

  test.each(['0', '-1', 'abc', '1.5', ''])('a part count of %j is a miss', (count) => {
    const cache = memoryCache();
    writeCachedRows(cache, reversingCompressor, KEY, [campaign(1)], 300);
    cache.store.set(KEY, count);
    expect(readCachedRows(cache, reversingCompressor, KEY)).toBeUndefined();
  });

  test('large data is split into several parts of at most MAX_PART_LENGTH', () => {
    const cache = memoryCache();
    const rows = manyRows(10_000);
    const packed = toCompactJson(rows);
    const expectedParts = Math.ceil(packed.length / MAX_PART_LENGTH);
    expect(expectedParts).toBeGreaterThan(5);
    expect(expectedParts).toBeLessThanOrEqual(MAX_PARTS);

    expect(writeCachedRows(cache, identityCompressor, KEY, rows, 300)).toBe(true);
    expect(cache.store.get(KEY)).toBe(String(expectedParts));
    const parts = Array.from({ length: expectedParts }, (_, index) =>
      cache.store.get(`${KEY}:${index}`),
    );
    for (const part of parts) {
      expect(part).toBeDefined();
      expect((part as string).length).toBeLessThanOrEqual(MAX_PART_LENGTH);
    }
    expect(parts.slice(0, -1).every((part) => part?.length === MAX_PART_LENGTH)).toBe(true);
    expect(parts.join('')).toBe(packed);
    expect(cache.store.has(`${KEY}:${expectedParts}`)).toBe(false);
    expect(cache.writes).toHaveLength(1);

    const back = readCachedRows(cache, identityCompressor, KEY);
    expect(back).toHaveLength(10_000);
    expect(back).toEqual(rows);
  });

  test('a missing part is a miss', () => {
    const cache = memoryCache();
    writeCachedRows(cache, identityCompressor, KEY, manyRows(2000), 300);
    expect(Number(cache.store.get(KEY))).toBeGreaterThan(2);
    cache.store.delete(`${KEY}:1`);
    expect(readCachedRows(cache, identityCompressor, KEY)).toBeUndefined();
  });

  test('a missing last part is a miss', () => {
    const cache = memoryCache();
    writeCachedRows(cache, identityCompressor, KEY, manyRows(2000), 300);
    cache.store.delete(`${KEY}:${Number(cache.store.get(KEY)) - 1}`);
    expect(readCachedRows(cache, identityCompressor, KEY)).toBeUndefined();
  });

  test('a smaller write replaces a larger one', () => {
    const cache = memoryCache();
    writeCachedRows(cache, identityCompressor, KEY, manyRows(2000), 300);
    writeCachedRows(cache, identityCompressor, KEY, [campaign(7)], 300);
    expect(readCachedRows(cache, identityCompressor, KEY)).toEqual([campaign(7)]);
  });

  test('exactly MAX_PARTS parts are cached', () => {
    const cache = memoryCache();
    const compressor = paddingCompressor(MAX_PARTS * MAX_PART_LENGTH);
    expect(writeCachedRows(cache, compressor, KEY, [], 300)).toBe(true);
    expect(cache.store.get(KEY)).toBe(String(MAX_PARTS));
    expect(cache.store.get(`${KEY}:${MAX_PARTS - 1}`)).toHaveLength(MAX_PART_LENGTH);
  });

  test('too many parts: not cached, and false', () => {
    const cache = memoryCache();
    const compressor = paddingCompressor(MAX_PARTS * MAX_PART_LENGTH + 1);
    expect(writeCachedRows(cache, compressor, KEY, [campaign(1)], 300)).toBe(false);
    expect(cache.writes).toEqual([]);
    expect(readCachedRows(cache, compressor, KEY)).toBeUndefined();
  });

  test('parts stay below CacheService’s 100 KB per value', () => {
    expect(MAX_PART_LENGTH).toBeLessThan(100 * 1024);
  });
});
