/** Puts together what `=INSTANTLY_DAILY()` needs from Apps Script. */
import type { DailyFormulaContext } from '../core/daily-formula';
import { dayStartIn, isoDateIn, todayIn } from '../services/utilities';
import { workspaceSource } from './instantly-access';

/** The spreadsheet's days (today, date cells, and date values that show Instantly's days). */
export function dailyFormulaContext(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  apiKey: string | undefined,
  deadline: number,
): DailyFormulaContext {
  const timeZone = spreadsheet.getSpreadsheetTimeZone();
  return {
    today: todayIn(timeZone),
    toIsoDate: isoDateIn(timeZone),
    dayToDate: dayStartIn(timeZone),
    source: workspaceSource(spreadsheet, apiKey, deadline),
  };
}
