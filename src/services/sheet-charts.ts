/** Native charts of a table written at row 1 of a sheet, placed beside the table. */
import type { TableShape } from './sheet-writer';

export type ChartKind = 'line' | 'bar' | 'column';

export interface ChartSpec {
  readonly kind: ChartKind;
  readonly title: string;
}

const CHART_TYPES: Record<ChartKind, () => GoogleAppsScript.Charts.ChartType> = {
  line: () => Charts.ChartType.LINE,
  bar: () => Charts.ChartType.BAR,
  column: () => Charts.ChartType.COLUMN,
};

/**
 * Charts the table at row 1 of `column` (its first row the header). The chart that already
 * charts that table is updated in place, so a person's moves and resizes are kept.
 */
export function chartBesideTable(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  column: number,
  shape: TableShape,
  spec: ChartSpec,
): void {
  const dataRange = sheet.getRange(1, column, shape.rows, shape.columns);
  const existing = sheet
    .getCharts()
    .find((chart) =>
      chart.getRanges().some((range) => range.getRow() === 1 && range.getColumn() === column),
    );
  const builder = (existing ? existing.modify().clearRanges() : sheet.newChart())
    .setChartType(CHART_TYPES[spec.kind]())
    .addRange(dataRange)
    .setNumHeaders(1)
    .setOption('title', spec.title);
  if (existing) sheet.updateChart(builder.build());
  else sheet.insertChart(builder.setPosition(2, column + shape.columns + 1, 0, 0).build());
}
