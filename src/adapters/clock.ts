/** Time as Apps Script sees it, and dates in a spreadsheet's time zone. */
import type { Clock } from '../core/client';

export const appsScriptClock: Clock = {
  now: () => Date.now(),
  sleep: (milliseconds) => Utilities.sleep(milliseconds),
};

export function isoDateIn(timeZone: string): (date: Date) => string {
  return (date) => Utilities.formatDate(date, timeZone, 'yyyy-MM-dd');
}

export function todayIn(timeZone: string): string {
  return isoDateIn(timeZone)(new Date());
}
