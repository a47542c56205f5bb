/**
 * GET /api/v2/campaigns/analytics/overview: one set of totals for the whole workspace or for the
 * campaigns named by `ids`, with the outcomes funnel (interested, meetings, closed) that no other
 * endpoint reports.
 */
import { type ApiCall, callUrl, dateParams } from './api-call';
import type { DateRange } from './dates';
import {
  API_FIELDS,
  type FieldCatalog,
  type FieldSpec,
  OUTCOME_FIELDS,
  OUTCOME_RATE_FIELDS,
  RATE_FIELDS,
  WORKSPACE_FIELD,
} from './fields';
import { MAX_URL_LENGTH } from './request';
import {
  type CampaignAnalytics,
  MalformedResponseError,
  parseJsonBody,
  readCounts,
} from './response';
import { type ConnectedSource, fetchAcross, sourceFor } from './workspace-data';

export const OVERVIEW_PATH = '/api/v2/campaigns/analytics/overview';

/** Every field of the overview response: the analytics counts (no leads count) and the outcomes. */
export const OVERVIEW_COUNT_FIELDS: readonly FieldSpec[] = [
  ...API_FIELDS.filter(
    (field) => (field.kind === 'count' || field.kind === 'money') && field.name !== 'leads_count',
  ),
  ...OUTCOME_FIELDS,
];

/** `INSTANTLY_OVERVIEW`: the response's fields and every rate over `contacted_count`. */
export const OVERVIEW_FIELDS: FieldCatalog = {
  all: [WORKSPACE_FIELD, ...OVERVIEW_COUNT_FIELDS, ...RATE_FIELDS, ...OUTCOME_RATE_FIELDS],
  defaults: [
    'contacted_count',
    'emails_sent_count',
    'reply_count_unique',
    'reply_rate',
    'total_opportunities',
    'total_interested',
    'interested_rate',
    'total_meeting_booked',
    'meeting_booked_rate',
    'total_closed',
    'closed_rate',
  ],
};

/** The overview's totals by field name; a field the response leaves out is absent. */
export type Overview = Readonly<Record<string, number>>;

export function overviewCall(
  ids: readonly string[] | undefined,
  range: DateRange,
): ApiCall<Overview> {
  const params: [string, string][] = (ids ?? []).map((id) => ['ids', id]);
  params.push(...dateParams(range));
  return { path: OVERVIEW_PATH, params, parse: parseOverviewBody };
}

/**
 * The calls that cover a selection: none given is the workspace (one call); otherwise as few
 * calls as hold the ids within UrlFetchApp's URL limit. Their totals add up to the selection's,
 * since each campaign is counted in one call only.
 */
export function overviewCalls(
  baseUrl: string,
  ids: readonly string[] | undefined,
  range: DateRange,
): ApiCall<Overview>[] {
  if (ids === undefined) return [overviewCall(undefined, range)];
  const groups: string[][] = [];
  for (const id of new Set(ids)) {
    const last = groups[groups.length - 1];
    const fits =
      last && callUrl(baseUrl, overviewCall([...last, id], range)).length <= MAX_URL_LENGTH;
    if (fits) last.push(id);
    else groups.push([id]);
  }
  return groups.map((group) => overviewCall(group, range));
}

export function parseOverviewBody(body: string): Overview {
  const parsed = parseJsonBody(body);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedResponseError('expected the overview object');
  }
  const names = OVERVIEW_COUNT_FIELDS.map((field) => field.name);
  return readCounts(parsed as Record<string, unknown>, names, 'the overview');
}

/** Totals of several overviews; a field missing from all of them stays missing. */
export function addOverviews(parts: readonly Overview[]): Overview {
  const sum: Record<string, number> = {};
  for (const part of parts) {
    for (const [name, value] of Object.entries(part)) sum[name] = (sum[name] ?? 0) + value;
  }
  return sum;
}

/** The campaigns of one workspace to add up; no ids means the whole workspace. */
export interface OverviewScope {
  readonly source: ConnectedSource;
  readonly ids?: readonly string[];
}

/** The totals of each scope, every call of every workspace side by side, through the cache. */
export function fetchOverviews(scopes: readonly OverviewScope[], range: DateRange): Overview[] {
  const calls = scopes.map(({ source, ids }) =>
    overviewCalls(source.client.baseUrl, ids, range).map((call) => ({ source, call })),
  );
  const values = fetchAcross(calls.flat());
  let next = 0;
  return calls.map((group) => addOverviews(group.map(() => values[next++])));
}

/**
 * Each campaign with its outcomes for the range: one overview request per campaign, with its
 * workspace's key, sent side by side within each workspace's rate limits and shared through the
 * cache. A failure throws, naming the workspace.
 */
export function withOutcomes(
  sources: readonly ConnectedSource[],
  campaigns: readonly CampaignAnalytics[],
  range: DateRange,
): CampaignAnalytics[] {
  const overviews = fetchAcross(
    campaigns.map((campaign) => ({
      source: sourceFor(sources, campaign),
      call: overviewCall([campaign.campaign_id], range),
    })),
  );
  return campaigns.map((campaign, index) => {
    const outcomes = OUTCOME_FIELDS.map(({ name }) => [name, overviews[index][name]] as const);
    return {
      ...campaign,
      ...Object.fromEntries(outcomes.filter(([, value]) => value !== undefined)),
    };
  });
}
