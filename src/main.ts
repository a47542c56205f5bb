/**
 * The add-on's whole public surface: every function Apps Script calls by name (the custom
 * function, triggers, menu items and google.script.run targets). Rollup makes each export a
 * top-level function of the pushed file; everything else stays inside a closure.
 */

import { instantlyDaily } from './core/daily-formula';
import { redactAll } from './core/errors';
import { type FormulaArguments, instantlyAnalytics } from './core/formula';
import type { RefreshResult } from './core/refresh';
import { validateSettings } from './core/settings';
import {
  type ActionResult,
  AUTO_REFRESH_OPTIONS,
  type CampaignOption,
  CHART_METRICS,
  COLUMN_OPTIONS,
  campaignOptions,
  DATE_RANGE_OPTIONS,
  DEFAULT_COLUMNS,
  maskKey,
  type SidebarState,
  TREND_METRICS,
  type WorkspaceOption,
  workspaceOptions,
} from './core/sidebar-api';
import type { SheetValue } from './core/table';
import { instantlyOverview, instantlySteps } from './core/workspace-formulas';
import type { Connection } from './core/workspaces';
import {
  connectedKeys,
  connectKey,
  disconnect,
  disconnectAll,
  identifyLegacyKey,
  includedConnections,
  loadConnections,
} from './workflows/connections';
import { dailyFormulaContext } from './workflows/daily-formula';
import {
  formulaContext,
  workspaceCampaigns,
  workspaceFormulaContext,
} from './workflows/instantly-access';
import {
  addAddonMenu,
  announceRefresh,
  askForApiKey,
  openSidebar,
  showKeyMessage,
} from './workflows/menu';
import { refreshSpreadsheet } from './workflows/refresh';
import { isScheduledByMe, syncSchedule } from './workflows/schedule-ownership';
import { listDropped } from './workflows/schedule-registry';
import { runDueSchedules, type ScheduledRunSummary } from './workflows/scheduled-run';
import { loadRefreshStatus, loadSettings, storeSettings } from './workflows/spreadsheet-records';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
/** What a custom function returns: a table of plain values. */
/** Dates are real date values (INSTANTLY_DAILY's days); Sheets shows them in its own zone. */
type Cells = SheetValue[][];

/** A custom function has 30 s in all; this leaves time to shape and return the table. */
const CUSTOM_FUNCTION_BUDGET_MS = 25_000;
/** Menu and sidebar actions may take longer, but a person is waiting. */
const INTERACTIVE_BUDGET_MS = 60_000;

/**
 * Instantly campaign analytics: one row per campaign, one column per field.
 *
 * @param {string|Array<Array<string>>} campaign Blank for all campaigns (of every workspace chosen); or a campaign id, a campaign name, or a range of ids and names.
 * @param {Date|string} start_date First day, as a date or YYYY-MM-DD; or a relative range: "today", "yesterday", "last_7_days", "last_30_days", "this_month", "last_month". Blank for all time.
 * @param {Date|string} end_date Last day, as a date or YYYY-MM-DD. Blank for up to today.
 * @param {string|Array<Array<string>>} fields Comma-separated field names, e.g. "campaign_name,open_rate,reply_rate"; blank for the default set.
 * @param {boolean} include_header TRUE (default) to start with a header row.
 * @param {string|Array<Array<string>>} workspace Blank for every connected workspace; or a workspace name, or a range of names.
 * @return The analytics table.
 * @customfunction
 */
export function INSTANTLY_ANALYTICS(
  campaign?: unknown,
  start_date?: unknown,
  end_date?: unknown,
  fields?: unknown,
  include_header?: unknown,
  workspace?: unknown,
): Cells {
  const args = { campaign, start_date, end_date, fields, include_header, workspace };
  return customFunction(args, instantlyAnalytics, formulaContext);
}

/**
 * Instantly step analytics: one row per sequence step and A/B variant (A, B, …), sorted by step
 * then variant; events Instantly could not attribute to a step are one Unattributed row, last.
 *
 * @param {string|Array<Array<string>>} campaign Blank for all campaigns added up (a block per workspace chosen); or a campaign id or name; or a range of ids and names, for a block per campaign with its name first.
 * @param {Date|string} start_date First day, as a date or YYYY-MM-DD; or a relative range: "today", "yesterday", "last_7_days", "last_30_days", "this_month", "last_month". Blank for all time.
 * @param {Date|string} end_date Last day, as a date or YYYY-MM-DD. Blank for up to today.
 * @param {string|Array<Array<string>>} fields Comma-separated field names, e.g. "step,variant,sent,reply_rate"; blank for the default set.
 * @param {boolean} include_header TRUE (default) to start with a header row.
 * @param {string|Array<Array<string>>} workspace Blank for every connected workspace; or a workspace name, or a range of names.
 * @return The steps table.
 * @customfunction
 */
export function INSTANTLY_STEPS(
  campaign?: unknown,
  start_date?: unknown,
  end_date?: unknown,
  fields?: unknown,
  include_header?: unknown,
  workspace?: unknown,
): Cells {
  const args = { campaign, start_date, end_date, fields, include_header, workspace };
  return customFunction(args, instantlySteps, workspaceFormulaContext);
}

/**
 * Instantly totals for a dashboard's KPI tiles: one row for the campaigns chosen, with the
 * outcomes funnel (interested, meetings booked and completed, closed).
 *
 * @param {string|Array<Array<string>>} campaign Blank for the whole workspace (with several chosen, a row per workspace and a last row of their sum); or a campaign id or name; or a range of ids and names, added up (per workspace).
 * @param {Date|string} start_date First day, as a date or YYYY-MM-DD; or a relative range: "today", "yesterday", "last_7_days", "last_30_days", "this_month", "last_month". Blank for all time.
 * @param {Date|string} end_date Last day, as a date or YYYY-MM-DD. Blank for up to today.
 * @param {string|Array<Array<string>>} fields Comma-separated field names, e.g. "total_interested,interested_rate"; blank for the default set.
 * @param {boolean} include_header TRUE (default) to start with a header row.
 * @param {string|Array<Array<string>>} workspace Blank for every connected workspace; or a workspace name, or a range of names.
 * @return The totals.
 * @customfunction
 */
export function INSTANTLY_OVERVIEW(
  campaign?: unknown,
  start_date?: unknown,
  end_date?: unknown,
  fields?: unknown,
  include_header?: unknown,
  workspace?: unknown,
): Cells {
  const args = { campaign, start_date, end_date, fields, include_header, workspace };
  return customFunction(args, instantlyOverview, workspaceFormulaContext);
}

/**
 * Instantly analytics day by day: one row per day, oldest first, a day without activity as zeros.
 *
 * @param {string|Array<Array<string>>} campaign Blank for the workspace's totals (per workspace chosen, its name first); or a campaign id or name; or a range of ids and names for one row per campaign per day, its name first.
 * @param {Date|string} start_date First day, as a date or YYYY-MM-DD; or a relative range: "today", "yesterday", "last_7_days", "last_30_days", "this_month", "last_month". Blank for the last 30 days.
 * @param {Date|string} end_date Last day, as a date or YYYY-MM-DD. Blank for up to today.
 * @param {string|Array<Array<string>>} fields Comma-separated field names, e.g. "sent,unique_replies,reply_rate"; blank for the default set.
 * @param {boolean} include_header TRUE (default) to start with a header row.
 * @param {string|Array<Array<string>>} workspace Blank for every connected workspace; or a workspace name, or a range of names.
 * @return The table of days; the dates are Instantly's days (UTC).
 * @customfunction
 */
export function INSTANTLY_DAILY(
  campaign?: unknown,
  start_date?: unknown,
  end_date?: unknown,
  fields?: unknown,
  include_header?: unknown,
  workspace?: unknown,
): Cells {
  const args = { campaign, start_date, end_date, fields, include_header, workspace };
  return customFunction(args, instantlyDaily, dailyFormulaContext);
}

// ---- Triggers and menu --------------------------------------------------------------------

export function onOpen(): void {
  addAddonMenu();
}

export function onInstall(): void {
  addAddonMenu();
}

/** The hourly time-driven trigger: it has no active spreadsheet and opens each one by id. */
export function runScheduledRefreshes(): ScheduledRunSummary {
  return runDueSchedules();
}

/** Adds a workspace, or replaces the key of the workspace the key belongs to. */
export function setApiKeyFromMenu(): void {
  const key = askForApiKey();
  if (key) showKeyMessage(saveKey(key).message);
}

export function removeApiKeyFromMenu(): void {
  showKeyMessage(withSecretsRedacted(() => disconnectAll(SpreadsheetApp.getActive())).message);
}

export function openSidebarFromMenu(): void {
  openSidebar();
}

/** Refreshes with the saved settings; success is a toast, an error an alert. */
export function refreshNowFromMenu(): void {
  announceRefresh(refreshActiveSpreadsheet().outcome);
}

// ---- Sidebar (google.script.run) ----------------------------------------------------------

export function getSidebarState(): SidebarState {
  const spreadsheet = SpreadsheetApp.getActive();
  identifyLegacyKeyIfReachable(spreadsheet);
  const connections = loadConnections();
  return {
    keyHint: maskKey(connections[0]?.apiKey),
    workspaces: workspaceOptions(connections),
    settings: loadSettings(spreadsheet),
    status: loadRefreshStatus(spreadsheet),
    fields: COLUMN_OPTIONS,
    defaultFields: DEFAULT_COLUMNS,
    dateRanges: DATE_RANGE_OPTIONS,
    timeZone: spreadsheet.getSpreadsheetTimeZone(),
    autoRefreshOptions: AUTO_REFRESH_OPTIONS,
    chartMetrics: CHART_METRICS,
    trendMetrics: TREND_METRICS,
    scheduledByYou: isScheduledByMe(spreadsheet),
    droppedSchedules: listDropped(),
  };
}

/** What the connection section shows after a change. */
interface ConnectionResult extends ActionResult {
  readonly keyHint: string | null;
  readonly workspaces: readonly WorkspaceOption[];
}

function withConnections(result: ActionResult): ConnectionResult {
  const connections = loadConnections();
  return {
    ...result,
    keyHint: maskKey(connections[0]?.apiKey),
    workspaces: workspaceOptions(connections),
  };
}

/** Adds a workspace, or replaces the key of the workspace it belongs to. */
export function saveApiKeyFromSidebar(key: unknown): ConnectionResult {
  const text = typeof key === 'string' ? key.trim() : '';
  const result = text ? saveKey(text) : { ok: false, message: 'Enter an API key first.' };
  return withConnections(result);
}

export function removeWorkspaceFromSidebar(workspaceId: unknown): ConnectionResult {
  const id = typeof workspaceId === 'string' ? workspaceId : '';
  return withConnections(asActionResult(() => disconnect(SpreadsheetApp.getActive(), id).message));
}

export function removeApiKeyFromSidebar(): ActionResult {
  return withSecretsRedacted(() => disconnectAll(SpreadsheetApp.getActive()));
}

/** Tries every connected key. */
export function testConnection(): ActionResult {
  return asActionResult(
    () => `Connected: Instantly lists ${activeWorkspaceCampaigns().length} campaign(s).`,
  );
}

export function listCampaigns(): CampaignOption[] {
  return withSecretsRedacted(() => campaignOptions(activeWorkspaceCampaigns()));
}

/** Saves the settings and brings this user's schedule (and its trigger) in line with them. */
export function saveReportSettings(input: unknown): ActionResult & { scheduledByYou: boolean } {
  const result = asActionResult(() => {
    saveSettings(input);
    return 'Settings saved.';
  });
  return { ...result, scheduledByYou: isScheduledByMe(SpreadsheetApp.getActive()) };
}

/** Saves the page's settings, then refreshes with them. */
export function refreshNow(input: unknown): RefreshResult & { scheduledByYou: boolean } {
  withSecretsRedacted(() => saveSettings(input));
  return {
    ...refreshActiveSpreadsheet(),
    scheduledByYou: isScheduledByMe(SpreadsheetApp.getActive()),
  };
}

// ---- Internals ----------------------------------------------------------------------------

/** A custom function's run: its time budget, the spreadsheet's keys, and no key in any error. */
function customFunction<Context>(
  args: FormulaArguments,
  evaluate: (args: FormulaArguments, context: Context) => Cells,
  context: (spreadsheet: Spreadsheet, connections: Connection[], deadline: number) => Context,
): Cells {
  const deadline = Date.now() + CUSTOM_FUNCTION_BUDGET_MS;
  return withSecretsRedacted(() =>
    evaluate(args, context(SpreadsheetApp.getActive(), loadConnections(), deadline)),
  );
}

function saveKey(key: string): ActionResult {
  const deadline = Date.now() + INTERACTIVE_BUDGET_MS;
  return withSecretsRedacted(() => connectKey(SpreadsheetApp.getActive(), key, deadline), key);
}

/**
 * The first version's key is identified at the first interactive moment; a failure to reach
 * Instantly leaves it as it is, to be tried again next time.
 */
function identifyLegacyKeyIfReachable(spreadsheet: Spreadsheet): void {
  try {
    withSecretsRedacted(() => identifyLegacyKey(spreadsheet, Date.now() + INTERACTIVE_BUDGET_MS));
  } catch {
    // The key keeps working as it is; the next interactive moment tries again.
  }
}

function refreshActiveSpreadsheet(): RefreshResult {
  const spreadsheet = SpreadsheetApp.getActive();
  identifyLegacyKeyIfReachable(spreadsheet);
  return refreshSpreadsheet({ spreadsheet, connections: loadConnections(), trigger: 'manual' });
}

function saveSettings(input: unknown): void {
  const spreadsheet = SpreadsheetApp.getActive();
  const settings = validateSettings(input);
  syncSchedule(spreadsheet, loadSettings(spreadsheet), settings, includedConnections(settings));
  storeSettings(spreadsheet, settings);
}

function activeWorkspaceCampaigns() {
  const deadline = Date.now() + INTERACTIVE_BUDGET_MS;
  return workspaceCampaigns(SpreadsheetApp.getActive(), loadConnections(), deadline);
}

function asActionResult(work: () => string): ActionResult {
  try {
    return { ok: true, message: withSecretsRedacted(work) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** No message that leaves the add-on may carry a key, whatever produced it. */
function withSecretsRedacted<T>(work: () => T, key?: string): T {
  try {
    return work();
  } catch (error) {
    const secrets = [...(key ? [key] : []), ...connectedKeys()];
    throw new Error(redactAll(error instanceof Error ? error.message : String(error), secrets));
  }
}
