/** Refresh now: the core's refresh with this spreadsheet's settings, sheet and lock. */
import { redact } from '../core/errors';
import { type RefreshOutcome, runRefresh } from '../core/refresh';
import { refreshNote } from '../core/report';
import { freshCampaigns } from '../core/source';
import { todayIn } from './clock';
import { clientOptions, sharedCache } from './instantly';
import { withDocumentLock } from './lock';
import { readApiKey } from './properties';
import { writeReportToSheet } from './sheet';
import { loadSettings, loadTableShape, recordRefresh, storeTableShape } from './store';

/** A second refresh waits this long for the first before giving up. */
const REFRESH_LOCK_WAIT_MS = 10_000;
/** Retries of a refresh may take this long; Apps Script allows 6 minutes per run. */
const REFRESH_BUDGET_MS = 120_000;

export const REFRESH_BUSY_MESSAGE =
  'A refresh is already running for this spreadsheet. Wait for it to finish, then try again.';

export function refreshReport(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  properties: GoogleAppsScript.Properties.Properties,
  trigger: RefreshOutcome['trigger'],
): RefreshOutcome {
  return withDocumentLock(
    REFRESH_LOCK_WAIT_MS,
    () => busyOutcome(trigger),
    () => refreshUnlocked(spreadsheet, properties, trigger),
  );
}

function refreshUnlocked(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  properties: GoogleAppsScript.Properties.Properties,
  trigger: RefreshOutcome['trigger'],
): RefreshOutcome {
  const timeZone = spreadsheet.getSpreadsheetTimeZone();
  const settings = loadSettings(properties);
  const now = new Date();
  const outcome = runRefresh(settings, {
    today: todayIn(timeZone),
    nowIso: now.toISOString(),
    trigger,
    loadCampaigns: (query) =>
      freshCampaigns(
        query,
        clientOptions(properties, Date.now() + REFRESH_BUDGET_MS),
        sharedCache(properties),
      ),
    writeReport: (report, range) => {
      const stamp = Utilities.formatDate(now, timeZone, 'yyyy-MM-dd HH:mm');
      const note = refreshNote(stamp, timeZone, range, report.values.length - 1);
      const previous = loadTableShape(properties, settings.sheetName);
      const shape = writeReportToSheet(spreadsheet, settings.sheetName, report, previous, note);
      storeTableShape(properties, settings.sheetName, shape);
    },
  });
  const safe = outcome.error
    ? { ...outcome, error: redact(outcome.error, readApiKey(properties)) }
    : outcome;
  recordRefresh(properties, safe);
  return safe;
}

function busyOutcome(trigger: RefreshOutcome['trigger']): RefreshOutcome {
  return {
    ok: false,
    at: new Date().toISOString(),
    rows: 0,
    range: {},
    sheetName: '',
    trigger,
    error: REFRESH_BUSY_MESSAGE,
  };
}
