/** The cells of a sheet: what one cell holds, the sparse grid of them, and rectangles of them. */
import { isDate, timeOf } from './env';
import { sheetsException } from './spreadsheet-errors';

type FontWeight = GoogleAppsScript.Spreadsheet.FontWeight;

export type CellValue = string | number | boolean | Date;

/** What `getNumberFormat()` returns for a cell nobody formatted. */
export const DEFAULT_NUMBER_FORMAT = '0.###############';

/** A rectangle of cells, 1-based like Sheets. */
export interface Area {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

export interface Cell {
  value: CellValue;
  formula: string;
  /** Why a formula shows an error value (`#ERROR!`, `#REF!`, ...). */
  error: string;
  numberFormat: string;
  fontWeight: FontWeight;
  note: string;
  /** Cells filled by this cell's array result. */
  spill: Cell[];
  /** The formula cell whose array result fills this cell. */
  spilledFrom: Cell | undefined;
  /** A formula to compute at the next recalculation; it reads 'Loading...' meanwhile. */
  pending: boolean;
  /** Where this formula's refused array result would go; a change there makes it due again. */
  blockedArea: Area | undefined;
}

function blankCell(): Cell {
  return {
    value: '',
    formula: '',
    error: '',
    numberFormat: DEFAULT_NUMBER_FORMAT,
    fontWeight: 'normal',
    note: '',
    spill: [],
    spilledFrom: undefined,
    pending: false,
    blockedArea: undefined,
  };
}

export function hasContent(cell: Cell | undefined): boolean {
  return cell !== undefined && (cell.value !== '' || cell.formula !== '');
}

export function isUnchanged(cell: Cell): boolean {
  const blank = blankCell();
  return (
    !hasContent(cell) &&
    cell.numberFormat === blank.numberFormat &&
    cell.fontWeight === blank.fontWeight &&
    cell.note === blank.note
  );
}

/** A cell's value as a script reads it: a fresh Date, never the stored one. */
export function cellValue(cell: Cell | undefined): CellValue {
  if (!cell) return '';
  return isDate(cell.value) ? new Date(timeOf(cell.value)) : cell.value;
}

/** Sparse row-major cell storage; rows and columns are 1-based. */
export class Grid {
  private readonly rows: Array<Array<Cell | undefined> | undefined> = [];

  get(row: number, column: number): Cell | undefined {
    return this.rows[row - 1]?.[column - 1];
  }

  getOrCreate(row: number, column: number): Cell {
    this.rows[row - 1] ??= [];
    const cells = this.rows[row - 1] as Array<Cell | undefined>;
    cells[column - 1] ??= blankCell();
    return cells[column - 1] as Cell;
  }

  /** One value per cell of the area, read with `get`. */
  read<T>(area: Area, get: (cell: Cell | undefined) => T): T[][] {
    const { row, column, numRows, numColumns } = area;
    return Array.from({ length: numRows }, (_, i) =>
      Array.from({ length: numColumns }, (_, j) => get(this.get(row + i, column + j))),
    );
  }

  /** Visits stored cells in row-major order, optionally only those inside `area`. */
  forEach(visit: (cell: Cell, row: number, column: number) => void, area?: Area): void {
    this.rows.forEach((cells, rowIndex) => {
      if (area && (rowIndex + 1 < area.row || rowIndex + 1 >= area.row + area.numRows)) return;
      cells?.forEach((cell, columnIndex) => {
        const inside =
          !area ||
          (columnIndex + 1 >= area.column && columnIndex + 1 < area.column + area.numColumns);
        if (cell && inside) visit(cell, rowIndex + 1, columnIndex + 1);
      });
    });
  }

  /** The smallest A1-anchored rectangle holding every cell that passes `include`. */
  extent(include: (cell: Cell) => boolean): { rows: number; columns: number } {
    let rows = 0;
    let columns = 0;
    this.forEach((cell, row, column) => {
      if (!include(cell)) return;
      rows = Math.max(rows, row);
      columns = Math.max(columns, column);
    });
    return { rows, columns };
  }

  /** Columns after `after` move right by `count`, as when columns are inserted. */
  insertColumns(after: number, count: number): void {
    for (const cells of this.rows) {
      if (!cells || after >= cells.length) continue;
      // Moved one by one: a spread of a long row could exceed the call stack.
      const moved = cells.splice(after);
      cells.length = after + count;
      for (const cell of moved) cells.push(cell);
    }
  }

  /** The last row holding a cell that passes `include`, found from the bottom up; 0 if none. */
  lastRow(include: (cell: Cell) => boolean): number {
    for (let index = this.rows.length - 1; index >= 0; index--) {
      if (this.rows[index]?.some((cell) => cell !== undefined && include(cell))) return index + 1;
    }
    return 0;
  }
}

/** An area after columns are inserted after `after`: moved if beyond, grown if across. */
export function shiftedArea(area: Area, after: number, count: number): Area {
  if (area.column > after) return { ...area, column: area.column + count };
  if (area.column + area.numColumns - 1 > after) {
    return { ...area, numColumns: area.numColumns + count };
  }
  return area;
}

export function overlaps(a: Area, b: Area): boolean {
  const apart =
    a.row + a.numRows <= b.row ||
    b.row + b.numRows <= a.row ||
    a.column + a.numColumns <= b.column ||
    b.column + b.numColumns <= a.column;
  return !apart;
}

export function forEachPosition(
  area: Area,
  visit: (row: number, column: number, i: number, j: number) => void,
): void {
  for (let i = 0; i < area.numRows; i++) {
    for (let j = 0; j < area.numColumns; j++) visit(area.row + i, area.column + j, i, j);
  }
}

export function filledGrid<T>(area: Area, value: T): T[][] {
  return Array.from({ length: area.numRows }, () => new Array<T>(area.numColumns).fill(value));
}

/** Sheets' complaints about a row or column index, checked in its order. */
export function checkedArea(area: Area): Area {
  if (area.row < 1) throw sheetsException('The starting row of the range is too small.');
  if (area.column < 1) throw sheetsException('The starting column of the range is too small.');
  if (area.numRows < 1)
    throw sheetsException('The number of rows in the range must be at least 1.');
  if (area.numColumns < 1) {
    throw sheetsException('The number of columns in the range must be at least 1.');
  }
  return area;
}
