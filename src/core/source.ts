/** Where analytics come from: a shared cache of all-campaign responses, or the API. */

import { type ClientOptions, fetchAnalytics } from './api-client';
import { pickCampaigns } from './campaigns';
import type { DateRange } from './dates';
import { type AnalyticsQuery, planRequest } from './request';
import type { CampaignAnalytics } from './response';
import {
  type KeyValueCache,
  readCachedRows,
  type TextCompressor,
  writeCachedRows,
} from './response-cache';
import { CACHE_ANALYTICS_PREFIX } from './storage-keys';

export interface SharedCache {
  readonly cache: KeyValueCache;
  readonly compressor: TextCompressor;
  /** Changes whenever cached responses must no longer be used (a new key, a refresh). */
  readonly generation: string;
  readonly ttlSeconds: number;
  /** Runs a fetch so that concurrent recalculations wait for it instead of repeating it. */
  exclusively<T>(work: () => T): T;
}

export function cacheKey(generation: string, range: DateRange, includeLeads: boolean): string {
  const parts = [generation, range.start ?? '-', range.end ?? '-', includeLeads ? 'leads' : 'nl'];
  return CACHE_ANALYTICS_PREFIX + parts.join(':');
}

/**
 * Every campaign for a date range. Dashboards ask for the same range from many cells, so one
 * response per range is shared through the cache and fetched once per cache lifetime.
 */
export function allCampaigns(
  range: DateRange,
  includeLeads: boolean,
  client: ClientOptions,
  shared: SharedCache,
): CampaignAnalytics[] {
  const key = cacheKey(shared.generation, range, includeLeads);
  const cached = () => readCachedRows(shared.cache, shared.compressor, key);
  return (
    cached() ??
    shared.exclusively(() => {
      const afterWaiting = cached();
      if (afterWaiting) return afterWaiting;
      return fetchAndShare({ range, includeLeads }, client, shared);
    })
  );
}

function fetchAndShare(
  query: AnalyticsQuery,
  client: ClientOptions,
  shared: SharedCache,
): CampaignAnalytics[] {
  const rows = fetchAnalytics(query, client);
  const key = cacheKey(shared.generation, query.range, query.includeLeads);
  writeCachedRows(shared.cache, shared.compressor, key, rows, shared.ttlSeconds);
  return rows;
}

/** Fresh analytics for a refresh: the chosen ids, or all campaigns (then shared for formulas). */
export function freshCampaigns(
  query: AnalyticsQuery,
  client: ClientOptions,
  shared: SharedCache,
): CampaignAnalytics[] {
  const planned = planRequest(client.baseUrl, query);
  const rows = planned.ids
    ? fetchAnalytics(planned, client)
    : fetchAndShare(planned, client, shared);
  return query.ids ? pickCampaigns(rows, query.ids) : rows;
}
