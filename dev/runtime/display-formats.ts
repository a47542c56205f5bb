/** Displayed values: a cell's value as Sheets shows it through its number format. */

import type { Cell } from './cells';
import { MONTHS, WEEKDAYS } from './date-format';
import { isDate, timeOf } from './env';
import { type WallClock, wallClockAt } from './time-zone';

/** How Sheets shows a date written by a script into an unformatted cell. */
const DEFAULT_DATE_FORMAT = 'M/d/yyyy H:mm:ss';

export function displayValue(cell: Cell | undefined, timeZone: string): string {
  if (!cell) return '';
  const { value, numberFormat } = cell;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return formatNumber(value, numberFormat);
  if (isDate(value)) {
    const format = isDatePattern(firstSection(numberFormat))
      ? firstSection(numberFormat)
      : DEFAULT_DATE_FORMAT;
    return formatDate(wallClockAt(timeOf(value), timeZone), format);
  }
  return value;
}

/** Only the positive section of 'positive;negative;zero' formats is honoured. */
function firstSection(format: string): string {
  return format.split(';')[0];
}

function isDatePattern(section: string): boolean {
  const unquoted = section.replace(/"[^"]*"|\\./g, '');
  return /[ydhs]/i.test(unquoted) && !/[0#]/.test(unquoted);
}

/** Prefix, digits and suffix of a number format such as '"$"#,##0.00' or '0.0%'. */
const NUMBER_FORMAT_TOKEN = /"([^"]*)"|\\(.)|\[\$([^\]-]*)[^\]]*\]|\[[^\]]*\]|([#0?,.]+)|(.)/g;

function formatNumber(value: number, format: string): string {
  const section = firstSection(format);
  if (isDatePattern(section)) return formatDate(serialDateParts(value), section);
  let prefix = '';
  let suffix = '';
  let digits: string | undefined;
  for (const [, quoted, escaped, currency, pattern, other] of section.matchAll(
    NUMBER_FORMAT_TOKEN,
  )) {
    if (digits === undefined && pattern !== undefined && /[#0?]/.test(pattern)) {
      digits = pattern;
      continue;
    }
    const literal = quoted ?? escaped ?? currency ?? pattern ?? other ?? '';
    if (digits === undefined) prefix += literal;
    else suffix += literal;
  }
  if (digits === undefined) return String(value);
  const scaled = `${prefix}${suffix}`.includes('%') ? value * 100 : value;
  const number = formatDigits(Math.abs(scaled), digits);
  const negative = scaled < 0 && /[1-9]/.test(number);
  return `${negative ? '-' : ''}${prefix}${number}${suffix}`;
}

/** Renders a non-negative number with a digits pattern such as '#,##0.00' or '0.###'. */
function formatDigits(value: number, pattern: string): string {
  const [integerPattern, fractionPattern = ''] = pattern.split('.');
  const count = (text: string, characters: RegExp) => (text.match(characters) ?? []).length;
  const minDecimals = count(fractionPattern, /0/g);
  const [integerDigits, fixedDecimals = ''] = value
    .toFixed(count(fractionPattern, /[0#?]/g))
    .split('.');
  let decimals = fixedDecimals;
  while (decimals.length > minDecimals && decimals.endsWith('0')) decimals = decimals.slice(0, -1);
  const minIntegerDigits = count(integerPattern, /0/g);
  let integer =
    integerDigits === '0' && minIntegerDigits === 0
      ? ''
      : integerDigits.padStart(minIntegerDigits, '0');
  if (integerPattern.includes(',')) integer = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return decimals ? `${integer}.${decimals}` : integer;
}

const DATE_TOKEN = /"[^"]*"|\\.|yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am\/pm|a\/p|./gi;
const TIME_UNIT_TOKEN = /^(y+|m+|d+|h+|s+)$/i;

function formatDate(parts: WallClock, pattern: string): string {
  const tokens = pattern.match(DATE_TOKEN) ?? [];
  const twelveHour = tokens.some((token) => /^(am\/pm|a\/p)$/i.test(token));
  return tokens
    .map((token, index) => dateToken(token, parts, twelveHour, isMinutes(tokens, index)))
    .join('');
}

/** 'm' means minutes right after hours or right before seconds, months otherwise. */
function isMinutes(tokens: string[], index: number): boolean {
  if (!/^m{1,2}$/i.test(tokens[index])) return false;
  const units = (from: string[]) => from.filter((token) => TIME_UNIT_TOKEN.test(token));
  const before = units(tokens.slice(0, index)).at(-1) ?? '';
  const after = units(tokens.slice(index + 1))[0] ?? '';
  return /^h/i.test(before) || /^s/i.test(after);
}

function dateToken(token: string, parts: WallClock, twelveHour: boolean, minutes: boolean): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const hour = twelveHour ? parts.hour % 12 || 12 : parts.hour;
  const month = parts.monthIndex + 1;
  const rendered: Record<string, () => string> = {
    yyyy: () => String(parts.year),
    yy: () => pad(parts.year % 100),
    mmmm: () => MONTHS[parts.monthIndex],
    mmm: () => MONTHS[parts.monthIndex].slice(0, 3),
    mm: () => pad(minutes ? parts.minute : month),
    m: () => String(minutes ? parts.minute : month),
    dddd: () => WEEKDAYS[parts.weekday],
    ddd: () => WEEKDAYS[parts.weekday].slice(0, 3),
    dd: () => pad(parts.day),
    d: () => String(parts.day),
    hh: () => pad(hour),
    h: () => String(hour),
    ss: () => pad(parts.second),
    s: () => String(parts.second),
    'am/pm': () => (parts.hour < 12 ? 'AM' : 'PM'),
    'a/p': () => (parts.hour < 12 ? 'A' : 'P'),
  };
  const render = rendered[token.toLowerCase()];
  if (render) return render();
  if (token.startsWith('"')) return token.slice(1, -1);
  return token.startsWith('\\') ? token.slice(1) : token;
}

/** Sheets counts days from 1899-12-30; a serial has no time zone. */
function serialDateParts(serial: number): WallClock {
  const unixDays = serial - 25569;
  return wallClockAt(Math.round(unixDays * 86_400_000), 'UTC');
}
