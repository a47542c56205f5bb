/**
 * The add-on's whole public surface: every function Apps Script calls by name. Rollup keeps
 * these as top-level functions of the pushed file; everything else stays internal.
 */

import { isoDateIn, todayIn } from './adapters/clock';
import { clientOptions, clientWithKey, sharedCache } from './adapters/instantly';
import { readApiKey, removeApiKey, saveApiKey } from './adapters/properties';
import { refreshReport } from './adapters/refresh';
import { loadRefreshStatus, loadSettings, storeSettings } from './adapters/store';
import { addMenu, openSidebar, promptForText, showAlert, showToast } from './adapters/ui';
import { checkApiKey } from './core/api-key';
import { redact } from './core/errors';
import { type FormulaArguments, instantlyAnalytics } from './core/formula';
import { validateSettings } from './core/settings';
import {
  type ActionResult,
  type CampaignOption,
  COLUMN_OPTIONS,
  campaignOptions,
  DATE_RANGE_OPTIONS,
  DEFAULT_COLUMNS,
  maskKey,
  type RefreshResponse,
  type SidebarState,
} from './core/sidebar-api';
import { allCampaigns } from './core/source';

/** A custom function has 30 s in all; this leaves time to shape and return the table. */
const CUSTOM_FUNCTION_BUDGET_MS = 25_000;
/** Menu actions may take longer, but a person is waiting. */
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
    const properties = PropertiesService.getDocumentProperties();
    const timeZone = SpreadsheetApp.getActive().getSpreadsheetTimeZone();
    return instantlyAnalytics(args, {
      today: todayIn(timeZone),
      toIsoDate: isoDateIn(timeZone),
      loadAllCampaigns: (range, includeLeads) =>
        allCampaigns(
          range,
          includeLeads,
          clientOptions(properties, deadline),
          sharedCache(properties),
        ),
    });
  });
}

// ---- Menu -------------------------------------------------------------------------------

export function onOpen(): void {
  addMenu();
}

export function onInstall(): void {
  addMenu();
}

export function setApiKeyFromMenu(): void {
  const key = promptForText(
    'Instantly API key',
    'Paste an Instantly API v2 key (Instantly › Settings › Integrations › API keys). ' +
      'It is checked with one request, then stored for this spreadsheet only.',
  );
  if (key) showAlert('Instantly API key', checkAndSaveKey(key).message);
}

export function removeApiKeyFromMenu(): void {
  removeApiKey(PropertiesService.getDocumentProperties());
  showAlert('Instantly API key', 'The API key was removed from this spreadsheet.');
}

export function openSidebarFromMenu(): void {
  openSidebar();
}

/** Refreshes with the saved settings; success is a toast, an error an alert. */
export function refreshNowFromMenu(): void {
  const outcome = refreshReport(
    SpreadsheetApp.getActive(),
    PropertiesService.getDocumentProperties(),
    'manual',
  );
  if (outcome.ok) {
    showToast(
      `Wrote ${outcome.rows} campaign row(s) to "${outcome.sheetName}".`,
      'Instantly Analytics',
    );
  } else {
    showAlert('Instantly Analytics: refresh failed', outcome.error ?? 'Unknown error.');
  }
}

// ---- Sidebar (google.script.run) --------------------------------------------------------

export function getSidebarState(): SidebarState {
  const properties = PropertiesService.getDocumentProperties();
  return {
    keyHint: maskKey(readApiKey(properties)),
    settings: loadSettings(properties),
    status: loadRefreshStatus(properties),
    fields: COLUMN_OPTIONS,
    defaultFields: DEFAULT_COLUMNS,
    dateRanges: DATE_RANGE_OPTIONS,
    timeZone: SpreadsheetApp.getActive().getSpreadsheetTimeZone(),
  };
}

export function saveApiKeyFromSidebar(key: unknown): ActionResult & { keyHint: string | null } {
  const text = typeof key === 'string' ? key.trim() : '';
  const properties = PropertiesService.getDocumentProperties();
  const result = text ? checkAndSaveKey(text) : { ok: false, message: 'Enter an API key first.' };
  return { ...result, keyHint: maskKey(readApiKey(properties)) };
}

export function removeApiKeyFromSidebar(): ActionResult {
  removeApiKey(PropertiesService.getDocumentProperties());
  return { ok: true, message: 'The API key was removed from this spreadsheet.' };
}

/** Tries the saved key with one request. */
export function testConnection(): ActionResult {
  return asActionResult(() => {
    const count = workspaceCampaigns().length;
    return `Connected: Instantly lists ${count} campaign(s).`;
  });
}

export function listCampaigns(): CampaignOption[] {
  return withSecretsRedacted(() => campaignOptions(workspaceCampaigns()));
}

export function saveReportSettings(input: unknown): ActionResult {
  return asActionResult(() => {
    storeSettings(PropertiesService.getDocumentProperties(), validateSettings(input));
    return 'Settings saved.';
  });
}

/** Saves the page's settings, then refreshes with them. */
export function refreshNow(input: unknown): RefreshResponse {
  const properties = PropertiesService.getDocumentProperties();
  storeSettings(
    properties,
    withSecretsRedacted(() => validateSettings(input)),
  );
  const outcome = refreshReport(SpreadsheetApp.getActive(), properties, 'manual');
  return { outcome, status: loadRefreshStatus(properties) };
}

// ---- Internals --------------------------------------------------------------------------

function checkAndSaveKey(key: string): ActionResult {
  const timeZone = SpreadsheetApp.getActive().getSpreadsheetTimeZone();
  const deadline = Date.now() + INTERACTIVE_BUDGET_MS;
  const check = withSecretsRedacted(
    () => checkApiKey(clientWithKey(key, deadline), todayIn(timeZone)),
    key,
  );
  if (check.save) saveApiKey(PropertiesService.getDocumentProperties(), key);
  return { ok: check.save, message: check.message };
}

/** All campaigns of all time, without lead counts: the cheapest list of the workspace. */
function workspaceCampaigns() {
  const properties = PropertiesService.getDocumentProperties();
  const client = clientOptions(properties, Date.now() + INTERACTIVE_BUDGET_MS);
  return allCampaigns({}, false, client, sharedCache(properties));
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
    const secret = key ?? readApiKey(PropertiesService.getDocumentProperties());
    throw new Error(redact(error instanceof Error ? error.message : String(error), secret));
  }
}
