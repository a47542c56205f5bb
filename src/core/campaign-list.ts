/**
 * Every campaign of a workspace, from GET /api/v2/campaigns. The analytics endpoints leave out
 * campaigns that have never sent (drafts, campaigns just launched); the list has them all.
 */
import type { ApiCall } from './api-call';
import { type ClientOptions, callApi } from './api-client';
import { API_FIELDS } from './fields';
import {
  type CampaignAnalytics,
  type FieldValue,
  MalformedResponseError,
  parseJsonBody,
} from './response';

export const CAMPAIGNS_PATH = '/api/v2/campaigns';
/** The most the endpoint returns per page. */
export const PAGE_SIZE = 100;
/** 100,000 campaigns: far beyond any workspace, and a stop for a cursor that never ends. */
export const MAX_PAGES = 1000;

export interface CampaignSummary {
  readonly id: string;
  readonly name: string;
  /** Instantly's status code (0 Draft, 1 Active, …). */
  readonly status?: number;
  readonly isEvergreen?: boolean;
}

export interface CampaignPage {
  readonly items: readonly CampaignSummary[];
  readonly nextStartingAfter?: string;
}

export function campaignPageCall(startingAfter?: string): ApiCall<CampaignPage> {
  const params: [string, string][] = [['limit', String(PAGE_SIZE)]];
  if (startingAfter) params.push(['starting_after', startingAfter]);
  return { path: CAMPAIGNS_PATH, params, parse: parseCampaignPage };
}

export function parseCampaignPage(body: string): CampaignPage {
  const parsed = parseJsonBody(body);
  const page = parsed as { items?: unknown; next_starting_after?: unknown };
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray(page.items)) {
    throw new MalformedResponseError('expected a page of campaigns');
  }
  const next = page.next_starting_after;
  return {
    items: page.items.map(parseSummary),
    nextStartingAfter: typeof next === 'string' && next ? next : undefined,
  };
}

function parseSummary(item: unknown, index: number): CampaignSummary {
  const source = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
  if (typeof source.id !== 'string' || !source.id) {
    throw new MalformedResponseError(`campaign ${index + 1} of the list has no id`);
  }
  return {
    id: source.id,
    name: typeof source.name === 'string' ? source.name : '',
    status: typeof source.status === 'number' ? source.status : undefined,
    isEvergreen: typeof source.is_evergreen === 'boolean' ? source.is_evergreen : undefined,
  };
}

/**
 * Follows the cursor page by page. The last page may still carry a cursor, so an empty page
 * ends the list, and so does a cursor that does not move.
 */
export function listCampaigns(client: ClientOptions): CampaignSummary[] {
  const campaigns: CampaignSummary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = callApi(campaignPageCall(cursor), client);
    campaigns.push(...answer.items);
    cursor = nextCursor(answer, cursor);
    if (cursor === undefined) break;
  }
  return campaigns;
}

/** Where the next page starts; undefined once the list has ended. */
export function nextCursor(page: CampaignPage, cursor: string | undefined): string | undefined {
  const next = page.nextStartingAfter;
  return page.items.length === 0 || !next || next === cursor ? undefined : next;
}

const ZERO_COUNTS: Readonly<Record<string, FieldValue>> = Object.fromEntries(
  API_FIELDS.filter((field) => field.kind === 'count' || field.kind === 'money').map((field) => [
    field.name,
    0,
  ]),
);

/**
 * The analytics rows, then every listed campaign they lack, with zero counts and its real
 * status, so a draft shows up (and resolves by name) like any other campaign.
 */
export function withNeverSent(
  analytics: readonly CampaignAnalytics[],
  listed: readonly CampaignSummary[],
): CampaignAnalytics[] {
  const known = new Set(analytics.map((row) => row.campaign_id));
  const missing = listed
    .filter((campaign) => !known.has(campaign.id))
    .map((campaign): CampaignAnalytics => {
      const row: Record<string, FieldValue> = {
        ...ZERO_COUNTS,
        campaign_id: campaign.id,
        campaign_name: campaign.name,
      };
      if (campaign.status !== undefined) row.campaign_status = campaign.status;
      if (campaign.isEvergreen !== undefined) row.campaign_is_evergreen = campaign.isEvergreen;
      return row as CampaignAnalytics;
    });
  return [...analytics, ...missing];
}
