/** Report date ranges. Dates are `YYYY-MM-DD` strings in the spreadsheet's time zone. */
import { UserFacingError } from './errors';

export interface DateRange {
  readonly start?: string;
  readonly end?: string;
}

/** A `YYYY-MM-DD` day as a date value that shows that very day in the spreadsheet's time zone. */
export type DayToDate = (isoDate: string) => Date;

/** A range in words, e.g. "2024-03-01 to today" or "all time"; the one wording everywhere. */
export function describeRange(range: DateRange): string {
  if (!range.start && !range.end) return 'all time';
  if (range.start === range.end) return range.start as string;
  return `${range.start ?? 'the beginning'} to ${range.end ?? 'today'}`;
}

/** Named ranges; each ends today or at the end of the named period. */
export const DATE_PRESETS = [
  'all_time',
  'today',
  'yesterday',
  'last_7_days',
  'last_30_days',
  'this_month',
  'last_month',
] as const;

export type DatePreset = (typeof DATE_PRESETS)[number];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [, year, month, day] = match.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1;
}

/** Calendar arithmetic on ISO dates, done in UTC where every day has 24 hours. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function firstOfMonth(isoDate: string): string {
  return `${isoDate.slice(0, 7)}-01`;
}

export function presetRange(preset: DatePreset, today: string): DateRange {
  switch (preset) {
    case 'all_time':
      return {};
    case 'today':
      return { start: today, end: today };
    case 'yesterday':
      return { start: addDays(today, -1), end: addDays(today, -1) };
    case 'last_7_days':
      return { start: addDays(today, -6), end: today };
    case 'last_30_days':
      return { start: addDays(today, -29), end: today };
    case 'this_month':
      return { start: firstOfMonth(today), end: today };
    case 'last_month': {
      const lastDayOfLastMonth = addDays(firstOfMonth(today), -1);
      return { start: firstOfMonth(lastDayOfLastMonth), end: lastDayOfLastMonth };
    }
  }
}

/** Accepts `last_7_days`, `Last 7 days` and `last-7-days` alike. */
export function asPreset(text: string): DatePreset | undefined {
  const normalized = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return (DATE_PRESETS as readonly string[]).includes(normalized)
    ? (normalized as DatePreset)
    : undefined;
}

export function assertOrdered(range: DateRange, startName: string, endName: string): DateRange {
  if (range.start && range.end && range.start > range.end) {
    throw new UserFacingError(
      `${startName} (${range.start}) is after ${endName} (${range.end}): swap them or fix one.`,
    );
  }
  return range;
}
