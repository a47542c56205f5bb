/** What every sheet a refresh writes beside the report is made with (see extra-sheets.ts). */
import type { ExtraSheet } from '../core/refresh';
import type { ConnectedSource } from '../core/workspace-data';

export interface ExtraSheetTarget {
  readonly spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  /**
   * The included workspaces' data (or only these workspaces'), made when a sheet asks for it,
   * so a missing key fails the refresh like any other fault.
   */
  sources(workspaces?: readonly { readonly id: string }[]): ConnectedSource[];
  readonly timeZone: string;
}

/** A sheet's file exports one of these; extra-sheets.ts lists them. */
export type ExtraSheetMaker = (target: ExtraSheetTarget) => ExtraSheet;
