/**
 * The local Apps Script runtime: loads the built add-on (every .js file of dist, one global scope,
 * as Apps Script concatenates them) into a fresh vm context whose only globals are the JS
 * built-ins and the fake services, then runs its functions the ways Apps Script does: as a menu
 * item or simple trigger, as a custom function, from the sidebar (google.script.run) and from a
 * time-driven trigger.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import vm from 'node:vm';
import { type CacheFake, createCache } from './cache';
import { createClock, installVirtualDate, type VirtualClock } from './clock';
import {
  copyIntoRealm,
  type ExecutionKind,
  enumOf,
  exception,
  guardUnfaked,
  isDate,
  isPlainObject,
  type Realm,
  type RuntimeEnv,
  realmObject,
  realmOf,
  timeOf,
} from './env';
import { evaluateCustomFunctionFormula } from './formula-evaluator';
import { createHtmlService } from './html';
import { createLocks, type LockKind } from './lock';
import { createLogging, type LogEntry } from './logger';
import { createMail, type SentMail } from './mail';
import { createProperties, type FakeProperties } from './properties';
import { createTriggers, type ForeignTriggerOptions, type TriggerRecord } from './script-app';
import { createSession } from './session';
import { createSpreadsheetService, type SpreadsheetServiceFake } from './spreadsheet-app';
import { epochFromWallClock, wallClockAt } from './time-zone';
import { createUi, type ExecutionMode, type UiFake } from './ui';
import { createUrlFetch, type FetchRecord } from './url-fetch';
import { createUtilities } from './utilities';

export type FakeSpreadsheet = ReturnType<SpreadsheetServiceFake['create']>;
export type SpreadsheetOptions = Parameters<SpreadsheetServiceFake['create']>[0];
export type {
  ExecutionKind,
  FetchRecord,
  ForeignTriggerOptions,
  LockKind,
  LogEntry,
  SentMail,
  TriggerRecord,
  VirtualClock,
};

export interface RuntimeOptions {
  /** Folder of the built add-on; defaults to <repo>/dist. */
  distDir?: string;
  /** Where the virtual clock starts; defaults to the real time. */
  now?: Date | string;
  /** Session.getScriptTimeZone() and the bundle's local time; defaults to 'Etc/UTC'. */
  scriptTimeZone?: string;
  userEmail?: string;
  scriptProperties?: Record<string, string>;
  /** UrlFetchApp's timeout (Apps Script: about 60 s). */
  fetchTimeoutMs?: number;
  /**
   * Utilities.sleep also waits for real, as in Apps Script, so requests keep to a real server's
   * rate limit (benchmarks). By default a sleep only moves the virtual clock.
   */
  realSleep?: boolean;
  scriptId?: string;
}

/** The parts of appsscript.json the runtime reads; the rest is kept as is. */
export interface AppsScriptManifest {
  timeZone?: string;
  runtimeVersion?: string;
  oauthScopes?: string[];
  [key: string]: unknown;
}

export interface ExecutionRecord {
  name: string;
  kind: Exclude<ExecutionKind, 'none'>;
  startedAt: number;
  /** Time that passed on the virtual clock (sleeps, fetches, lock waits). */
  virtualMs: number;
  /** Real time the function took here, for custom functions' 30 s budget. */
  realMs: number;
}

export interface AppsScriptRuntime {
  /** The bundle's global object. */
  context: vm.Context;
  manifest: AppsScriptManifest;
  clock: VirtualClock;
  spreadsheets: SpreadsheetServiceFake;
  ui: UiFake;
  /** Creates a spreadsheet and makes it the active one. */
  createSpreadsheet(options?: SpreadsheetOptions): FakeSpreadsheet;
  setActiveSpreadsheet(spreadsheet: FakeSpreadsheet | null): void;
  /** Runs a top-level function as an ordinary execution (menu item, onOpen(e), editor run). */
  call(name: string, ...args: unknown[]): unknown;
  /** Runs a function as Sheets evaluates a custom function: read-only, no UI, no authorization. */
  callAsCustomFunction(name: string, ...args: unknown[]): unknown;
  /** Runs a function as google.script.run does, arguments and result copied as it copies them. */
  callFromClient(name: string, ...args: unknown[]): unknown;
  /**
   * Runs every due time-driven trigger of the user (or the one with `uniqueId`, due or not) with no
   * active spreadsheet. Returns the ids run; throws the first handler error after running all.
   */
  fireTimeTrigger(uniqueId?: string): string[];
  /** A Date of the bundle's realm; strings without a zone are read in the script's zone. */
  date(value?: Date | string | number): Date;
  /** Deep copy of plain data (arrays, objects, Dates) into the bundle's realm. */
  toContext<T>(value: T): T;
  setScriptTimeZone(timeZone: string): void;

  fetches: FetchRecord[];
  fetchCount(): number;
  logs: string[];
  logEntries: LogEntry[];
  mail: SentMail[];
  triggers: readonly TriggerRecord[];
  /** A time-driven trigger made by something other than the bundle; returns its unique id. */
  addForeignTrigger(handlerName: string, options?: ForeignTriggerOptions): string;
  executions: ExecutionRecord[];
  lastExecution(): ExecutionRecord | undefined;

  scriptProperties: FakeProperties;
  userProperties: FakeProperties;
  documentProperties(spreadsheetId: string): FakeProperties;
  cache: Omit<CacheFake, 'CacheService'>;
  /** Marks a lock as held by another execution: the bundle's tryLock waits it out and fails. */
  holdLock(kind: LockKind, id?: string): void;
  releaseHeldLock(kind: LockKind, id?: string): void;
  /** Clears the fetch log, logs, execution records, cache stats and the spreadsheet call and cell counts. */
  resetCounters(): void;
}

const DEFAULT_DIST_DIR = path.resolve(__dirname, '../../dist');
const IDLE_MODE: ExecutionMode = { readOnly: false, uiAllowed: true };
const EXECUTION_MODES: Record<ExecutionRecord['kind'], ExecutionMode> = {
  call: { readOnly: false, uiAllowed: true },
  client: { readOnly: false, uiAllowed: true },
  customFunction: { readOnly: true, uiAllowed: false },
  timeTrigger: { readOnly: false, uiAllowed: false },
};
const CHART_TYPES = [
  'AREA',
  'BAR',
  'BUBBLE',
  'CANDLESTICK',
  'COLUMN',
  'COMBO',
  'GAUGE',
  'GEO',
  'HISTOGRAM',
  'LINE',
  'ORG',
  'PIE',
  'RADAR',
  'SCATTER',
  'SPARKLINE',
  'STEPPED_AREA',
  'TABLE',
  'TIMELINE',
  'TREEMAP',
];

type ScriptFunction = (...args: unknown[]) => unknown;

export function createRuntime(options: RuntimeOptions = {}): AppsScriptRuntime {
  const distDir = path.resolve(options.distDir ?? DEFAULT_DIST_DIR);
  const manifest = readManifest(distDir);
  const clock = createClock(options.now ?? Date.now());
  let scriptTimeZone = options.scriptTimeZone ?? 'Etc/UTC';
  let executionKind: ExecutionKind = 'none';
  let activeSpreadsheet: FakeSpreadsheet | null = null;
  let activeSpreadsheetId: string | null = null;
  const executions: ExecutionRecord[] = [];

  const context = vm.createContext({});
  installVirtualDate(context, clock, () => scriptTimeZone);
  const realm = realmOf(context);
  const env: RuntimeEnv = {
    realm,
    clock,
    userEmail: options.userEmail ?? 'user@example.com',
    scriptId: options.scriptId ?? 'local-script-id',
    scriptTimeZone: () => scriptTimeZone,
    executionKind: () => executionKind,
    activeSpreadsheetId: () => activeSpreadsheetId,
    declaredScopes: manifest.oauthScopes ?? null,
  };

  const ui = createUi({ realm });
  const spreadsheets = createSpreadsheetService(ui, { realm });
  const urlFetch = createUrlFetch(env, options.fetchTimeoutMs);
  const properties = createProperties(env);
  const cache = createCache(env);
  const locks = createLocks(env);
  const logging = createLogging(clock);
  const triggers = createTriggers(env);
  const mail = createMail(env);
  if (options.scriptProperties) properties.script.setProperties(options.scriptProperties);

  defineGlobals(context, {
    SpreadsheetApp: spreadsheets.SpreadsheetApp,
    UrlFetchApp: urlFetch.UrlFetchApp,
    PropertiesService: properties.PropertiesService,
    CacheService: cache.CacheService,
    LockService: locks.LockService,
    Utilities: createUtilities(env, { realSleep: options.realSleep ?? false }),
    Session: createSession(env),
    Logger: logging.Logger,
    console: logging.console,
    ScriptApp: triggers.ScriptApp,
    MailApp: mail.MailApp,
    HtmlService: createHtmlService(distDir, { context }),
    Charts: { ChartType: enumOf(...CHART_TYPES) },
  });
  loadBundle(context, distDir);

  const setActiveSpreadsheet = (spreadsheet: FakeSpreadsheet | null) => {
    activeSpreadsheet = spreadsheet;
    activeSpreadsheetId = spreadsheet ? spreadsheet.getId() : null;
    spreadsheets.setActive(spreadsheet);
  };

  /** Only top-level function declarations (own properties of the global object) can be run. */
  const scriptFunction = (name: string): ScriptFunction | undefined => {
    const value = Object.hasOwn(context, name)
      ? (context as Record<string, unknown>)[name]
      : undefined;
    return typeof value === 'function' ? (value as ScriptFunction) : undefined;
  };
  /** What Sheets formulas and google.script.run can reach: functions not ending in '_'. */
  const publicFunction = (name: string) => (name.endsWith('_') ? undefined : scriptFunction(name));
  const requireFunction = (name: string): ScriptFunction => {
    const found = scriptFunction(name);
    if (!found) throw exception(realm, `Script function not found: ${name}`);
    return found;
  };

  /**
   * One execution: its mode for the fakes (the spreadsheet fake passes it on to the UI fake), and
   * its locks released when it ends. Executions never overlap: the runtime runs one at a time.
   */
  const execute = <T>(kind: ExecutionRecord['kind'], name: string, run: () => T): T => {
    if (executionKind !== 'none') throw new Error(`Cannot start ${name}: an execution is running`);
    const record: ExecutionRecord = { name, kind, startedAt: clock.now(), virtualMs: 0, realMs: 0 };
    const realStart = performance.now();
    spreadsheets.setMode(EXECUTION_MODES[kind]);
    executionKind = kind;
    try {
      return run();
    } finally {
      executionKind = 'none';
      locks.releaseExecutionLocks();
      spreadsheets.setMode(IDLE_MODE);
      record.virtualMs = clock.now() - record.startedAt;
      record.realMs = performance.now() - realStart;
      executions.push(record);
      // Like Sheets, formulas the execution wrote are computed once it has ended.
      if (kind !== 'customFunction') spreadsheets.recalculate();
    }
  };

  const runTimeTrigger = (record: TriggerRecord) => {
    const previous = activeSpreadsheet;
    setActiveSpreadsheet(null);
    try {
      const event = timeDrivenEvent(realm, record.uid, clock.now());
      execute('timeTrigger', record.handler, () => requireFunction(record.handler)(event));
    } finally {
      setActiveSpreadsheet(previous);
    }
  };

  const runtime: AppsScriptRuntime = {
    context,
    manifest,
    clock,
    spreadsheets,
    ui,
    createSpreadsheet(spreadsheetOptions) {
      const spreadsheet = spreadsheets.create(spreadsheetOptions);
      setActiveSpreadsheet(spreadsheet);
      return spreadsheet;
    },
    setActiveSpreadsheet,
    call(name, ...args) {
      const run = requireFunction(name);
      const contextArgs = args.map((arg) => copyIntoRealm(realm, arg));
      return execute('call', name, () => run(...contextArgs));
    },
    callAsCustomFunction(name, ...args) {
      const run = publicFunction(name);
      if (!run) throw new Error(`Unknown function: '${name}'`);
      const contextArgs = args.map((arg) => copyIntoRealm(realm, arg));
      return execute('customFunction', name, () => run(...contextArgs));
    },
    callFromClient(name, ...args) {
      const run = publicFunction(name);
      if (!run) throw new TypeError(`google.script.run.${name} is not a function`);
      const serverArgs = args.map((arg, index) => argumentForServer(realm, arg, index));
      return resultForClient(execute('client', name, () => run(...serverArgs)));
    },
    fireTimeTrigger(uniqueId) {
      const due =
        uniqueId === undefined
          ? triggers.due()
          : [requireClockTrigger(triggers.find(uniqueId), uniqueId)];
      const failures: unknown[] = [];
      for (const record of due) {
        try {
          runTimeTrigger(record);
        } catch (error) {
          failures.push(error);
        }
        triggers.markRun(record);
      }
      if (failures.length > 0) throw failures[0];
      return due.map((record) => record.uid);
    },
    date: (value) =>
      value === undefined
        ? new realm.Date()
        : new realm.Date(isDate(value) ? timeOf(value) : value),
    toContext: (value) => copyIntoRealm(realm, value),
    setScriptTimeZone(timeZone) {
      scriptTimeZone = timeZone;
    },

    fetches: urlFetch.fetches,
    fetchCount: () => urlFetch.fetches.length,
    logs: logging.logs,
    logEntries: logging.entries,
    mail: mail.sent,
    triggers: triggers.triggers,
    addForeignTrigger: (handlerName, foreignOptions) =>
      triggers.addForeign(handlerName, foreignOptions).uid,
    executions,
    lastExecution: () => executions[executions.length - 1],

    scriptProperties: properties.script,
    userProperties: properties.user(env.userEmail),
    documentProperties: properties.document,
    cache,
    holdLock: locks.hold,
    releaseHeldLock: locks.release,
    resetCounters() {
      urlFetch.clearFetches();
      logging.clear();
      executions.length = 0;
      cache.resetStats();
      spreadsheets.resetCallCount();
    },
  };
  /** A custom function runs in its formula's spreadsheet, whatever ran before it. */
  const inSpreadsheet = <T>(spreadsheet: FakeSpreadsheet, run: () => T): T => {
    const previous = activeSpreadsheet;
    setActiveSpreadsheet(spreadsheet);
    try {
      return run();
    } finally {
      setActiveSpreadsheet(previous);
    }
  };
  // Formulas that call the script's functions are computed by them, as custom functions.
  spreadsheets.setFormulaEvaluator((formula, cell) =>
    evaluateCustomFunctionFormula(
      formula,
      cell,
      (name, args) =>
        inSpreadsheet(cell.spreadsheet, () => runtime.callAsCustomFunction(name, ...args)),
      // A date cell reaches a custom function as midnight in the spreadsheet's time zone.
      (year, month, day) =>
        runtime.date(
          epochFromWallClock(
            Date.UTC(year, month - 1, day),
            cell.spreadsheet.getSpreadsheetTimeZone(),
          ),
        ),
    ),
  );
  return runtime;
}

function readManifest(distDir: string): AppsScriptManifest {
  const manifestPath = path.join(distDir, 'appsscript.json');
  if (!fs.existsSync(manifestPath)) {
    throw new Error(`${manifestPath} not found: build the add-on first (npm run build)`);
  }
  return JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as AppsScriptManifest;
}

/** Each service global fails loudly, naming itself, for a method it does not fake. */
function defineGlobals(context: vm.Context, globals: Record<string, object>): void {
  for (const [name, value] of Object.entries(globals)) {
    const guarded = guardUnfaked(name, value);
    Object.defineProperty(context, name, { value: guarded, writable: true, configurable: true });
  }
}

/** Every .js file, in name order, into the one global scope. */
function loadBundle(context: vm.Context, distDir: string): void {
  const files = fs
    .readdirSync(distDir)
    .filter((file) => file.endsWith('.js'))
    .sort();
  for (const file of files) {
    const filename = path.join(distDir, file);
    vm.runInContext(fs.readFileSync(filename, 'utf8'), context, { filename });
  }
}

function requireClockTrigger(record: TriggerRecord | undefined, uniqueId: string): TriggerRecord {
  if (record?.source !== 'CLOCK') {
    throw new Error(`No time-driven trigger with unique id ${uniqueId}`);
  }
  return record;
}

/** The event of a time-driven trigger; its date fields are in UTC, as Apps Script gives them. */
function timeDrivenEvent(realm: Realm, triggerUid: string, epochMs: number) {
  const wall = wallClockAt(epochMs, 'UTC');
  return realmObject<unknown>(realm, {
    authMode: 'FULL',
    triggerUid,
    year: wall.year,
    month: wall.monthIndex + 1,
    'day-of-month': wall.day,
    'day-of-week': wall.weekday === 0 ? 7 : wall.weekday,
    'week-of-year': isoWeek(epochMs),
    hour: wall.hour,
    minute: wall.minute,
    second: wall.second,
    timezone: 'UTC',
  });
}

function isoWeek(epochMs: number): number {
  const date = new Date(epochMs);
  const thursday = Date.UTC(
    date.getUTCFullYear(),
    date.getUTCMonth(),
    date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7),
  );
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return Math.floor((thursday - yearStart) / (7 * 86_400_000)) + 1;
}

class IllegalClientValue extends Error {
  constructor(readonly property: string) {
    super(`Failed due to illegal value in property: ${property}`);
  }
}

/**
 * google.script.run's copy: primitives, arrays and object literals pass (undefined array items
 * become null, undefined properties vanish); Dates, functions, class instances and cycles are
 * illegal. `makeArray`/`makeObject` choose the realm of the copy.
 */
function copyForClientBoundary(
  value: unknown,
  property: string,
  makeArray: (items: unknown[]) => unknown[],
  makeObject: (entries: Record<string, unknown>) => Record<string, unknown>,
  seen = new Set<object>(),
): unknown {
  if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value))
    return value;
  const isArray = Array.isArray(value);
  if (!(isArray || isPlainObject(value)) || seen.has(value as object))
    throw new IllegalClientValue(property);
  seen.add(value as object);
  const copy = (item: unknown, key: string) =>
    copyForClientBoundary(item, key, makeArray, makeObject, seen);
  const result = isArray
    ? makeArray(
        (value as unknown[]).map((item, index) =>
          item === undefined ? null : copy(item, String(index)),
        ),
      )
    : makeObject(
        Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .filter(([, item]) => item !== undefined)
            .map(([key, item]) => [key, copy(item, key)]),
        ),
      );
  seen.delete(value as object);
  return result;
}

/** An argument sent from the sidebar: an illegal value fails the call before it starts. */
function argumentForServer(realm: Realm, value: unknown, index: number): unknown {
  return copyForClientBoundary(
    value,
    String(index),
    (items) => realm.Array.from(items),
    (entries) => realmObject(realm, entries),
  );
}

/** A result sent to the sidebar: a Date (or any illegal value) anywhere in it makes it null. */
function resultForClient(value: unknown): unknown {
  try {
    return copyForClientBoundary(
      value,
      'result',
      (items) => items,
      (entries) => entries,
    );
  } catch (error) {
    if (error instanceof IllegalClientValue) return null;
    throw error;
  }
}
