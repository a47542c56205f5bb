/** Makes Sheets evaluate this spreadsheet's INSTANTLY_ANALYTICS formulas again. */

const FUNCTION_NAME = 'INSTANTLY_ANALYTICS';

/**
 * Sheets re-evaluates a custom function only when its arguments change, so each formula is
 * taken out and put back as it was: the same formula, evaluated afresh.
 */
export function recalculateFormulas(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): number {
  const cells = spreadsheet.createTextFinder(FUNCTION_NAME).matchFormulaText(true).findAll();
  const formulas = cells.map((cell) => ({ cell, formula: cell.getFormula() }));
  for (const cell of cells) cell.setFormula('');
  SpreadsheetApp.flush();
  for (const { cell, formula } of formulas) cell.setFormula(formula);
  return cells.length;
}
