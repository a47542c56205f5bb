/** Writes a report into its sheet with a constant number of Spreadsheet calls. */
import { GENERAL_FORMAT, type Report } from '../core/report';
import type { Cell } from '../core/table';

/** The block a previous refresh wrote, so a smaller refresh can blank what is left of it. */
export interface TableShape {
  readonly rows: number;
  readonly columns: number;
}

function grid<T>(rows: number, columns: number, cell: (row: number, column: number) => T): T[][] {
  return Array.from({ length: rows }, (_, row) =>
    Array.from({ length: columns }, (_, column) => cell(row, column)),
  );
}

/**
 * Writes header and rows at A1 in one setValues call. The block covers the previous table too,
 * so its leftover rows and columns are blanked; columns beyond it (a person's own) are untouched.
 */
export function writeReportToSheet(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  sheetName: string,
  report: Report,
  previous: TableShape | undefined,
  note: string,
): TableShape {
  const sheet = spreadsheet.getSheetByName(sheetName) ?? spreadsheet.insertSheet(sheetName);
  const written: TableShape = { rows: report.values.length, columns: report.columnFormats.length };
  const rows = Math.max(written.rows, previous?.rows ?? 0);
  const columns = Math.max(written.columns, previous?.columns ?? 0);
  const inTable = (row: number, column: number) => row < written.rows && column < written.columns;
  const values = grid<Cell>(rows, columns, (row, column) =>
    inTable(row, column) ? report.values[row][column] : '',
  );
  const formats = grid(rows, columns, (row, column) =>
    row > 0 && inTable(row, column) ? report.columnFormats[column] : GENERAL_FORMAT,
  );
  const weights = grid(rows, columns, (row, column) =>
    row === 0 && inTable(row, column) ? 'bold' : 'normal',
  );
  const block = sheet.getRange(1, 1, rows, columns);
  block.setNumberFormats(formats);
  block.setValues(values);
  block.setFontWeights(weights);
  sheet.setFrozenRows(1);
  sheet.getRange(1, 1).setNote(note);
  sheet.autoResizeColumns(1, written.columns);
  return written;
}
