/** The report's settings, refresh status and table shapes, kept on the spreadsheet. */
import { type RefreshOutcome, type RefreshStatus, recordOutcome } from '../core/refresh';
import { parseSavedSettings, type ReportSettings } from '../core/settings';
import { readRecord, removeRecord, writeRecord } from './metadata';
import type { TableShape } from './sheet';

const SETTINGS = 'instantlyAnalytics.settings';
const STATUS = 'instantlyAnalytics.status';
const TABLE_SHAPES = 'instantlyAnalytics.tableShapes';
const SCHEDULE_OWNER = 'instantlyAnalytics.scheduleOwner';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export function loadSettings(spreadsheet: Spreadsheet): ReportSettings {
  return parseSavedSettings(readRecord<unknown>(spreadsheet, SETTINGS));
}

export function storeSettings(spreadsheet: Spreadsheet, settings: ReportSettings): void {
  writeRecord(spreadsheet, SETTINGS, settings);
}

/** The schedule id of the editor whose hourly run refreshes this spreadsheet, if any. */
export function loadScheduleOwner(spreadsheet: Spreadsheet): string | undefined {
  return readRecord<{ scheduleId: string }>(spreadsheet, SCHEDULE_OWNER)?.scheduleId;
}

export function storeScheduleOwner(spreadsheet: Spreadsheet, scheduleId: string | undefined): void {
  if (scheduleId) writeRecord(spreadsheet, SCHEDULE_OWNER, { scheduleId });
  else removeRecord(spreadsheet, SCHEDULE_OWNER);
}

export function loadRefreshStatus(spreadsheet: Spreadsheet): RefreshStatus {
  return readRecord<RefreshStatus>(spreadsheet, STATUS) ?? { consecutiveFailures: 0 };
}

export function recordRefresh(spreadsheet: Spreadsheet, outcome: RefreshOutcome): RefreshStatus {
  const status = recordOutcome(loadRefreshStatus(spreadsheet), outcome);
  writeRecord(spreadsheet, STATUS, status);
  return status;
}

/** Keyed by sheet id and column, so a renamed sheet still knows its previous table. */
const shapeKey = (sheet: GoogleAppsScript.Spreadsheet.Sheet, column: number) =>
  `${sheet.getSheetId()}@${column}`;

export function loadTableShape(
  spreadsheet: Spreadsheet,
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  column: number,
): TableShape | undefined {
  return readRecord<Record<string, TableShape>>(spreadsheet, TABLE_SHAPES)?.[
    shapeKey(sheet, column)
  ];
}

export function storeTableShape(
  spreadsheet: Spreadsheet,
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  column: number,
  shape: TableShape,
): void {
  const shapes = readRecord<Record<string, TableShape>>(spreadsheet, TABLE_SHAPES) ?? {};
  writeRecord(spreadsheet, TABLE_SHAPES, { ...shapes, [shapeKey(sheet, column)]: shape });
}
