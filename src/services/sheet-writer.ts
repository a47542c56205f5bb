/** SpreadsheetApp: opening spreadsheets, and writing tables with a constant number of calls. */
import { GENERAL_FORMAT } from '../core/report';
import type { SheetValue } from '../core/table';

/** The block a previous write covered, so a smaller write can blank what is left of it. */
export interface TableShape {
  readonly rows: number;
  readonly columns: number;
}

export interface Table {
  /** Header row first. */
  readonly values: readonly (readonly SheetValue[])[];
  /** One number format per column, for the rows under the header. */
  readonly columnFormats: readonly string[];
}

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** A scheduled run has no active spreadsheet, so it opens each one by id. */
export function openSpreadsheetById(id: string): GoogleAppsScript.Spreadsheet.Spreadsheet {
  return SpreadsheetApp.openById(id);
}

export function sheetNamed(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  name: string,
): Sheet {
  return spreadsheet.getSheetByName(name) ?? spreadsheet.insertSheet(name);
}

/** Every sheet's cells, blank ones included, as Sheets counts them against its cell limit. */
export function spreadsheetCells(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): number {
  return spreadsheet
    .getSheets()
    .reduce((cells, sheet) => cells + sheet.getMaxRows() * sheet.getMaxColumns(), 0);
}

function grid<T>(rows: number, columns: number, cell: (row: number, column: number) => T): T[][] {
  return Array.from({ length: rows }, (_, row) =>
    Array.from({ length: columns }, (_, column) => cell(row, column)),
  );
}

/**
 * Writes a table with a bold header at row 1 of the given column, in one setValues call.
 * The block also covers the previous table there, so its leftover rows and columns are
 * blanked; cells beyond it (a person's own columns) are never touched.
 */
export function writeTable(
  sheet: Sheet,
  column: number,
  table: Table,
  previous: TableShape | undefined,
): TableShape {
  const written: TableShape = { rows: table.values.length, columns: table.columnFormats.length };
  const rows = Math.max(written.rows, previous?.rows ?? 0);
  const columns = Math.max(written.columns, previous?.columns ?? 0);
  const inTable = (row: number, col: number) => row < written.rows && col < written.columns;
  const block = sheet.getRange(1, column, rows, columns);
  block.setNumberFormats(
    grid(rows, columns, (row, col) =>
      row > 0 && inTable(row, col) ? table.columnFormats[col] : GENERAL_FORMAT,
    ),
  );
  block.setValues(
    grid<SheetValue>(rows, columns, (row, col) =>
      inTable(row, col) ? table.values[row][col] : '',
    ),
  );
  block.setFontWeights(
    grid(rows, columns, (row, col) => (row === 0 && inTable(row, col) ? 'bold' : 'normal')),
  );
  return written;
}
