/** Where analytics come from: a shared cache of all-campaign responses, or the API. */
import { type ClientOptions, fetchAnalytics } from './api-client';
import type { SharedCache } from './cached-calls';
import { type CampaignSummary, listCampaigns, withNeverSent } from './campaign-list';
import { pickCampaigns } from './campaigns';
import type { DateRange } from './dates';
import type { AnalyticsQuery } from './request';
import type { CampaignAnalytics } from './response';
import {
  readCachedRows,
  readCachedTexts,
  writeCachedRows,
  writeCachedTexts,
} from './response-cache';
import { CACHE_ANALYTICS_PREFIX, CACHE_CAMPAIGN_LIST_PREFIX } from './storage-keys';

/** The campaign list changes rarely (a new campaign, a rename): an hour, renewed by a refresh. */
export const CAMPAIGN_LIST_SECONDS = 3600;

export function cacheKey(generation: string, range: DateRange, includeLeads: boolean): string {
  const parts = [generation, range.start ?? '-', range.end ?? '-', includeLeads ? 'leads' : 'nl'];
  return CACHE_ANALYTICS_PREFIX + parts.join(':');
}

export function campaignListKey(generation: string): string {
  return CACHE_CAMPAIGN_LIST_PREFIX + generation;
}

/** The workspace's campaign list as cached, if it is. */
export function readCampaignList(shared: SharedCache): CampaignSummary[] | undefined {
  const key = campaignListKey(shared.generation);
  const text = readCachedTexts(shared.cache, shared.compressor, [key]).get(key);
  return text === undefined ? undefined : (JSON.parse(text) as CampaignSummary[]);
}

export function storeCampaignList(shared: SharedCache, campaigns: CampaignSummary[]): void {
  const texts = new Map([[campaignListKey(shared.generation), JSON.stringify(campaigns)]]);
  writeCachedTexts(shared.cache, shared.compressor, texts, CAMPAIGN_LIST_SECONDS);
}

/** Every campaign of the workspace, drafts included, shared through the cache for an hour. */
export function cachedCampaignList(client: ClientOptions, shared: SharedCache): CampaignSummary[] {
  return (
    readCampaignList(shared) ??
    shared.exclusively(() => {
      const afterWaiting = readCampaignList(shared);
      if (afterWaiting) return afterWaiting;
      const campaigns = listCampaigns(client);
      storeCampaignList(shared, campaigns);
      return campaigns;
    })
  );
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
  const listed = cachedCampaignList(client, shared);
  const query = { range, includeLeads };
  const analytics =
    readAnalytics(shared, query) ??
    shared.exclusively(() => readAnalytics(shared, query) ?? fetchAndShare(query, client, shared));
  return withNeverSent(analytics, listed);
}

/** The workspace's all-campaigns analytics for the query's range, as cached, if they are. */
export function readAnalytics(
  shared: SharedCache,
  query: AnalyticsQuery,
): CampaignAnalytics[] | undefined {
  const key = cacheKey(shared.generation, query.range, query.includeLeads);
  return readCachedRows(shared.cache, shared.compressor, key);
}

/** Shares an all-campaigns answer with every formula of the spreadsheet. */
export function storeAnalytics(
  shared: SharedCache,
  query: AnalyticsQuery,
  rows: readonly CampaignAnalytics[],
): void {
  const key = cacheKey(shared.generation, query.range, query.includeLeads);
  writeCachedRows(shared.cache, shared.compressor, key, rows, shared.ttlSeconds);
}

function fetchAndShare(
  query: AnalyticsQuery,
  client: ClientOptions,
  shared: SharedCache,
): CampaignAnalytics[] {
  const rows = fetchAnalytics(query, client);
  storeAnalytics(shared, query, rows);
  return rows;
}

/**
 * A refresh's rows from the answer to its planned query: an all-campaigns answer is shared for
 * formulas; the chosen (or every) listed campaign the answer lacks joins it; chosen ones come
 * in the order chosen.
 */
export function freshRows(
  query: AnalyticsQuery,
  planned: AnalyticsQuery,
  rows: CampaignAnalytics[],
  listed: readonly CampaignSummary[],
  shared: SharedCache,
): CampaignAnalytics[] {
  if (!planned.ids) storeAnalytics(shared, planned, rows);
  const chosen = query.ids ? new Set(query.ids) : undefined;
  const merged = withNeverSent(
    rows,
    listed.filter((campaign) => !chosen || chosen.has(campaign.id)),
  );
  return query.ids ? pickCampaigns(merged, query.ids) : merged;
}
