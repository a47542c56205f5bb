/**
 * What every sheet beside the report is made with. Apart from extra-sheets.ts, which lists the
 * sheets, so that each sheet's file can name it without an import cycle.
 */
import type { WorkspaceSource } from '../core/cached-calls';

export interface ExtraSheetTarget {
  readonly spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  /** Made when a sheet asks for it, so a missing key fails the refresh like any other fault. */
  source(): WorkspaceSource;
  readonly timeZone: string;
}
