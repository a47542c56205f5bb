/** The sidebar's report settings: defaults, and validation of what the page sends. */

import { DAILY_FIELDS } from './daily';
import {
  asPreset,
  assertOrdered,
  type DatePreset,
  type DateRange,
  isIsoDate,
  presetRange,
} from './dates';
import { UserFacingError } from './errors';
import { ANALYTICS_FIELDS, DEFAULT_FIELD_NAMES, type FieldSpec, selectFields } from './fields';
import { CHART_METRIC_NAMES, type ChartSeries } from './history';
import { AUTO_REFRESH_CHOICES, type AutoRefresh } from './schedule-timing';

export type RangeChoice = DatePreset | 'custom';

export interface ReportSettings {
  readonly sheetName: string;
  readonly dateRange: RangeChoice;
  /** Only for a custom range. */
  readonly startDate: string;
  readonly endDate: string;
  /** Empty means every campaign of the included workspaces. */
  readonly campaignIds: readonly string[];
  /** The connected workspaces the report includes; empty means all of them. */
  readonly workspaceIds: readonly string[];
  readonly fields: readonly string[];
  readonly includeLeads: boolean;
  readonly autoRefresh: AutoRefresh;
  /** For a daily schedule: the hour (0–23) in the spreadsheet's time zone. */
  readonly dailyHour: number;
  /** Append each refresh's rows to a history sheet, one snapshot per campaign per day. */
  readonly keepHistory: boolean;
  readonly historySheetName: string;
  /** The history chart's metric, and whether it shows each campaign or the total. */
  readonly chartMetric: string;
  readonly chartSeries: ChartSeries;
  /** Write the report's range day by day to a sheet of its own, with a chart of one metric. */
  readonly dailySheet: boolean;
  readonly dailySheetName: string;
  /** A daily field or rate (API name), charted day by day. */
  readonly trendMetric: string;
  /** Email the schedule's owner after repeated scheduled failures. */
  readonly emailOnFailure: boolean;
  /** Write the steps and A/B variants of the report's campaigns to a sheet of their own. */
  readonly stepsSheet: boolean;
  readonly stepsSheetName: string;
}

export const DEFAULT_SETTINGS: ReportSettings = {
  sheetName: 'Instantly Analytics',
  dateRange: 'last_30_days',
  startDate: '',
  endDate: '',
  campaignIds: [],
  workspaceIds: [],
  fields: DEFAULT_FIELD_NAMES,
  includeLeads: false,
  autoRefresh: 'off',
  dailyHour: 7,
  keepHistory: false,
  historySheetName: 'Instantly History',
  chartMetric: 'reply_rate',
  chartSeries: 'campaigns',
  dailySheet: false,
  dailySheetName: 'Instantly Daily',
  // A day's unique replies reads plainly; a day's reply rate divides them by other leads (those
  // contacted that day), so it swings.
  trendMetric: 'unique_replies',
  emailOnFailure: false,
  stepsSheet: false,
  stepsSheetName: 'Instantly Steps',
};

/** Sheets' own limit on sheet names, and characters it refuses in them. */
const MAX_SHEET_NAME = 100;
const FORBIDDEN_SHEET_NAME = /[[\]*?:/\\]/;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function textList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(text).filter((item) => item.length > 0) : [];
}

function sheetName(value: unknown, fallback: string): string {
  const name = text(value) || fallback;
  if (name.length > MAX_SHEET_NAME || FORBIDDEN_SHEET_NAME.test(name)) {
    throw new UserFacingError(
      `Sheet name "${name}" is not allowed: use at most ${MAX_SHEET_NAME} characters and none of [ ] * ? : / \\.`,
    );
  }
  return name;
}

function rangeChoice(value: unknown): RangeChoice {
  const choice = text(value);
  if (choice === 'custom') return choice;
  const preset = asPreset(choice);
  if (!preset) throw new UserFacingError(`Unknown date range "${choice}".`);
  return preset;
}

function customDate(value: unknown, label: string): string {
  const date = text(value);
  if (date && !isIsoDate(date)) throw new UserFacingError(`${label} must be a date (YYYY-MM-DD).`);
  return date;
}

const CHART_SERIES: readonly ChartSeries[] = ['campaigns', 'total'];

/**
 * Settings live in the spreadsheet's developer metadata, which holds 30,000 characters in all;
 * this many campaign ids stay well within it.
 */
export const MAX_CHOSEN_CAMPAIGNS = 500;

function chosenCampaigns(value: unknown): string[] {
  const ids = [...new Set(textList(value))];
  if (ids.length > MAX_CHOSEN_CAMPAIGNS) {
    throw new UserFacingError(
      `Choose at most ${MAX_CHOSEN_CAMPAIGNS} campaigns, or All campaigns (you chose ${ids.length}).`,
    );
  }
  return ids;
}

/** One of a fixed set of values; blank means the default. */
function choice<T extends string>(
  value: unknown,
  allowed: readonly T[],
  label: string,
): T | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  throw new UserFacingError(`${label}: "${String(value)}" is not one of ${allowed.join(', ')}.`);
}

function hour(value: unknown): number {
  const blank =
    value === undefined || value === null || (typeof value === 'string' && !value.trim());
  if (blank) return DEFAULT_SETTINGS.dailyHour;
  const number =
    typeof value === 'number' || typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < 0 || number > 23) {
    throw new UserFacingError('The daily refresh hour must be a whole hour from 0 to 23.');
  }
  return number;
}

/** Only the history's numeric columns can be charted. */
function chartMetric(value: unknown): string {
  const name = text(value) || DEFAULT_SETTINGS.chartMetric;
  const [field] = selectFields([name]);
  if (!CHART_METRIC_NAMES.includes(field.name)) {
    throw new UserFacingError(
      `The chart can show one of ${CHART_METRIC_NAMES.join(', ')}; "${name}" is not one of them.`,
    );
  }
  return field.name;
}

/** Every daily count and rate can be charted (not the workspace's name). */
function trendMetric(value: unknown): string {
  const name = text(value) || DEFAULT_SETTINGS.trendMetric;
  const field = DAILY_FIELDS.all.find(
    (daily) => daily.name === name.toLowerCase() && daily.kind !== 'text',
  );
  if (!field) {
    const valid = DAILY_FIELDS.all
      .filter((daily) => daily.kind !== 'text')
      .map((daily) => daily.name)
      .join(', ');
    throw new UserFacingError(
      `The trend chart can show one of ${valid}; "${name}" is not one of them.`,
    );
  }
  return field.name;
}

/** Settings as the page sent them (untrusted), merged over the defaults and checked. */
export function validateSettings(input: unknown): ReportSettings {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const fields = textList(raw.fields);
  const settings: ReportSettings = {
    sheetName: sheetName(raw.sheetName, DEFAULT_SETTINGS.sheetName),
    dateRange: text(raw.dateRange) ? rangeChoice(raw.dateRange) : DEFAULT_SETTINGS.dateRange,
    startDate: customDate(raw.startDate, 'Start date'),
    endDate: customDate(raw.endDate, 'End date'),
    campaignIds: chosenCampaigns(raw.campaignIds),
    workspaceIds: [...new Set(textList(raw.workspaceIds))],
    fields: selectFields(fields.length > 0 ? fields : DEFAULT_FIELD_NAMES).map(
      (field) => field.name,
    ),
    includeLeads: raw.includeLeads === true,
    autoRefresh:
      choice(raw.autoRefresh, AUTO_REFRESH_CHOICES, 'Auto-refresh') ?? DEFAULT_SETTINGS.autoRefresh,
    dailyHour: hour(raw.dailyHour),
    keepHistory: raw.keepHistory === true,
    historySheetName: sheetName(raw.historySheetName, DEFAULT_SETTINGS.historySheetName),
    chartMetric: chartMetric(raw.chartMetric),
    chartSeries: choice(raw.chartSeries, CHART_SERIES, 'Chart') ?? DEFAULT_SETTINGS.chartSeries,
    dailySheet: raw.dailySheet === true,
    dailySheetName: sheetName(raw.dailySheetName, DEFAULT_SETTINGS.dailySheetName),
    trendMetric: trendMetric(raw.trendMetric),
    emailOnFailure: raw.emailOnFailure === true,
    stepsSheet: raw.stepsSheet === true,
    stepsSheetName: sheetName(raw.stepsSheetName, DEFAULT_SETTINGS.stepsSheetName),
  };
  if (settings.dateRange === 'custom') {
    assertOrdered(customRange(settings), 'Start date', 'End date');
  }
  assertSheetsApart(settings);
  return settings;
}

/** Each sheet a refresh writes replaces its own table, so no two of them may be one sheet. */
function assertSheetsApart(settings: ReportSettings): void {
  const sheets: [role: string, name: string, written: boolean][] = [
    ['report', settings.sheetName, true],
    ['history sheet', settings.historySheetName, settings.keepHistory],
    ['daily sheet', settings.dailySheetName, settings.dailySheet],
    ['steps sheet', settings.stepsSheetName, settings.stepsSheet],
  ];
  const written = sheets.filter(([, , on]) => on);
  written.forEach(([role, name], index) => {
    // Sheets compares sheet names without regard to case.
    const earlier = written
      .slice(0, index)
      .find(([, other]) => other.toLowerCase() === name.toLowerCase());
    if (earlier) {
      throw new UserFacingError(`The ${role} must be a different sheet from the ${earlier[0]}.`);
    }
  });
}

function customRange(settings: ReportSettings): DateRange {
  return { start: settings.startDate || undefined, end: settings.endDate || undefined };
}

export function settingsRange(settings: ReportSettings, today: string): DateRange {
  return settings.dateRange === 'custom'
    ? customRange(settings)
    : presetRange(settings.dateRange, today);
}

/**
 * Settings saved by an older version may lack newer fields or name a field that is gone:
 * those are dropped; only settings that still make no sense fall back to the defaults.
 */
export function parseSavedSettings(saved: unknown): ReportSettings {
  if (typeof saved !== 'object' || saved === null) return DEFAULT_SETTINGS;
  const raw = saved as Record<string, unknown>;
  const known = new Set(ANALYTICS_FIELDS.all.map((field) => field.name));
  try {
    return validateSettings({
      ...raw,
      fields: textList(raw.fields).filter((name) => known.has(name)),
    });
  } catch {
    return DEFAULT_SETTINGS;
  }
}

const LEADS = 'leads_count';
const IDENTITY_FIELDS = ['campaign_name', 'campaign_id', 'campaign_status'];

/** The report's columns: the chosen fields, with the leads count placed after the identity columns. */
export function reportFields(settings: ReportSettings): FieldSpec[] {
  const chosen = settings.fields.filter((name) => name !== LEADS);
  if (settings.includeLeads) {
    const lastIdentity = chosen.reduce(
      (last, name, index) => (IDENTITY_FIELDS.includes(name) ? index : last),
      -1,
    );
    chosen.splice(lastIdentity + 1, 0, LEADS);
  }
  return selectFields(chosen);
}
