/** The page's wording of counts, times, keys and refreshes: pure, so jest tests it without a browser. */

import { describeRange } from '../core/dates';
import type { RefreshOutcome } from '../core/refresh';

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A moment in the person's own time zone: "Today, 3:04 PM", "Nov 24, 3:04 PM". */
export function formatTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  if (date.toDateString() === now.toDateString()) return `Today, ${time}`;
  const day = date.toLocaleDateString(undefined, {
    month: 'short',
    day: 'numeric',
    year: date.getFullYear() === now.getFullYear() ? undefined : 'numeric',
  });
  return `${day}, ${time}`;
}

/** "07:00": hours are whole, so this needs no locale. */
export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

export function triggerLabel(trigger: RefreshOutcome['trigger']): string {
  return trigger === 'scheduled' ? 'Scheduled' : 'Manual';
}

/**
 * A refresh's dates in the words of the note on the report's sheet (core's describeRange), with
 * a capital, as the value standing alone under "Dates": "All time", "2024-03-01 to 2024-03-07".
 */
export function refreshedDates(range: RefreshOutcome['range']): string {
  const text = describeRange(range);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function refreshDoneText(outcome: RefreshOutcome, now = new Date()): string {
  return (
    `Done: ${plural(outcome.rows, 'campaign row', 'campaign rows')} written to ` +
    `“${outcome.sheetName}” (${formatTime(outcome.at, now)}).` +
    notRefreshedText(outcome)
  );
}

/** The workspaces a refresh could not read, named with why; empty when every one answered. */
function notRefreshedText(outcome: RefreshOutcome): string {
  const failed = outcome.failedWorkspaces ?? [];
  if (failed.length === 0) return '';
  const names = failed.map(({ name, error }) => `${name} (${error})`).join('; ');
  return ` Not refreshed, previous rows kept: ${names}`;
}

/** How many refreshes failed in a row; a count of 0 still follows a failure, so it reads as 1. */
export function failuresInARowText(consecutiveFailures: number, everSucceeded: boolean): string {
  const failures = plural(Math.max(consecutiveFailures, 1), 'failure', 'failures');
  return everSucceeded
    ? `${failures} in a row since the last successful refresh.`
    : `${failures} in a row; no refresh has succeeded yet.`;
}

/** The API key box's placeholder, given the saved key's hint (null when none is saved). */
export function keyPlaceholder(keyHint: string | null): string {
  return keyHint === null ? 'Paste your API key' : 'Paste a new key';
}
