/** A range of a sheet: reads and writes its cells' values, formulas, formats and notes. */
import { type Area, type Cell, type CellValue, cellValue, filledGrid } from './cells';
import type { FakeSheet } from './sheet';
import { sheetsException, signatureMismatch } from './spreadsheet-errors';
import { api, ServiceObject } from './spreadsheet-service';

type Range = GoogleAppsScript.Spreadsheet.Range;
type FontWeight = GoogleAppsScript.Spreadsheet.FontWeight;

type RangeMethods =
  | 'getValues'
  | 'setValues'
  | 'getValue'
  | 'setValue'
  | 'getFormula'
  | 'setFormula'
  | 'setNumberFormats'
  | 'setNumberFormat'
  | 'setFontWeights'
  | 'setFontWeight'
  | 'setNote'
  | 'clearContent'
  | 'getRow'
  | 'getColumn';

export class FakeRange extends ServiceObject implements Pick<Range, RangeMethods> {
  constructor(
    readonly sheet: FakeSheet,
    readonly area: Area,
  ) {
    super(sheet.service);
  }

  getValues(): CellValue[][] {
    return this.sheet.grid.read(this.area, cellValue);
  }

  setValues(values: unknown[][]): Range {
    this.sheet.writeEntries(this.area, checkedShape(values, this.area, 'setValues'));
    return api(this);
  }

  getValue(): CellValue {
    return cellValue(this.topLeft());
  }

  /** Like Sheets, a single value fills every cell of the range. */
  setValue(value: unknown): Range {
    this.sheet.writeEntries(this.area, filledGrid(this.area, value));
    return api(this);
  }

  getFormula(): string {
    return this.topLeft()?.formula ?? '';
  }

  setFormula(formula: string): Range {
    return this.setValue(formula);
  }

  setNumberFormats(numberFormats: string[][]): Range {
    const checked = checkedShape(numberFormats, this.area, 'setNumberFormats');
    this.sheet.updateEach(this.area, checked, (cell, format) => {
      cell.numberFormat = String(format);
    });
    return api(this);
  }

  setNumberFormat(numberFormat: string): Range {
    this.sheet.updateCells(this.area, (cell) => {
      cell.numberFormat = numberFormat;
    });
    return api(this);
  }

  setFontWeights(fontWeights: Array<Array<FontWeight | null>>): Range {
    const checked = checkedShape(fontWeights, this.area, 'setFontWeights');
    this.sheet.updateEach(this.area, checked, (cell, weight) => {
      cell.fontWeight = (weight as FontWeight | null) ?? 'normal';
    });
    return api(this);
  }

  setFontWeight(fontWeight: FontWeight | null): Range {
    this.sheet.updateCells(this.area, (cell) => {
      cell.fontWeight = fontWeight ?? 'normal';
    });
    return api(this);
  }

  setNote(note: string | null): Range {
    this.sheet.updateCells(this.area, (cell) => {
      cell.note = note ?? '';
    });
    return api(this);
  }

  clearContent(): Range {
    this.sheet.clearContents(this.area);
    return api(this);
  }

  getRow(): number {
    return this.area.row;
  }

  getColumn(): number {
    return this.area.column;
  }

  private topLeft(): Cell | undefined {
    return this.sheet.grid.get(this.area.row, this.area.column);
  }
}

/** Data for a range must have exactly its shape; the messages are Sheets' own. */
function checkedShape<T>(data: T[][], area: Area, method: string): T[][] {
  if (!Array.isArray(data) || !data.every((row) => Array.isArray(row))) {
    throw signatureMismatch([data], `Range.${method}`);
  }
  const mismatch = (dimension: string, has: number, expected: number) =>
    sheetsException(
      `The number of ${dimension} in the data does not match the number of ${dimension} in the range. The data has ${has} but the range has ${expected}.`,
    );
  if (data.length !== area.numRows) throw mismatch('rows', data.length, area.numRows);
  const wrongRow = data.find((row) => row.length !== area.numColumns);
  if (wrongRow) throw mismatch('columns', wrongRow.length, area.numColumns);
  return data;
}
