import fs from 'node:fs';
import path from 'node:path';
import { createRuntime } from '../../../dev/runtime';
import { runtimeWith, writeDist } from './helpers';

const CODE = `
var VERSION = '1.0';
function evaluate(body) {
  try { return new Function(body)(); } catch (e) { return String(e); }
}
function describe(value) {
  return { isDate: value instanceof Date, isArray: value instanceof Array, isObject: value instanceof Object,
           text: value instanceof Date ? value.toISOString() : JSON.stringify(value) };
}
function onOpen(e) { return [String(e.authMode), e instanceof Object]; }
function SUM_ROWS(rows) { return rows.reduce(function (sum, row) { return sum + row[0]; }, 0); }
function echo(value) { return value; }
function dateInside() { return { when: new Date(), count: 1 }; }
function hidden_() { return 'private'; }
`;
const runtime = (options = {}) => runtimeWith(CODE, { now: '2026-01-05T12:00:00Z', ...options });

describe('loading dist', () => {
  it('runs every .js file in one global scope, in name order', () => {
    const distDir = writeDist({
      'b.js': 'function greet() { return PREFIX + name_(); }',
      'a.js': "var PREFIX = 'Hello, '; function name_() { return 'Sheets'; }",
      'ignored.html': '<p>not code</p>',
    });
    const rt = createRuntime({ distDir });
    expect(rt.call('greet')).toBe('Hello, Sheets');
    expect(rt.manifest).toEqual({ timeZone: 'Etc/UTC' });
  });

  it('needs dist/appsscript.json', () => {
    const distDir = writeDist({});
    fs.rmSync(path.join(distDir, 'appsscript.json'));
    expect(() => createRuntime({ distDir })).toThrow(/appsscript\.json not found/);
  });

  it('gives the bundle the fake services and nothing of Node', () => {
    const rt = runtime();
    expect(
      rt.call(
        'evaluate',
        `return [typeof require, typeof process, typeof Buffer, typeof setTimeout, typeof fetch, typeof module,
                 typeof SpreadsheetApp, typeof UrlFetchApp, typeof HtmlService, Charts.ChartType.LINE];`,
      ),
    ).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'object',
      'object',
      'object',
      'LINE',
    ]);
  });

  it('runs the bundle on the virtual clock, in the script time zone', () => {
    const rt = runtime({ scriptTimeZone: 'America/Los_Angeles' });
    expect(rt.call('evaluate', 'return [new Date().toISOString(), new Date().getHours()]')).toEqual(
      ['2026-01-05T12:00:00.000Z', 4],
    );
    expect(rt.date('2026-01-05T09:00').toISOString()).toBe('2026-01-05T17:00:00.000Z');
    expect(rt.call('describe', rt.date('2026-01-05'))).toMatchObject({ isDate: true });
  });
});

describe('call', () => {
  it('runs only top-level functions', () => {
    const rt = runtime();
    expect(() => rt.call('missing')).toThrow('Script function not found: missing');
    expect(() => rt.call('VERSION')).toThrow('Script function not found: VERSION');
    expect(() => rt.call('toString')).toThrow('Script function not found: toString');
  });

  it('hands over events and arguments built in the bundle realm', () => {
    const rt = runtime();
    expect(rt.call('onOpen', { authMode: 'LIMITED' })).toEqual(['LIMITED', true]);
    expect(rt.call('describe', [[1], [new Date('2026-01-05T00:00:00Z')]])).toMatchObject({
      isArray: true,
    });
    expect(rt.call('describe', new Date('2026-01-05T00:00:00Z'))).toEqual({
      isDate: true,
      isArray: false,
      isObject: true,
      text: '2026-01-05T00:00:00.000Z',
    });
  });

  it('lets errors of the bundle through and still records the execution', () => {
    const rt = runtime();
    expect(() => rt.call('SUM_ROWS', 'not rows')).toThrow(/reduce is not a function/);
    expect(rt.executions.map((execution) => execution.name)).toEqual(['SUM_ROWS']);
  });
});

describe('callAsCustomFunction', () => {
  it('evaluates with read-only access and no UI, and measures the run', () => {
    const rt = runtime();
    expect(rt.callAsCustomFunction('SUM_ROWS', [[1], [2], [3]])).toBe(6);
    expect(rt.lastExecution()).toMatchObject({ name: 'SUM_ROWS', kind: 'customFunction' });
    expect(rt.lastExecution()?.realMs).toBeGreaterThanOrEqual(0);
    expect(rt.callAsCustomFunction('evaluate', "return SpreadsheetApp.getUi() && 'ui'")).toMatch(
      /^Exception/,
    );
  });

  it("does not offer functions ending in '_'", () => {
    expect(() => runtime().callAsCustomFunction('hidden_')).toThrow("Unknown function: 'hidden_'");
  });
});

describe('formulas that call the script', () => {
  const DAYS = `function DAYS(zone) {
    return [['2026-03-29', '2026-03-30'].map(function (day) { return Utilities.parseDate(day, zone, 'yyyy-MM-dd'); })];
  }`;

  it.each(['Pacific/Auckland', 'America/Los_Angeles'])(
    'spill returned Dates as date values showing their day in the sheet, in %s',
    (timeZone) => {
      const rt = runtimeWith(DAYS, { now: '2026-03-31T12:00:00Z' });
      const sheet = rt.createSpreadsheet({ timeZone }).sheet('Sheet1');
      sheet.getRange('A1').setFormula(`=DAYS("${timeZone}")`);
      rt.spreadsheets.recalculate();
      const { values, displayValues } = sheet.snapshot();
      expect(values[0].map((value) => Object.prototype.toString.call(value))).toEqual([
        '[object Date]',
        '[object Date]',
      ]);
      expect(displayValues[0]).toEqual(['3/29/2026 0:00:00', '3/30/2026 0:00:00']);
      sheet.getRange('A1:B1').setNumberFormat('yyyy-mm-dd');
      expect(sheet.snapshot().displayValues[0]).toEqual(['2026-03-29', '2026-03-30']);
    },
  );
});

describe('callFromClient', () => {
  it("refuses private functions ('_') and non-functions as google.script.run does", () => {
    const rt = runtime();
    expect(() => rt.callFromClient('hidden_')).toThrow(
      new TypeError('google.script.run.hidden_ is not a function'),
    );
    expect(() => rt.callFromClient('VERSION')).toThrow(TypeError);
    expect(rt.executions).toHaveLength(0);
  });

  it('fails the call when an argument holds a Date, before it runs', () => {
    const rt = runtime();
    expect(() => rt.callFromClient('echo', new Date())).toThrow(
      'Failed due to illegal value in property: 0',
    );
    expect(() => rt.callFromClient('echo', { range: { from: new Date() } })).toThrow(
      'Failed due to illegal value in property: from',
    );
    expect(() => rt.callFromClient('echo', () => 1)).toThrow(
      'Failed due to illegal value in property: 0',
    );
    expect(rt.executions).toHaveLength(0);
  });

  it('copies plain data both ways, undefined array items as null', () => {
    const rt = runtime();
    const result = rt.callFromClient('echo', {
      list: [1, undefined, 'a'],
      skipped: undefined,
      nested: { ok: true },
    });
    expect(result).toEqual({ list: [1, null, 'a'], nested: { ok: true } });
    expect(result).toBeInstanceOf(Object);
    expect(rt.callFromClient('describe', [1])).toMatchObject({ isArray: true });
  });

  it('returns null for a result that holds a Date', () => {
    expect(runtime().callFromClient('dateInside')).toBeNull();
  });
});

describe('what the fakes leave out', () => {
  it('fails loudly when the bundle calls a service method the runtime does not fake', () => {
    const rt = runtime();
    expect(rt.call('evaluate', 'return Utilities.zip([])')).toBe(
      'Error: not implemented in the local runtime: Utilities.zip',
    );
    expect(rt.call('evaluate', 'return SpreadsheetApp.getActiveSheet()')).toBe(
      'Error: not implemented in the local runtime: SpreadsheetApp.getActiveSheet',
    );
    expect(rt.call('evaluate', 'return typeof PropertiesService.getScriptProperties')).toBe(
      'function',
    );
  });
});
