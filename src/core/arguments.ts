/**
 * Reads the arguments of `=INSTANTLY_ANALYTICS()` as Sheets really passes them: single values,
 * ranges as 2D arrays, empty cells as '', and date cells as Date objects.
 */
import { asPreset, assertOrdered, type DateRange, isIsoDate, presetRange } from './dates';
import { UserFacingError } from './errors';

/** Converts a date cell to its calendar date in the spreadsheet's time zone. */
export type DateToIso = (date: Date) => string;

const PRESET_NAMES = 'today, yesterday, last_7_days, last_30_days, this_month, last_month';

/** Sheets' Date objects may come from another realm, so `instanceof Date` is not enough. */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && !value.trim());
}

/** Every non-blank cell of a value or range, row by row, as trimmed text. */
export function cellsAsText(value: unknown): string[] {
  const cells = Array.isArray(value) ? value.flat(2) : [value];
  return cells.filter((cell) => !isBlank(cell)).map((cell) => String(cell).trim());
}

/** A range argument must be a single cell where only one value makes sense. */
function singleValue(value: unknown, argumentName: string): unknown {
  if (!Array.isArray(value)) return value;
  const cells = value.flat(2);
  if (cells.length > 1) {
    throw new UserFacingError(`${argumentName} must be a single cell, not a range.`);
  }
  return cells[0];
}

/** A comma-separated list in one cell, or a range of names. */
export function listArgument(value: unknown): string[] {
  return cellsAsText(value)
    .flatMap((text) => text.split(','))
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

export function booleanArgument(value: unknown, argumentName: string, fallback: boolean): boolean {
  const cell = singleValue(value, argumentName);
  if (isBlank(cell)) return fallback;
  if (typeof cell === 'boolean') return cell;
  if (typeof cell === 'number') return cell !== 0;
  const text = String(cell).trim().toLowerCase();
  if (text === 'true' || text === 'yes') return true;
  if (text === 'false' || text === 'no') return false;
  throw new UserFacingError(`${argumentName} must be TRUE or FALSE, not "${String(cell)}".`);
}

function dateArgument(value: unknown, argumentName: string, toIso: DateToIso): string | undefined {
  if (isBlank(value)) return undefined;
  if (isDate(value)) {
    if (Number.isNaN(value.getTime())) throw new UserFacingError(`${argumentName} is not a date.`);
    return toIso(value);
  }
  const text = String(value).trim();
  if (isIsoDate(text)) return text;
  throw new UserFacingError(
    `${argumentName} "${text}" is not a date: use a date cell or YYYY-MM-DD text` +
      (argumentName === 'start_date' ? `, or one of ${PRESET_NAMES}.` : '.'),
  );
}

/** Resolves `start_date` and `end_date`; `start_date` may name a relative range. */
export function dateRangeArguments(
  startValue: unknown,
  endValue: unknown,
  today: string,
  toIso: DateToIso,
): DateRange {
  const start = singleValue(startValue, 'start_date');
  const end = singleValue(endValue, 'end_date');
  const preset = typeof start === 'string' ? asPreset(start) : undefined;
  if (preset) {
    if (!isBlank(end)) {
      throw new UserFacingError(
        `end_date must be blank when start_date is the relative range "${preset}", which sets both.`,
      );
    }
    return presetRange(preset, today);
  }
  const range = {
    start: dateArgument(start, 'start_date', toIso),
    end: dateArgument(end, 'end_date', toIso),
  };
  return assertOrdered(range, 'start_date', 'end_date');
}
