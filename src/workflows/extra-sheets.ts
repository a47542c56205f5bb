/**
 * The sheets a refresh writes beside the report. Each is a file of its own; a new one is one
 * more entry here.
 */
import type { WorkspaceSource } from '../core/cached-calls';
import type { ExtraSheet } from '../core/refresh';
import { historySnapshot } from './history-sheet';

/** What every extra sheet is made with: its spreadsheet and the workspace's data. */
export interface ExtraSheetTarget {
  readonly spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  /** Made when a sheet asks for it, so a missing key fails the refresh like any other fault. */
  source(): WorkspaceSource;
  readonly timeZone: string;
}

export const EXTRA_SHEETS: readonly ((target: ExtraSheetTarget) => ExtraSheet)[] = [
  historySnapshot,
];
