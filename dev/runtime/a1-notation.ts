/** A1 notation: 'B2', 'A1:C3', whole columns 'A:B' and rows '2:3', and the sheet-name prefix. */
import { type Area, checkedArea } from './cells';
import { sheetsException } from './spreadsheet-errors';

const CELL_REFERENCE = /^\$?([A-Za-z]*)\$?(\d*)$/;

/** 1 → A, 27 → AA. */
export function columnToLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

function lettersToColumn(letters: string): number {
  return [...letters.toUpperCase()].reduce(
    (column, letter) => column * 26 + letter.charCodeAt(0) - 64,
    0,
  );
}

export function a1Notation(area: Area): string {
  const start = `${columnToLetters(area.column)}${area.row}`;
  if (area.numRows === 1 && area.numColumns === 1) return start;
  const end = `${columnToLetters(area.column + area.numColumns - 1)}${area.row + area.numRows - 1}`;
  return `${start}:${end}`;
}

/** How a sheet name prefixes a range: `Data!A1`, `'Bob''s data'!A1`. */
export function quotedSheetName(name: string): string {
  return /^[A-Za-z_]\w*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/**
 * 'B2', 'A1:C3', 'AA1:AB3', whole columns 'A:B' and whole rows '2:3' (bounded by the sheet size).
 */
export function parseA1Area(a1: string, maxRows: number, maxColumns: number): Area {
  const cells = String(a1).trim();
  const [startText, endText = startText, extra] = cells.split(':');
  const start = CELL_REFERENCE.exec(startText);
  const end = CELL_REFERENCE.exec(endText);
  const single = endText === startText && !cells.includes(':');
  const valid =
    start &&
    end &&
    extra === undefined &&
    (single ? start[1] && start[2] : (start[1] || start[2]) && (end[1] || end[2]));
  if (!valid) throw sheetsException('Range not found');
  const column = start[1] ? lettersToColumn(start[1]) : 1;
  const row = start[2] ? Number(start[2]) : 1;
  const lastColumn = end[1] ? lettersToColumn(end[1]) : maxColumns;
  const lastRow = end[2] ? Number(end[2]) : maxRows;
  return checkedArea({
    row: Math.min(row, lastRow),
    column: Math.min(column, lastColumn),
    numRows: Math.abs(lastRow - row) + 1,
    numColumns: Math.abs(lastColumn - column) + 1,
  });
}
