/** Utilities: time as Apps Script sees it, dates in a spreadsheet's time zone, ids, and gzip. */
import type { Clock } from '../core/api-client';
import type { DayToDate } from '../core/dates';
import type { TextCompressor } from '../core/response-cache';
import type { LocalTime } from '../core/schedule-timing';

export const appsScriptClock: Clock = {
  now: () => Date.now(),
  sleep: (milliseconds) => Utilities.sleep(milliseconds),
};

export function isoDateIn(timeZone: string): (date: Date) => string {
  return (date) => Utilities.formatDate(date, timeZone, 'yyyy-MM-dd');
}

/**
 * Midnight of the day in the time zone: a date cell of a spreadsheet in that zone shows that very
 * day (midnight UTC would show the day before in the Americas).
 */
export function dayStartIn(timeZone: string): DayToDate {
  return (isoDate) => Utilities.parseDate(isoDate, timeZone, 'yyyy-MM-dd');
}

export function todayIn(timeZone: string): string {
  return isoDateIn(timeZone)(new Date());
}

/** Date and time to the minute, as a refresh note shows it. */
export function minuteIn(timeZone: string, date: Date): string {
  return Utilities.formatDate(date, timeZone, 'yyyy-MM-dd HH:mm');
}

export function localTimeIn(timeZone: string, date = new Date()): LocalTime {
  return {
    epochMs: date.getTime(),
    day: isoDateIn(timeZone)(date),
    hour: Number(Utilities.formatDate(date, timeZone, 'H')),
  };
}

export function newId(): string {
  return Utilities.getUuid();
}

export const gzipBase64: TextCompressor = {
  compress: (text) => Utilities.base64Encode(Utilities.gzip(Utilities.newBlob(text)).getBytes()),
  decompress: (packed) =>
    Utilities.ungzip(
      Utilities.newBlob(Utilities.base64Decode(packed), 'application/x-gzip'),
    ).getDataAsString(),
};
