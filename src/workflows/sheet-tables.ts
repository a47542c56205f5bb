/**
 * Tables written where an earlier one may stand. Each write's shape is recorded on the
 * spreadsheet, so the next write there can blank whatever of the earlier table is left.
 */
import type { FailedWorkspace } from '../core/refresh';
import { METADATA_TABLE_SHAPES } from '../core/storage-keys';
import { keptRows } from '../core/table';
import { readRecord, writeRecord } from '../services/developer-metadata';
import { type Table, type TableShape, writeTable } from '../services/sheet-writer';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Keyed by sheet id and column, so a renamed sheet still knows its previous table. */
const shapeKey = (sheet: Sheet, column: number) => `${sheet.getSheetId()}@${column}`;

/** Writes a table at row 1 of the column, blanking whatever of the earlier one is left. */
export function replaceTable(
  spreadsheet: Spreadsheet,
  sheet: Sheet,
  column: number,
  table: Table,
): TableShape {
  const shapes = recordedShapes(spreadsheet);
  const key = shapeKey(sheet, column);
  const shape = writeTable(sheet, column, table, shapes[key]);
  writeRecord(spreadsheet, METADATA_TABLE_SHAPES, { ...shapes, [key]: shape });
  return shape;
}

/** The shape of the table last written by replaceTable at row 1 of the column, if any. */
export function recordedShape(
  spreadsheet: Spreadsheet,
  sheet: Sheet,
  column: number,
): TableShape | undefined {
  return recordedShapes(spreadsheet)[shapeKey(sheet, column)];
}

function recordedShapes(spreadsheet: Spreadsheet): Record<string, TableShape> {
  return readRecord<Record<string, TableShape>>(spreadsheet, METADATA_TABLE_SHAPES) ?? {};
}

/**
 * The table with the previous rows of the workspaces that failed added at its end, read back
 * from the table last written at row 1 of the column (a read bounded by its recorded shape),
 * so a failed workspace's rows are never lost.
 */
export function withKeptRows<T extends Table>(
  spreadsheet: Spreadsheet,
  sheet: Sheet,
  table: T,
  failed: readonly FailedWorkspace[],
  column = 1,
): T {
  const shape = failed.length > 0 ? recordedShape(spreadsheet, sheet, column) : undefined;
  if (!shape || shape.rows < 2) return table;
  const previous = sheet.getRange(1, column, shape.rows, shape.columns).getValues();
  const names = failed.map((workspace) => workspace.name);
  return { ...table, values: [...table.values, ...keptRows(previous, table.values[0], names)] };
}
