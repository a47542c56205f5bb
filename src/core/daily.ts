/**
 * Instantly's days: GET /api/v2/campaigns/analytics/daily, for the workspace or one campaign.
 * Instantly sends only the days with activity; every day of a range becomes a row here, a day
 * without activity being zeros. Days are Instantly's (UTC) calendar days, as `YYYY-MM-DD`.
 */
import { type ApiCall, dateParams } from './api-call';
import { addDays, type DayToDate, isIsoDate } from './dates';
import {
  count,
  ENGAGEMENT_COUNTS,
  engagementRates,
  type FieldCatalog,
  type FieldSpec,
  splitWorkspace,
  WORKSPACE_FIELD,
} from './fields';
import {
  type CampaignAnalytics,
  MalformedResponseError,
  parseObjectList,
  readCounts,
} from './response';
import { cellValue, headerRow, type SheetValue } from './table';
import { type ConnectedSource, fetchAcross } from './workspace-data';

export const DAILY_PATH = '/api/v2/campaigns/analytics/daily';

/** Every count of a daily row, in the order the API documents them. */
export const DAILY_COUNTS: readonly FieldSpec[] = [
  count('sent', 'Emails sent'),
  count('contacted', 'Contacted'),
  count('new_leads_contacted', 'New leads contacted'),
  ...ENGAGEMENT_COUNTS,
  count('opportunities', 'Opportunities'),
  count('unique_opportunities', 'Unique opportunities'),
];

/**
 * `INSTANTLY_DAILY`'s fields and the daily sheet's: the counts, and rates over the leads
 * contacted that day. The defaults mirror `INSTANTLY_ANALYTICS`'s: volume, then each unique
 * count beside its rate, then opportunities.
 */
export const DAILY_FIELDS: FieldCatalog = {
  all: [WORKSPACE_FIELD, ...DAILY_COUNTS, ...engagementRates('contacted')],
  defaults: [
    'contacted',
    'sent',
    'unique_opened',
    'open_rate',
    'unique_replies',
    'reply_rate',
    'unique_clicks',
    'click_rate',
    'opportunities',
  ],
};

/** One day's counts, by their API names, every count present. */
export interface DailyDay {
  readonly date: string;
  readonly [count: string]: string | number;
}

/** A campaign whose days are asked for by id and shown by name. */
export interface CampaignRef {
  readonly id: string;
  readonly name: string;
}

/** The days of one campaign, or (without a campaign) of the whole workspace. */
export interface DailySeries {
  readonly workspaceName: string;
  readonly campaign?: CampaignRef;
  readonly days: readonly DailyDay[];
}

/** Whose days to fetch: a campaign of a workspace, or the whole workspace. */
export interface DailyScope {
  readonly source: ConnectedSource;
  readonly campaign?: CampaignRef;
}

export function campaignRef(campaign: CampaignAnalytics): CampaignRef {
  return { id: campaign.campaign_id, name: campaign.campaign_name };
}

/** A range of whole days, both ends included. */
export interface DayRange {
  readonly start: string;
  readonly end: string;
}

export function dailyCall(
  campaignId: string | undefined,
  range: { readonly start?: string; readonly end?: string },
): ApiCall<DailyDay[]> {
  const campaign: [string, string][] = campaignId ? [['campaign_id', campaignId]] : [];
  return { path: DAILY_PATH, params: [...campaign, ...dateParams(range)], parse: parseDailyBody };
}

/** A count Instantly leaves out is none; one of another type makes the body malformed. */
export function parseDailyBody(body: string): DailyDay[] {
  return parseObjectList(body, 'day', parseDay);
}

function parseDay(source: Readonly<Record<string, unknown>>, index: number): DailyDay {
  if (typeof source.date !== 'string' || !isIsoDate(source.date)) {
    throw new MalformedResponseError(`day ${index + 1} has no YYYY-MM-DD date`);
  }
  const names = DAILY_COUNTS.map((field) => field.name);
  const counts = readCounts(source, names, `day ${index + 1}`);
  const zeros = Object.fromEntries(names.map((name) => [name, 0]));
  return { ...zeros, ...counts, date: source.date };
}

/**
 * The days of each scope, with its workspace's key, all side by side through the cache; the
 * first failure is thrown (naming the workspace), since a table with a campaign missing would
 * mislead.
 */
export function fetchDailySeries(
  scopes: readonly DailyScope[],
  range: { readonly start?: string; readonly end: string },
): DailySeries[] {
  const days = fetchAcross(
    scopes.map(({ source, campaign }) => ({ source, call: dailyCall(campaign?.id, range) })),
  );
  return scopes.map(({ source, campaign }, index) => ({
    workspaceName: source.workspace.name,
    ...(campaign ? { campaign } : {}),
    days: days[index],
  }));
}

/** Every day from start to end, oldest first. */
export function everyDay({ start, end }: DayRange): string[] {
  const days: string[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) days.push(day);
  return days;
}

export function dayCount({ start, end }: DayRange): number {
  return Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000) + 1;
}

const ZERO_COUNTS: Readonly<Record<string, number>> = Object.fromEntries(
  DAILY_COUNTS.map(({ name }) => [name, 0]),
);

/**
 * One row per day of the range, oldest first: Instantly's row for a day with activity, zeros for
 * the others. Rows outside the range are left out; two rows of one day add up.
 */
export function fillDays(days: readonly DailyDay[], range: DayRange): DailyDay[] {
  const byDate = new Map<string, Record<string, number>>();
  for (const day of days) {
    if (day.date < range.start || day.date > range.end) continue;
    const counts = byDate.get(day.date) ?? { ...ZERO_COUNTS };
    for (const { name } of DAILY_COUNTS) counts[name] += day[name] as number;
    byDate.set(day.date, counts);
  }
  return everyDay(range).map((date) => ({ date, ...(byDate.get(date) ?? ZERO_COUNTS) }));
}

export function fillSeries(series: readonly DailySeries[], range: DayRange): DailySeries[] {
  return series.map((one) => ({ ...one, days: fillDays(one.days, range) }));
}

/** Whether anything happened that day. */
export function hasActivity(day: DailyDay): boolean {
  return DAILY_COUNTS.some(({ name }) => day[name] !== 0);
}

/** A range without a first day (a blank start_date, say) covers this many days. */
export const DEFAULT_DAILY_DAYS = 30;

/** The range that ends on `end` and holds `days` days. */
export function daysEndingOn(end: string, days: number): DayRange {
  return { start: addDays(end, -(days - 1)), end };
}

/**
 * The header of a table of days: the workspace (when among the fields), the campaign (a table of
 * several campaigns' days), the date, then the other fields.
 */
export function dailyHeader(fields: readonly FieldSpec[], byCampaign: boolean): string[] {
  const [leading, rest] = splitWorkspace(fields);
  return [...headerRow(leading), ...(byCampaign ? ['Campaign'] : []), 'Date', ...headerRow(rest)];
}

/** One row per day of each series, in dailyHeader's columns; names are as given by `name`. */
export function seriesRows(
  series: readonly DailySeries[],
  fields: readonly FieldSpec[],
  dayToDate: DayToDate,
  byCampaign: boolean,
  name: (text: string) => SheetValue = (text) => text,
): SheetValue[][] {
  const [leading, rest] = splitWorkspace(fields);
  return series.flatMap(({ workspaceName, campaign, days }) => {
    const start = leading.map(() => name(workspaceName));
    const label = byCampaign ? [name(campaign?.name ?? '')] : [];
    return days.map((day) => [
      ...start,
      ...label,
      dayToDate(day.date),
      ...rest.map((field) => cellValue(day, field)),
    ]);
  });
}
