/** Where analytics come from: a shared cache of all-campaign responses, or the API. */
import { type ClientOptions, fetchAnalytics } from './api-client';
import type { SharedCache } from './cached-calls';
import { type CampaignSummary, listCampaigns, withNeverSent } from './campaign-list';
import { pickCampaigns } from './campaigns';
import type { DateRange } from './dates';
import { type AnalyticsQuery, planRequest } from './request';
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

/** Every campaign of the workspace, drafts included, shared through the cache for an hour. */
export function cachedCampaignList(client: ClientOptions, shared: SharedCache): CampaignSummary[] {
  const key = campaignListKey(shared.generation);
  const cached = () => {
    const text = readCachedTexts(shared.cache, shared.compressor, [key]).get(key);
    return text === undefined ? undefined : (JSON.parse(text) as CampaignSummary[]);
  };
  return (
    cached() ??
    shared.exclusively(() => {
      const afterWaiting = cached();
      if (afterWaiting) return afterWaiting;
      const campaigns = listCampaigns(client);
      const texts = new Map([[key, JSON.stringify(campaigns)]]);
      writeCachedTexts(shared.cache, shared.compressor, texts, CAMPAIGN_LIST_SECONDS);
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
  const key = cacheKey(shared.generation, range, includeLeads);
  const cached = () => readCachedRows(shared.cache, shared.compressor, key);
  const analytics =
    cached() ??
    shared.exclusively(() => {
      const afterWaiting = cached();
      if (afterWaiting) return afterWaiting;
      return fetchAndShare({ range, includeLeads }, client, shared);
    });
  return withNeverSent(analytics, listed);
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
  const listed = cachedCampaignList(client, shared);
  const planned = planRequest(client.baseUrl, query);
  const rows = planned.ids
    ? fetchAnalytics(planned, client)
    : fetchAndShare(planned, client, shared);
  const chosen = query.ids ? new Set(query.ids) : undefined;
  const merged = withNeverSent(
    rows,
    listed.filter((campaign) => !chosen || chosen.has(campaign.id)),
  );
  return query.ids ? pickCampaigns(merged, query.ids) : merged;
}
