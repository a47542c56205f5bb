/** The hourly trigger's work: refresh every scheduled spreadsheet of this user that is due. */
import type { RefreshOutcome } from '../core/refresh';
import { isDue } from '../core/schedule-timing';
import { emailMe } from '../services/mail';
import { openSpreadsheetById } from '../services/sheet-writer';
import { syncScheduleTrigger } from '../services/triggers';
import { localTimeIn } from '../services/utilities';
import { REFRESH_BUSY_MESSAGE, refreshSpreadsheet } from './refresh';
import {
  dropSchedule,
  listSchedules,
  type ScheduleEntry,
  saveSchedule,
  scheduledConnections,
} from './schedule-registry';
import { loadScheduleOwner, loadSettings } from './spreadsheet-records';

/** Apps Script stops a run at 6 minutes; no refresh starts after this much of it. */
const RUN_BUDGET_MS = 4 * 60_000;
/** Failures in a row before the owner, if they opted in, gets an email. */
const FAILURES_BEFORE_EMAIL = 3;

export interface ScheduledRunSummary {
  readonly refreshed: number;
  readonly failed: number;
  readonly dropped: number;
}

export function runDueSchedules(): ScheduledRunSummary {
  const started = Date.now();
  const summary = { refreshed: 0, failed: 0, dropped: 0 };
  const oldestFirst = listSchedules().sort(
    (a, b) => (a.lastRun?.epochMs ?? 0) - (b.lastRun?.epochMs ?? 0),
  );
  for (const entry of oldestFirst) {
    if (Date.now() - started > RUN_BUDGET_MS) break;
    if (!isDue(entry.schedule, entry.lastRun, localTimeIn(entry.timeZone))) continue;
    const spreadsheet = openOrDrop(entry);
    if (!spreadsheet || !stillScheduled(entry, spreadsheet)) {
      summary.dropped++;
      continue;
    }
    const outcome = runOne(entry, spreadsheet);
    if (outcome.ok) summary.refreshed++;
    else summary.failed++;
  }
  if (listSchedules().length === 0) syncScheduleTrigger(false);
  return summary;
}

function openOrDrop(entry: ScheduleEntry): GoogleAppsScript.Spreadsheet.Spreadsheet | undefined {
  try {
    return openSpreadsheetById(entry.spreadsheetId);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    dropSchedule(
      entry,
      `The spreadsheet could not be opened (deleted, or access was lost): ${detail}`,
    );
    return undefined;
  }
}

/** The spreadsheet is the truth: an editor may have turned Auto-refresh off, or taken it over. */
function stillScheduled(
  entry: ScheduleEntry,
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
): boolean {
  if (loadSettings(spreadsheet).autoRefresh === 'off') {
    dropSchedule(entry, 'Auto-refresh was turned off for this spreadsheet.');
    return false;
  }
  if (loadScheduleOwner(spreadsheet) !== entry.scheduleId) {
    dropSchedule(entry, 'Another editor now runs Auto-refresh for this spreadsheet.');
    return false;
  }
  return true;
}

function runOne(
  entry: ScheduleEntry,
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
): RefreshOutcome {
  const { outcome, status } = refreshSpreadsheet({
    spreadsheet,
    connections: scheduledConnections(entry),
    trigger: 'scheduled',
  });
  // A refresh that found another one running is retried at the next hourly run.
  if (outcome.error === REFRESH_BUSY_MESSAGE) return outcome;
  const timeZone = spreadsheet.getSpreadsheetTimeZone();
  saveSchedule({
    ...entry,
    spreadsheetName: spreadsheet.getName(),
    timeZone,
    lastRun: localTimeIn(timeZone, new Date(Date.parse(outcome.at))),
  });
  const { emailOnFailure } = loadSettings(spreadsheet);
  if (!outcome.ok && emailOnFailure && status.consecutiveFailures === FAILURES_BEFORE_EMAIL) {
    emailFailure(spreadsheet, outcome, status.consecutiveFailures);
  }
  return outcome;
}

function emailFailure(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  outcome: RefreshOutcome,
  failures: number,
): void {
  emailMe(
    `Instantly Analytics: scheduled refresh of "${spreadsheet.getName()}" keeps failing`,
    `The last ${failures} scheduled refreshes of "${spreadsheet.getName()}" failed.\n\n` +
      `Last error: ${outcome.error}\n\nOpen the spreadsheet: ${spreadsheet.getUrl()}\n` +
      'Then open Extensions › Instantly Analytics › Open sidebar to fix the settings or turn Auto-refresh off.',
  );
}
