/**
 * The add-on's whole public surface: every function Apps Script calls by name (the custom
 * function, triggers, menu items and google.script.run targets). Rollup makes each export a
 * top-level function of the pushed file; everything else stays inside a closure.
 */

import { checkAndSaveKey, forgetKey } from './adapters/api-key';
import { isoDateIn, todayIn } from './adapters/clock';
import { clientWithKey, sharedCache } from './adapters/instantly';
import { readApiKey } from './adapters/properties';
import { refreshSpreadsheet } from './adapters/refresh';
import { isScheduledByMe, syncSchedule } from './adapters/schedule-sync';
import { runDueSchedules, type ScheduledRunSummary } from './adapters/scheduler';
import { listDropped } from './adapters/schedules';
import { loadRefreshStatus, loadSettings, storeSettings } from './adapters/store';
import { addMenu, openSidebar, promptForText, showAlert, showToast } from './adapters/ui';
import { redact } from './core/errors';
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
} from './core/sidebar-api';
import { allCampaigns } from './core/source';

/** A custom function has 30 s in all; this leaves time to shape and return the table. */
const CUSTOM_FUNCTION_BUDGET_MS = 25_000;
/** Menu and sidebar actions may take longer, but a person is waiting. */
const INTERACTIVE_BUDGET_MS = 60_000;

/**
 * Instantly campaign analytics: one row per campaign, one column per field.
 *
 * @param {string|Array<Array<string>>} campaign Blank for all campaigns; or a campaign id, a campaign name, or a range of ids and names.
 * @param {Date|string} start_date First day, as a date or YYYY-MM-DD; or a relative range: "today", "yesterday", "last_7_days", "last_30_days", "this_month", "last_month". Blank for all time.
 * @param {Date|string} end_date Last day, as a date or YYYY-MM-DD. Blank for up to today.
 * @param {string|Array<Array<string>>} fields Comma-separated field names, e.g. "campaign_name,open_rate,reply_rate"; blank for the default set.
 * @param {boolean} include_header TRUE (default) to start with a header row.
 * @return The analytics table.
 * @customfunction
 */
export function INSTANTLY_ANALYTICS(
  campaign?: unknown,
  start_date?: unknown,
  end_date?: unknown,
  fields?: unknown,
  include_header?: unknown,
): (string | number | boolean)[][] {
  const deadline = Date.now() + CUSTOM_FUNCTION_BUDGET_MS;
  const args: FormulaArguments = { campaign, start_date, end_date, fields, include_header };
  return withSecretsRedacted(() => {
    const spreadsheet = SpreadsheetApp.getActive();
    const timeZone = spreadsheet.getSpreadsheetTimeZone();
    const client = clientWithKey(documentApiKey(), deadline);
    return instantlyAnalytics(args, {
      today: todayIn(timeZone),
      toIsoDate: isoDateIn(timeZone),
      loadAllCampaigns: (range, includeLeads) =>
        allCampaigns(range, includeLeads, client, sharedCache(spreadsheet.getId())),
    });
  });
}

// ---- Triggers and menu --------------------------------------------------------------------

export function onOpen(): void {
  addMenu();
}

export function onInstall(): void {
  addMenu();
}

/** The hourly time-driven trigger: it has no active spreadsheet and opens each one by id. */
export function runScheduledRefreshes(): ScheduledRunSummary {
  return runDueSchedules();
}

export function setApiKeyFromMenu(): void {
  const key = promptForText(
    'Instantly API key',
    'Paste an Instantly API v2 key (Instantly › Settings › Integrations › API keys). ' +
      'It is checked with one request, then stored for this spreadsheet only.',
  );
  if (key) showAlert('Instantly API key', saveKey(key).message);
}

export function removeApiKeyFromMenu(): void {
  showAlert('Instantly API key', forgetKey(SpreadsheetApp.getActive()).message);
}

export function openSidebarFromMenu(): void {
  openSidebar();
}

/** Refreshes with the saved settings; success is a toast, an error an alert. */
export function refreshNowFromMenu(): void {
  const { outcome } = refreshActiveSpreadsheet();
  if (outcome.ok) {
    showToast(
      `Wrote ${outcome.rows} campaign row(s) to "${outcome.sheetName}".`,
      'Instantly Analytics',
    );
  } else {
    showAlert('Instantly Analytics: refresh failed', outcome.error ?? 'Unknown error.');
  }
}

// ---- Sidebar (google.script.run) ----------------------------------------------------------

export function getSidebarState(): SidebarState {
  const spreadsheet = SpreadsheetApp.getActive();
  return {
    keyHint: maskKey(documentApiKey()),
    settings: loadSettings(spreadsheet),
    status: loadRefreshStatus(spreadsheet),
    fields: COLUMN_OPTIONS,
    defaultFields: DEFAULT_COLUMNS,
    dateRanges: DATE_RANGE_OPTIONS,
    timeZone: spreadsheet.getSpreadsheetTimeZone(),
    autoRefreshOptions: AUTO_REFRESH_OPTIONS,
    chartMetrics: CHART_METRICS,
    scheduledByYou: isScheduledByMe(spreadsheet),
    droppedSchedules: listDropped(),
  };
}

export function saveApiKeyFromSidebar(key: unknown): ActionResult & { keyHint: string | null } {
  const text = typeof key === 'string' ? key.trim() : '';
  const result = text ? saveKey(text) : { ok: false, message: 'Enter an API key first.' };
  return { ...result, keyHint: maskKey(documentApiKey()) };
}

export function removeApiKeyFromSidebar(): ActionResult {
  return forgetKey(SpreadsheetApp.getActive());
}

/** Tries the saved key with one request. */
export function testConnection(): ActionResult {
  return asActionResult(
    () => `Connected: Instantly lists ${workspaceCampaigns().length} campaign(s).`,
  );
}

export function listCampaigns(): CampaignOption[] {
  return withSecretsRedacted(() => campaignOptions(workspaceCampaigns()));
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

function saveKey(key: string): ActionResult {
  const deadline = Date.now() + INTERACTIVE_BUDGET_MS;
  return withSecretsRedacted(() => checkAndSaveKey(SpreadsheetApp.getActive(), key, deadline), key);
}

function documentApiKey(): string | undefined {
  return readApiKey(PropertiesService.getDocumentProperties());
}

function refreshActiveSpreadsheet(): RefreshResult {
  return refreshSpreadsheet({
    spreadsheet: SpreadsheetApp.getActive(),
    apiKey: documentApiKey(),
    trigger: 'manual',
  });
}

function saveSettings(input: unknown): void {
  const spreadsheet = SpreadsheetApp.getActive();
  const settings = validateSettings(input);
  syncSchedule(spreadsheet, loadSettings(spreadsheet), settings, documentApiKey());
  storeSettings(spreadsheet, settings);
}

/** All campaigns of all time, without lead counts: the cheapest list of the workspace. */
function workspaceCampaigns() {
  const spreadsheet = SpreadsheetApp.getActive();
  const client = clientWithKey(documentApiKey(), Date.now() + INTERACTIVE_BUDGET_MS);
  return allCampaigns({}, false, client, sharedCache(spreadsheet.getId()));
}

function asActionResult(work: () => string): ActionResult {
  try {
    return { ok: true, message: withSecretsRedacted(work) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** No message that leaves the add-on may carry the key, whatever produced it. */
function withSecretsRedacted<T>(work: () => T, key?: string): T {
  try {
    return work();
  } catch (error) {
    const secret = key ?? documentApiKey();
    throw new Error(redact(error instanceof Error ? error.message : String(error), secret));
  }
}
