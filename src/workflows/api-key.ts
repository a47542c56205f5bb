/** Saving and removing the spreadsheet's API key, and what follows from it. */
import { checkApiKey } from '../core/api-key';
import type { ActionResult } from '../core/sidebar-api';
import { renewCacheScope } from '../services/cache';
import { readApiKey, removeApiKey, saveApiKey } from '../services/properties';
import { todayIn } from '../services/utilities';
import { clientWithKey } from './instantly-access';
import { claimSchedule, releaseSchedule } from './schedule-ownership';
import { loadSettings, storeSettings } from './spreadsheet-records';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** The active spreadsheet's key, for main.ts, which reaches services only through workflows. */
export { readApiKey };

/** Saves the key only once one request shows Instantly accepts it. */
export function checkAndSaveKey(
  spreadsheet: Spreadsheet,
  key: string,
  deadline: number,
): ActionResult {
  const today = todayIn(spreadsheet.getSpreadsheetTimeZone());
  const check = checkApiKey(clientWithKey(key, deadline), today);
  if (!check.save) return { ok: false, message: check.message };
  saveApiKey(key);
  // Responses cached under the old key must not be served under the new one.
  renewCacheScope(spreadsheet.getId());
  return { ok: true, message: check.message + scheduleWithNewKey(spreadsheet, key) };
}

/** The editor who saves a key takes the schedule over, so scheduled runs use that key. */
function scheduleWithNewKey(spreadsheet: Spreadsheet, key: string): string {
  const settings = loadSettings(spreadsheet);
  if (settings.autoRefresh === 'off') return '';
  try {
    claimSchedule(spreadsheet, settings, key);
    return ' Auto-refresh now runs with this key.';
  } catch (error) {
    return ` Auto-refresh keeps its previous key: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** No scheduled run may go on with a removed key, so removing it turns Auto-refresh off. */
export function forgetKey(spreadsheet: Spreadsheet): ActionResult {
  removeApiKey();
  renewCacheScope(spreadsheet.getId());
  const settings = loadSettings(spreadsheet);
  if (settings.autoRefresh === 'off') {
    return { ok: true, message: 'The API key was removed from this spreadsheet.' };
  }
  releaseSchedule(spreadsheet);
  storeSettings(spreadsheet, { ...settings, autoRefresh: 'off' });
  return {
    ok: true,
    message: 'The API key was removed from this spreadsheet, and Auto-refresh is off.',
  };
}
