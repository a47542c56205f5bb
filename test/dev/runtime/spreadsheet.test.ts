import vm from 'node:vm';
import { a1Notation, columnToLetters, parseA1Area } from '../../../dev/runtime/a1-notation';
import { DEFAULT_NUMBER_FORMAT } from '../../../dev/runtime/cells';
import { MAX_METADATA_CHARACTERS } from '../../../dev/runtime/developer-metadata';
import { realmOf } from '../../../dev/runtime/env';
import type { FakeRange } from '../../../dev/runtime/range';
import { createSpreadsheetService } from '../../../dev/runtime/spreadsheet-app';
import type { FormulaEvaluator } from '../../../dev/runtime/spreadsheet-service';
import { createUi } from '../../../dev/runtime/ui';

const CUSTOM_FUNCTION = { readOnly: true, uiAllowed: false };

/** A service with one active spreadsheet; `app` is what the bundle sees as SpreadsheetApp. */
function setup(options: Parameters<typeof createSpreadsheetService>[1] = {}) {
  const ui = createUi();
  const service = createSpreadsheetService(ui, options);
  const book = service.create({ name: 'Campaigns', id: 'book-1', timeZone: 'Europe/Berlin' });
  service.setActive(book);
  const app = service.SpreadsheetApp;
  const sheet = app.getActive().getSheetByName('Sheet1') as GoogleAppsScript.Spreadsheet.Sheet;
  return { ui, service, book, app, sheet, raw: book.sheet('Sheet1') };
}

const PROJECT = 'PROJECT' as unknown as GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility;

function required<T>(value: T | null): T {
  if (value === null) throw new Error('expected a value');
  return value;
}

function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an exception');
}

describe('user-entered values', () => {
  it('reads text as Sheets does: formulas, apostrophes, numbers, booleans', () => {
    const { sheet, raw } = setup();
    const range = sheet.getRange(1, 1, 1, 9);
    range.setValues([['=SUM(B1)', "'=text", "'42", '42', '-3.5', '+1', '@foo', 'TRUE', 'false']]);
    expect(range.getValues()).toEqual([
      ['Loading...', '=text', '42', 42, -3.5, 1, '@foo', true, false],
    ]);
    expect(raw.snapshot().formulas).toEqual([['=SUM(B1)', '', '', '', '', '', '', '', '']]);
  });

  it('turns + or - followed by non-numeric text into a failing formula', () => {
    const { sheet, raw } = setup();
    const range = sheet.getRange('A1:C1');
    range.setValues([['+1 555 0100', '- item', '-']]);
    expect(range.getValues()).toEqual([['#ERROR!', '#ERROR!', '-']]);
    expect(raw.snapshot().formulas).toEqual([['=+1 555 0100', '=- item', '']]);
  });

  it('stores numbers, booleans and Dates as given, and null/undefined as empty', () => {
    const { sheet } = setup();
    const date = new Date('2024-05-01T10:00:00Z');
    const range = sheet.getRange('A1:E1');
    range.setValues([[3, false, date, null, undefined]]);
    const [[number, boolean, storedDate, empty, missing]] = range.getValues();
    expect([number, boolean, empty, missing]).toEqual([3, false, '', '']);
    expect(storedDate).toEqual(date);
    expect(storedDate).not.toBe(date);
  });

  it('recognises percentages, grouped numbers and dates, and formats them', () => {
    const { sheet, raw } = setup();
    const range = sheet.getRange('A1:D1');
    range.setValues([['12.5%', '1,234', '2024-03-05', '3/5/2024']]);
    const [[percent, grouped, isoDate, usDate]] = range.getValues();
    expect([percent, grouped]).toEqual([0.125, 1234]);
    // Midnight in the spreadsheet's zone (Berlin, UTC+1 in March).
    expect(isoDate).toEqual(new Date('2024-03-04T23:00:00Z'));
    expect(usDate).toEqual(isoDate);
    expect(raw.snapshot().displayValues).toEqual([['12.50%', '1,234', '2024-03-05', '3/5/2024']]);
  });

  it('fills every cell of a range with setValue', () => {
    const { sheet } = setup();
    sheet.getRange('A1:B2').setValue('7');
    expect(sheet.getRange('A1:B2').getValues()).toEqual([
      [7, 7],
      [7, 7],
    ]);
  });

  it('refuses data not shaped like the range, with Sheets messages', () => {
    const { sheet } = setup();
    const range = sheet.getRange(1, 1, 2, 3);
    const rows = thrown(() => range.setValues([[1, 2, 3]]));
    expect(rows.message).toBe(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(String(rows)).toMatch(/^Exception: The number of rows/);
    expect(() =>
      range.setValues([
        [1, 2, 3],
        [4, 5],
      ]),
    ).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 2 but the range has 3.',
    );
    expect(() => range.setNumberFormats([['0']])).toThrow('The data has 1 but the range has 2.');
  });

  it('refuses more than 50,000 characters in a cell, writing nothing', () => {
    const { sheet } = setup();
    const range = sheet.getRange('A1:B1');
    expect(() => range.setValues([['ok', 'x'.repeat(50_001)]])).toThrow(
      'Your input contains more than the maximum of 50000 characters in a single cell.',
    );
    expect(range.getValues()).toEqual([['', '']]);
  });
});

describe('A1 notation and range geometry', () => {
  const area = (a1: string) => parseA1Area(a1, 1000, 26);

  it('parses columns beyond Z', () => {
    expect(area('AA1:AB3')).toEqual({ row: 1, column: 27, numRows: 3, numColumns: 2 });
    expect(a1Notation(area('AA1:AB3'))).toBe('AA1:AB3');
    expect(columnToLetters(702)).toBe('ZZ');
    expect(columnToLetters(703)).toBe('AAA');
  });

  it('accepts single cells, lower case, absolute refs, whole columns and rows', () => {
    expect(a1Notation(area('b2'))).toBe('B2');
    expect(a1Notation(area('$C$3:$D4'))).toBe('C3:D4');
    expect(area('A:B').numRows).toBe(1000);
    expect(area('2:3').numColumns).toBe(26);
    expect(() => area('A')).toThrow('Range not found');
    expect(() => area('Sheet1!A1')).toThrow('Range not found');
  });

  it('gives ranges of a sheet their position from A1 notation or numbers', () => {
    const { sheet } = setup();
    const range = sheet.getRange('AA2:AB3');
    expect([range.getRow(), range.getColumn()]).toEqual([2, 27]);
    expect(() => range.setValues([[1, 2]])).toThrow('The data has 1 but the range has 2.');
    const numbered = sheet.getRange(4, 2, 2, 3);
    expect([numbered.getRow(), numbered.getColumn()]).toEqual([4, 2]);
  });

  it('refuses empty or out-of-sheet coordinates like Sheets', () => {
    const { sheet } = setup();
    expect(() => sheet.getRange(0, 1)).toThrow('The starting row of the range is too small.');
    expect(() => sheet.getRange(1, 0)).toThrow('The starting column of the range is too small.');
    expect(() => sheet.getRange(2, 1, 0, 5)).toThrow(
      'The number of rows in the range must be at least 1.',
    );
    expect(() => sheet.getRange(1.5, 1)).toThrow(
      "The parameters (number,number,number,number) don't match the method signature for SpreadsheetApp.Sheet.getRange.",
    );
  });
});

describe('sheets', () => {
  it('tracks the last row by content and grows when written beyond its size', () => {
    const { sheet, raw } = setup();
    expect(sheet.getLastRow()).toBe(0);
    sheet.getRange('C2').setNumberFormat('0.00');
    expect(sheet.getLastRow()).toBe(0);
    sheet.getRange(1500, 30).setValue('far');
    expect(sheet.getLastRow()).toBe(1500);
    const { maxRows, maxColumns } = raw.snapshot();
    expect([maxRows, maxColumns]).toEqual([1500, 30]);
  });

  it('lets tests find and select sheets by name', () => {
    const { app, book } = setup();
    app.getActive().insertSheet('Report');
    book.selectSheet(book.sheet('sheet1'));
    expect(book.activeSheet().getName()).toBe('Sheet1');
    expect(() => book.sheet('Missing')).toThrow(
      'No sheet "Missing" in Campaigns; sheets: Sheet1,Report',
    );
    const elsewhere = setup().book.sheet('Sheet1');
    expect(() => book.selectSheet(elsewhere)).toThrow('Sheet1 is not in Campaigns');
  });

  it('inserts, finds (ignoring case) and renames sheets', () => {
    const { app, book } = setup();
    const spreadsheet = app.getActive();
    const history = spreadsheet.insertSheet('History');
    expect(book.activeSheet().getName()).toBe('History');
    expect(required(spreadsheet.getSheetByName('history')).getSheetId()).toBe(history.getSheetId());
    expect(() => spreadsheet.insertSheet('HISTORY')).toThrow(
      'A sheet with the name "HISTORY" already exists. Please enter another name.',
    );
    expect(spreadsheet.insertSheet().getName()).toBe('Sheet3');
    expect(() => history.setName('sheet1')).toThrow('A sheet with the name "sheet1" already');
    history.setName('Trends');
    expect(book.sheetList().map((sheet) => sheet.getName())).toEqual([
      'Sheet1',
      'Trends',
      'Sheet3',
    ]);
    expect(spreadsheet.getSheetByName('History')).toBeNull();
  });

  it('clears contents, keeping formats and notes', () => {
    const { sheet, raw } = setup();
    const range = sheet.getRange('A1:B1');
    range
      .setValues([[1, 2]])
      .setNumberFormat('0.00')
      .setFontWeight('bold')
      .setNote('why');
    range.clearContent();
    const snapshot = raw.snapshot();
    expect(snapshot.values).toEqual([['', '']]);
    expect(snapshot.numberFormats).toEqual([['0.00', '0.00']]);
    expect(snapshot.fontWeights).toEqual([['bold', 'bold']]);
    expect(snapshot.notes).toEqual([['why', 'why']]);
  });

  it('sets formats, weights and notes cell by cell', () => {
    const { sheet, raw } = setup();
    const range = sheet.getRange('A1:B1').setValues([[0.5, 1234]]);
    range.setNumberFormats([['0%', '#,##0']]).setFontWeights([['bold', null]]);
    sheet.getRange('B1').setNote('a note').setNote(null);
    sheet.getRange('A1').setNote('kept');
    const snapshot = raw.snapshot();
    expect(snapshot.displayValues).toEqual([['50%', '1,234']]);
    expect(snapshot.fontWeights).toEqual([['bold', 'normal']]);
    expect(snapshot.notes).toEqual([['kept', '']]);
    expect(() => range.setFontWeights([['bold']])).toThrow('The data has 1 but the range has 2.');
  });

  it('snapshots values, formats, weights, notes, frozen rows and widths', () => {
    const { sheet, book } = setup();
    sheet
      .getRange('A1:B1')
      .setValues([['Campaign', 'Open rate']])
      .setFontWeight('bold');
    sheet.getRange('A2:B2').setValues([['Launch', 0.4567]]);
    sheet.getRange('B2').setNumberFormat('0.00%').setNote('opens / sent');
    sheet.setFrozenRows(1);
    sheet.autoResizeColumns(1, 2);
    expect(book.sheet('Sheet1').snapshot()).toEqual({
      name: 'Sheet1',
      values: [
        ['Campaign', 'Open rate'],
        ['Launch', 0.4567],
      ],
      displayValues: [
        ['Campaign', 'Open rate'],
        ['Launch', '45.67%'],
      ],
      formulas: [
        ['', ''],
        ['', ''],
      ],
      numberFormats: [
        [DEFAULT_NUMBER_FORMAT, DEFAULT_NUMBER_FORMAT],
        [DEFAULT_NUMBER_FORMAT, '0.00%'],
      ],
      fontWeights: [
        ['bold', 'bold'],
        ['normal', 'normal'],
      ],
      notes: [
        ['', ''],
        ['', 'opens / sent'],
      ],
      errors: [
        ['', ''],
        ['', ''],
      ],
      frozenRows: 1,
      maxRows: 1000,
      maxColumns: 26,
      columnWidths: { 1: 66, 2: 73 },
      charts: [],
    });
  });
});

describe('sheet size and inserted columns', () => {
  it('starts at 1,000 rows by 26 columns and lists every sheet', () => {
    const { app, sheet } = setup();
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([1000, 26]);
    app.getActive().insertSheet('Report');
    expect(
      app
        .getActive()
        .getSheets()
        .map((each) => each.getName()),
    ).toEqual(['Sheet1', 'Report']);
  });

  it('tracks the last column by content', () => {
    const { sheet } = setup();
    expect(sheet.getLastColumn()).toBe(0);
    sheet.getRange('F3').setNumberFormat('0.00');
    expect(sheet.getLastColumn()).toBe(0);
    sheet.getRange('C9').setValue('x');
    sheet.getRange('E1').setValue('y');
    expect(sheet.getLastColumn()).toBe(5);
  });

  it('moves cells, widths, chart ranges and anchors right of inserted columns', () => {
    const { sheet, raw } = setup();
    sheet.getRange('A1:D2').setValues([
      ['a', 'b', 'c', 'd'],
      [1, 2, 3, 4],
    ]);
    sheet.autoResizeColumns(4, 1);
    const chart = (a1: string) =>
      sheet.newChart().addRange(sheet.getRange(a1)).setPosition(1, 5, 0, 0).build();
    sheet.insertChart(chart('C1:D2'));
    sheet.insertChart(chart('A1:B2'));
    sheet.insertChart(chart('B1:C2'));
    expect(sheet.insertColumnsAfter(2, 3).getName()).toBe('Sheet1');
    const after = raw.snapshot();
    expect(after.values).toEqual([
      ['a', 'b', '', '', '', 'c', 'd'],
      [1, 2, '', '', '', 3, 4],
    ]);
    expect(after.maxColumns).toBe(29);
    expect(after.columnWidths).toEqual({ 7: 21 });
    // Beyond the insertion: moved; before it: kept; across it: grown.
    expect(after.charts.map((each) => each.ranges)).toEqual([['F1:G2'], ['A1:B2'], ['B1:F2']]);
    expect(after.charts.map((each) => each.position.column)).toEqual([8, 8, 8]);
  });

  it('refuses to insert outside the sheet', () => {
    const { sheet } = setup();
    expect(() => sheet.insertColumnsAfter(27, 1)).toThrow('Those columns are out of bounds.');
    expect(() => sheet.insertColumnsAfter(0, 1)).toThrow('Those columns are out of bounds.');
    expect(() => sheet.insertColumnsAfter(1, 0)).toThrow('Those columns are out of bounds.');
  });
});

describe('displayed values', () => {
  it.each([
    [0.4567, '0.00%', '45.67%'],
    [0.5, '0%', '50%'],
    [1234567.891, '#,##0', '1,234,568'],
    [1234.5, '#,##0.00', '1,234.50'],
    [-1234.5, '$#,##0.00', '-$1,234.50'],
    [1234.5, '"€"#,##0.00', '€1,234.50'],
    [1234.5, '[$€-2] #,##0.00', '€ 1,234.50'],
    [0.1 + 0.2, DEFAULT_NUMBER_FORMAT, '0.3'],
    [42, DEFAULT_NUMBER_FORMAT, '42'],
    [45000, 'yyyy-mm-dd', '2023-03-15'],
    [45000.5, 'yy mmmm dd hh:mm:ss a/p', '23 March 15 12:00:00 P'],
    [45000.25, 'ddd mm/d "at" h:mm:s', 'Wed 03/15 at 6:00:0'],
    [3, '@', '3'],
  ])('shows %p with %p as %p', (value, format, shown) => {
    const { sheet, raw } = setup();
    sheet.getRange('A1').setValue(value).setNumberFormat(format);
    expect(raw.snapshot().displayValues).toEqual([[shown]]);
  });

  it('shows Dates in the spreadsheet time zone', () => {
    const { sheet, raw } = setup();
    const shown = () => raw.snapshot().displayValues[0][0];
    const cell = sheet.getRange('A1').setValue(new Date('2024-07-01T08:05:09Z'));
    expect(shown()).toBe('7/1/2024 10:05:09');
    cell.setNumberFormat('dddd d mmm yyyy, h:mm am/pm');
    expect(shown()).toBe('Monday 1 Jul 2024, 10:05 AM');
    cell.setValue(true);
    expect(shown()).toBe('TRUE');
  });
});

describe('custom-function mode', () => {
  it('refuses writes with the method name and allows reads', () => {
    const { service, sheet, app } = setup();
    sheet.getRange('A1').setValue('kept');
    service.setMode(CUSTOM_FUNCTION);
    expect(() => sheet.getRange('A1').setValues([['x']])).toThrow(
      'You do not have permission to call setValues',
    );
    expect(() => sheet.getRange('A1').setNumberFormat('0')).toThrow(
      'You do not have permission to call setNumberFormat',
    );
    expect(() => app.getActive().insertSheet('New')).toThrow(
      'You do not have permission to call insertSheet',
    );
    expect(() => app.getActive().toast('hi')).toThrow('You do not have permission to call toast');
    expect(() => sheet.getRange('A1').clearContent()).toThrow(
      'You do not have permission to call clearContent',
    );
    expect(() => app.openById('book-1')).toThrow('You do not have permission to call openById');
    expect(() => app.getUi()).toThrow('Cannot call SpreadsheetApp.getUi() from this context.');
    expect(sheet.getRange('A1').getValues()).toEqual([['kept']]);
  });

  it('leaves raw fakes writable so tests can set up sheets', () => {
    const { service, book } = setup();
    service.setMode(CUSTOM_FUNCTION);
    book.sheet('Sheet1').getRange('A1').setValue('setup');
    expect(book.sheet('Sheet1').getRange('A1').getValue()).toBe('setup');
  });
});

describe('call counting', () => {
  const writeTable = (rows: number) => {
    const { service, app } = setup();
    const table = Array.from({ length: rows }, (_, i) => [`campaign ${i}`, i, i / rows]);
    service.resetCallCount();
    const sheet = required(app.getActive().getSheetByName('Sheet1'));
    sheet.getRange(1, 1, table.length, 3).setValues(table);
    return { count: service.callCount(), log: service.callLog() };
  };

  it('counts one call per method, whatever the size of the data', () => {
    const small = writeTable(10);
    const large = writeTable(2000);
    expect(small.log).toEqual([
      'SpreadsheetApp.getActive',
      'Spreadsheet.getSheetByName',
      'Sheet.getRange',
      'Range.setValues',
    ]);
    expect(large.count).toBe(small.count);
  });

  it('counts flushes separately and leaves enum reads and raw fakes uncounted', () => {
    const { service, app, book } = setup();
    service.resetCallCount();
    expect(String(app.DeveloperMetadataVisibility.PROJECT)).toBe('PROJECT');
    book.sheet('Sheet1').getRange('A1').setValue(1);
    app.flush();
    expect(service.callCount()).toBe(1);
    expect(service.flushCount()).toBe(1);
  });
});

describe('cell counting', () => {
  it('counts the cells of a range each read or write covers', () => {
    const { service, app, book } = setup();
    book.sheet('Sheet1').getRange('A1:C3').setValue(7); // raw fakes are not counted
    service.resetCallCount();
    const sheet = required(app.getActive().getSheetByName('Sheet1'));
    sheet.getRange(1, 1, 3, 2).getValues();
    sheet.getRange('A1:C3').getValue(); // the top-left cell only
    sheet.getRange('B2').getFormula();
    expect(service.cellCounts()).toEqual({ read: 8, written: 0 });
    const block = sheet.getRange(2, 1, 2, 3);
    block.setValues([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    block.setNumberFormats([
      ['0', '0', '0'],
      ['0', '0', '0'],
    ]);
    block.setFontWeight('bold'); // every cell of the range
    sheet.getRange('A1:D1').clearContent();
    sheet.getRange('A5').setValue('x');
    expect(service.cellCounts()).toEqual({ read: 8, written: 6 * 3 + 4 + 1 });
  });

  it('counts no cells for calls that read none, and resets with the call count', () => {
    const { service, app } = setup();
    const sheet = required(app.getActive().getSheetByName('Sheet1'));
    sheet.getRange('A1:B2').setValues([
      [1, 2],
      [3, 4],
    ]);
    service.resetCallCount();
    sheet.getLastRow();
    sheet.getMaxColumns();
    sheet.getRange('A1:B2').getRow();
    expect(service.cellCounts()).toEqual({ read: 0, written: 0 });
    expect(service.callCount()).toBe(4);
  });
});

describe('text finder', () => {
  const where = (ranges: GoogleAppsScript.Spreadsheet.Range[]) =>
    ranges.map((range) => {
      const { sheet, area } = range as unknown as FakeRange;
      return `${sheet.getName()}!${a1Notation(area)}`;
    });

  it('finds formulas containing a function name across sheets', () => {
    const { app, service } = setup();
    const book = app.getActive();
    required(book.getSheetByName('Sheet1')).getRange('B2').setFormula('=INSTANTLY_ANALYTICS("c1")');
    const report = book.insertSheet('Report');
    report.getRange('A1:A2').setValues([['=instantly_analytics("c2")'], ['INSTANTLY_ANALYTICS']]);
    service.recalculate();

    const formulas = book.createTextFinder('INSTANTLY_ANALYTICS').matchFormulaText(true).findAll();
    expect(where(formulas)).toEqual(['Sheet1!B2', 'Report!A1', 'Report!A2']);
  });

  it('otherwise searches displayed text, ignoring case', () => {
    const { app, service } = setup();
    const book = app.getActive();
    const sheet = required(book.getSheetByName('Sheet1'));
    sheet.getRange('A1:A3').setValues([['=UNKNOWN("open rate")'], ['Open Rate'], ['0.5']]);
    sheet.getRange('A3').setNumberFormat('0%');
    service.recalculate();
    expect(where(book.createTextFinder('open rate').findAll())).toEqual(['Sheet1!A2']);
    expect(where(book.createTextFinder('50%').findAll())).toEqual(['Sheet1!A3']);
  });
});

describe('formulas', () => {
  const table: FormulaEvaluator = (formula) =>
    formula.includes('TABLE')
      ? [
          ['Campaign', 'Sent'],
          ['Launch', 120],
        ]
      : 42;

  it('reads Loading... until recalculated, then #NAME? without an evaluator', () => {
    const { sheet, service } = setup();
    const cell = sheet.getRange('A1').setValue('=UNKNOWN()');
    expect(cell.getValue()).toBe('Loading...');
    service.recalculate();
    expect(cell.getValue()).toBe('#NAME?');
    expect(cell.getFormula()).toBe('=UNKNOWN()');
  });

  it('spills 2D results and refuses to overwrite data or run off the sheet', () => {
    const { sheet, service, raw } = setup();
    service.setFormulaEvaluator(table);
    sheet.getRange('A1').setFormula('=TABLE()');
    sheet.getRange('D1').setValue('=TABLE()');
    sheet.getRange('E2').setValue('in the way');
    sheet.getRange('A1000').setValue('=TABLE()');
    service.recalculate();
    expect(sheet.getRange('A1:B2').getValues()).toEqual([
      ['Campaign', 'Sent'],
      ['Launch', 120],
    ]);
    const { formulas, errors } = raw.snapshot();
    expect(formulas.slice(0, 2).map((row) => row.slice(0, 2))).toEqual([
      ['=TABLE()', ''],
      ['', ''],
    ]);
    expect(sheet.getRange('D1').getValue()).toBe('#REF!');
    expect(errors[0][3]).toBe(
      'Array result was not expanded because it would overwrite data in E2.',
    );
    expect(sheet.getRange('A1000').getValue()).toBe('#REF!');
    expect(errors[999][0]).toBe(
      'Result was not automatically expanded, please insert more rows (1).',
    );
  });

  it('expands again once the blocking value is cleared', () => {
    const { sheet, service } = setup();
    service.setFormulaEvaluator(table);
    sheet.getRange('A1').setValue('=TABLE()');
    service.recalculate();
    sheet.getRange('B2').setValue('typed over');
    service.recalculate();
    expect(sheet.getRange('A1').getValue()).toBe('#REF!');
    sheet.getRange('B2').clearContent();
    service.recalculate();
    expect(sheet.getRange('A1:B2').getValues()).toEqual([
      ['Campaign', 'Sent'],
      ['Launch', 120],
    ]);
  });

  it('evaluates in custom-function mode and shows thrown errors as #ERROR!', () => {
    const { sheet, service, app } = setup();
    const modes: boolean[] = [];
    service.setFormulaEvaluator((_formula, cell) => {
      modes.push(cell.a1 === 'A1');
      app.getActiveSheet().getRange('Z1').setValue('write attempt');
    });
    sheet.getRange('A1').setValue('=SIDE_EFFECT()');
    service.recalculate();
    expect(modes).toEqual([true]);
    expect(sheet.getRange('A1').getValue()).toBe('#ERROR!');
    expect(sheet.getRange('Z1').getValue()).toBe('');
    sheet.getRange('A2').setValue('ok');
    expect(sheet.getRange('A2').getValue()).toBe('ok');
  });

  it('recomputes only pending formulas unless asked for all', () => {
    const { sheet, service } = setup();
    let calls = 0;
    service.setFormulaEvaluator(() => ++calls);
    sheet.getRange('A1:A2').setValues([['=F()'], ['=F()']]);
    service.recalculate();
    service.recalculate();
    expect(calls).toBe(2);
    service.recalculate({ all: true });
    expect(sheet.getRange('A1:A2').getValues()).toEqual([[3], [4]]);
  });
});

describe('SpreadsheetApp', () => {
  it('opens spreadsheets by id and fails like Apps Script otherwise', () => {
    const { app, service } = setup();
    const other = service.create({ id: 'other', name: 'Other' });
    expect(app.openById('other').getName()).toBe('Other');
    expect(app.openById('other').getUrl()).toBe(other.getUrl());
    expect(other.getUrl()).toBe('https://docs.google.com/spreadsheets/d/other/edit');
    expect(() => app.openById('nope')).toThrow(
      'Unexpected error while getting the method or property openById on object SpreadsheetApp.',
    );
    service.remove('other');
    expect(() => app.openById('other')).toThrow('Unexpected error while getting the method');
    service.create({ id: 'private' });
    service.revokeAccess('private');
    expect(() => app.openById('private')).toThrow(
      'You do not have permission to access the requested document.',
    );
  });

  it('has no active spreadsheet and no UI in a time-driven run', () => {
    const { app, service } = setup();
    service.setActive(null);
    expect(app.getActive()).toBeNull();
    expect(() => app.getUi()).toThrow('Cannot call SpreadsheetApp.getUi() from this context.');
  });

  it('records toasts on the UI while the UI is allowed', () => {
    const { app, service, ui } = setup();
    app.getActive().toast('Refreshed 3 campaigns', 'Instantly', 5);
    service.setMode({ readOnly: false, uiAllowed: false });
    app.getActive().toast('not shown');
    expect(ui.toasts).toEqual([
      { message: 'Refreshed 3 campaigns', title: 'Instantly', timeoutSeconds: 5 },
    ]);
  });

  it('defaults the time zone to UTC and keeps the one given', () => {
    const { service, app } = setup();
    service.create({ id: 'utc' });
    expect(app.openById('utc').getSpreadsheetTimeZone()).toBe('Etc/UTC');
    expect(app.openById('book-1').getSpreadsheetTimeZone()).toBe('Europe/Berlin');
  });
});

describe('charts', () => {
  it('records what the builder was told, and keeps the chart id when modified', () => {
    const { app, sheet, raw } = setup();
    sheet.getRange('A1:B3').setValues([
      ['Date', 'Sent'],
      ['2024-01-01', 10],
      ['2024-01-02', 12],
    ]);
    const chart = sheet
      .newChart()
      .setChartType('LINE' as unknown as GoogleAppsScript.Charts.ChartType)
      .addRange(sheet.getRange('A1:B3'))
      .setNumHeaders(1)
      .setPosition(2, 4, 0, 0)
      .setOption('title', 'Sent per day')
      .build();
    sheet.insertChart(chart);
    const [inserted] = sheet.getCharts();
    expect(inserted.getRanges().map((range) => [range.getRow(), range.getColumn()])).toEqual([
      [1, 1],
    ]);
    const other = app.getActive().insertSheet("Bob's data");
    const updated = inserted
      .modify()
      .clearRanges()
      .addRange(other.getRange('A1:B2'))
      .setOption('vAxis.title', 'Emails')
      .build();
    sheet.updateChart(updated);
    expect(raw.snapshot().charts).toEqual([
      {
        chartId: 1,
        type: 'LINE',
        ranges: ["'Bob''s data'!A1:B2"],
        options: { numHeaders: 1, title: 'Sent per day', 'vAxis.title': 'Emails' },
        position: { row: 2, column: 4, offsetX: 0, offsetY: 0 },
      },
    ]);
    expect(() => other.updateChart(updated)).toThrow('The chart is not on this sheet.');
  });
});

describe('developer metadata', () => {
  it('adds, finds, changes and removes entries', () => {
    const { app } = setup();
    const book = app.getActive();
    book.addDeveloperMetadata('settings', '{"a":1}', PROJECT);
    const [entry] = book.getDeveloperMetadata();
    expect([entry.getKey(), entry.getValue()]).toEqual(['settings', '{"a":1}']);
    entry.setValue('{"a":2}');
    expect(book.getDeveloperMetadata()[0].getValue()).toBe('{"a":2}');
    entry.remove();
    expect(book.getDeveloperMetadata()).toEqual([]);
  });

  it('refuses to exceed the size limit, keeping the previous value', () => {
    const { app } = setup();
    const book = app.getActive();
    book.addDeveloperMetadata('big', 'x'.repeat(MAX_METADATA_CHARACTERS - 10), PROJECT);
    const [entry] = book.getDeveloperMetadata();
    expect(() => entry.setValue('x'.repeat(MAX_METADATA_CHARACTERS))).toThrow(
      'The developer metadata of this spreadsheet exceeds the size limit.',
    );
    expect(entry.getValue()).toHaveLength(MAX_METADATA_CHARACTERS - 10);
    expect(() => book.addDeveloperMetadata('more', 'x'.repeat(20), PROJECT)).toThrow(
      'exceeds the size limit',
    );
    expect(book.getDeveloperMetadata()).toHaveLength(1);
  });

  it('refuses a visibility that does not exist', () => {
    const { app } = setup();
    const unknown = 'SECRET' as unknown as GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility;
    expect(() => app.getActive().addDeveloperMetadata('key', 'value', unknown)).toThrow(
      "The parameters (string,string,string) don't match the method signature for SpreadsheetApp.Spreadsheet.addDeveloperMetadata.",
    );
  });
});

describe('what the fakes leave out', () => {
  it('fails loudly, naming the class and method, when the bundle calls a method not faked', () => {
    const { app, sheet } = setup();
    const range = sheet.getRange('A1') as unknown as {
      offset(row: number, column: number): unknown;
    };
    expect(() => range.offset(1, 1)).toThrow('not implemented in the local runtime: Range.offset');
    const unfakedSheet = sheet as unknown as { getDataRange(): unknown };
    expect(() => unfakedSheet.getDataRange()).toThrow(
      'not implemented in the local runtime: Sheet.getDataRange',
    );
    const unfakedApp = app as unknown as { getActiveSheet(): unknown };
    expect(() => unfakedApp.getActiveSheet()).toThrow(
      'not implemented in the local runtime: SpreadsheetApp.getActiveSheet',
    );
  });

  it('fails loudly for forms of a faked method the add-on does not use', () => {
    const { app } = setup();
    const book = app.getActive();
    expect(() => book.insertSheet('Later', 0)).toThrow(
      'not implemented in the local runtime: Spreadsheet.insertSheet with an index or options',
    );
    expect(() => book.addDeveloperMetadata('key')).toThrow(
      'not implemented in the local runtime: Spreadsheet.addDeveloperMetadata without a value',
    );
  });

  it('still lets a fake be awaited and compared', async () => {
    const { app } = setup();
    const book = app.getActive();
    expect(await Promise.resolve(book)).toBe(book);
    expect([book]).toEqual([book]);
  });
});

describe('realm of the bundle', () => {
  it('hands out arrays, Dates and errors of the given realm', () => {
    const realm = realmOf(vm.createContext({}));
    const { sheet } = setup({ realm });
    sheet.getRange('A1').setValue(new Date('2024-01-01T00:00:00Z'));
    const values = sheet.getRange('A1').getValues();
    expect(values).toBeInstanceOf(realm.Array);
    expect(values[0][0]).toBeInstanceOf(realm.Date);
    const error = thrown(() => sheet.getRange(0, 1));
    expect(error).toBeInstanceOf(realm.Error);
    expect(String(error)).toBe('Exception: The starting row of the range is too small.');
  });
});
