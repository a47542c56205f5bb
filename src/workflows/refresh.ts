/** A refresh of one spreadsheet, the same for Refresh now and for the schedule. */
import { pickCampaigns } from '../core/campaigns';
import { redactAll } from '../core/errors';
import { withOutcomes } from '../core/overview';
import { type RefreshOutcome, type RefreshResult, runRefresh } from '../core/refresh';
import { failureNote, refreshNote } from '../core/report';
import { freshCampaignsAcross } from '../core/workspace-data';
import type { Connection } from '../core/workspaces';
import { renewCacheScopes } from '../services/cache';
import { recalculateFormulas } from '../services/formula-recalculation';
import { withRefreshLease } from '../services/lock';
import { sheetNamed } from '../services/sheet-writer';
import { minuteIn, todayIn } from '../services/utilities';
import { EXTRA_SHEETS } from './extra-sheets';
import { connectedSources } from './instantly-access';
import { replaceTable, withKeptRows } from './sheet-tables';
import { loadRefreshStatus, loadSettings, recordRefresh } from './spreadsheet-records';

/** A second refresh waits this long for the first before giving up. */
const REFRESH_LOCK_WAIT_MS = 10_000;
/** Retries of a refresh may take this long; Apps Script allows 6 minutes per run. */
const REFRESH_BUDGET_MS = 90_000;

export const REFRESH_BUSY_MESSAGE =
  'A refresh is already running for this spreadsheet. Wait for it to finish, then try again.';

export interface RefreshTarget {
  readonly spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  /** Every connected workspace (a scheduled run: the owner's copies); the settings choose. */
  readonly connections: readonly Connection[];
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

function refreshUnderLease({ spreadsheet, connections, trigger }: RefreshTarget): RefreshResult {
  const timeZone = spreadsheet.getSpreadsheetTimeZone();
  const settings = loadSettings(spreadsheet);
  const now = new Date();
  const today = todayIn(timeZone);
  const chosen = connections.filter((connection) => settings.workspaceIds.includes(connection.id));
  const included = chosen.length > 0 ? chosen : connections;
  // New cache scopes first, so the fresh responses are what formulas read afterwards.
  renewCacheScopes(
    spreadsheet.getId(),
    included.map((connection) => connection.id),
  );
  const sources = (workspaces: readonly { readonly id: string }[] = included) =>
    connectedSources(
      spreadsheet,
      included.filter((connection) => workspaces.some((one) => one.id === connection.id)),
      Date.now() + REFRESH_BUDGET_MS,
    );
  const outcome = runRefresh(settings, {
    today,
    nowIso: now.toISOString(),
    trigger,
    workspaces: included.map(({ id, name }) => ({ id, name })),
    loadCampaigns: (query, workspaces) => {
      const alone = included.length === 1;
      const campaigns = freshCampaignsAcross(sources(workspaces), query, alone);
      // A chosen campaign in no workspace is an error, unless its workspace may be one that failed.
      const everyone = workspaces.length === included.length;
      return query.ids && everyone ? pickCampaigns(campaigns, query.ids) : campaigns;
    },
    loadOutcomes: (campaigns, range) => withOutcomes(sources(), campaigns, range),
    extraSheets: EXTRA_SHEETS.map((sheet) => sheet({ spreadsheet, sources, timeZone })),
    publish: (report, context) => {
      const sheet = sheetNamed(spreadsheet, settings.sheetName);
      const table = withKeptRows(spreadsheet, sheet, report, context.failed);
      replaceTable(spreadsheet, sheet, 1, table);
      sheet.setFrozenRows(1);
      sheet.autoResizeColumns(1, report.columnFormats.length);
      const stamp = minuteIn(timeZone, now);
      const note = refreshNote(stamp, timeZone, context.range, report.values.length - 1);
      sheet.getRange(1, 1).setNote(note + failureNote(context.failed));
      recalculateFormulas(spreadsheet);
    },
  });
  const safe = withoutKeys(
    outcome,
    connections.map((connection) => connection.apiKey),
  );
  return { outcome: safe, status: recordRefresh(spreadsheet, safe) };
}

/** No key in a message that reaches the sidebar, an alert, an email or the status record. */
function withoutKeys(outcome: RefreshOutcome, keys: readonly string[]): RefreshOutcome {
  const clean = (text: string) => redactAll(text, keys);
  return {
    ...outcome,
    ...(outcome.error === undefined ? {} : { error: clean(outcome.error) }),
    ...(outcome.failedWorkspaces
      ? {
          failedWorkspaces: outcome.failedWorkspaces.map((failed) => ({
            ...failed,
            error: clean(failed.error),
          })),
        }
      : {}),
  };
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
