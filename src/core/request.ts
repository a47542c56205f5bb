/** Builds analytics request URLs within UrlFetchApp's URL length limit. */
import type { DateRange } from './dates';

export const ANALYTICS_PATH = '/api/v2/campaigns/analytics';

/** UrlFetchApp refuses longer URLs (the documented limit is 2 KB). */
export const MAX_URL_LENGTH = 2000;

export interface AnalyticsQuery {
  /** Campaign ids; absent means every campaign of the workspace. */
  readonly ids?: readonly string[];
  readonly range: DateRange;
  readonly includeLeads: boolean;
}

export function analyticsUrl(baseUrl: string, query: AnalyticsQuery): string {
  const params: string[] = (query.ids ?? []).map((id) => `ids=${encodeURIComponent(id)}`);
  if (query.range.start) params.push(`start_date=${query.range.start}`);
  if (query.range.end) params.push(`end_date=${query.range.end}`);
  if (!query.includeLeads) params.push('exclude_total_leads_count=true');
  const root = baseUrl.replace(/\/+$/, '') + ANALYTICS_PATH;
  return params.length > 0 ? `${root}?${params.join('&')}` : root;
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
