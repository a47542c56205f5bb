/** A refresh of one spreadsheet, the same for Refresh now and for the schedule. */
import { redact } from '../core/errors';
import { withOutcomes } from '../core/overview';
import { type RefreshOutcome, type RefreshResult, runRefresh } from '../core/refresh';
import { refreshNote } from '../core/report';
import { freshCampaigns } from '../core/source';
import { renewCacheScope } from '../services/cache';
import { recalculateFormulas } from '../services/formula-recalculation';
import { withRefreshLease } from '../services/lock';
import { sheetNamed } from '../services/sheet-writer';
import { minuteIn, todayIn } from '../services/utilities';
import { EXTRA_SHEETS } from './extra-sheets';
import { workspaceSource } from './instantly-access';
import { replaceTable } from './sheet-tables';
import { loadRefreshStatus, loadSettings, recordRefresh } from './spreadsheet-records';

/** A second refresh waits this long for the first before giving up. */
const REFRESH_LOCK_WAIT_MS = 10_000;
/** Retries of a refresh may take this long; Apps Script allows 6 minutes per run. */
const REFRESH_BUDGET_MS = 90_000;

export const REFRESH_BUSY_MESSAGE =
  'A refresh is already running for this spreadsheet. Wait for it to finish, then try again.';

export interface RefreshTarget {
  readonly spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  readonly apiKey: string | undefined;
  readonly trigger: RefreshOutcome['trigger'];
}

export function refreshSpreadsheet(target: RefreshTarget): RefreshResult {
  return withRefreshLease(
    target.spreadsheet,
    REFRESH_LOCK_WAIT_MS,
    () => busy(target),
    () => refreshUnderLease(target),
  );
}

function refreshUnderLease({ spreadsheet, apiKey, trigger }: RefreshTarget): RefreshResult {
  const timeZone = spreadsheet.getSpreadsheetTimeZone();
  const settings = loadSettings(spreadsheet);
  const now = new Date();
  const today = todayIn(timeZone);
  // A new cache scope first, so the fresh response is what formulas read afterwards.
  renewCacheScope(spreadsheet.getId());
  const source = () => workspaceSource(spreadsheet, apiKey, Date.now() + REFRESH_BUDGET_MS);
  const outcome = runRefresh(settings, {
    today,
    nowIso: now.toISOString(),
    trigger,
    loadCampaigns: (query) => {
      const { client, shared } = source();
      return freshCampaigns(query, client, shared);
    },
    loadOutcomes: (campaigns, range) => withOutcomes(source(), campaigns, range),
    extraSheets: EXTRA_SHEETS.map((sheet) => sheet({ spreadsheet, source, timeZone })),
    publish: (report, range) => {
      const sheet = sheetNamed(spreadsheet, settings.sheetName);
      replaceTable(spreadsheet, sheet, 1, report);
      sheet.setFrozenRows(1);
      sheet.autoResizeColumns(1, report.columnFormats.length);
      const stamp = minuteIn(timeZone, now);
      sheet.getRange(1, 1).setNote(refreshNote(stamp, timeZone, range, report.values.length - 1));
      recalculateFormulas(spreadsheet);
    },
  });
  const safe = outcome.error ? { ...outcome, error: redact(outcome.error, apiKey) } : outcome;
  return { outcome: safe, status: recordRefresh(spreadsheet, safe) };
}

function busy({ spreadsheet, trigger }: RefreshTarget): RefreshResult {
  const outcome: RefreshOutcome = {
    ok: false,
    at: new Date().toISOString(),
    rows: 0,
    range: {},
    sheetName: loadSettings(spreadsheet).sheetName,
    trigger,
    error: REFRESH_BUSY_MESSAGE,
  };
  // Not a failure of the report: the other refresh records its own outcome.
  return { outcome, status: loadRefreshStatus(spreadsheet) };
}
