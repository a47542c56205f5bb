/**
 * What the stand-in's endpoints derive from a workspace besides the per-campaign analytics: the
 * campaign list items, daily rows, step rows, the overview and the workspace object. Pure and
 * deterministic, and everything adds up: a campaign's daily rows and its step rows sum to its
 * analytics totals for the same range, and an overview is the sum of its campaigns' overviews.
 */
import {
  type ActivityCounts,
  type ActivityField,
  type ANALYTICS_FIELDS,
  addActivity,
  type DayRange,
  DEFAULT_CREATED,
  hasActivity,
  inRange,
  nameBasedUuid,
  OUTCOME_FIELDS,
  roundCents,
  type StandinCampaign,
  type StandinWorkspace,
  sumActivity,
  zeroActivity,
} from './workspace';

// ---------------------------------------------------------------------------------------------
// Daily rows

/** Each daily field and the activity field it reports; unique_opportunities is derived. */
export const DAILY_FIELDS = {
  sent: 'emails_sent_count',
  contacted: 'contacted_count',
  new_leads_contacted: 'new_leads_contacted_count',
  opened: 'open_count',
  unique_opened: 'open_count_unique',
  replies: 'reply_count',
  unique_replies: 'reply_count_unique',
  replies_automatic: 'reply_count_automatic',
  unique_replies_automatic: 'reply_count_automatic_unique',
  clicks: 'link_click_count',
  unique_clicks: 'link_click_count_unique',
  opportunities: 'total_opportunities',
} as const satisfies Record<string, ActivityField>;

export type DailyRow = { date: string } & Record<
  keyof typeof DAILY_FIELDS | 'unique_opportunities',
  number
>;

/**
 * Opportunities counted once per lead: a deterministic share of a day's opportunities (about three
 * in four, never more than all of them), so ranges add up day by day.
 */
export function uniqueOpportunities(opportunities: number): number {
  return opportunities - Math.floor(opportunities / 4);
}

/** One row per day with activity in range, oldest first, summed over the campaigns. */
export function dailyRows(campaigns: StandinCampaign[], range: DayRange): DailyRow[] {
  const rows = new Map<string, DailyRow>();
  for (const campaign of campaigns) {
    for (const [date, activity] of Object.entries(campaign.daily)) {
      if (!inRange(date, range) || !hasActivity(activity)) continue;
      const row = rows.get(date) ?? emptyDailyRow(date);
      for (const [name, field] of Object.entries(DAILY_FIELDS)) {
        row[name as keyof typeof DAILY_FIELDS] += activity[field] ?? 0;
      }
      row.unique_opportunities += uniqueOpportunities(activity.total_opportunities ?? 0);
      rows.set(date, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.date.localeCompare(b.date));
}

function emptyDailyRow(date: string): DailyRow {
  const counts = Object.keys(DAILY_FIELDS).map((name) => [name, 0]);
  return { date, ...Object.fromEntries(counts), unique_opportunities: 0 } as DailyRow;
}

/** The campaign's unique opportunities over the range, as its daily rows add them up. */
function uniqueOpportunitiesIn(campaign: StandinCampaign, range: DayRange): number {
  return Object.entries(campaign.daily)
    .filter(([day]) => inRange(day, range))
    .reduce((sum, [, activity]) => sum + uniqueOpportunities(activity.total_opportunities ?? 0), 0);
}

// ---------------------------------------------------------------------------------------------
// Step rows

/** Each step field and the activity field it reports; unique_opportunities is derived. */
export const STEP_FIELDS = {
  sent: 'emails_sent_count',
  opened: 'open_count',
  unique_opened: 'open_count_unique',
  replies: 'reply_count',
  unique_replies: 'reply_count_unique',
  replies_automatic: 'reply_count_automatic',
  unique_replies_automatic: 'reply_count_automatic_unique',
  clicks: 'link_click_count',
  unique_clicks: 'link_click_count_unique',
} as const satisfies Record<string, ActivityField>;

/** Present only with include_opportunities_count=true. */
export const STEP_OPPORTUNITY_FIELDS = {
  opportunities: 'total_opportunities',
  meetings_booked: 'total_meeting_booked',
  won: 'total_closed',
} as const satisfies Record<string, ActivityField>;

type StepCountField =
  | keyof typeof STEP_FIELDS
  | keyof typeof STEP_OPPORTUNITY_FIELDS
  | 'unique_opportunities';

export type StepRow = { step: string | null; variant: string | null } & Partial<
  Record<StepCountField, number>
>;

/** A step and variant (both null: events Instantly could not attribute) and its shares. */
interface StepBucket {
  step: string | null;
  variant: string | null;
  /** Share of the emails sent. */
  sendWeight: number;
  /** Share of everything that answers an email: opens, replies, clicks, outcomes. */
  responseWeight: number;
}

/**
 * One to three steps drawn from the campaign id; some steps run an A/B test whose B variant
 * draws more responses, and some campaigns have unattributed events (never sends).
 */
function stepBuckets(campaignId: string): StepBucket[] {
  const bits = Number.parseInt(campaignId.replace(/-/g, '').slice(-8), 16);
  const stepCount = 1 + (bits % 3);
  const buckets: StepBucket[] = [];
  for (let index = 0; index < stepCount; index++) {
    const step = String(index);
    const weight = stepCount - index; // later steps reach fewer leads
    if ((bits >>> (index + 2)) & 1) {
      buckets.push({ step, variant: '0', sendWeight: weight, responseWeight: 2 * weight });
      buckets.push({ step, variant: '1', sendWeight: weight, responseWeight: 3 * weight });
    } else {
      buckets.push({ step, variant: '0', sendWeight: 2 * weight, responseWeight: 5 * weight });
    }
  }
  if ((bits >>> 6) % 3 === 0) {
    buckets.push({ step: null, variant: null, sendWeight: 0, responseWeight: 1 });
  }
  return buckets;
}

/** The campaign's activity in range over its steps and variants; rows with nothing are left out. */
export function campaignStepRows(
  campaign: StandinCampaign,
  range: DayRange,
  includeOpportunities: boolean,
): StepRow[] {
  const totals: Record<StepCountField, number> = {
    ...mapFields(sumActivity(campaign.daily, range), STEP_FIELDS),
    ...mapFields(sumActivity(campaign.daily, range), STEP_OPPORTUNITY_FIELDS),
    unique_opportunities: uniqueOpportunitiesIn(campaign, range),
  };
  const buckets = stepBuckets(campaign.id);
  const shares = Object.fromEntries(
    Object.entries(totals).map(([name, total]) => {
      const weights = buckets.map((bucket) =>
        name === 'sent' ? bucket.sendWeight : bucket.responseWeight,
      );
      return [name, splitByWeight(total, weights)];
    }),
  ) as Record<StepCountField, number[]>;
  const shown = Object.keys(totals).filter(
    (name) => includeOpportunities || name in STEP_FIELDS,
  ) as StepCountField[];
  return buckets
    .map(
      ({ step, variant }, index): StepRow => ({
        step,
        variant,
        ...Object.fromEntries(shown.map((name) => [name, shares[name][index]])),
      }),
    )
    .filter((row) => shown.some((name) => row[name] !== 0));
}

/** Every campaign's step rows added up by step and variant, in order of first appearance. */
export function workspaceStepRows(
  campaigns: StandinCampaign[],
  range: DayRange,
  includeOpportunities: boolean,
): StepRow[] {
  const rows = new Map<string, StepRow>();
  for (const campaign of campaigns) {
    for (const row of campaignStepRows(campaign, range, includeOpportunities)) {
      const key = JSON.stringify([row.step, row.variant]);
      const sum = rows.get(key);
      if (!sum) rows.set(key, { ...row });
      else for (const name of countNames(row)) sum[name] = (sum[name] ?? 0) + (row[name] ?? 0);
    }
  }
  return [...rows.values()];
}

function countNames(row: StepRow): StepCountField[] {
  return Object.keys(row).filter(
    (name) => name !== 'step' && name !== 'variant',
  ) as StepCountField[];
}

/** Integer shares of `total` in proportion to `weights` that add up to it exactly. */
function splitByWeight(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  // Largest remainders first; ties go to the earlier bucket.
  const order = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .filter(({ index }) => weights[index] > 0)
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left-- <= 0) break;
    shares[index]++;
  }
  return shares;
}

function mapFields<Name extends string>(
  activity: ActivityCounts,
  fields: Record<Name, ActivityField>,
): Record<Name, number> {
  const entries = Object.entries(fields) as [Name, ActivityField][];
  return Object.fromEntries(entries.map(([name, field]) => [name, activity[field]])) as Record<
    Name,
    number
  >;
}

// ---------------------------------------------------------------------------------------------
// Overview

export type Overview = Record<(typeof ANALYTICS_FIELDS)[number], number> &
  Record<(typeof OUTCOME_FIELDS)[number], number>;

/**
 * The campaigns' totals with their outcomes. Outcomes count the first interest event per lead;
 * with `expandCrmEvents` every event counts, which here adds a quarter (rounded down) of each
 * campaign's outcome count as repeat events.
 */
export function overview(
  campaigns: StandinCampaign[],
  range: DayRange,
  expandCrmEvents: boolean,
): Overview {
  const totals = zeroActivity();
  for (const campaign of campaigns) {
    const activity = sumActivity(campaign.daily, range);
    if (expandCrmEvents) {
      for (const field of OUTCOME_FIELDS) activity[field] += Math.floor(activity[field] / 4);
    }
    addActivity(totals, activity);
  }
  totals.total_opportunity_value = roundCents(totals.total_opportunity_value);
  return totals;
}

// ---------------------------------------------------------------------------------------------
// Campaign list and workspace

/** Every sample campaign sends on weekdays, office hours, US Central time. */
const CAMPAIGN_SCHEDULE = {
  schedules: [
    {
      name: 'Weekdays',
      timing: { from: '09:00', to: '17:00' },
      days: { '1': true, '2': true, '3': true, '4': true, '5': true },
      timezone: 'America/Chicago',
    },
  ],
};

/** An item of GET /api/v2/campaigns (the Campaign schema's required fields and a few more). */
export function campaignListItem(campaign: StandinCampaign) {
  const created = campaign.created ?? DEFAULT_CREATED;
  const lastDay = Object.keys(campaign.daily).sort().pop();
  const lastActivity = lastDay && `${lastDay}T18:00:00.000Z`;
  return {
    id: campaign.id,
    name: campaign.name,
    status: campaign.status,
    is_evergreen: campaign.evergreen,
    campaign_schedule: CAMPAIGN_SCHEDULE,
    timestamp_created: created,
    timestamp_updated: lastActivity && lastActivity > created ? lastActivity : created,
  };
}

/** The Workspace schema object of GET /api/v2/workspaces/current. */
export function workspaceObject(workspace: StandinWorkspace) {
  const created = workspace.created ?? DEFAULT_CREATED;
  return {
    id: workspace.id,
    name: workspace.name,
    owner: nameBasedUuid(`owner:${workspace.id}`),
    timestamp_created: created,
    timestamp_updated: created,
    plan_id: workspace.paidPlan ? 'pid_hg_v1' : null,
    org_logo_url: null,
  };
}
