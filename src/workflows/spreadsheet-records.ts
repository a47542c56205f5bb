/** The report's settings, refresh status and schedule owner, kept on the spreadsheet. */
import { type RefreshOutcome, type RefreshStatus, recordOutcome } from '../core/refresh';
import { parseSavedSettings, type ReportSettings } from '../core/settings';
import {
  METADATA_REFRESH_STATUS,
  METADATA_SCHEDULE_OWNER,
  METADATA_SETTINGS,
} from '../core/storage-keys';
import { readRecord, removeRecord, writeRecord } from '../services/developer-metadata';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export function loadSettings(spreadsheet: Spreadsheet): ReportSettings {
  return parseSavedSettings(readRecord<unknown>(spreadsheet, METADATA_SETTINGS));
}

export function storeSettings(spreadsheet: Spreadsheet, settings: ReportSettings): void {
  writeRecord(spreadsheet, METADATA_SETTINGS, settings);
}

/** The schedule id of the editor whose hourly run refreshes this spreadsheet, if any. */
export function loadScheduleOwner(spreadsheet: Spreadsheet): string | undefined {
  return readRecord<{ scheduleId: string }>(spreadsheet, METADATA_SCHEDULE_OWNER)?.scheduleId;
}

export function storeScheduleOwner(spreadsheet: Spreadsheet, scheduleId: string | undefined): void {
  if (scheduleId) writeRecord(spreadsheet, METADATA_SCHEDULE_OWNER, { scheduleId });
  else removeRecord(spreadsheet, METADATA_SCHEDULE_OWNER);
}

export function loadRefreshStatus(spreadsheet: Spreadsheet): RefreshStatus {
  return (
    readRecord<RefreshStatus>(spreadsheet, METADATA_REFRESH_STATUS) ?? { consecutiveFailures: 0 }
  );
}

export function recordRefresh(spreadsheet: Spreadsheet, outcome: RefreshOutcome): RefreshStatus {
  const status = recordOutcome(loadRefreshStatus(spreadsheet), outcome);
  writeRecord(spreadsheet, METADATA_REFRESH_STATUS, status);
  return status;
}
