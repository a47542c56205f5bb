/**
 * Fake Spreadsheet service for the local Apps Script runtime.
 *
 * The fakes are plain classes holding the state. The bundle never touches them directly: it gets
 * them through one Proxy (`ServiceState.expose`) that counts every method call and refuses
 * writes in custom-function mode, so both rules live in a single place. Tests may use the raw
 * objects returned by `create()` to set up and inspect sheets without being counted or refused.
 */

import { MONTHS, WEEKDAYS } from './date-format';
import { copyIntoRealm, exception, isDate, type Realm, timeOf } from './env';
import { epochFromWallClock, type WallClock, wallClockAt, wallClockMs } from './time-zone';
import { type ExecutionMode, HOST_REALM, type UiFake, uiUnavailable } from './ui';

export type { ExecutionMode } from './ui';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;
type TextFinder = GoogleAppsScript.Spreadsheet.TextFinder;
type EmbeddedChart = GoogleAppsScript.Spreadsheet.EmbeddedChart;
type EmbeddedChartBuilder = GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder;
type EmbeddedLineChartBuilder = GoogleAppsScript.Spreadsheet.EmbeddedLineChartBuilder;
type ContainerInfo = GoogleAppsScript.Spreadsheet.ContainerInfo;
type FontWeight = GoogleAppsScript.Spreadsheet.FontWeight;

export type CellValue = string | number | boolean | Date;
export type WrapStrategyName = 'WRAP' | 'OVERFLOW' | 'CLIP';

/** What `getNumberFormat()` returns for a cell nobody formatted. */
export const DEFAULT_NUMBER_FORMAT = '0.###############';
/** How Sheets shows a date written by a script into an unformatted cell. */
const DEFAULT_DATE_FORMAT = 'M/d/yyyy H:mm:ss';
const DEFAULT_MAX_ROWS = 1000;
const DEFAULT_MAX_COLUMNS = 26;
const DEFAULT_COLUMN_WIDTH = 100;
const MAX_CELL_CHARACTERS = 50000;
const FORMULA_PARSE_ERROR = 'Formula parse error.';
/** What a custom function's cell shows until Sheets has computed it. */
const LOADING = 'Loading...';
const CUSTOM_FUNCTION_MODE: ExecutionMode = { readOnly: true, uiAllowed: false };
const WRAP_STRATEGY: Record<WrapStrategyName, WrapStrategyName> = {
  WRAP: 'WRAP',
  OVERFLOW: 'OVERFLOW',
  CLIP: 'CLIP',
};

const METADATA_VISIBILITY = { DOCUMENT: 'DOCUMENT', PROJECT: 'PROJECT' } as const;

/** Sheets' limit on all developer metadata of one spreadsheet, keys and values together. */
export const MAX_METADATA_CHARACTERS = 30_000;

/** Methods a custom function may not call: everything that changes a document or opens another. */
const REFUSED_IN_CUSTOM_FUNCTIONS = new Set([
  'create',
  'openById',
  'openByUrl',
  'setActiveSheet',
  'activate',
  'rename',
  'setName',
  'setSpreadsheetTimeZone',
  'insertSheet',
  'deleteSheet',
  'toast',
  'setValue',
  'setValues',
  'setFormula',
  'setFormulas',
  'setNumberFormat',
  'setNumberFormats',
  'setFontWeight',
  'setFontWeights',
  'setNote',
  'setNotes',
  'setWrap',
  'setWrapStrategy',
  'clear',
  'clearContent',
  'clearContents',
  'clearFormat',
  'clearFormats',
  'clearNote',
  'clearNotes',
  'appendRow',
  'deleteRow',
  'deleteRows',
  'insertRowsAfter',
  'insertRowsBefore',
  'setFrozenRows',
  'setFrozenColumns',
  'autoResizeColumn',
  'autoResizeColumns',
  'setColumnWidth',
  'setColumnWidths',
  'insertChart',
  'updateChart',
  'removeChart',
  'addDeveloperMetadata',
  'remove',
]);

// ---------------------------------------------------------------------------------------------
// Service state, call counting and custom-function refusals
// ---------------------------------------------------------------------------------------------

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

type FormulaOutcome = { values: CellValue[][] } | { errorValue: string; error: string };

export interface SpreadsheetServiceOptions {
  /** The bundle's realm: results and errors reaching the bundle are made of its constructors. */
  realm?: Realm;
}

export interface SpreadsheetServiceFake {
  /** What the bundle sees as the `SpreadsheetApp` global. */
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  create(options?: { name?: string; id?: string; timeZone?: string }): FakeSpreadsheet;
  get(id: string): FakeSpreadsheet | undefined;
  /** `openById` then fails as for a deleted file. */
  remove(id: string): void;
  /** `openById` then fails with an access-denied error. */
  revokeAccess(id: string): void;
  /** `null`: no active spreadsheet, as in a time-driven add-on run. */
  setActive(spreadsheet: FakeSpreadsheet | null): void;
  /** Also applied to the UI fake given to `createSpreadsheetService`. */
  setMode(mode: ExecutionMode): void;
  setFormulaEvaluator(evaluator: FormulaEvaluator | null): void;
  /**
   * Computes the formulas written since the last calculation (every formula with `all`), as
   * Sheets computes custom functions once the script that wrote them has finished. Until then
   * they read 'Loading...'.
   */
  recalculate(options?: { all?: boolean }): void;
  /** Spreadsheet service method calls made by the bundle since `resetCallCount()`. */
  callCount(): number;
  /** Those calls as `Kind.method`, e.g. `Range.setValues`, in order. */
  callLog(): string[];
  resetCallCount(): void;
  flushCount(): number;
}

export function createSpreadsheetService(
  ui: UiFake,
  options: SpreadsheetServiceOptions = {},
): SpreadsheetServiceFake {
  const state = new ServiceState(ui, options.realm ?? HOST_REALM);
  return {
    SpreadsheetApp: state.expose(new FakeSpreadsheetApp(state)),
    create: (spreadsheetOptions = {}) => state.createSpreadsheet(spreadsheetOptions),
    get: (id) => state.spreadsheets.get(id),
    remove: (id) => {
      state.spreadsheets.delete(id);
    },
    revokeAccess: (id) => {
      state.revoked.add(id);
    },
    setActive: (spreadsheet) => {
      state.active = spreadsheet ? unwrap(spreadsheet) : null;
    },
    setMode: (mode) => state.setMode(mode),
    setFormulaEvaluator: (evaluator) => {
      state.evaluator = evaluator ?? undefined;
    },
    recalculate: ({ all = false } = {}) => {
      for (const spreadsheet of state.spreadsheets.values()) {
        for (const sheet of spreadsheet.sheetList()) sheet.recalculate(all);
      }
    },
    callCount: () => state.calls.length,
    callLog: () => [...state.calls],
    resetCallCount: () => {
      state.calls = [];
    },
    flushCount: () => state.flushes,
  };
}

/** Errors of the fakes; the proxy remakes them in the bundle's realm on their way out. */
function sheetsException(message: string): Error {
  return exception(HOST_REALM, message);
}

/** Proxies handed to the bundle, mapped back to the fakes they stand for. */
const fakeBehindProxy = new WeakMap<object, object>();

function unwrap<T>(value: T): T {
  return value !== null && typeof value === 'object'
    ? ((fakeBehindProxy.get(value) as T | undefined) ?? value)
    : value;
}

/** Fakes are typed as the Apps Script interfaces they stand in for only at the API boundary. */
function api<T>(fake: ServiceObject | ServiceObject[] | null): T {
  return fake as unknown as T;
}

class ServiceState {
  mode: ExecutionMode = { readOnly: false, uiAllowed: true };
  calls: string[] = [];
  flushes = 0;
  evaluator: FormulaEvaluator | undefined;
  active: FakeSpreadsheet | null = null;
  readonly spreadsheets = new Map<string, FakeSpreadsheet>();
  readonly revoked = new Set<string>();
  private readonly proxies = new WeakMap<ServiceObject, object>();
  private createdSpreadsheets = 0;
  private createdCharts = 0;

  constructor(
    readonly ui: UiFake,
    private readonly realm: Realm,
  ) {}

  setMode(mode: ExecutionMode): void {
    this.mode = { ...mode };
    this.ui.setMode(mode);
  }

  createSpreadsheet(options: { name?: string; id?: string; timeZone?: string }): FakeSpreadsheet {
    const id = options.id ?? `fake-spreadsheet-${++this.createdSpreadsheets}`;
    if (this.spreadsheets.has(id)) throw new Error(`A spreadsheet with id ${id} already exists`);
    const name = options.name ?? 'Untitled spreadsheet';
    const spreadsheet = new FakeSpreadsheet(this, id, name, options.timeZone ?? 'Etc/UTC');
    this.spreadsheets.set(id, spreadsheet);
    return spreadsheet;
  }

  open(id: string, method: string): FakeSpreadsheet {
    if (this.revoked.has(id)) {
      throw sheetsException('You do not have permission to access the requested document.');
    }
    const spreadsheet = this.spreadsheets.get(id);
    if (spreadsheet) return spreadsheet;
    throw sheetsException(
      `Unexpected error while getting the method or property ${method} on object SpreadsheetApp.`,
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
        const member: unknown = Reflect.get(target, property);
        if (typeof member !== 'function' || typeof property !== 'string') {
          return this.expose(member);
        }
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
    this.calls.push(`${target.constructor.name.replace(/^Fake/, '')}.${name}`);
    try {
      if (this.mode.readOnly && REFUSED_IN_CUSTOM_FUNCTIONS.has(name)) {
        throw sheetsException(`You do not have permission to call ${name}`);
      }
      return copyIntoRealm(this.realm, this.expose(method.apply(target, args.map(unwrap))));
    } catch (error) {
      const ours = error instanceof Error && error.name === 'Exception';
      throw ours ? exception(this.realm, error.message) : error;
    }
  }
}

/** Base of everything the bundle can hold: only these are proxied and counted. */
abstract class ServiceObject {
  constructor(readonly service: ServiceState) {}
}

// ---------------------------------------------------------------------------------------------
// SpreadsheetApp
// ---------------------------------------------------------------------------------------------

type SpreadsheetAppMethods =
  | 'WrapStrategy'
  | 'DeveloperMetadataVisibility'
  | 'getActive'
  | 'getActiveSpreadsheet'
  | 'getActiveSheet'
  | 'openById'
  | 'openByUrl'
  | 'create'
  | 'flush'
  | 'getUi';

class FakeSpreadsheetApp
  extends ServiceObject
  implements Pick<GoogleAppsScript.Spreadsheet.SpreadsheetApp, SpreadsheetAppMethods>
{
  readonly WrapStrategy =
    WRAP_STRATEGY as unknown as typeof GoogleAppsScript.Spreadsheet.WrapStrategy;

  readonly DeveloperMetadataVisibility =
    METADATA_VISIBILITY as unknown as typeof GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility;

  getActive(): Spreadsheet {
    return api(this.service.active);
  }

  getActiveSpreadsheet(): Spreadsheet {
    return api(this.service.active);
  }

  getActiveSheet(): Sheet {
    return api(this.service.active?.activeSheet() ?? null);
  }

  openById(id: string): Spreadsheet {
    return api(this.service.open(String(id), 'openById'));
  }

  openByUrl(url: string): Spreadsheet {
    const id = /\/d\/([\w-]+)/.exec(url)?.[1];
    if (!id) throw sheetsException('Invalid argument: url');
    return api(this.service.open(id, 'openByUrl'));
  }

  create(name: string, rows?: number, columns?: number): Spreadsheet {
    const spreadsheet = this.service.createSpreadsheet({ name });
    spreadsheet.activeSheet().resize(rows ?? DEFAULT_MAX_ROWS, columns ?? DEFAULT_MAX_COLUMNS);
    return api(spreadsheet);
  }

  flush(): void {
    this.service.flushes++;
  }

  getUi(): GoogleAppsScript.Base.Ui {
    if (!this.service.active || !this.service.mode.uiAllowed) throw uiUnavailable();
    return this.service.ui.Ui;
  }
}

// ---------------------------------------------------------------------------------------------
// Spreadsheet
// ---------------------------------------------------------------------------------------------

type SpreadsheetMethods =
  | 'getId'
  | 'getName'
  | 'rename'
  | 'getUrl'
  | 'getSpreadsheetTimeZone'
  | 'setSpreadsheetTimeZone'
  | 'getSpreadsheetLocale'
  | 'getSheets'
  | 'getNumSheets'
  | 'getSheetByName'
  | 'getSheetById'
  | 'insertSheet'
  | 'deleteSheet'
  | 'getActiveSheet'
  | 'setActiveSheet'
  | 'toast'
  | 'getRange'
  | 'createTextFinder'
  | 'getDeveloperMetadata'
  | 'addDeveloperMetadata';

type MetadataVisibility = GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility;

type InsertSheetOptions = { template?: Sheet };

export class FakeSpreadsheet
  extends ServiceObject
  implements Pick<Spreadsheet, SpreadsheetMethods>
{
  private readonly sheets: FakeSheet[] = [];
  private readonly metadata: FakeDeveloperMetadata[] = [];
  private active: FakeSheet;
  private insertedSheets = 0;

  constructor(
    service: ServiceState,
    private readonly id: string,
    private name: string,
    private timeZone: string,
  ) {
    super(service);
    this.active = this.addSheet('Sheet1', 0);
  }

  /** Test helper: the sheet with that name, or an error naming the sheets that exist. */
  sheet(name: string): FakeSheet {
    const sheet = this.findSheet(name);
    if (sheet) return sheet;
    throw new Error(
      `No sheet "${name}" in ${this.name}; sheets: ${this.sheets.map((s) => s.getName())}`,
    );
  }

  sheetList(): FakeSheet[] {
    return [...this.sheets];
  }

  activeSheet(): FakeSheet {
    return this.active;
  }

  getId(): string {
    return this.id;
  }

  getName(): string {
    return this.name;
  }

  rename(newName: string): void {
    this.name = String(newName);
  }

  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }

  getSpreadsheetTimeZone(): string {
    return this.timeZone;
  }

  setSpreadsheetTimeZone(timezone: string): void {
    this.timeZone = timezone;
  }

  getSpreadsheetLocale(): string {
    return 'en_US';
  }

  getSheets(): Sheet[] {
    return api(this.sheetList());
  }

  getNumSheets(): number {
    return this.sheets.length;
  }

  /** Sheet names are unique regardless of case, and looked up that way. */
  getSheetByName(name: string): Sheet | null {
    return api(this.findSheet(name) ?? null);
  }

  getSheetById(id: number): Sheet | null {
    return api(this.sheets.find((sheet) => sheet.getSheetId() === id) ?? null);
  }

  /** Covers the (name?, index?, options?) overloads; the new sheet becomes active, as in Sheets. */
  insertSheet(
    nameOrIndex?: string | number | InsertSheetOptions,
    indexOrOptions?: number | InsertSheetOptions,
  ): Sheet {
    const name = typeof nameOrIndex === 'string' ? nameOrIndex : this.unusedSheetName();
    const index = [nameOrIndex, indexOrOptions].find(
      (arg): arg is number => typeof arg === 'number',
    );
    this.assertSheetNameAvailable(name);
    this.active = this.addSheet(name, index ?? this.sheets.length);
    return api(this.active);
  }

  deleteSheet(sheet: Sheet): void {
    const fake = fakeOf(sheet, FakeSheet, 'Spreadsheet.deleteSheet');
    if (this.sheets.length === 1) {
      throw sheetsException("You can't remove all the sheets in a document.");
    }
    this.sheets.splice(this.sheets.indexOf(fake), 1);
    if (this.active === fake) this.active = this.sheets[0];
  }

  getActiveSheet(): Sheet {
    return api(this.active);
  }

  setActiveSheet(sheet: Sheet): Sheet {
    this.active = fakeOf(sheet, FakeSheet, 'Spreadsheet.setActiveSheet');
    return sheet;
  }

  /** Visible only while the UI is: a toast from a trigger run shows nowhere. */
  toast(msg: string, title?: string, timeoutSeconds?: number | null): void {
    if (this.service.mode.uiAllowed) {
      this.service.ui.toasts.push({ message: String(msg), title, timeoutSeconds });
    }
  }

  /** `'Sheet name'!A1:B2`, or a range of the active sheet without a sheet name. */
  getRange(a1Notation: string): Range {
    const { sheetName, cells } = splitSheetName(a1Notation);
    const sheet = sheetName === undefined ? this.active : this.findSheet(sheetName);
    if (!sheet) throw sheetsException('Range not found');
    return sheet.getRange(cells);
  }

  createTextFinder(findText: string): TextFinder {
    return api(new FakeTextFinder(this.service, this.sheetList(), findText));
  }

  getDeveloperMetadata(): GoogleAppsScript.Spreadsheet.DeveloperMetadata[] {
    return api(this.metadata);
  }

  addDeveloperMetadata(key: string): Spreadsheet;
  addDeveloperMetadata(key: string, visibility: MetadataVisibility): Spreadsheet;
  addDeveloperMetadata(key: string, value: string): Spreadsheet;
  addDeveloperMetadata(key: string, value: string, visibility: MetadataVisibility): Spreadsheet;
  /** The enum's values are their own names here, so a lone second argument names either. */
  addDeveloperMetadata(
    key: string,
    valueOrVisibility?: string | MetadataVisibility,
    visibility?: MetadataVisibility,
  ): Spreadsheet {
    const second = valueOrVisibility === undefined ? undefined : String(valueOrVisibility);
    const secondIsVisibility =
      visibility === undefined && second !== undefined && second in METADATA_VISIBILITY;
    const value = secondIsVisibility ? null : (second ?? null);
    const shownTo = String(visibility ?? (secondIsVisibility ? second : 'DOCUMENT'));
    const entry = new FakeDeveloperMetadata(this, String(key), value, shownTo);
    this.metadata.push(entry);
    this.assertMetadataFits();
    return api(this);
  }

  removeMetadata(entry: FakeDeveloperMetadata): void {
    this.metadata.splice(this.metadata.indexOf(entry), 1);
  }

  assertMetadataFits(): void {
    const used = this.metadata.reduce((sum, entry) => sum + entry.size(), 0);
    if (used > MAX_METADATA_CHARACTERS) {
      throw sheetsException('The developer metadata of this spreadsheet exceeds the size limit.');
    }
  }

  assertSheetNameAvailable(name: string, renamed?: FakeSheet): void {
    const holder = this.findSheet(name);
    if (holder && holder !== renamed) {
      throw sheetsException(
        `A sheet with the name "${name}" already exists. Please enter another name.`,
      );
    }
  }

  private findSheet(name: string): FakeSheet | undefined {
    const wanted = String(name).toLowerCase();
    return this.sheets.find((sheet) => sheet.getName().toLowerCase() === wanted);
  }

  private addSheet(name: string, index: number): FakeSheet {
    const sheetId = this.insertedSheets === 0 ? 0 : 1_000_000 + this.insertedSheets;
    this.insertedSheets++;
    const sheet = new FakeSheet(this, name, sheetId);
    this.sheets.splice(index, 0, sheet);
    return sheet;
  }

  private unusedSheetName(): string {
    let number = this.sheets.length + 1;
    while (this.findSheet(`Sheet${number}`)) number++;
    return `Sheet${number}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Developer metadata
// ---------------------------------------------------------------------------------------------

type MetadataMethods = 'getKey' | 'getValue' | 'setValue' | 'remove' | 'getVisibility';

export class FakeDeveloperMetadata
  extends ServiceObject
  implements Pick<GoogleAppsScript.Spreadsheet.DeveloperMetadata, MetadataMethods>
{
  constructor(
    private readonly owner: FakeSpreadsheet,
    private readonly key: string,
    private value: string | null,
    private readonly visibility: string,
  ) {
    super(owner.service);
  }

  getKey(): string {
    return this.key;
  }

  getValue(): string | null {
    return this.value;
  }

  setValue(value: string): GoogleAppsScript.Spreadsheet.DeveloperMetadata {
    const before = this.value;
    this.value = String(value);
    try {
      this.owner.assertMetadataFits();
    } catch (error) {
      this.value = before;
      throw error;
    }
    return api(this);
  }

  remove(): void {
    this.owner.removeMetadata(this);
  }

  getVisibility(): GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility {
    return this.visibility as unknown as GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility;
  }

  size(): number {
    return this.key.length + (this.value ?? '').length;
  }
}

// ---------------------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------------------

/** A rectangle of cells, 1-based like Sheets. */
export interface Area {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

interface Cell {
  value: CellValue;
  formula: string;
  /** Why a formula shows an error value (`#ERROR!`, `#REF!`, ...). */
  error: string;
  numberFormat: string;
  fontWeight: FontWeight;
  note: string;
  wrapStrategy: WrapStrategyName;
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
    wrapStrategy: 'OVERFLOW',
    spill: [],
    spilledFrom: undefined,
    pending: false,
    blockedArea: undefined,
  };
}

function hasContent(cell: Cell | undefined): boolean {
  return cell !== undefined && (cell.value !== '' || cell.formula !== '');
}

function isUnchanged(cell: Cell): boolean {
  const blank = blankCell();
  return (
    !hasContent(cell) &&
    cell.numberFormat === blank.numberFormat &&
    cell.fontWeight === blank.fontWeight &&
    cell.note === blank.note &&
    cell.wrapStrategy === blank.wrapStrategy
  );
}

function clearCellFormat(cell: Cell): void {
  const { numberFormat, fontWeight, wrapStrategy } = blankCell();
  Object.assign(cell, { numberFormat, fontWeight, wrapStrategy });
}

function cellValue(cell: Cell | undefined): CellValue {
  if (!cell) return '';
  return isDate(cell.value) ? new Date(timeOf(cell.value)) : cell.value;
}

/** Sparse row-major cell storage; rows and columns are 1-based. */
class Grid {
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

  /** The last row holding a cell that passes `include`, found from the bottom up; 0 if none. */
  lastRow(include: (cell: Cell) => boolean): number {
    for (let index = this.rows.length - 1; index >= 0; index--) {
      if (this.rows[index]?.some((cell) => cell !== undefined && include(cell))) return index + 1;
    }
    return 0;
  }

  /** Removes `deleteCount` rows at `row` and/or inserts `insertCount` empty ones there. */
  spliceRows(row: number, deleteCount: number, insertCount = 0): void {
    if (this.rows.length < row) return;
    this.rows.splice(row - 1, deleteCount, ...new Array<undefined>(insertCount));
  }
}

// ---------------------------------------------------------------------------------------------
// Sheet
// ---------------------------------------------------------------------------------------------

export interface ChartSnapshot {
  chartId: number | null;
  type: string;
  /** A1 notation, prefixed with the sheet name when the data is on another sheet. */
  ranges: string[];
  options: Record<string, unknown>;
  position: ChartPosition;
}

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
  frozenColumns: number;
  maxRows: number;
  maxColumns: number;
  /** Widths set or auto-resized, by 1-based column. */
  columnWidths: Record<number, number>;
  charts: ChartSnapshot[];
}

type SheetMethods =
  | 'getName'
  | 'setName'
  | 'getSheetName'
  | 'getSheetId'
  | 'getIndex'
  | 'getParent'
  | 'activate'
  | 'getRange'
  | 'getDataRange'
  | 'getLastRow'
  | 'getLastColumn'
  | 'getMaxRows'
  | 'getMaxColumns'
  | 'getFrozenRows'
  | 'setFrozenRows'
  | 'getFrozenColumns'
  | 'setFrozenColumns'
  | 'getColumnWidth'
  | 'setColumnWidth'
  | 'setColumnWidths'
  | 'autoResizeColumn'
  | 'autoResizeColumns'
  | 'appendRow'
  | 'insertRowsAfter'
  | 'insertRowsBefore'
  | 'deleteRow'
  | 'deleteRows'
  | 'clear'
  | 'clearContents'
  | 'clearFormats'
  | 'clearNotes'
  | 'createTextFinder'
  | 'newChart'
  | 'insertChart'
  | 'updateChart'
  | 'removeChart'
  | 'getCharts';

interface ClearScope {
  contents?: boolean;
  formats?: boolean;
  notes?: boolean;
}

export class FakeSheet extends ServiceObject implements Pick<Sheet, SheetMethods> {
  readonly grid = new Grid();
  private maxRows = DEFAULT_MAX_ROWS;
  private maxColumns = DEFAULT_MAX_COLUMNS;
  private frozenRows = 0;
  private frozenColumns = 0;
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
    const range =
      rows === 0
        ? undefined
        : new FakeRange(this, { row: 1, column: 1, numRows: rows, numColumns: columns });
    const read = <T>(get: (range: FakeRange) => T[][]): T[][] => (range ? get(range) : []);
    return {
      name: this.name,
      values: read((r) => r.getValues()),
      displayValues: read((r) => r.getDisplayValues()),
      formulas: read((r) => r.getFormulas()),
      numberFormats: read((r) => r.getNumberFormats()),
      fontWeights: read((r) => r.getFontWeights()),
      notes: read((r) => r.getNotes()),
      errors: read((r) => r.read((cell) => cell?.error ?? '')),
      frozenRows: this.frozenRows,
      frozenColumns: this.frozenColumns,
      maxRows: this.maxRows,
      maxColumns: this.maxColumns,
      columnWidths: Object.fromEntries(this.columnWidths),
      charts: this.charts.map((chart) => chart.snapshot(this)),
    };
  }

  getName(): string {
    return this.name;
  }

  getSheetName(): string {
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

  getIndex(): number {
    return this.spreadsheet.sheetList().indexOf(this) + 1;
  }

  getParent(): Spreadsheet {
    return api(this.spreadsheet);
  }

  activate(): Sheet {
    return this.spreadsheet.setActiveSheet(api(this));
  }

  /** Covers getRange(a1) and getRange(row, column, numRows?, numColumns?). */
  getRange(rowOrA1: number | string, column?: number, numRows = 1, numColumns = 1): Range {
    if (typeof rowOrA1 === 'string') {
      const { sheetName, cells } = splitSheetName(rowOrA1);
      if (sheetName !== undefined) return this.spreadsheet.getRange(rowOrA1);
      return api(new FakeRange(this, parseA1Area(cells, this.maxRows, this.maxColumns)));
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

  getDataRange(): Range {
    return this.getRange(1, 1, Math.max(this.getLastRow(), 1), Math.max(this.getLastColumn(), 1));
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

  getFrozenRows(): number {
    return this.frozenRows;
  }

  setFrozenRows(rows: number): void {
    this.frozenRows = rows;
  }

  getFrozenColumns(): number {
    return this.frozenColumns;
  }

  setFrozenColumns(columns: number): void {
    this.frozenColumns = columns;
  }

  getColumnWidth(columnPosition: number): number {
    return this.columnWidths.get(columnPosition) ?? DEFAULT_COLUMN_WIDTH;
  }

  setColumnWidth(columnPosition: number, width: number): Sheet {
    return this.setColumnWidths(columnPosition, 1, width);
  }

  setColumnWidths(startColumn: number, numColumns: number, width: number): Sheet {
    for (let column = startColumn; column < startColumn + numColumns; column++) {
      this.columnWidths.set(column, width);
    }
    return api(this);
  }

  autoResizeColumn(columnPosition: number): Sheet {
    return this.autoResizeColumns(columnPosition, 1);
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

  /** Writes after the last row with content, adding a row when the sheet is full. */
  appendRow(rowContents: unknown[]): Sheet {
    if (!Array.isArray(rowContents)) throw signatureMismatch([rowContents], 'Sheet.appendRow');
    const area = {
      row: this.getLastRow() + 1,
      column: 1,
      numRows: 1,
      numColumns: rowContents.length,
    };
    this.writeEntries(area, [rowContents]);
    return api(this);
  }

  insertRowsAfter(afterPosition: number, howMany: number): Sheet {
    return this.insertRows(afterPosition + 1, howMany);
  }

  insertRowsBefore(beforePosition: number, howMany: number): Sheet {
    return this.insertRows(beforePosition, howMany);
  }

  deleteRow(rowPosition: number): Sheet {
    this.deleteRows(rowPosition, 1);
    return api(this);
  }

  deleteRows(rowPosition: number, howMany: number): void {
    if (rowPosition < 1 || howMany < 1 || rowPosition + howMany - 1 > this.maxRows) {
      throw sheetsException('Those rows are out of bounds.');
    }
    if (howMany === this.maxRows)
      throw sheetsException("You can't delete all the rows on the sheet.");
    this.grid.spliceRows(rowPosition, howMany);
    this.maxRows -= howMany;
  }

  clear(options?: { formatOnly?: boolean; contentsOnly?: boolean }): Sheet {
    const onlyOne = options?.formatOnly || options?.contentsOnly;
    this.clearArea(this.wholeSheet(), {
      contents: !onlyOne || options?.contentsOnly,
      formats: !onlyOne || options?.formatOnly,
    });
    return api(this);
  }

  clearContents(): Sheet {
    this.clearArea(this.wholeSheet(), { contents: true });
    return api(this);
  }

  clearFormats(): Sheet {
    this.clearArea(this.wholeSheet(), { formats: true });
    return api(this);
  }

  clearNotes(): Sheet {
    this.clearArea(this.wholeSheet(), { notes: true });
    return api(this);
  }

  createTextFinder(findText: string): TextFinder {
    return api(new FakeTextFinder(this.service, [this], findText));
  }

  newChart(): EmbeddedChartBuilder {
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

  removeChart(chart: EmbeddedChart): void {
    const fake = fakeOf(chart, FakeChart, 'Sheet.removeChart');
    this.charts = this.charts.filter((existing) => existing.chartId !== fake.chartId);
  }

  getCharts(): EmbeddedChart[] {
    return api(this.charts);
  }

  // --- used by ranges, charts and the service -----------------------------------------------

  resize(rows: number, columns: number): void {
    this.maxRows = rows;
    this.maxColumns = columns;
  }

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

  clearArea(area: Area, scope: ClearScope): void {
    this.grid.forEach((cell) => {
      if (scope.contents) {
        this.releaseCell(cell);
        Object.assign(cell, { value: '', formula: '', error: '', pending: false });
      }
      if (scope.formats) clearCellFormat(cell);
      if (scope.notes) cell.note = '';
    }, area);
    if (scope.contents) this.retryBlockedResults(area);
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

  private wholeSheet(): Area {
    return { row: 1, column: 1, numRows: this.maxRows, numColumns: this.maxColumns };
  }

  private insertRows(row: number, howMany: number): Sheet {
    if (row < 1 || howMany < 1 || row > this.maxRows + 1) {
      throw sheetsException('Those rows are out of bounds.');
    }
    this.grid.spliceRows(row, 0, howMany);
    this.maxRows += howMany;
    return api(this);
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

// ---------------------------------------------------------------------------------------------
// Range
// ---------------------------------------------------------------------------------------------

type RangeMethods =
  | 'getValues'
  | 'setValues'
  | 'getValue'
  | 'setValue'
  | 'getDisplayValues'
  | 'getDisplayValue'
  | 'getFormulas'
  | 'setFormulas'
  | 'getFormula'
  | 'setFormula'
  | 'getNumberFormats'
  | 'getNumberFormat'
  | 'setNumberFormats'
  | 'setNumberFormat'
  | 'getFontWeights'
  | 'getFontWeight'
  | 'setFontWeights'
  | 'setFontWeight'
  | 'getNotes'
  | 'getNote'
  | 'setNotes'
  | 'setNote'
  | 'clearNote'
  | 'getWrapStrategies'
  | 'getWrapStrategy'
  | 'setWrapStrategy'
  | 'setWrap'
  | 'clear'
  | 'clearContent'
  | 'clearFormat'
  | 'isBlank'
  | 'getRow'
  | 'getRowIndex'
  | 'getColumn'
  | 'getNumRows'
  | 'getNumColumns'
  | 'getHeight'
  | 'getWidth'
  | 'getLastRow'
  | 'getLastColumn'
  | 'getA1Notation'
  | 'getCell'
  | 'offset'
  | 'getSheet';

export class FakeRange extends ServiceObject implements Pick<Range, RangeMethods> {
  constructor(
    readonly sheet: FakeSheet,
    readonly area: Area,
  ) {
    super(sheet.service);
  }

  getValues(): CellValue[][] {
    return this.read(cellValue);
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

  getDisplayValues(): string[][] {
    const timeZone = this.sheet.spreadsheet.getSpreadsheetTimeZone();
    return this.read((cell) => displayValue(cell, timeZone));
  }

  getDisplayValue(): string {
    return displayValue(this.topLeft(), this.sheet.spreadsheet.getSpreadsheetTimeZone());
  }

  getFormulas(): string[][] {
    return this.read((cell) => cell?.formula ?? '');
  }

  setFormulas(formulas: string[][]): Range {
    this.sheet.writeEntries(this.area, checkedShape(formulas, this.area, 'setFormulas'));
    return api(this);
  }

  getFormula(): string {
    return this.topLeft()?.formula ?? '';
  }

  setFormula(formula: string): Range {
    return this.setValue(formula);
  }

  getNumberFormats(): string[][] {
    return this.read((cell) => cell?.numberFormat ?? DEFAULT_NUMBER_FORMAT);
  }

  getNumberFormat(): string {
    return this.topLeft()?.numberFormat ?? DEFAULT_NUMBER_FORMAT;
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

  getFontWeights(): FontWeight[][] {
    return this.read((cell) => cell?.fontWeight ?? 'normal');
  }

  getFontWeight(): FontWeight {
    return this.topLeft()?.fontWeight ?? 'normal';
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

  getNotes(): string[][] {
    return this.read((cell) => cell?.note ?? '');
  }

  getNote(): string {
    return this.topLeft()?.note ?? '';
  }

  setNotes(notes: Array<Array<string | null>>): Range {
    const checked = checkedShape(notes, this.area, 'setNotes');
    this.sheet.updateEach(this.area, checked, (cell, note) => {
      cell.note = note === null || note === undefined ? '' : String(note);
    });
    return api(this);
  }

  setNote(note: string | null): Range {
    this.sheet.updateCells(this.area, (cell) => {
      cell.note = note ?? '';
    });
    return api(this);
  }

  clearNote(): Range {
    this.sheet.clearArea(this.area, { notes: true });
    return api(this);
  }

  getWrapStrategies(): GoogleAppsScript.Spreadsheet.WrapStrategy[][] {
    return this.read((cell) => asWrapStrategy(cell?.wrapStrategy ?? 'OVERFLOW'));
  }

  getWrapStrategy(): GoogleAppsScript.Spreadsheet.WrapStrategy {
    return asWrapStrategy(this.topLeft()?.wrapStrategy ?? 'OVERFLOW');
  }

  setWrapStrategy(strategy: GoogleAppsScript.Spreadsheet.WrapStrategy): Range {
    const name = String(strategy);
    if (!Object.hasOwn(WRAP_STRATEGY, name))
      throw signatureMismatch([strategy], 'Range.setWrapStrategy');
    this.sheet.updateCells(this.area, (cell) => {
      cell.wrapStrategy = name as WrapStrategyName;
    });
    return api(this);
  }

  setWrap(isWrapEnabled: boolean): Range {
    return this.setWrapStrategy(asWrapStrategy(isWrapEnabled ? 'WRAP' : 'OVERFLOW'));
  }

  /** Contents and formats; notes only with `commentsOnly`, as documented. */
  clear(options?: { contentsOnly?: boolean; formatOnly?: boolean; commentsOnly?: boolean }): Range {
    const { contentsOnly, formatOnly, commentsOnly } = options ?? {};
    const everything = !contentsOnly && !formatOnly && !commentsOnly;
    this.sheet.clearArea(this.area, {
      contents: everything || contentsOnly,
      formats: everything || formatOnly,
      notes: commentsOnly,
    });
    return api(this);
  }

  clearContent(): Range {
    this.sheet.clearArea(this.area, { contents: true });
    return api(this);
  }

  clearFormat(): Range {
    this.sheet.clearArea(this.area, { formats: true });
    return api(this);
  }

  isBlank(): boolean {
    return this.read(hasContent).every((row) => row.every((filled) => !filled));
  }

  getRow(): number {
    return this.area.row;
  }

  getRowIndex(): number {
    return this.area.row;
  }

  getColumn(): number {
    return this.area.column;
  }

  getNumRows(): number {
    return this.area.numRows;
  }

  getNumColumns(): number {
    return this.area.numColumns;
  }

  getHeight(): number {
    return this.area.numRows;
  }

  getWidth(): number {
    return this.area.numColumns;
  }

  getLastRow(): number {
    return this.area.row + this.area.numRows - 1;
  }

  getLastColumn(): number {
    return this.area.column + this.area.numColumns - 1;
  }

  getA1Notation(): string {
    return a1Notation(this.area);
  }

  /** A cell of this range, relative to its top-left corner (1, 1). */
  getCell(row: number, column: number): Range {
    if (row < 1 || column < 1 || row > this.area.numRows || column > this.area.numColumns) {
      throw sheetsException('Cell reference out of range');
    }
    return this.offset(row - 1, column - 1, 1, 1);
  }

  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): Range {
    const { row, column } = this.area;
    return this.sheet.getRange(
      row + rowOffset,
      column + columnOffset,
      numRows ?? this.area.numRows,
      numColumns ?? this.area.numColumns,
    );
  }

  getSheet(): Sheet {
    return api(this.sheet);
  }

  /** One value per cell of the range, read with `get`. */
  read<T>(get: (cell: Cell | undefined) => T): T[][] {
    const { row, column, numRows, numColumns } = this.area;
    return Array.from({ length: numRows }, (_, i) =>
      Array.from({ length: numColumns }, (_, j) => get(this.sheet.grid.get(row + i, column + j))),
    );
  }

  private topLeft(): Cell | undefined {
    return this.sheet.grid.get(this.area.row, this.area.column);
  }
}

function asWrapStrategy(name: WrapStrategyName): GoogleAppsScript.Spreadsheet.WrapStrategy {
  return name as unknown as GoogleAppsScript.Spreadsheet.WrapStrategy;
}

function overlaps(a: Area, b: Area): boolean {
  const apart =
    a.row + a.numRows <= b.row ||
    b.row + b.numRows <= a.row ||
    a.column + a.numColumns <= b.column ||
    b.column + b.numColumns <= a.column;
  return !apart;
}

function forEachPosition(
  area: Area,
  visit: (row: number, column: number, i: number, j: number) => void,
): void {
  for (let i = 0; i < area.numRows; i++) {
    for (let j = 0; j < area.numColumns; j++) visit(area.row + i, area.column + j, i, j);
  }
}

function filledGrid<T>(area: Area, value: T): T[][] {
  return Array.from({ length: area.numRows }, () => new Array<T>(area.numColumns).fill(value));
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

/** Sheets' complaints about a row or column index, checked in its order. */
function checkedArea(area: Area): Area {
  if (area.row < 1) throw sheetsException('The starting row of the range is too small.');
  if (area.column < 1) throw sheetsException('The starting column of the range is too small.');
  if (area.numRows < 1)
    throw sheetsException('The number of rows in the range must be at least 1.');
  if (area.numColumns < 1) {
    throw sheetsException('The number of columns in the range must be at least 1.');
  }
  return area;
}

function signatureMismatch(args: unknown[], method: string): Error {
  const types = args.map((arg) => {
    if (arg === null || arg === undefined) return 'null';
    if (Array.isArray(arg)) return 'Object[]';
    return typeof arg === 'object' ? 'Object' : typeof arg;
  });
  return sheetsException(
    `The parameters (${types.join(',')}) don't match the method signature for SpreadsheetApp.${method}.`,
  );
}

/** The fake behind an argument the bundle passed back (proxied) or a test passed (raw). */
function fakeOf<T extends ServiceObject>(
  value: unknown,
  kind: abstract new (...args: never[]) => T,
  method: string,
): T {
  const fake = unwrap(value);
  if (fake instanceof kind) return fake;
  throw signatureMismatch([value], method);
}

// ---------------------------------------------------------------------------------------------
// Text finder
// ---------------------------------------------------------------------------------------------

type TextFinderMethods =
  | 'findAll'
  | 'findNext'
  | 'getCurrentMatch'
  | 'matchCase'
  | 'matchEntireCell'
  | 'matchFormulaText'
  | 'useRegularExpression'
  | 'ignoreDiacritics';

interface TextFinderOptions {
  matchCase: boolean;
  entireCell: boolean;
  formulaText: boolean;
  regularExpression: boolean;
}

/** Searches displayed text, or formula text with `matchFormulaText(true)`, sheet by sheet. */
class FakeTextFinder extends ServiceObject implements Pick<TextFinder, TextFinderMethods> {
  private readonly options: TextFinderOptions = {
    matchCase: false,
    entireCell: false,
    formulaText: false,
    regularExpression: false,
  };
  private nextMatch = 0;
  private current: FakeRange | null = null;

  constructor(
    service: ServiceState,
    private readonly sheets: FakeSheet[],
    private readonly findText: string,
  ) {
    super(service);
  }

  matchCase(matchCase: boolean): TextFinder {
    return this.configure({ matchCase });
  }

  matchEntireCell(matchEntireCell: boolean): TextFinder {
    return this.configure({ entireCell: matchEntireCell });
  }

  matchFormulaText(matchFormulaText: boolean): TextFinder {
    return this.configure({ formulaText: matchFormulaText });
  }

  useRegularExpression(useRegEx: boolean): TextFinder {
    return this.configure({ regularExpression: useRegEx });
  }

  /** Accepted for compatibility; diacritics always count in this fake. */
  ignoreDiacritics(): TextFinder {
    return api(this);
  }

  findAll(): Range[] {
    return api(this.matches());
  }

  findNext(): Range | null {
    this.current = this.matches()[this.nextMatch++] ?? null;
    return api(this.current);
  }

  getCurrentMatch(): Range | null {
    return api(this.current);
  }

  private configure(change: Partial<TextFinderOptions>): TextFinder {
    Object.assign(this.options, change);
    return api(this);
  }

  private matches(): FakeRange[] {
    const { matchCase, entireCell, formulaText, regularExpression } = this.options;
    const source = regularExpression
      ? this.findText
      : this.findText.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(entireCell ? `^(?:${source})$` : source, matchCase ? '' : 'i');
    const found: FakeRange[] = [];
    for (const sheet of this.sheets) {
      const timeZone = sheet.spreadsheet.getSpreadsheetTimeZone();
      sheet.grid.forEach((cell, row, column) => {
        const text = formulaText && cell.formula ? cell.formula : displayValue(cell, timeZone);
        if (text !== '' && pattern.test(text)) {
          found.push(new FakeRange(sheet, { row, column, numRows: 1, numColumns: 1 }));
        }
      });
    }
    return found;
  }
}

// ---------------------------------------------------------------------------------------------
// Charts
// ---------------------------------------------------------------------------------------------

export interface ChartPosition {
  row: number;
  column: number;
  offsetX: number;
  offsetY: number;
}

/** Everything a chart builder was told; charts record it, they draw nothing. */
interface ChartConfig {
  type: string;
  ranges: FakeRange[];
  options: Record<string, unknown>;
  position: ChartPosition;
}

function emptyChartConfig(): ChartConfig {
  return {
    type: '',
    ranges: [],
    options: {},
    position: { row: 1, column: 1, offsetX: 0, offsetY: 0 },
  };
}

function copyChartConfig(config: ChartConfig): ChartConfig {
  return {
    ...config,
    ranges: [...config.ranges],
    options: { ...config.options },
    position: { ...config.position },
  };
}

type ChartBuilderMethods =
  | 'addRange'
  | 'removeRange'
  | 'clearRanges'
  | 'getRanges'
  | 'setChartType'
  | 'getChartType'
  | 'setOption'
  | 'setPosition'
  | 'getContainer'
  | 'setNumHeaders'
  | 'setTransposeRowsAndColumns'
  | 'asLineChart'
  | 'asColumnChart'
  | 'asBarChart'
  | 'asAreaChart'
  | 'asPieChart'
  | 'build';

type LineChartBuilderMethods =
  | 'setTitle'
  | 'setXAxisTitle'
  | 'setYAxisTitle'
  | 'setLegendPosition'
  | 'setColors';

/**
 * One builder for every chart type: the `asXxxChart()` variants set the type and return it, with
 * their title/axis/legend setters recorded as the matching chart options.
 */
class FakeChartBuilder
  extends ServiceObject
  implements
    Pick<EmbeddedChartBuilder, ChartBuilderMethods>,
    Pick<EmbeddedLineChartBuilder, LineChartBuilderMethods>
{
  constructor(
    private readonly sheet: FakeSheet,
    private readonly config: ChartConfig,
    private readonly chartId: number | null = null,
  ) {
    super(sheet.service);
  }

  addRange(range: Range): EmbeddedChartBuilder {
    this.config.ranges.push(fakeOf(range, FakeRange, 'EmbeddedChartBuilder.addRange'));
    return api(this);
  }

  removeRange(range: Range): EmbeddedChartBuilder {
    const removed = fakeOf(range, FakeRange, 'EmbeddedChartBuilder.removeRange');
    this.config.ranges = this.config.ranges.filter((kept) => !sameArea(kept, removed));
    return api(this);
  }

  clearRanges(): EmbeddedChartBuilder {
    this.config.ranges = [];
    return api(this);
  }

  getRanges(): Range[] {
    return api([...this.config.ranges]);
  }

  setChartType(type: GoogleAppsScript.Charts.ChartType): EmbeddedChartBuilder {
    this.config.type = String(type);
    return api(this);
  }

  getChartType(): GoogleAppsScript.Charts.ChartType {
    return this.config.type as unknown as GoogleAppsScript.Charts.ChartType;
  }

  setOption(option: string, value: unknown): EmbeddedChartBuilder {
    return this.withOption(option, value);
  }

  setPosition(
    anchorRowPos: number,
    anchorColPos: number,
    offsetX: number,
    offsetY: number,
  ): EmbeddedChartBuilder {
    this.config.position = { row: anchorRowPos, column: anchorColPos, offsetX, offsetY };
    return api(this);
  }

  getContainer(): ContainerInfo {
    return containerInfo(this.config.position);
  }

  setNumHeaders(headers: number): EmbeddedChartBuilder {
    return this.setOption('numHeaders', headers);
  }

  setTransposeRowsAndColumns(transpose: boolean): EmbeddedChartBuilder {
    return this.setOption('transposeRowsAndColumns', transpose);
  }

  asLineChart(): EmbeddedLineChartBuilder {
    return this.withType('LINE');
  }

  asColumnChart(): GoogleAppsScript.Spreadsheet.EmbeddedColumnChartBuilder {
    return this.withType('COLUMN');
  }

  asBarChart(): GoogleAppsScript.Spreadsheet.EmbeddedBarChartBuilder {
    return this.withType('BAR');
  }

  asAreaChart(): GoogleAppsScript.Spreadsheet.EmbeddedAreaChartBuilder {
    return this.withType('AREA');
  }

  asPieChart(): GoogleAppsScript.Spreadsheet.EmbeddedPieChartBuilder {
    return this.withType('PIE');
  }

  setTitle(chartTitle: string): EmbeddedLineChartBuilder {
    return this.withOption('title', chartTitle);
  }

  setXAxisTitle(title: string): EmbeddedLineChartBuilder {
    return this.withOption('hAxis.title', title);
  }

  setYAxisTitle(title: string): EmbeddedLineChartBuilder {
    return this.withOption('vAxis.title', title);
  }

  setLegendPosition(position: GoogleAppsScript.Charts.Position): EmbeddedLineChartBuilder {
    return this.withOption('legend.position', String(position));
  }

  setColors(cssValues: string[]): EmbeddedLineChartBuilder {
    return this.withOption('colors', [...cssValues]);
  }

  build(): EmbeddedChart {
    return api(new FakeChart(this.sheet, copyChartConfig(this.config), this.chartId));
  }

  /** Builder methods return the builder typed as whichever Apps Script builder declared them. */
  private withType<T>(type: string): T {
    this.config.type = type;
    return api(this);
  }

  private withOption<T>(option: string, value: unknown): T {
    this.config.options[option] = value;
    return api(this);
  }
}

type ChartMethods = 'getChartId' | 'getRanges' | 'getOptions' | 'getContainerInfo' | 'modify';

class FakeChart extends ServiceObject implements Pick<EmbeddedChart, ChartMethods> {
  constructor(
    private readonly sheet: FakeSheet,
    private readonly config: ChartConfig,
    /** Given when the chart is inserted, kept by `modify()` so `updateChart` finds it. */
    public chartId: number | null,
  ) {
    super(sheet.service);
  }

  getChartId(): number | null {
    return this.chartId;
  }

  getRanges(): Range[] {
    return api([...this.config.ranges]);
  }

  getOptions(): GoogleAppsScript.Charts.ChartOptions {
    const options = { ...this.config.options };
    return { get: (option: string) => options[option] };
  }

  getContainerInfo(): ContainerInfo {
    return containerInfo(this.config.position);
  }

  modify(): EmbeddedChartBuilder {
    return api(new FakeChartBuilder(this.sheet, copyChartConfig(this.config), this.chartId));
  }

  snapshot(host: FakeSheet): ChartSnapshot {
    const { type, options, position } = copyChartConfig(this.config);
    const ranges = this.config.ranges.map((range) =>
      range.sheet === host
        ? range.getA1Notation()
        : `${quotedSheetName(range.sheet.getName())}!${range.getA1Notation()}`,
    );
    return { chartId: this.chartId, type, ranges, options, position };
  }
}

function containerInfo(position: ChartPosition): ContainerInfo {
  return {
    getAnchorRow: () => position.row,
    getAnchorColumn: () => position.column,
    getOffsetX: () => position.offsetX,
    getOffsetY: () => position.offsetY,
  };
}

function sameArea(a: FakeRange, b: FakeRange): boolean {
  return a.sheet === b.sheet && a.getA1Notation() === b.getA1Notation();
}

// ---------------------------------------------------------------------------------------------
// A1 notation
// ---------------------------------------------------------------------------------------------

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

function a1Notation(area: Area): string {
  const start = `${columnToLetters(area.column)}${area.row}`;
  if (area.numRows === 1 && area.numColumns === 1) return start;
  const end = `${columnToLetters(area.column + area.numColumns - 1)}${area.row + area.numRows - 1}`;
  return `${start}:${end}`;
}

function quotedSheetName(name: string): string {
  return /^[A-Za-z_]\w*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** `'It''s'!A1` → { sheetName: "It's", cells: 'A1' }. */
function splitSheetName(a1: string): { sheetName?: string; cells: string } {
  const match = /^(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$/.exec(String(a1).trim());
  if (!match) return { cells: String(a1).trim() };
  return { sheetName: match[1]?.replace(/''/g, "'") ?? match[2], cells: match[3] };
}

const CELL_REFERENCE = /^\$?([A-Za-z]*)\$?(\d*)$/;

/**
 * 'B2', 'A1:C3', 'AA1:AB3', whole columns 'A:B' and whole rows '2:3' (bounded by the sheet size).
 */
function parseA1Area(cells: string, maxRows: number, maxColumns: number): Area {
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

// ---------------------------------------------------------------------------------------------
// User-entered values
// ---------------------------------------------------------------------------------------------

/** What a cell becomes when a value is typed (or written by a script) into it. */
interface Entry {
  value: CellValue;
  formula: string;
  /** Format Sheets picks for what it recognised, e.g. '0%' for '50%'. */
  numberFormat?: string;
  error?: string;
  /** A formula to compute at the next recalculation. */
  pending?: boolean;
}

function userEntry(input: unknown, timeZone: string): Entry {
  if (input === null || input === undefined) return { value: '', formula: '' };
  if (isDate(input)) return { value: new Date(timeOf(input)), formula: '' };
  if (typeof input === 'number' || typeof input === 'boolean') return { value: input, formula: '' };
  const text = String(input);
  if (text.length > MAX_CELL_CHARACTERS) {
    throw sheetsException(
      `Your input contains more than the maximum of ${MAX_CELL_CHARACTERS} characters in a single cell.`,
    );
  }
  if (text.length > 1 && text.startsWith('=')) {
    return { value: LOADING, formula: text, pending: true };
  }
  if (text.startsWith("'")) return { value: text.slice(1), formula: '' };
  for (const parse of LITERAL_PARSERS) {
    const entry = parse(text.trim(), timeZone);
    if (entry) return entry;
  }
  // Sheets reads a leading + or - as the start of a formula: '+1 555' becomes =+1 555.
  if (/^[+-]./s.test(text)) {
    return { value: '#ERROR!', formula: `=${text}`, error: FORMULA_PARSE_ERROR };
  }
  return { value: text, formula: '' };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const PERCENT = /^([+-]?(?:\d+\.?\d*|\.\d+))%$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

const LITERAL_PARSERS: Array<(text: string, timeZone: string) => Entry | undefined> = [
  (text) =>
    /^(true|false)$/i.test(text)
      ? { value: text.toLowerCase() === 'true', formula: '' }
      : undefined,
  (text) => (NUMBER.test(text) ? { value: Number(text), formula: '' } : undefined),
  (text) => {
    const match = PERCENT.exec(text);
    if (!match) return undefined;
    return {
      value: Number(match[1]) / 100,
      formula: '',
      numberFormat: match[1].includes('.') ? '0.00%' : '0%',
    };
  },
  (text) => {
    if (!GROUPED_NUMBER.test(text)) return undefined;
    return {
      value: Number(text.replace(/,/g, '')),
      formula: '',
      numberFormat: text.includes('.') ? '#,##0.00' : '#,##0',
    };
  },
  (text, timeZone) => {
    const match = ISO_DATE.exec(text);
    if (!match) return undefined;
    const [year, month, day, hour = 0, minute = 0, second = 0] = match
      .slice(1)
      .map((part) => Number(part ?? 0));
    const format = match[4] === undefined ? 'yyyy-mm-dd' : 'yyyy-mm-dd h:mm:ss';
    return dateEntry({ year, month, day, hour, minute, second }, timeZone, format);
  },
  (text, timeZone) => {
    const match = US_DATE.exec(text);
    if (!match) return undefined;
    const [month, day, year] = match.slice(1).map(Number);
    return dateEntry({ year, month, day, hour: 0, minute: 0, second: 0 }, timeZone, 'M/d/yyyy');
  },
];

function dateEntry(parts: LocalTime, timeZone: string, numberFormat: string): Entry | undefined {
  const date = dateInTimeZone(parts, timeZone);
  return date ? { value: date, formula: '', numberFormat } : undefined;
}

/** A custom function's result as rows of cell values: scalars fill one cell, lists a column. */
function resultGrid(result: unknown): CellValue[][] {
  if (!Array.isArray(result)) return [[resultValue(result)]];
  return result.map((row) => (Array.isArray(row) ? row.map(resultValue) : [resultValue(row)]));
}

function resultValue(value: unknown): CellValue {
  if (value === null || value === undefined) return '';
  if (isDate(value)) return new Date(timeOf(value));
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string')
    return value;
  return String(value);
}

// ---------------------------------------------------------------------------------------------
// Displayed values
// ---------------------------------------------------------------------------------------------

/** Wall-clock fields of a typed date; `month` counts from 1 as people write it. */
interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function displayValue(cell: Cell | undefined, timeZone: string): string {
  if (!cell) return '';
  const { value, numberFormat } = cell;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return formatNumber(value, numberFormat);
  if (isDate(value)) {
    const format = isDatePattern(firstSection(numberFormat))
      ? firstSection(numberFormat)
      : DEFAULT_DATE_FORMAT;
    return formatDate(wallClockAt(timeOf(value), timeZone), format);
  }
  return value;
}

/** Only the positive section of 'positive;negative;zero' formats is honoured. */
function firstSection(format: string): string {
  return format.split(';')[0];
}

function isDatePattern(section: string): boolean {
  const unquoted = section.replace(/"[^"]*"|\\./g, '');
  return /[ydhs]/i.test(unquoted) && !/[0#]/.test(unquoted);
}

/** Prefix, digits and suffix of a number format such as '"$"#,##0.00' or '0.0%'. */
const NUMBER_FORMAT_TOKEN = /"([^"]*)"|\\(.)|\[\$([^\]-]*)[^\]]*\]|\[[^\]]*\]|([#0?,.]+)|(.)/g;

function formatNumber(value: number, format: string): string {
  const section = firstSection(format);
  if (isDatePattern(section)) return formatDate(serialDateParts(value), section);
  let prefix = '';
  let suffix = '';
  let digits: string | undefined;
  for (const [, quoted, escaped, currency, pattern, other] of section.matchAll(
    NUMBER_FORMAT_TOKEN,
  )) {
    if (digits === undefined && pattern !== undefined && /[#0?]/.test(pattern)) {
      digits = pattern;
      continue;
    }
    const literal = quoted ?? escaped ?? currency ?? pattern ?? other ?? '';
    if (digits === undefined) prefix += literal;
    else suffix += literal;
  }
  if (digits === undefined) return String(value);
  const scaled = `${prefix}${suffix}`.includes('%') ? value * 100 : value;
  const number = formatDigits(Math.abs(scaled), digits);
  const negative = scaled < 0 && /[1-9]/.test(number);
  return `${negative ? '-' : ''}${prefix}${number}${suffix}`;
}

/** Renders a non-negative number with a digits pattern such as '#,##0.00' or '0.###'. */
function formatDigits(value: number, pattern: string): string {
  const [integerPattern, fractionPattern = ''] = pattern.split('.');
  const count = (text: string, characters: RegExp) => (text.match(characters) ?? []).length;
  const minDecimals = count(fractionPattern, /0/g);
  const [integerDigits, fixedDecimals = ''] = value
    .toFixed(count(fractionPattern, /[0#?]/g))
    .split('.');
  let decimals = fixedDecimals;
  while (decimals.length > minDecimals && decimals.endsWith('0')) decimals = decimals.slice(0, -1);
  const minIntegerDigits = count(integerPattern, /0/g);
  let integer =
    integerDigits === '0' && minIntegerDigits === 0
      ? ''
      : integerDigits.padStart(minIntegerDigits, '0');
  if (integerPattern.includes(',')) integer = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return decimals ? `${integer}.${decimals}` : integer;
}

const DATE_TOKEN = /"[^"]*"|\\.|yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am\/pm|a\/p|./gi;
const TIME_UNIT_TOKEN = /^(y+|m+|d+|h+|s+)$/i;

function formatDate(parts: WallClock, pattern: string): string {
  const tokens = pattern.match(DATE_TOKEN) ?? [];
  const twelveHour = tokens.some((token) => /^(am\/pm|a\/p)$/i.test(token));
  return tokens
    .map((token, index) => dateToken(token, parts, twelveHour, isMinutes(tokens, index)))
    .join('');
}

/** 'm' means minutes right after hours or right before seconds, months otherwise. */
function isMinutes(tokens: string[], index: number): boolean {
  if (!/^m{1,2}$/i.test(tokens[index])) return false;
  const units = (from: string[]) => from.filter((token) => TIME_UNIT_TOKEN.test(token));
  const before = units(tokens.slice(0, index)).at(-1) ?? '';
  const after = units(tokens.slice(index + 1))[0] ?? '';
  return /^h/i.test(before) || /^s/i.test(after);
}

function dateToken(token: string, parts: WallClock, twelveHour: boolean, minutes: boolean): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const hour = twelveHour ? parts.hour % 12 || 12 : parts.hour;
  const month = parts.monthIndex + 1;
  const rendered: Record<string, () => string> = {
    yyyy: () => String(parts.year),
    yy: () => pad(parts.year % 100),
    mmmm: () => MONTHS[parts.monthIndex],
    mmm: () => MONTHS[parts.monthIndex].slice(0, 3),
    mm: () => pad(minutes ? parts.minute : month),
    m: () => String(minutes ? parts.minute : month),
    dddd: () => WEEKDAYS[parts.weekday],
    ddd: () => WEEKDAYS[parts.weekday].slice(0, 3),
    dd: () => pad(parts.day),
    d: () => String(parts.day),
    hh: () => pad(hour),
    h: () => String(hour),
    ss: () => pad(parts.second),
    s: () => String(parts.second),
    'am/pm': () => (parts.hour < 12 ? 'AM' : 'PM'),
    'a/p': () => (parts.hour < 12 ? 'A' : 'P'),
  };
  const render = rendered[token.toLowerCase()];
  if (render) return render();
  if (token.startsWith('"')) return token.slice(1, -1);
  return token.startsWith('\\') ? token.slice(1) : token;
}

/** Sheets counts days from 1899-12-30; a serial has no time zone. */
function serialDateParts(serial: number): WallClock {
  const unixDays = serial - 25569;
  return wallClockAt(Math.round(unixDays * 86_400_000), 'UTC');
}

/** The instant a wall-clock time denotes in a time zone, or undefined for dates like Feb 30. */
function dateInTimeZone(time: LocalTime, timeZone: string): Date | undefined {
  const { year, month, day, hour, minute, second } = time;
  const wallMs = wallClockMs(year, month - 1, day, hour, minute, second);
  const rolledOver =
    new Date(wallMs).getUTCMonth() !== month - 1 || new Date(wallMs).getUTCDate() !== day;
  return rolledOver ? undefined : new Date(epochFromWallClock(wallMs, timeZone));
}
