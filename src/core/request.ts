/** Builds analytics request URLs within UrlFetchApp's URL length limit. */
import { type ApiCall, callUrl, dateParams } from './api-call';
import type { DateRange } from './dates';
import { type CampaignAnalytics, parseAnalyticsBody } from './response';

export const ANALYTICS_PATH = '/api/v2/campaigns/analytics';

/** UrlFetchApp refuses longer URLs (the documented limit is 2 KB). */
export const MAX_URL_LENGTH = 2000;

export interface AnalyticsQuery {
  /** Campaign ids; absent means every campaign of the workspace. */
  readonly ids?: readonly string[];
  readonly range: DateRange;
  readonly includeLeads: boolean;
}

export function analyticsCall(query: AnalyticsQuery): ApiCall<CampaignAnalytics[]> {
  const params: [string, string][] = (query.ids ?? []).map((id) => ['ids', id]);
  params.push(...dateParams(query.range));
  if (!query.includeLeads) params.push(['exclude_total_leads_count', 'true']);
  return { path: ANALYTICS_PATH, params, parse: parseAnalyticsBody };
}

export function analyticsUrl(baseUrl: string, query: AnalyticsQuery): string {
  return callUrl(baseUrl, analyticsCall(query));
}

/**
 * One request serves any selection: the ids themselves when they fit in one URL, otherwise
 * every campaign (one request, filtered locally), which never costs more requests than
 * splitting the ids over several URLs would.
 */
export function planRequest(baseUrl: string, query: AnalyticsQuery): AnalyticsQuery {
  if (!query.ids || analyticsUrl(baseUrl, query).length <= MAX_URL_LENGTH) return query;
  return { range: query.range, includeLeads: query.includeLeads };
}
