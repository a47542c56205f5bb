/** Keeps this user's schedule entry and the hourly trigger in line with a spreadsheet's settings. */
import { UserFacingError } from '../core/errors';
import type { ReportSettings } from '../core/settings';
import { findSchedule, listSchedules, removeSchedule, saveSchedule } from './schedules';
import { syncScheduleTrigger } from './triggers';

export function syncSchedule(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  settings: ReportSettings,
  apiKey: string | undefined,
): void {
  const spreadsheetId = spreadsheet.getId();
  const previous = findSchedule(spreadsheetId);
  if (settings.autoRefresh === 'off') {
    removeSchedule(spreadsheetId);
  } else {
    if (!apiKey) throw new UserFacingError('Save an API key before you turn Auto-refresh on.');
    saveSchedule({
      spreadsheetId,
      spreadsheetName: spreadsheet.getName(),
      timeZone: spreadsheet.getSpreadsheetTimeZone(),
      schedule: { autoRefresh: settings.autoRefresh, dailyHour: settings.dailyHour },
      apiKey,
      emailOnFailure: settings.emailOnFailure,
      lastRun: previous?.lastRun,
    });
  }
  try {
    syncScheduleTrigger(listSchedules().length > 0);
  } catch (error) {
    restore(spreadsheetId, previous);
    throw error;
  }
}

function restore(spreadsheetId: string, previous: ReturnType<typeof findSchedule>): void {
  if (previous) saveSchedule(previous);
  else removeSchedule(spreadsheetId);
}

/** A new or removed key reaches this user's scheduled runs of the spreadsheet too. */
export function updateScheduledKey(spreadsheetId: string, apiKey: string | undefined): void {
  const entry = findSchedule(spreadsheetId);
  if (entry) saveSchedule({ ...entry, apiKey });
}
