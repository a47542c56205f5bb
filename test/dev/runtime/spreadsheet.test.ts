import vm from 'node:vm';
import { realmOf } from '../../../dev/runtime/env';
import {
  columnToLetters,
  createSpreadsheetService,
  DEFAULT_NUMBER_FORMAT,
  type FormulaEvaluator,
} from '../../../dev/runtime/spreadsheet';
import { createUi } from '../../../dev/runtime/ui';

const CUSTOM_FUNCTION = { readOnly: true, uiAllowed: false };

/** A service with one active spreadsheet; `app` is what the bundle sees as SpreadsheetApp. */
function setup(options: Parameters<typeof createSpreadsheetService>[1] = {}) {
  const ui = createUi();
  const service = createSpreadsheetService(ui, options);
  const book = service.create({ name: 'Campaigns', id: 'book-1', timeZone: 'Europe/Berlin' });
  service.setActive(book);
  const app = service.SpreadsheetApp;
  return { ui, service, book, app, sheet: app.getActiveSheet() };
}

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
    const { sheet } = setup();
    const range = sheet.getRange(1, 1, 1, 9);
    range.setValues([['=SUM(B1)', "'=text", "'42", '42', '-3.5', '+1', '@foo', 'TRUE', 'false']]);
    expect(range.getValues()).toEqual([
      ['Loading...', '=text', '42', 42, -3.5, 1, '@foo', true, false],
    ]);
    expect(range.getFormulas()).toEqual([['=SUM(B1)', '', '', '', '', '', '', '', '']]);
  });

  it('turns + or - followed by non-numeric text into a failing formula', () => {
    const { sheet } = setup();
    const range = sheet.getRange('A1:C1');
    range.setValues([['+1 555 0100', '- item', '-']]);
    expect(range.getValues()).toEqual([['#ERROR!', '#ERROR!', '-']]);
    expect(range.getFormulas()).toEqual([['=+1 555 0100', '=- item', '']]);
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
    const { sheet } = setup();
    const range = sheet.getRange('A1:D1');
    range.setValues([['12.5%', '1,234', '2024-03-05', '3/5/2024']]);
    const [[percent, grouped, isoDate, usDate]] = range.getValues();
    expect([percent, grouped]).toEqual([0.125, 1234]);
    // Midnight in the spreadsheet's zone (Berlin, UTC+1 in March).
    expect(isoDate).toEqual(new Date('2024-03-04T23:00:00Z'));
    expect(usDate).toEqual(isoDate);
    expect(range.getDisplayValues()).toEqual([['12.50%', '1,234', '2024-03-05', '3/5/2024']]);
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
  it('parses columns beyond Z', () => {
    const { sheet } = setup();
    const range = sheet.getRange('AA1:AB3');
    expect([range.getRow(), range.getColumn(), range.getNumRows(), range.getNumColumns()]).toEqual([
      1, 27, 3, 2,
    ]);
    expect(range.getA1Notation()).toBe('AA1:AB3');
    expect(columnToLetters(702)).toBe('ZZ');
    expect(columnToLetters(703)).toBe('AAA');
  });

  it('accepts single cells, lower case, absolute refs, whole columns and rows', () => {
    const { sheet } = setup();
    expect(sheet.getRange('b2').getA1Notation()).toBe('B2');
    expect(sheet.getRange('$C$3:$D4').getA1Notation()).toBe('C3:D4');
    expect(sheet.getRange('A:B').getNumRows()).toBe(1000);
    expect(sheet.getRange('2:3').getNumColumns()).toBe(26);
    expect(() => sheet.getRange('A')).toThrow('Range not found');
  });

  it('resolves sheet names in spreadsheet ranges, quoted or not', () => {
    const { app } = setup();
    const book = app.getActive();
    book.insertSheet("Bob's data").getRange('B2').setValue('here');
    expect(book.getRange("'Bob''s data'!B2").getValue()).toBe('here');
    expect(book.getRange('Sheet1!A1').getSheet().getName()).toBe('Sheet1');
    expect(() => book.getRange('Missing!A1')).toThrow('Range not found');
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

  it('offsets ranges and reads cells within them', () => {
    const { sheet } = setup();
    const range = sheet.getRange('B2:C3');
    expect(range.offset(1, 1).getA1Notation()).toBe('C3:D4');
    expect(range.offset(0, 0, 1, 1).getA1Notation()).toBe('B2');
    expect(range.getCell(2, 2).getA1Notation()).toBe('C3');
    expect(range.getLastRow()).toBe(3);
  });
});

describe('sheets', () => {
  it('tracks last row/column by content and grows when written beyond its size', () => {
    const { sheet } = setup();
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([0, 0]);
    sheet.getRange('C2').setNumberFormat('0.00');
    expect(sheet.getLastRow()).toBe(0);
    sheet.getRange(1500, 30).setValue('far');
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([1500, 30]);
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([1500, 30]);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1:AD1500');
  });

  it('inserts, finds (ignoring case), renames and deletes sheets', () => {
    const { app } = setup();
    const book = app.getActive();
    const history = book.insertSheet('History');
    expect(book.getActiveSheet().getName()).toBe('History');
    expect(required(book.getSheetByName('history')).getSheetId()).toBe(history.getSheetId());
    expect(() => book.insertSheet('HISTORY')).toThrow(
      'A sheet with the name "HISTORY" already exists. Please enter another name.',
    );
    expect(book.insertSheet().getName()).toBe('Sheet3');
    book.deleteSheet(history);
    expect(book.getSheets().map((sheet) => sheet.getName())).toEqual(['Sheet1', 'Sheet3']);
    book.deleteSheet(required(book.getSheetByName('Sheet3')));
    expect(() => book.deleteSheet(book.getSheets()[0])).toThrow(
      "You can't remove all the sheets in a document.",
    );
  });

  it('appends, inserts and deletes rows', () => {
    const { sheet } = setup();
    sheet.appendRow(['a', 1]);
    sheet.appendRow(['b', 2]);
    sheet.insertRowsBefore(2, 1);
    expect(sheet.getDataRange().getValues()).toEqual([
      ['a', 1],
      ['', ''],
      ['b', 2],
    ]);
    sheet.deleteRows(1, 2);
    expect(sheet.getDataRange().getValues()).toEqual([['b', 2]]);
    expect(sheet.getMaxRows()).toBe(999);
    expect(() => sheet.deleteRows(999, 5)).toThrow('Those rows are out of bounds.');
  });

  it('clears contents, formats or everything', () => {
    const { sheet, book } = setup();
    const range = sheet.getRange('A1:B1');
    range
      .setValues([[1, 2]])
      .setNumberFormat('0.00')
      .setFontWeight('bold')
      .setNote('why');
    range.clearContent();
    expect(range.getValues()).toEqual([['', '']]);
    expect(range.getNumberFormats()).toEqual([['0.00', '0.00']]);
    range.setValue(3);
    sheet.clear();
    const snapshot = book.sheet('Sheet1').snapshot();
    expect(snapshot.values).toEqual([['', '']]);
    expect(snapshot.numberFormats).toEqual([[DEFAULT_NUMBER_FORMAT, DEFAULT_NUMBER_FORMAT]]);
    expect(snapshot.notes).toEqual([['why', 'why']]);
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
    sheet.setColumnWidth(1, 180);
    sheet.autoResizeColumns(2, 1);
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
      frozenColumns: 0,
      maxRows: 1000,
      maxColumns: 26,
      columnWidths: { 1: 180, 2: 73 },
      charts: [],
    });
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
    [3, '@', '3'],
  ])('shows %p with %p as %p', (value, format, shown) => {
    const { sheet } = setup();
    const cell = sheet.getRange('A1').setValue(value).setNumberFormat(format);
    expect(cell.getDisplayValue()).toBe(shown);
  });

  it('shows Dates in the spreadsheet time zone', () => {
    const { sheet } = setup();
    const cell = sheet.getRange('A1').setValue(new Date('2024-07-01T08:05:09Z'));
    expect(cell.getDisplayValue()).toBe('7/1/2024 10:05:09');
    cell.setNumberFormat('dddd d mmm yyyy, h:mm am/pm');
    expect(cell.getDisplayValue()).toBe('Monday 1 Jul 2024, 10:05 AM');
    cell.setValue(true);
    expect(cell.getDisplayValue()).toBe('TRUE');
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
    expect(() => sheet.clear()).toThrow('You do not have permission to call clear');
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
    expect(app.WrapStrategy.CLIP).toBe('CLIP');
    book.sheet('Sheet1').getRange('A1').setValue(1);
    app.flush();
    expect(service.callCount()).toBe(1);
    expect(service.flushCount()).toBe(1);
  });
});

describe('text finder', () => {
  it('finds formulas containing a function name across sheets', () => {
    const { app, service } = setup();
    const book = app.getActive();
    required(book.getSheetByName('Sheet1')).getRange('B2').setFormula('=INSTANTLY_ANALYTICS("c1")');
    const report = book.insertSheet('Report');
    report.getRange('A1:A2').setValues([['=instantly_analytics("c2")'], ['INSTANTLY_ANALYTICS']]);
    service.recalculate();

    const formulas = book.createTextFinder('INSTANTLY_ANALYTICS').matchFormulaText(true).findAll();
    expect(formulas.map((r) => `${r.getSheet().getName()}!${r.getA1Notation()}`)).toEqual([
      'Sheet1!B2',
      'Report!A1',
      'Report!A2',
    ]);
    const exact = report.createTextFinder('INSTANTLY_ANALYTICS').matchCase(true).findAll();
    expect(exact.map((range) => range.getA1Notation())).toEqual(['A2']);
  });

  it('matches whole cells, regular expressions and steps with findNext', () => {
    const { sheet } = setup();
    sheet.getRange('A1:A3').setValues([['open rate'], ['open'], ['reply rate']]);
    const whole = sheet.createTextFinder('open').matchEntireCell(true).findAll();
    expect(whole.map((range) => range.getA1Notation())).toEqual(['A2']);
    const finder = sheet.createTextFinder('^\\w+ rate$').useRegularExpression(true);
    expect(finder.findNext()?.getA1Notation()).toBe('A1');
    expect(finder.findNext()?.getA1Notation()).toBe('A3');
    expect(finder.findNext()).toBeNull();
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
    const { sheet, service, book } = setup();
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
    expect(sheet.getRange('A1:B2').getFormulas()).toEqual([
      ['=TABLE()', ''],
      ['', ''],
    ]);
    const errors = book.sheet('Sheet1').snapshot().errors;
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
  it('opens spreadsheets by id or url and fails like Apps Script otherwise', () => {
    const { app, service } = setup();
    const other = service.create({ id: 'other' });
    expect(app.openById('other').getId()).toBe('other');
    expect(app.openByUrl(other.getUrl()).getId()).toBe('other');
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
    expect(app.getActiveSpreadsheet()).toBeNull();
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

  it('defaults the time zone and keeps the one set', () => {
    const { service, app } = setup();
    const book = service.create({ id: 'utc' });
    expect(book.getSpreadsheetTimeZone()).toBe('Etc/UTC');
    app.openById('utc').setSpreadsheetTimeZone('America/New_York');
    expect(book.getSpreadsheetTimeZone()).toBe('America/New_York');
  });
});

describe('charts', () => {
  it('records what the builder was told', () => {
    const { sheet, book } = setup();
    sheet.getRange('A1:B3').setValues([
      ['Date', 'Sent'],
      ['2024-01-01', 10],
      ['2024-01-02', 12],
    ]);
    const chart = sheet
      .newChart()
      .setChartType('LINE' as unknown as GoogleAppsScript.Charts.ChartType)
      .addRange(sheet.getRange('A1:B3'))
      .setPosition(2, 4, 0, 0)
      .setOption('title', 'Sent per day')
      .build();
    sheet.insertChart(chart);
    const [inserted] = sheet.getCharts();
    const updated = inserted.modify().asLineChart().setYAxisTitle('Emails').build();
    sheet.updateChart(updated);
    expect(book.sheet('Sheet1').snapshot().charts).toEqual([
      {
        chartId: 1,
        type: 'LINE',
        ranges: ['A1:B3'],
        options: { title: 'Sent per day', 'vAxis.title': 'Emails' },
        position: { row: 2, column: 4, offsetX: 0, offsetY: 0 },
      },
    ]);
    sheet.removeChart(sheet.getCharts()[0]);
    expect(sheet.getCharts()).toEqual([]);
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
