/**
 * Who runs a spreadsheet's schedule. Triggers are per user, so one editor's hourly run serves
 * a scheduled spreadsheet: its owner. The spreadsheet records the owner's schedule id; any
 * other editor's entry that no longer matches drops itself at its next run.
 */
import { UserFacingError } from '../core/errors';
import type { ReportSettings } from '../core/settings';
import type { Connection } from '../core/workspaces';
import { syncScheduleTrigger } from '../services/triggers';
import { newId } from '../services/utilities';
import {
  findSchedule,
  listSchedules,
  removeSchedule,
  type ScheduleEntry,
  saveSchedule,
} from './schedule-registry';
import { loadScheduleOwner, storeScheduleOwner } from './spreadsheet-records';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export function isScheduledByMe(spreadsheet: Spreadsheet): boolean {
  const owner = loadScheduleOwner(spreadsheet);
  return owner !== undefined && findSchedule(spreadsheet.getId())?.scheduleId === owner;
}

/**
 * Brings the schedule in line with new settings. Changing the timing (or turning it on) makes
 * this user the owner; other changes leave another editor's schedule running as it is.
 */
export function syncSchedule(
  spreadsheet: Spreadsheet,
  saved: ReportSettings,
  wanted: ReportSettings,
  connections: readonly Connection[],
): void {
  if (wanted.autoRefresh === 'off') {
    releaseSchedule(spreadsheet);
    return;
  }
  // The hour matters only to a daily schedule; the sidebar keeps it while hidden.
  const timingChanged =
    wanted.autoRefresh !== saved.autoRefresh ||
    (wanted.autoRefresh === 'daily' && wanted.dailyHour !== saved.dailyHour);
  const owned = loadScheduleOwner(spreadsheet) !== undefined;
  if (timingChanged || !owned || isScheduledByMe(spreadsheet))
    claimSchedule(spreadsheet, wanted, connections);
}

/** Makes this user's hourly run serve the spreadsheet, with copies of these workspaces' keys. */
export function claimSchedule(
  spreadsheet: Spreadsheet,
  settings: ReportSettings,
  connections: readonly Connection[],
): void {
  if (connections.length === 0) {
    throw new UserFacingError('Save an API key before you turn Auto-refresh on.');
  }
  const spreadsheetId = spreadsheet.getId();
  const previous = findSchedule(spreadsheetId);
  const ownedByMe =
    previous !== undefined && previous.scheduleId === loadScheduleOwner(spreadsheet);
  const scheduleId = ownedByMe ? previous.scheduleId : newId();
  saveSchedule({
    spreadsheetId,
    scheduleId,
    spreadsheetName: spreadsheet.getName(),
    timeZone: spreadsheet.getSpreadsheetTimeZone(),
    schedule: { autoRefresh: settings.autoRefresh, dailyHour: settings.dailyHour },
    workspaces: connections,
    lastRun: previous?.lastRun,
  });
  syncTriggerOrRestore(spreadsheetId, previous);
  storeScheduleOwner(spreadsheet, scheduleId);
}

/** Ends the schedule: this user's entry at once, another editor's at its next run. */
export function releaseSchedule(spreadsheet: Spreadsheet): void {
  const spreadsheetId = spreadsheet.getId();
  const previous = findSchedule(spreadsheetId);
  removeSchedule(spreadsheetId);
  syncTriggerOrRestore(spreadsheetId, previous);
  storeScheduleOwner(spreadsheet, undefined);
}

function syncTriggerOrRestore(spreadsheetId: string, previous: ScheduleEntry | undefined): void {
  try {
    syncScheduleTrigger(listSchedules().length > 0);
  } catch (error) {
    if (previous) saveSchedule(previous);
    else removeSchedule(spreadsheetId);
    throw error;
  }
}
