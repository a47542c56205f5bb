/** What every sheet a refresh writes beside the report is made with (see extra-sheets.ts). */
import type { WorkspaceSource } from '../core/cached-calls';
import type { ExtraSheet } from '../core/refresh';

export interface ExtraSheetTarget {
  readonly spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  /** Made when a sheet asks for it, so a missing key fails the refresh like any other fault. */
  source(): WorkspaceSource;
  readonly timeZone: string;
}

/** A sheet's file exports one of these; extra-sheets.ts lists them. */
export type ExtraSheetMaker = (target: ExtraSheetTarget) => ExtraSheet;
