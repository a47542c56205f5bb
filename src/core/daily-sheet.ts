/**
 * The daily trend sheet: the report's date range day by day (the workspace's totals, or each
 * chosen campaign's days) and, beside it, the data of a line chart of one metric.
 */
import {
  DAILY_FIELDS,
  type DailyScope,
  type DailySeries,
  DEFAULT_DAILY_DAYS,
  dailyHeader,
  dayCount,
  daysEndingOn,
  fetchDailySeries,
  fillSeries,
  hasActivity,
  seriesRows,
} from './daily';
import type { DateRange, DayToDate } from './dates';
import { UserFacingError } from './errors';
import { type FieldSpec, isRate, pickFields, WORKSPACE_FIELD } from './fields';
import { DATE_FORMAT, MAX_CHART_CAMPAIGNS } from './history';
import { columnFormats, GENERAL_FORMAT, NUMBER_FORMATS } from './report';
import { asLiteralCells, cellValue, type SheetValue } from './table';

/** The sheet shows the default daily fields, so its columns stay put whatever the report shows. */
export const DAILY_SHEET_FIELDS: readonly FieldSpec[] = pickFields(DAILY_FIELDS, []);

/**
 * Where the chart's data starts: one blank column after the widest table (campaign, date, fields),
 * the same whether the report covers all campaigns or some, so each table keeps its place.
 */
export const TREND_COLUMN = DAILY_SHEET_FIELDS.length + 4;

/** All time (or a longer range) shows the last two years at most. */
export const MAX_SHEET_DAYS = 730;

/** Campaigns × days; more rows would be too slow to write, and to read. */
export const MAX_SHEET_ROWS = 100_000;

/**
 * Fetches the days of the report's range: the workspace's totals, or each chosen campaign's.
 * A range without a first day (All time) starts on the first day with activity.
 */
export function fetchDailyTrend(
  scopes: readonly DailyScope[],
  range: DateRange,
  today: string,
): DailySeries[] {
  const end = range.end ?? today;
  const earliest = daysEndingOn(end, MAX_SHEET_DAYS).start;
  const start = range.start && range.start > earliest ? range.start : earliest;
  const fetched = fetchDailySeries(scopes, { start, end });
  const days = {
    start: range.start ? start : (firstActiveDay(fetched, start) ?? earliestDefault(end)),
    end,
  };
  const rows = dayCount(days) * fetched.length;
  if (rows > MAX_SHEET_ROWS) {
    throw new UserFacingError(
      `The daily trend sheet would have ${rows.toLocaleString('en-US')} rows (campaigns × days), ` +
        `more than ${MAX_SHEET_ROWS.toLocaleString('en-US')}: choose fewer campaigns or a shorter ` +
        'date range, or turn the daily trend sheet off.',
    );
  }
  return fillSeries(fetched, days);
}

function firstActiveDay(series: readonly DailySeries[], from: string): string | undefined {
  const active = series.flatMap(({ days }) =>
    days.filter((day) => day.date >= from && hasActivity(day)).map((day) => day.date),
  );
  // ISO dates sort by date.
  return active.sort()[0];
}

const earliestDefault = (end: string) => daysEndingOn(end, DEFAULT_DAILY_DAYS).start;

/** Campaign names are API text: escaped, so Sheets keeps them as text. */
const asText = (name: string) => asLiteralCells([[name]])[0][0];

export interface SheetTable {
  readonly values: SheetValue[][];
  readonly columnFormats: string[];
}

/**
 * One row per day, per campaign when the series are campaigns' (each row starting with its name),
 * and with several workspaces, each row starting with its workspace.
 */
export function dailySheetTable(
  series: readonly DailySeries[],
  dayToDate: DayToDate,
  severalWorkspaces: boolean,
): SheetTable {
  const byCampaign = series.some((one) => one.campaign);
  const fields = severalWorkspaces ? [WORKSPACE_FIELD, ...DAILY_SHEET_FIELDS] : DAILY_SHEET_FIELDS;
  const labels = (severalWorkspaces ? 1 : 0) + (byCampaign ? 1 : 0);
  return {
    values: [
      dailyHeader(fields, byCampaign),
      ...seriesRows(series, fields, dayToDate, byCampaign, asText),
    ],
    columnFormats: [
      ...Array.from({ length: labels }, () => GENERAL_FORMAT),
      DATE_FORMAT,
      ...columnFormats(DAILY_SHEET_FIELDS),
    ],
  };
}

export interface TrendChart {
  readonly table: SheetTable;
  readonly title: string;
}

/**
 * The chart's data: a date column, then one line per campaign (the largest, when there are more
 * than a chart can show), or one line of the workspace's total.
 */
export function trendChart(
  series: readonly DailySeries[],
  metric: FieldSpec,
  dayToDate: DayToDate,
): TrendChart {
  const lines = largest(series, metric, MAX_CHART_CAMPAIGNS);
  // With several workspaces, each line says whose it is.
  const several = new Set(series.map((one) => one.workspaceName)).size > 1;
  const names = lines.map(({ campaign, workspaceName }) => {
    if (!campaign) return several ? asText(workspaceName) : metric.label;
    return asText(several ? `${campaign.name} (${workspaceName})` : campaign.name);
  });
  const rows = (lines[0]?.days ?? []).map((day, index) => [
    dayToDate(day.date),
    ...lines.map((line) => cellValue(line.days[index], metric)),
  ]);
  return {
    table: {
      values: [['Date', ...names], ...rows],
      columnFormats: [DATE_FORMAT, ...lines.map(() => NUMBER_FORMATS[metric.kind])],
    },
    title: `${metric.label} per day${chartScope(series, lines)}`,
  };
}

function chartScope(series: readonly DailySeries[], lines: readonly DailySeries[]): string {
  if (!series.some((one) => one.campaign)) return ' (all campaigns)';
  if (lines.length < series.length) {
    return ` (the ${lines.length} largest of ${series.length} campaigns)`;
  }
  return '';
}

/**
 * The `count` series with the most of the metric (of the leads contacted, for a rate, so a
 * tiny campaign's lucky day does not crowd out the big ones), in their original order.
 */
function largest(series: readonly DailySeries[], metric: FieldSpec, count: number): DailySeries[] {
  if (series.length <= count) return [...series];
  const field = isRate(metric) ? metric.denominator : metric.name;
  const size = (one: DailySeries) => one.days.reduce((sum, day) => sum + (day[field] as number), 0);
  const kept = new Set([...series].sort((a, b) => size(b) - size(a)).slice(0, count));
  return series.filter((one) => kept.has(one));
}
