/**
 * The Spreadsheet service as the runtime installs it: the `SpreadsheetApp` global the bundle sees
 * (behind the counting proxy of spreadsheet-service.ts), and the handles tests drive it with.
 */
import { METADATA_VISIBILITY } from './developer-metadata';
import type { Realm } from './env';
import { FakeSpreadsheet } from './spreadsheet';
import {
  api,
  type CellCounts,
  type FormulaEvaluator,
  ServiceObject,
  ServiceState,
  unwrap,
} from './spreadsheet-service';
import { type ExecutionMode, HOST_REALM, type UiFake, uiUnavailable } from './ui';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface SpreadsheetServiceOptions {
  /** The bundle's realm: results and errors reaching the bundle are made of its constructors. */
  realm?: Realm;
}

export interface SpreadsheetServiceFake {
  /** What the bundle sees as the `SpreadsheetApp` global. */
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  create(options?: { name?: string; id?: string; timeZone?: string }): FakeSpreadsheet;
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
  /** Cells those calls read (getValues…) and wrote (setValues, setNumberFormats, clearContent…). */
  cellCounts(): CellCounts;
  /** Resets the calls and the cells counted. */
  resetCallCount(): void;
  flushCount(): number;
}

export function createSpreadsheetService(
  ui: UiFake,
  options: SpreadsheetServiceOptions = {},
): SpreadsheetServiceFake {
  const state = new ServiceState(ui, options.realm ?? HOST_REALM);
  let created = 0;
  return {
    SpreadsheetApp: state.expose(new FakeSpreadsheetApp(state)),
    create: ({
      name = 'Untitled spreadsheet',
      id = `fake-spreadsheet-${++created}`,
      timeZone,
    } = {}) => {
      if (state.spreadsheets.has(id)) throw new Error(`A spreadsheet with id ${id} already exists`);
      const spreadsheet = new FakeSpreadsheet(state, id, name, timeZone ?? 'Etc/UTC');
      state.spreadsheets.set(id, spreadsheet);
      return spreadsheet;
    },
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
    cellCounts: () => ({ ...state.cells }),
    resetCallCount: () => {
      state.calls = [];
      state.cells = { read: 0, written: 0 };
    },
    flushCount: () => state.flushes,
  };
}

type SpreadsheetAppMethods =
  | 'DeveloperMetadataVisibility'
  | 'getActive'
  | 'openById'
  | 'flush'
  | 'getUi';

class FakeSpreadsheetApp
  extends ServiceObject
  implements Pick<GoogleAppsScript.Spreadsheet.SpreadsheetApp, SpreadsheetAppMethods>
{
  readonly DeveloperMetadataVisibility =
    METADATA_VISIBILITY as unknown as typeof GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility;

  getActive(): Spreadsheet {
    return api(this.service.active);
  }

  openById(id: string): Spreadsheet {
    return api(this.service.open(String(id)));
  }

  flush(): void {
    this.service.flushes++;
  }

  getUi(): GoogleAppsScript.Base.Ui {
    if (!this.service.active || !this.service.mode.uiAllowed) throw uiUnavailable();
    return this.service.ui.Ui;
  }
}
