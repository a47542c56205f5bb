/**
 * What the preview page shows of the local runtime's spreadsheet: each sheet's cells as Sheets
 * displays them (number formats applied, formulas as their values, errors with their reasons),
 * the add-on's menu, and the toasts and alerts it has shown. Never anything from the property
 * stores: the API key stays on the server.
 */
import type { AppsScriptRuntime, FakeSpreadsheet } from '../runtime';
import type { SheetSnapshot as Snapshot } from '../runtime/sheet';
import type { MenuEntry } from '../runtime/ui';

export type CellKind = 'text' | 'number' | 'boolean' | 'date' | 'error';

export interface CellView {
  /** What the cell shows. */
  text: string;
  kind: CellKind;
  /** What the formula bar shows: the formula, or the value as a person would type it. */
  input: string;
  bold?: true;
  note?: string;
  /** Why the cell shows an error value. */
  error?: string;
}

export interface SheetView {
  name: string;
  frozenRows: number;
  maxRows: number;
  maxColumns: number;
  /** Widths in pixels, by 1-based column, where the sheet set them. */
  columnWidths: Record<number, number>;
  /** Rows of cells from A1; null for an empty cell. */
  cells: (CellView | null)[][];
  charts: { type: string; ranges: string[] }[];
}

export type MenuItemView = { caption: string; functionName: string } | { separator: true };

export interface MessageView {
  id: number;
  title: string;
  message: string;
}

export interface WorkbookView {
  /** Goes up after every change the server made; the page long-polls on it. */
  version: number;
  name: string;
  timeZone: string;
  activeSheet: string;
  sheets: SheetView[];
  /** Extensions › <add-on>: the items onOpen added. */
  menu: MenuItemView[];
  /** The latest toasts and alerts, ids counting from 1 in the order shown. */
  toasts: MessageView[];
  alerts: MessageView[];
  /** How many times the add-on opened its sidebar (the page reloads it when this grows). */
  sidebarOpens: number;
  /** Time-driven triggers the add-on made (Auto-refresh on). */
  scheduleTriggers: number;
  /** Where the add-on's requests go. */
  source: { kind: 'sample' | 'live'; label: string };
}

/** Only the latest messages travel; the page shows those it has not shown yet. */
const RECENT_MESSAGES = 20;

export function workbookView(
  runtime: AppsScriptRuntime,
  spreadsheet: FakeSpreadsheet,
  version: number,
  source: WorkbookView['source'],
): WorkbookView {
  return {
    version,
    name: spreadsheet.getName(),
    timeZone: spreadsheet.getSpreadsheetTimeZone(),
    activeSheet: spreadsheet.activeSheet().getName(),
    sheets: spreadsheet.sheetList().map((sheet) => sheetView(sheet.snapshot())),
    menu: addonMenu(runtime),
    toasts: recent(runtime.ui.toasts, (toast) => ({
      title: toast.title ?? '',
      message: toast.message,
    })),
    alerts: recent(runtime.ui.alerts, (alert) => ({
      title: alert.title ?? '',
      message: alert.prompt,
    })),
    sidebarOpens: runtime.ui.sidebars.length,
    scheduleTriggers: scheduleTriggers(runtime).length,
    source,
  };
}

/** The time-driven triggers the add-on itself made. */
export function scheduleTriggers(runtime: AppsScriptRuntime) {
  return runtime.triggers.filter((trigger) => trigger.source === 'CLOCK' && !trigger.foreign);
}

export function sheetView(snapshot: Snapshot): SheetView {
  return {
    name: snapshot.name,
    frozenRows: snapshot.frozenRows,
    maxRows: snapshot.maxRows,
    maxColumns: snapshot.maxColumns,
    columnWidths: snapshot.columnWidths,
    cells: snapshot.values.map((row, r) => row.map((_, c) => cellView(snapshot, r, c))),
    charts: snapshot.charts.map((chart) => ({ type: chart.type, ranges: chart.ranges })),
  };
}

function cellView(snapshot: Snapshot, r: number, c: number): CellView | null {
  const value = snapshot.values[r][c];
  const text = snapshot.displayValues[r][c];
  const formula = snapshot.formulas[r][c];
  const error = snapshot.errors[r][c];
  const note = snapshot.notes[r][c];
  const bold = snapshot.fontWeights[r][c] === 'bold';
  if (value === '' && !formula && !note && !bold) return null;
  const kind = kindOf(value, error);
  const view: CellView = { text, kind, input: formula || inputOf(value, text, kind) };
  if (bold) view.bold = true;
  if (note) view.note = note;
  if (error) view.error = error;
  return view;
}

function kindOf(value: unknown, error: string): CellKind {
  if (error) return 'error';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') {
    return 'date';
  }
  return 'text';
}

/** Numbers as typed (no grouping or percent sign); everything else as displayed. */
function inputOf(value: unknown, text: string, kind: CellKind): string {
  return kind === 'number' ? String(value) : text;
}

function addonMenu(runtime: AppsScriptRuntime): MenuItemView[] {
  const flatten = (entries: MenuEntry[]): MenuItemView[] =>
    entries.flatMap((entry): MenuItemView[] => {
      if (entry.kind === 'item')
        return [{ caption: entry.caption, functionName: entry.functionName }];
      if (entry.kind === 'separator') return [{ separator: true }];
      return flatten(entry.items);
    });
  return runtime.ui.menus.filter((menu) => menu.addon).flatMap((menu) => flatten(menu.items));
}

function recent<T>(
  records: readonly T[],
  view: (record: T) => Omit<MessageView, 'id'>,
): MessageView[] {
  const first = Math.max(0, records.length - RECENT_MESSAGES);
  return records.slice(first).map((record, index) => ({ id: first + index + 1, ...view(record) }));
}
