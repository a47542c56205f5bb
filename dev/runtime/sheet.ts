/**
 * A sheet: its cells, size, frozen rows, column widths and charts, and the array results of its
 * formulas (computed at `recalculate()`, spilling right and down unless something is in the way).
 */
import { a1Notation, parseA1Area } from './a1-notation';
import {
  type Area,
  type Cell,
  type CellValue,
  cellValue,
  checkedArea,
  DEFAULT_NUMBER_FORMAT,
  forEachPosition,
  Grid,
  hasContent,
  isUnchanged,
  overlaps,
} from './cells';
import { type ChartSnapshot, emptyChartConfig, FakeChart, FakeChartBuilder } from './charts';
import { displayValue } from './display-formats';
import { FakeRange } from './range';
import type { FakeSpreadsheet } from './spreadsheet';
import { sheetsException, signatureMismatch } from './spreadsheet-errors';
import { api, fakeOf, ServiceObject } from './spreadsheet-service';
import { FORMULA_PARSE_ERROR, userEntry } from './user-entered-values';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type EmbeddedChart = GoogleAppsScript.Spreadsheet.EmbeddedChart;
type Range = GoogleAppsScript.Spreadsheet.Range;

const DEFAULT_MAX_ROWS = 1000;
const DEFAULT_MAX_COLUMNS = 26;

export interface SheetSnapshot {
  name: string;
  /** Grids cover every cell with content or formatting, from A1. */
  values: CellValue[][];
  displayValues: string[][];
  formulas: string[][];
  numberFormats: string[][];
  fontWeights: string[][];
  notes: string[][];
  /** Why a formula cell shows an error value; '' elsewhere. */
  errors: string[][];
  frozenRows: number;
  maxRows: number;
  maxColumns: number;
  /** Widths auto-resized, by 1-based column. */
  columnWidths: Record<number, number>;
  charts: ChartSnapshot[];
}

type SheetMethods =
  | 'getName'
  | 'setName'
  | 'getSheetId'
  | 'getRange'
  | 'getLastRow'
  | 'getLastColumn'
  | 'getMaxRows'
  | 'getMaxColumns'
  | 'insertColumnsAfter'
  | 'setFrozenRows'
  | 'autoResizeColumns'
  | 'newChart'
  | 'insertChart'
  | 'updateChart'
  | 'getCharts';

export class FakeSheet extends ServiceObject implements Pick<Sheet, SheetMethods> {
  readonly grid = new Grid();
  private maxRows = DEFAULT_MAX_ROWS;
  private maxColumns = DEFAULT_MAX_COLUMNS;
  private frozenRows = 0;
  private readonly columnWidths = new Map<number, number>();
  private charts: FakeChart[] = [];
  /** Formulas whose array result was refused, watched so they can expand once there is room. */
  private readonly blockedFormulas = new Set<Cell>();

  constructor(
    readonly spreadsheet: FakeSpreadsheet,
    private name: string,
    private readonly sheetId: number,
  ) {
    super(spreadsheet.service);
  }

  /** Test helper: everything a test may want to assert about the sheet, as plain data. */
  snapshot(): SheetSnapshot {
    const { rows, columns } = this.grid.extent((cell) => !isUnchanged(cell));
    const area = { row: 1, column: 1, numRows: rows, numColumns: columns };
    const read = <T>(get: (cell: Cell | undefined) => T): T[][] =>
      rows === 0 ? [] : this.grid.read(area, get);
    const timeZone = this.spreadsheet.getSpreadsheetTimeZone();
    return {
      name: this.name,
      values: read(cellValue),
      displayValues: read((cell) => displayValue(cell, timeZone)),
      formulas: read((cell) => cell?.formula ?? ''),
      numberFormats: read((cell) => cell?.numberFormat ?? DEFAULT_NUMBER_FORMAT),
      fontWeights: read((cell) => cell?.fontWeight ?? 'normal'),
      notes: read((cell) => cell?.note ?? ''),
      errors: read((cell) => cell?.error ?? ''),
      frozenRows: this.frozenRows,
      maxRows: this.maxRows,
      maxColumns: this.maxColumns,
      columnWidths: Object.fromEntries(this.columnWidths),
      charts: this.charts.map((chart) => chart.snapshot(this)),
    };
  }

  getName(): string {
    return this.name;
  }

  setName(name: string): Sheet {
    this.spreadsheet.assertSheetNameAvailable(name, this);
    this.name = String(name);
    return api(this);
  }

  getSheetId(): number {
    return this.sheetId;
  }

  /** Covers getRange(a1) (without a sheet name) and getRange(row, column, numRows?, numColumns?). */
  getRange(rowOrA1: number | string, column?: number, numRows = 1, numColumns = 1): Range {
    if (typeof rowOrA1 === 'string') {
      return api(new FakeRange(this, parseA1Area(rowOrA1, this.maxRows, this.maxColumns)));
    }
    const bounds = [rowOrA1, column, numRows, numColumns];
    if (!bounds.every((bound) => Number.isInteger(bound))) {
      throw signatureMismatch(
        bounds.filter((bound) => bound !== undefined),
        'Sheet.getRange',
      );
    }
    return api(
      new FakeRange(
        this,
        checkedArea({ row: rowOrA1, column: column as number, numRows, numColumns }),
      ),
    );
  }

  getLastRow(): number {
    return this.grid.lastRow(hasContent);
  }

  getLastColumn(): number {
    return this.grid.extent(hasContent).columns;
  }

  getMaxRows(): number {
    return this.maxRows;
  }

  getMaxColumns(): number {
    return this.maxColumns;
  }

  /**
   * Cells move, and so do charts' ranges and anchors and column widths. Formulas are not
   * rewritten: the fakes only compute custom functions, which take values.
   */
  insertColumnsAfter(afterPosition: number, howMany: number): Sheet {
    if (!Number.isInteger(afterPosition) || !Number.isInteger(howMany)) {
      throw signatureMismatch([afterPosition, howMany], 'Sheet.insertColumnsAfter');
    }
    if (afterPosition < 1 || afterPosition > this.maxColumns || howMany < 1) {
      throw sheetsException('Those columns are out of bounds.');
    }
    this.grid.insertColumns(afterPosition, howMany);
    this.maxColumns += howMany;
    const widths = [...this.columnWidths];
    this.columnWidths.clear();
    for (const [column, width] of widths) {
      this.columnWidths.set(column > afterPosition ? column + howMany : column, width);
    }
    for (const sheet of this.spreadsheet.sheetList()) {
      for (const chart of sheet.charts) chart.columnsInserted(this, afterPosition, howMany);
    }
    return api(this);
  }

  setFrozenRows(rows: number): void {
    this.frozenRows = rows;
  }

  /** Fits the longest displayed text, roughly 7px a character plus padding. */
  autoResizeColumns(startColumn: number, numColumns: number): Sheet {
    const timeZone = this.spreadsheet.getSpreadsheetTimeZone();
    const longest = new Map<number, number>();
    const columns = { row: 1, column: startColumn, numRows: this.maxRows, numColumns };
    this.grid.forEach((cell, _row, column) => {
      longest.set(column, Math.max(longest.get(column) ?? 0, displayValue(cell, timeZone).length));
    }, columns);
    for (let column = startColumn; column < startColumn + numColumns; column++) {
      this.columnWidths.set(column, Math.max(21, (longest.get(column) ?? 0) * 7 + 10));
    }
    return api(this);
  }

  newChart(): GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder {
    return api(new FakeChartBuilder(this, emptyChartConfig()));
  }

  insertChart(chart: EmbeddedChart): void {
    const fake = fakeOf(chart, FakeChart, 'Sheet.insertChart');
    fake.chartId ??= this.service.nextChartId();
    this.charts.push(fake);
  }

  updateChart(chart: EmbeddedChart): void {
    const fake = fakeOf(chart, FakeChart, 'Sheet.updateChart');
    const index = this.charts.findIndex((existing) => existing.chartId === fake.chartId);
    if (index < 0) throw sheetsException('The chart is not on this sheet.');
    this.charts[index] = fake;
  }

  getCharts(): EmbeddedChart[] {
    return api(this.charts);
  }

  // --- used by ranges and the service ---------------------------------------------------------

  /**
   * Writes user-entered values: formulas, numbers, dates and booleans are recognised in text.
   * Formulas wait for `recalculate()`, as custom functions wait for the writing script to end.
   */
  writeEntries(area: Area, inputs: unknown[][]): void {
    const timeZone = this.spreadsheet.getSpreadsheetTimeZone();
    const entries = inputs.map((row) => row.map((input) => userEntry(input, timeZone)));
    forEachPosition(area, (row, column, i, j) => {
      const { value, formula, error = '', pending = false, numberFormat } = entries[i][j];
      const cell = this.cellForWrite(row, column);
      this.releaseCell(cell);
      Object.assign(cell, { value, formula, error, pending });
      if (numberFormat) cell.numberFormat = numberFormat;
    });
    this.retryBlockedResults(area);
  }

  /** Applies the same change to every cell of the area. */
  updateCells(area: Area, apply: (cell: Cell) => void): void {
    forEachPosition(area, (row, column) => apply(this.cellForWrite(row, column)));
  }

  /** Applies one value of `data` (shaped like the area) to each cell. */
  updateEach<T>(area: Area, data: T[][], apply: (cell: Cell, value: T) => void): void {
    forEachPosition(area, (row, column, i, j) => apply(this.cellForWrite(row, column), data[i][j]));
  }

  /** Empties the cells of the area, keeping their formats and notes. */
  clearContents(area: Area): void {
    this.grid.forEach((cell) => {
      this.releaseCell(cell);
      Object.assign(cell, { value: '', formula: '', error: '', pending: false });
    }, area);
    this.retryBlockedResults(area);
  }

  /** Computes pending formulas (every formula with `all`), top to bottom. */
  recalculate(all: boolean): void {
    const due: Array<{ cell: Cell; row: number; column: number }> = [];
    this.grid.forEach((cell, row, column) => {
      const computable = cell.formula !== '' && cell.error !== FORMULA_PARSE_ERROR;
      if (cell.pending || (all && computable)) due.push({ cell, row, column });
    });
    // Old array results go first, so they don't block the new ones.
    for (const { cell } of due) this.releaseCell(cell);
    for (const { cell, row, column } of due) {
      cell.pending = false;
      this.evaluate(cell, row, column);
    }
  }

  /** Scripts writing past the last row or column grow the sheet instead of failing. */
  private cellForWrite(row: number, column: number): Cell {
    this.maxRows = Math.max(this.maxRows, row);
    this.maxColumns = Math.max(this.maxColumns, column);
    return this.grid.getOrCreate(row, column);
  }

  /**
   * Detaches a cell about to change from array results: its own spill is emptied, and if another
   * formula's result filled it, that formula is due to be computed again.
   */
  private releaseCell(cell: Cell): void {
    for (const spilled of cell.spill) {
      if (spilled.spilledFrom === cell)
        Object.assign(spilled, { value: '', spilledFrom: undefined });
    }
    cell.spill = [];
    if (cell.spilledFrom) cell.spilledFrom.pending = true;
    cell.spilledFrom = undefined;
    cell.blockedArea = undefined;
    this.blockedFormulas.delete(cell);
  }

  /** A change where a refused array result wanted to go makes its formula due again. */
  private retryBlockedResults(changed: Area): void {
    for (const cell of this.blockedFormulas) {
      if (cell.blockedArea && overlaps(cell.blockedArea, changed)) cell.pending = true;
    }
  }

  private evaluate(cell: Cell, row: number, column: number): void {
    const a1 = a1Notation({ row, column, numRows: 1, numColumns: 1 });
    const outcome = this.service.evaluateFormula(cell.formula, {
      spreadsheet: this.spreadsheet,
      sheet: this,
      row,
      column,
      a1,
    });
    if ('errorValue' in outcome) {
      Object.assign(cell, { value: outcome.errorValue, error: outcome.error });
      return;
    }
    const numColumns = Math.max(1, ...outcome.values.map((rowValues) => rowValues.length));
    const wanted = { row, column, numRows: outcome.values.length, numColumns };
    const refusal = this.spillRefusal(wanted);
    if (refusal) {
      Object.assign(cell, { value: '#REF!', error: refusal, blockedArea: wanted });
      this.blockedFormulas.add(cell);
      return;
    }
    Object.assign(cell, { value: outcome.values[0]?.[0] ?? '', error: '' });
    outcome.values.forEach((values, i) => {
      values.forEach((value, j) => {
        if (i === 0 && j === 0) return;
        const spilled = this.grid.getOrCreate(row + i, column + j);
        Object.assign(spilled, { value, spilledFrom: cell });
        cell.spill.push(spilled);
      });
    });
  }

  /** Why an array result cannot be shown from (row, column), in Sheets' words; '' if it can. */
  private spillRefusal(wanted: Area): string {
    const { row, column, numRows, numColumns } = wanted;
    const missingRows = row + numRows - 1 - this.maxRows;
    if (missingRows > 0)
      return `Result was not automatically expanded, please insert more rows (${missingRows}).`;
    const missingColumns = column + numColumns - 1 - this.maxColumns;
    if (missingColumns > 0) {
      return `Result was not automatically expanded, please insert more columns (${missingColumns}).`;
    }
    let blocker = '';
    this.grid.forEach((cell, cellRow, cellColumn) => {
      const isAnchor = cellRow === row && cellColumn === column;
      if (!blocker && !isAnchor && hasContent(cell)) {
        blocker = a1Notation({ row: cellRow, column: cellColumn, numRows: 1, numColumns: 1 });
      }
    }, wanted);
    return blocker
      ? `Array result was not expanded because it would overwrite data in ${blocker}.`
      : '';
  }
}
