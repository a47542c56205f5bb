/**
 * Evaluates a cell formula that calls one of the script's custom functions, as Sheets would:
 * `=NAME(arg, …)` where each argument is a literal, DATE(y, m, d), a cell or a range. Anything
 * richer (nested spreadsheet functions, operators) is beyond this local runtime.
 */
import type { FakeSheet } from './sheet';
import type { FormulaCell } from './spreadsheet-service';

export type CustomFunctionCaller = (name: string, args: unknown[]) => unknown;

const CALL = /^=\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\(([\s\S]*)\)\s*$/;
const REFERENCE =
  /^(?:(?:'((?:[^']|'')+)'|([A-Za-z0-9_]+))!)?(\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?)$/i;
const DATE_CALL = /^DATE\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/i;
/** Sheets refuses these in custom-function arguments: they would recalculate forever. */
const VOLATILE = /^(NOW|TODAY|RAND|RANDBETWEEN)\s*\(/i;

export function evaluateCustomFunctionFormula(
  formula: string,
  cell: FormulaCell,
  call: CustomFunctionCaller,
  makeDate: (year: number, month: number, day: number) => Date,
): unknown {
  const match = CALL.exec(formula.trim());
  if (!match) throw new Error(`Formula parse error: ${formula}`);
  const [, name, argumentText] = match;
  const args = splitArguments(argumentText).map((text) => argumentValue(text, cell, makeDate));
  return call(name.toUpperCase() === name ? name : name.toUpperCase(), args);
}

/** Splits on top-level commas, leaving those inside quotes and parentheses alone. */
function splitArguments(text: string): string[] {
  if (!text.trim()) return [];
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (!quoted && char === '(') depth++;
    if (!quoted && char === ')') depth--;
    if (!quoted && depth === 0 && char === ',') {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim());
}

function argumentValue(
  text: string,
  cell: FormulaCell,
  makeDate: (year: number, month: number, day: number) => Date,
): unknown {
  if (text === '') return '';
  if (text.startsWith('"') && text.endsWith('"')) return text.slice(1, -1).replace(/""/g, '"');
  if (/^(TRUE|FALSE)$/i.test(text)) return text.toUpperCase() === 'TRUE';
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (VOLATILE.test(text)) {
    throw new Error(
      'This function is not allowed to reference a cell with NOW(), RAND(), or RANDBETWEEN().',
    );
  }
  const date = DATE_CALL.exec(text);
  if (date) return makeDate(Number(date[1]), Number(date[2]), Number(date[3]));
  const reference = REFERENCE.exec(text);
  if (reference) return referenceValue(reference, cell);
  throw new Error(`Formula parse error: unsupported argument ${text}`);
}

/** One cell is passed as its value, a range as a 2D array, as Sheets passes them. */
function referenceValue(reference: RegExpExecArray, cell: FormulaCell): unknown {
  const [, quotedSheet, plainSheet, cells] = reference;
  const sheetName = quotedSheet?.replace(/''/g, "'") ?? plainSheet;
  const a1 = cells.replace(/\$/g, '');
  const sheet = sheetName ? cell.spreadsheet.sheetList().find(named(sheetName)) : cell.sheet;
  if (!sheet) throw new Error(`Unresolved sheet name '${sheetName}'.`);
  const values = sheet.getRange(a1).getValues();
  return values.length === 1 && values[0].length === 1 ? values[0][0] : values;
}

/** Sheet names in formulas match regardless of case, as Sheets matches them. */
function named(name: string): (sheet: FakeSheet) => boolean {
  return (sheet) => sheet.getName().toLowerCase() === name.toLowerCase();
}
