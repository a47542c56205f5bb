/**
 * The add-on's whole public surface: every function Apps Script calls by name. Rollup keeps
 * these as top-level functions of the pushed file; everything else stays internal.
 */

import { isoDateIn, todayIn } from './adapters/clock';
import { clientOptions, clientWithKey, sharedCache } from './adapters/instantly';
import { readApiKey, removeApiKey, saveApiKey } from './adapters/properties';
import { addMenu, promptForText, showAlert } from './adapters/ui';
import { checkApiKey } from './core/api-key';
import { redact } from './core/errors';
import { type FormulaArguments, instantlyAnalytics } from './core/formula';
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
  if (!key) return;
  const timeZone = SpreadsheetApp.getActive().getSpreadsheetTimeZone();
  const deadline = Date.now() + INTERACTIVE_BUDGET_MS;
  const check = withSecretsRedacted(
    () => checkApiKey(clientWithKey(key, deadline), todayIn(timeZone)),
    key,
  );
  if (check.save) saveApiKey(PropertiesService.getDocumentProperties(), key);
  showAlert('Instantly API key', check.message);
}

export function removeApiKeyFromMenu(): void {
  removeApiKey(PropertiesService.getDocumentProperties());
  showAlert('Instantly API key', 'The API key was removed from this spreadsheet.');
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
