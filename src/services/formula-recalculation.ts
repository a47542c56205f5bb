/** Makes Sheets evaluate this spreadsheet's INSTANTLY_… formulas again. */

/** Every custom function of the add-on is named INSTANTLY_…. */
const FUNCTION_PREFIX = 'INSTANTLY_';

/**
 * Sheets re-evaluates a custom function only when its arguments change, so each formula is
 * taken out and put back as it was: the same formula, evaluated afresh.
 */
export function recalculateFormulas(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): number {
  const cells = spreadsheet.createTextFinder(FUNCTION_PREFIX).matchFormulaText(true).findAll();
  const formulas = cells.map((cell) => ({ cell, formula: cell.getFormula() }));
  for (const cell of cells) cell.setFormula('');
  SpreadsheetApp.flush();
  for (const { cell, formula } of formulas) cell.setFormula(formula);
  return cells.length;
}
