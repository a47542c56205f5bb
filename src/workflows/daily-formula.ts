/** Puts together what `=INSTANTLY_DAILY()` needs from Apps Script. */
import type { DailyFormulaContext } from '../core/daily-formula';
import type { Connection } from '../core/workspaces';
import { dayStartIn } from '../services/utilities';
import { workspaceFormulaContext } from './instantly-access';

/** The spreadsheet's days (today, date cells, and date values that show Instantly's days). */
export function dailyFormulaContext(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  connections: readonly Connection[],
  deadline: number,
): DailyFormulaContext {
  return {
    ...workspaceFormulaContext(spreadsheet, connections, deadline),
    dayToDate: dayStartIn(spreadsheet.getSpreadsheetTimeZone()),
  };
}
