/** Finds cells by their displayed text, or by formula text with `matchFormulaText(true)`. */
import { displayValue } from './display-formats';
import { FakeRange } from './range';
import type { FakeSheet } from './sheet';
import { api, ServiceObject, type ServiceState } from './spreadsheet-service';

type TextFinder = GoogleAppsScript.Spreadsheet.TextFinder;
type Range = GoogleAppsScript.Spreadsheet.Range;

type TextFinderMethods = 'findAll' | 'matchFormulaText';

/** Case-insensitive substring search, sheet by sheet, as Sheets' default. */
export class FakeTextFinder extends ServiceObject implements Pick<TextFinder, TextFinderMethods> {
  private formulaText = false;

  constructor(
    service: ServiceState,
    private readonly sheets: FakeSheet[],
    private readonly findText: string,
  ) {
    super(service);
  }

  matchFormulaText(matchFormulaText: boolean): TextFinder {
    this.formulaText = matchFormulaText;
    return api(this);
  }

  findAll(): Range[] {
    const wanted = String(this.findText).toLowerCase();
    const found: FakeRange[] = [];
    for (const sheet of this.sheets) {
      const timeZone = sheet.spreadsheet.getSpreadsheetTimeZone();
      sheet.grid.forEach((cell, row, column) => {
        const text = this.formulaText && cell.formula ? cell.formula : displayValue(cell, timeZone);
        if (text !== '' && text.toLowerCase().includes(wanted)) {
          found.push(new FakeRange(sheet, { row, column, numRows: 1, numColumns: 1 }));
        }
      });
    }
    return api(found);
  }
}
