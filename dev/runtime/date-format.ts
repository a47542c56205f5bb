/**
 * Java SimpleDateFormat patterns, as Utilities.formatDate reads them (US locale: weeks start on
 * Sunday and week 1 is the one holding January 1st, which is what makes 'YYYY' differ from 'yyyy'
 * in the last days of December).
 */
import { notImplemented } from './env';
import {
  epochFromWallClock,
  formatOffset,
  type WallClock,
  wallClockAt,
  wallClockMs,
  zoneName,
} from './time-zone';

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];
const DAY_MS = 86_400_000;

/** A run of one pattern letter ('yyyy'), or literal text. */
type Token = { letter: string; count: number } | { literal: string };

export class PatternError extends Error {}

interface Instant {
  epochMs: number;
  timeZone: string;
  wall: WallClock;
}

const pad = (value: number, width: number) =>
  (value < 0 ? '-' : '') + String(Math.abs(value)).padStart(width, '0');

const text = (full: string, count: number) => (count >= 4 ? full : full.slice(0, 3));

/** Field printers by pattern letter. */
const FIELDS: Record<string, (instant: Instant, count: number) => string> = {
  G: () => 'AD',
  y: ({ wall }, count) => (count === 2 ? pad(wall.year % 100, 2) : pad(wall.year, count)),
  Y: ({ wall }, count) => {
    const year = weekYear(wall);
    return count === 2 ? pad(year % 100, 2) : pad(year, count);
  },
  M: ({ wall }, count) => monthText(wall, count),
  L: ({ wall }, count) => monthText(wall, count),
  w: ({ wall }, count) => pad(weekOfYear(wall), count),
  D: ({ wall }, count) => pad(dayOfYear(wall), count),
  d: ({ wall }, count) => pad(wall.day, count),
  F: ({ wall }, count) => pad(Math.ceil(wall.day / 7), count),
  E: ({ wall }, count) => text(WEEKDAYS[wall.weekday], count),
  u: ({ wall }, count) => pad(wall.weekday === 0 ? 7 : wall.weekday, count),
  a: ({ wall }) => (wall.hour < 12 ? 'AM' : 'PM'),
  H: ({ wall }, count) => pad(wall.hour, count),
  k: ({ wall }, count) => pad(wall.hour === 0 ? 24 : wall.hour, count),
  K: ({ wall }, count) => pad(wall.hour % 12, count),
  h: ({ wall }, count) => pad(wall.hour % 12 === 0 ? 12 : wall.hour % 12, count),
  m: ({ wall }, count) => pad(wall.minute, count),
  s: ({ wall }, count) => pad(wall.second, count),
  S: ({ wall }, count) => pad(wall.millisecond, count),
  z: ({ epochMs, timeZone }, count) => zoneName(epochMs, timeZone, count >= 4 ? 'long' : 'short'),
  Z: ({ wall }) => formatOffset(wall.offsetMinutes),
  X: ({ wall }, count) => isoOffset(wall.offsetMinutes, count),
};

function monthText(wall: WallClock, count: number): string {
  return count >= 3 ? text(MONTHS[wall.monthIndex], count) : pad(wall.monthIndex + 1, count);
}

function isoOffset(offsetMinutes: number, count: number): string {
  if (offsetMinutes === 0) return 'Z';
  if (count === 1) return formatOffset(offsetMinutes).slice(0, 3);
  return formatOffset(offsetMinutes, count >= 3 ? ':' : '');
}

function dayOfYear({ year, monthIndex, day }: WallClock): number {
  return (Date.UTC(year, monthIndex, day) - Date.UTC(year, 0, 1)) / DAY_MS + 1;
}

/** The year of the Sunday-to-Saturday week the day falls in, counted from the week of Jan 1. */
function weekYear(wall: WallClock): number {
  const saturday = new Date(Date.UTC(wall.year, wall.monthIndex, wall.day + 6 - wall.weekday));
  return saturday.getUTCFullYear();
}

function weekOfYear(wall: WallClock): number {
  const year = weekYear(wall);
  const january1 = new Date(Date.UTC(year, 0, 1));
  const firstSunday = Date.UTC(year, 0, 1 - january1.getUTCDay());
  const sunday = Date.UTC(wall.year, wall.monthIndex, wall.day - wall.weekday);
  return (sunday - firstSunday) / (7 * DAY_MS) + 1;
}

/** Text from an opening quote: '' alone is a quote, and '' inside quotes is one too. */
function readQuoted(pattern: string, start: number): { literal: string; next: number } {
  if (pattern[start + 1] === "'") return { literal: "'", next: start + 2 };
  let literal = '';
  let index = start + 1;
  while (index < pattern.length) {
    if (pattern[index] !== "'") literal += pattern[index++];
    else if (pattern[index + 1] === "'") {
      literal += "'";
      index += 2;
    } else return { literal, next: index + 1 };
  }
  throw new PatternError('Unterminated quote');
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index];
    if (char === "'") {
      const quoted = readQuoted(pattern, index);
      tokens.push({ literal: quoted.literal });
      index = quoted.next;
    } else if (/[a-zA-Z]/.test(char)) {
      let count = 1;
      while (pattern[index + count] === char) count++;
      if (!FIELDS[char]) throw new PatternError(`Illegal pattern character '${char}'`);
      tokens.push({ letter: char, count });
      index += count;
    } else {
      tokens.push({ literal: char });
      index++;
    }
  }
  return tokens;
}

/** Formats an instant in a zone; throws PatternError for letters SimpleDateFormat rejects. */
export function formatJavaDate(epochMs: number, timeZone: string, pattern: string): string {
  const instant: Instant = { epochMs, timeZone, wall: wallClockAt(epochMs, timeZone) };
  return tokenize(pattern)
    .map((token) =>
      'literal' in token ? token.literal : FIELDS[token.letter](instant, token.count),
    )
    .join('');
}

/** Thrown when text does not follow the pattern, with Java's message. */
export class UnparseableDateError extends Error {}

/** Numeric fields parseDate reads, as offsets into wallClockMs's arguments. */
const PARSED_FIELDS: Record<string, number> = { y: 0, M: 1, d: 2, H: 3, m: 4, s: 5, S: 6 };

/**
 * Reads text as Utilities.parseDate does (SimpleDateFormat, lenient): each field as digits (as
 * many as its letters when another number follows at once, else as many as there are), literals
 * as written, and fields out of range rolling over (February 30 is March 2). Text after the
 * pattern is ignored. Only numeric date and time fields are read here; other letters fail loudly.
 */
export function parseJavaDate(text: string, timeZone: string, pattern: string): number {
  const tokens = tokenize(pattern);
  const fields = [1970, 1, 1, 0, 0, 0, 0];
  let position = 0;
  tokens.forEach((token, index) => {
    if ('literal' in token) {
      if (!text.startsWith(token.literal, position)) throw unparseable(text);
      position += token.literal.length;
      return;
    }
    const field = PARSED_FIELDS[token.letter];
    if (field === undefined)
      notImplemented(`Utilities.parseDate with the letter '${token.letter}'`);
    const next = tokens[index + 1];
    const abutting = next !== undefined && 'letter' in next;
    const digits = /^\d+/.exec(text.slice(position))?.[0] ?? '';
    const taken = abutting ? digits.slice(0, token.count) : digits;
    if (!taken || (abutting && taken.length < token.count)) throw unparseable(text);
    fields[field] = Number(taken);
    position += taken.length;
  });
  const [year, month, day, hour, minute, second, millisecond] = fields;
  const wallMs = wallClockMs(year, month - 1, day, hour, minute, second, millisecond);
  return epochFromWallClock(wallMs, timeZone);
}

function unparseable(text: string): UnparseableDateError {
  return new UnparseableDateError(`Unparseable date: "${text}"`);
}
