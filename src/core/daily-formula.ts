/** `=INSTANTLY_DAILY()`'s work, free of Apps Script: arguments in, a table of days out. */
import {
  booleanArgument,
  cellsAsText,
  type DateToIso,
  dateRangeArguments,
  listArgument,
} from './arguments';
import {
  campaignRef,
  DAILY_FIELDS,
  type DayRange,
  DEFAULT_DAILY_DAYS,
  dailyHeader,
  dayCount,
  daysEndingOn,
  fetchDailySeries,
  fillSeries,
  seriesRows,
} from './daily';
import { asPreset, assertOrdered, type DayToDate } from './dates';
import { UserFacingError } from './errors';
import { forWorkspaces, pickFields } from './fields';
import type { FormulaArguments, WorkspaceFormulaContext } from './formula';
import type { SheetValue } from './table';
import { campaignsAcross, chooseSources } from './workspace-data';

export interface DailyFormulaContext extends WorkspaceFormulaContext {
  readonly dayToDate: DayToDate;
}

/** Ten years of rows: a longer range is surely a typo (a year 0026, say). */
export const MAX_DAILY_DAYS = 3660;

/**
 * `start_date` and `end_date` as `INSTANTLY_ANALYTICS` reads them, but every row needs a day: a
 * blank end is today, and a blank start the last 30 days up to the end. All time has no first
 * day, so it is refused.
 */
export function dailyRangeArguments(
  startValue: unknown,
  endValue: unknown,
  today: string,
  toIso: DateToIso,
): DayRange {
  const [startText] = cellsAsText(startValue);
  if (startText !== undefined && asPreset(startText) === 'all_time') {
    throw new UserFacingError(
      `start_date "${startText}" has no first day, which INSTANTLY_DAILY needs: use a date, ` +
        'YYYY-MM-DD text or a relative range such as last_30_days, or leave it blank for the last 30 days.',
    );
  }
  const range = dateRangeArguments(startValue, endValue, today, toIso);
  const end = range.end ?? today;
  const days = range.start ? { start: range.start, end } : daysEndingOn(end, DEFAULT_DAILY_DAYS);
  assertOrdered(days, 'start_date', range.end ? 'end_date' : 'today');
  if (dayCount(days) > MAX_DAILY_DAYS) {
    throw new UserFacingError(
      `start_date (${days.start}) to ${days.end} is ${dayCount(days).toLocaleString('en-US')} ` +
        `days: INSTANTLY_DAILY shows at most ${MAX_DAILY_DAYS.toLocaleString('en-US')} (ten years).`,
    );
  }
  return days;
}

/**
 * A row per day: of the campaigns named, or of each chosen workspace's totals. A range of
 * campaigns names each row's campaign, even while it lists one, so the table keeps its columns
 * as the range fills.
 */
export function instantlyDaily(
  args: FormulaArguments,
  context: DailyFormulaContext,
): SheetValue[][] {
  // Every argument is checked before any request, so a typo costs no quota.
  const range = dailyRangeArguments(
    args.start_date,
    args.end_date,
    context.today,
    context.toIsoDate,
  );
  const catalog = forWorkspaces(DAILY_FIELDS, context.sources.length);
  const fields = pickFields(catalog, listArgument(args.fields));
  const includeHeader = booleanArgument(args.include_header, 'include_header', true);
  const wanted = cellsAsText(args.campaign);
  const chosen = chooseSources(context.sources, cellsAsText(args.workspace));
  const byCampaign = Array.isArray(args.campaign) && wanted.length > 0;
  const campaigns = campaignsAcross(chosen, wanted);
  const scopes = campaigns
    ? campaigns.map(({ source, campaign }) => ({ source, campaign: campaignRef(campaign) }))
    : chosen.map((source) => ({ source }));
  const series = fillSeries(fetchDailySeries(scopes, range), range);
  const rows = seriesRows(series, fields, context.dayToDate, byCampaign);
  return includeHeader ? [dailyHeader(fields, byCampaign), ...rows] : rows;
}
