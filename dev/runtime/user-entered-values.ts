/**
 * User-entered values: what a cell becomes when text is typed (or written by a script) into it,
 * as Sheets reads it: formulas, numbers, percentages, dates and booleans are recognised. Also
 * how a custom function's result becomes cell values.
 */
import type { CellValue } from './cells';
import { isDate, timeOf } from './env';
import { sheetsException } from './spreadsheet-errors';
import { epochFromWallClock, wallClockMs } from './time-zone';

/** What a custom function's cell shows until Sheets has computed it. */
export const LOADING = 'Loading...';
export const FORMULA_PARSE_ERROR = 'Formula parse error.';
const MAX_CELL_CHARACTERS = 50000;

/** What a cell becomes when a value is typed (or written by a script) into it. */
export interface Entry {
  value: CellValue;
  formula: string;
  /** Format Sheets picks for what it recognised, e.g. '0%' for '50%'. */
  numberFormat?: string;
  error?: string;
  /** A formula to compute at the next recalculation. */
  pending?: boolean;
}

/** Wall-clock fields of a typed date; `month` counts from 1 as people write it. */
interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function userEntry(input: unknown, timeZone: string): Entry {
  if (input === null || input === undefined) return { value: '', formula: '' };
  if (isDate(input)) return { value: new Date(timeOf(input)), formula: '' };
  if (typeof input === 'number' || typeof input === 'boolean') return { value: input, formula: '' };
  const text = String(input);
  if (text.length > MAX_CELL_CHARACTERS) {
    throw sheetsException(
      `Your input contains more than the maximum of ${MAX_CELL_CHARACTERS} characters in a single cell.`,
    );
  }
  if (text.length > 1 && text.startsWith('=')) {
    return { value: LOADING, formula: text, pending: true };
  }
  if (text.startsWith("'")) return { value: text.slice(1), formula: '' };
  for (const parse of LITERAL_PARSERS) {
    const entry = parse(text.trim(), timeZone);
    if (entry) return entry;
  }
  // Sheets reads a leading + or - as the start of a formula: '+1 555' becomes =+1 555.
  if (/^[+-]./s.test(text)) {
    return { value: '#ERROR!', formula: `=${text}`, error: FORMULA_PARSE_ERROR };
  }
  return { value: text, formula: '' };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const PERCENT = /^([+-]?(?:\d+\.?\d*|\.\d+))%$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

const LITERAL_PARSERS: Array<(text: string, timeZone: string) => Entry | undefined> = [
  (text) =>
    /^(true|false)$/i.test(text)
      ? { value: text.toLowerCase() === 'true', formula: '' }
      : undefined,
  (text) => (NUMBER.test(text) ? { value: Number(text), formula: '' } : undefined),
  (text) => {
    const match = PERCENT.exec(text);
    if (!match) return undefined;
    return {
      value: Number(match[1]) / 100,
      formula: '',
      numberFormat: match[1].includes('.') ? '0.00%' : '0%',
    };
  },
  (text) => {
    if (!GROUPED_NUMBER.test(text)) return undefined;
    return {
      value: Number(text.replace(/,/g, '')),
      formula: '',
      numberFormat: text.includes('.') ? '#,##0.00' : '#,##0',
    };
  },
  (text, timeZone) => {
    const match = ISO_DATE.exec(text);
    if (!match) return undefined;
    const [year, month, day, hour = 0, minute = 0, second = 0] = match
      .slice(1)
      .map((part) => Number(part ?? 0));
    const format = match[4] === undefined ? 'yyyy-mm-dd' : 'yyyy-mm-dd h:mm:ss';
    return dateEntry({ year, month, day, hour, minute, second }, timeZone, format);
  },
  (text, timeZone) => {
    const match = US_DATE.exec(text);
    if (!match) return undefined;
    const [month, day, year] = match.slice(1).map(Number);
    return dateEntry({ year, month, day, hour: 0, minute: 0, second: 0 }, timeZone, 'M/d/yyyy');
  },
];

function dateEntry(parts: LocalTime, timeZone: string, numberFormat: string): Entry | undefined {
  const date = dateInTimeZone(parts, timeZone);
  return date ? { value: date, formula: '', numberFormat } : undefined;
}

/** The instant a wall-clock time denotes in a time zone, or undefined for dates like Feb 30. */
function dateInTimeZone(time: LocalTime, timeZone: string): Date | undefined {
  const { year, month, day, hour, minute, second } = time;
  const wallMs = wallClockMs(year, month - 1, day, hour, minute, second);
  const rolledOver =
    new Date(wallMs).getUTCMonth() !== month - 1 || new Date(wallMs).getUTCDate() !== day;
  return rolledOver ? undefined : new Date(epochFromWallClock(wallMs, timeZone));
}

/** A custom function's result as rows of cell values: scalars fill one cell, lists a column. */
export function resultGrid(result: unknown): CellValue[][] {
  if (!Array.isArray(result)) return [[resultValue(result)]];
  return result.map((row) => (Array.isArray(row) ? row.map(resultValue) : [resultValue(row)]));
}

function resultValue(value: unknown): CellValue {
  if (value === null || value === undefined) return '';
  if (isDate(value)) return new Date(timeOf(value));
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string')
    return value;
  return String(value);
}
