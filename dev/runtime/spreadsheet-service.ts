/**
 * The Spreadsheet service's shared state and its one boundary with the bundle.
 *
 * The fakes are plain classes holding the state. The bundle never touches them directly: it gets
 * them through one Proxy (`ServiceState.expose`) that counts every method call, refuses writes in
 * custom-function mode and refuses, by name, anything the fakes do not implement, so these rules
 * live in a single place. Tests may use the raw fakes to set up and inspect sheets without being
 * counted or refused.
 */
import type { Area, Cell } from './cells';
import { copyIntoRealm, exception, type Realm, unfakedMember } from './env';
import type { FakeSheet } from './sheet';
import type { FakeSpreadsheet } from './spreadsheet';
import { sheetsException, signatureMismatch } from './spreadsheet-errors';
import type { ExecutionMode, UiFake } from './ui';
import { resultGrid } from './user-entered-values';

const CUSTOM_FUNCTION_MODE: ExecutionMode = { readOnly: true, uiAllowed: false };

/** Methods a custom function may not call: everything that changes a document or opens another. */
const REFUSED_IN_CUSTOM_FUNCTIONS = new Set([
  'openById',
  'insertSheet',
  'toast',
  'setName',
  'setValue',
  'setValues',
  'setFormula',
  'setNumberFormat',
  'setNumberFormats',
  'setFontWeight',
  'setFontWeights',
  'setNote',
  'clearContent',
  'setFrozenRows',
  'autoResizeColumns',
  'insertChart',
  'updateChart',
  'addDeveloperMetadata',
  'remove',
]);

/**
 * Range methods that read or write cells, so tests and the bench can see how many cells a script
 * moves. The singular forms act on the top-left cell when they read, on every cell when they write.
 */
const CELL_READS: Readonly<Record<string, 'area' | 'one'>> = {
  getValues: 'area',
  getDisplayValues: 'area',
  getFormulas: 'area',
  getNumberFormats: 'area',
  getFontWeights: 'area',
  getNotes: 'area',
  getValue: 'one',
  getDisplayValue: 'one',
  getFormula: 'one',
  getNumberFormat: 'one',
  getFontWeight: 'one',
  getNote: 'one',
};
const CELL_WRITES = new Set([
  'setValues',
  'setValue',
  'setFormulas',
  'setFormula',
  'setNumberFormats',
  'setNumberFormat',
  'setFontWeights',
  'setFontWeight',
  'setNotes',
  'setNote',
  'clearContent',
  'clear',
  'clearFormat',
]);

/** Spreadsheet cells the bundle read and wrote through Range methods. */
export interface CellCounts {
  read: number;
  written: number;
}

/** Where a formula sits, handed to the formula evaluator. */
export interface FormulaCell {
  spreadsheet: FakeSpreadsheet;
  sheet: FakeSheet;
  row: number;
  column: number;
  a1: string;
}

/**
 * Computes a formula's result: a value, or a 2D array that spills right and down like an array
 * formula. Called in custom-function mode with the formula's spreadsheet active. Throwing makes
 * the cell `#ERROR!`.
 */
export type FormulaEvaluator = (formula: string, cell: FormulaCell) => unknown;

type FormulaOutcome = { values: Cell['value'][][] } | { errorValue: string; error: string };

/** Proxies handed to the bundle, mapped back to the fakes they stand for. */
const fakeBehindProxy = new WeakMap<object, object>();

export function unwrap<T>(value: T): T {
  return value !== null && typeof value === 'object'
    ? ((fakeBehindProxy.get(value) as T | undefined) ?? value)
    : value;
}

/** Fakes are typed as the Apps Script interfaces they stand in for only at the API boundary. */
export function api<T>(fake: ServiceObject | ServiceObject[] | null): T {
  return fake as unknown as T;
}

/** The fake behind an argument the bundle passed back (proxied) or a test passed (raw). */
export function fakeOf<T extends ServiceObject>(
  value: unknown,
  kind: abstract new (...args: never[]) => T,
  method: string,
): T {
  const fake = unwrap(value);
  if (fake instanceof kind) return fake;
  throw signatureMismatch([value], method);
}

/** `Range` for a FakeRange: the Apps Script class a fake stands for. */
function kindOf(fake: ServiceObject): string {
  return fake.constructor.name.replace(/^Fake/, '');
}

export class ServiceState {
  mode: ExecutionMode = { readOnly: false, uiAllowed: true };
  calls: string[] = [];
  cells: CellCounts = { read: 0, written: 0 };
  flushes = 0;
  evaluator: FormulaEvaluator | undefined;
  active: FakeSpreadsheet | null = null;
  readonly spreadsheets = new Map<string, FakeSpreadsheet>();
  readonly revoked = new Set<string>();
  private readonly proxies = new WeakMap<ServiceObject, object>();
  private createdCharts = 0;

  constructor(
    readonly ui: UiFake,
    private readonly realm: Realm,
  ) {}

  setMode(mode: ExecutionMode): void {
    this.mode = { ...mode };
    this.ui.setMode(mode);
  }

  open(id: string): FakeSpreadsheet {
    if (this.revoked.has(id)) {
      throw sheetsException('You do not have permission to access the requested document.');
    }
    const spreadsheet = this.spreadsheets.get(id);
    if (spreadsheet) return spreadsheet;
    throw sheetsException(
      'Unexpected error while getting the method or property openById on object SpreadsheetApp.',
    );
  }

  nextChartId(): number {
    return ++this.createdCharts;
  }

  /** Runs a formula the way Sheets runs custom functions: read-only, no UI, its file active. */
  evaluateFormula(formula: string, cell: FormulaCell): FormulaOutcome {
    const evaluator = this.evaluator;
    if (!evaluator) return { errorValue: '#NAME?', error: `Unknown function in ${formula}` };
    const previous = { mode: this.mode, active: this.active };
    this.setMode(CUSTOM_FUNCTION_MODE);
    this.active = cell.spreadsheet;
    try {
      return { values: resultGrid(evaluator(formula, cell)) };
    } catch (error) {
      // Errors thrown by the bundle come from its realm: not `instanceof` this realm's Error.
      const message = (error as { message?: unknown } | null)?.message;
      return { errorValue: '#ERROR!', error: String(message ?? error) };
    } finally {
      this.setMode(previous.mode);
      this.active = previous.active;
    }
  }

  /** The bundle-facing view of a value: fakes (alone or in an array) become counting proxies. */
  expose<T>(value: unknown): T {
    if (value instanceof ServiceObject) return this.proxyFor(value) as T;
    if (Array.isArray(value) && value.some((item) => item instanceof ServiceObject)) {
      return value.map((item) => this.expose(item)) as T;
    }
    return value as T;
  }

  private proxyFor(fake: ServiceObject): object {
    const cached = this.proxies.get(fake);
    if (cached) return cached;
    const proxy = new Proxy(fake, {
      get: (target, property) => {
        if (typeof property !== 'string') return Reflect.get(target, property);
        if (!(property in target)) return unfakedMember(kindOf(target), property);
        const member: unknown = Reflect.get(target, property);
        if (typeof member !== 'function') return this.expose(member);
        const method = member as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => this.invoke(target, property, method, args);
      },
    });
    this.proxies.set(fake, proxy);
    fakeBehindProxy.set(proxy, fake);
    return proxy;
  }

  /**
   * Every call the bundle makes: counted, refused in custom functions if it writes, and its
   * result (arrays, Dates) and errors remade in the bundle's realm.
   */
  private invoke(
    target: ServiceObject,
    name: string,
    method: (...args: unknown[]) => unknown,
    args: unknown[],
  ): unknown {
    this.calls.push(`${kindOf(target)}.${name}`);
    this.countCells(target, name);
    return this.inBundleRealm(() => {
      if (this.mode.readOnly && REFUSED_IN_CUSTOM_FUNCTIONS.has(name)) {
        throw sheetsException(`You do not have permission to call ${name}`);
      }
      return copyIntoRealm(this.realm, this.expose(method.apply(target, args.map(unwrap))));
    });
  }

  /** Only ranges have an area; a read of one cell counts one, whatever the range's size. */
  private countCells(target: ServiceObject, name: string): void {
    const area = (target as { area?: Area }).area;
    if (!area) return;
    const cells = area.numRows * area.numColumns;
    if (CELL_WRITES.has(name)) this.cells.written += cells;
    else if (CELL_READS[name]) this.cells.read += CELL_READS[name] === 'one' ? 1 : cells;
  }

  /** Runs `work`, remaking the fakes' exceptions in the bundle's realm. */
  private inBundleRealm<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      const ours = error instanceof Error && error.name === 'Exception';
      throw ours ? exception(this.realm, error.message) : error;
    }
  }
}

/** Base of everything the bundle can hold: only these are proxied and counted. */
export abstract class ServiceObject {
  constructor(readonly service: ServiceState) {}
}
