/**
 * Embedded charts and their builder. Charts record what the builder was told (type, ranges,
 * options, position); they draw nothing.
 */
import { a1Notation, quotedSheetName } from './a1-notation';
import { shiftedArea } from './cells';
import { FakeRange } from './range';
import type { FakeSheet } from './sheet';
import { api, fakeOf, ServiceObject } from './spreadsheet-service';

type Range = GoogleAppsScript.Spreadsheet.Range;
type EmbeddedChart = GoogleAppsScript.Spreadsheet.EmbeddedChart;
type EmbeddedChartBuilder = GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder;

export interface ChartPosition {
  row: number;
  column: number;
  offsetX: number;
  offsetY: number;
}

export interface ChartSnapshot {
  chartId: number | null;
  type: string;
  /** A1 notation, prefixed with the sheet name when the data is on another sheet. */
  ranges: string[];
  options: Record<string, unknown>;
  position: ChartPosition;
}

/** Everything a chart builder was told. */
interface ChartConfig {
  type: string;
  ranges: FakeRange[];
  options: Record<string, unknown>;
  position: ChartPosition;
}

export function emptyChartConfig(): ChartConfig {
  return {
    type: '',
    ranges: [],
    options: {},
    position: { row: 1, column: 1, offsetX: 0, offsetY: 0 },
  };
}

function copyChartConfig(config: ChartConfig): ChartConfig {
  return {
    ...config,
    ranges: [...config.ranges],
    options: { ...config.options },
    position: { ...config.position },
  };
}

type ChartBuilderMethods =
  | 'addRange'
  | 'clearRanges'
  | 'setChartType'
  | 'setOption'
  | 'setPosition'
  | 'setNumHeaders'
  | 'build';

export class FakeChartBuilder
  extends ServiceObject
  implements Pick<EmbeddedChartBuilder, ChartBuilderMethods>
{
  constructor(
    private readonly sheet: FakeSheet,
    private readonly config: ChartConfig,
    private readonly chartId: number | null = null,
  ) {
    super(sheet.service);
  }

  addRange(range: Range): EmbeddedChartBuilder {
    this.config.ranges.push(fakeOf(range, FakeRange, 'EmbeddedChartBuilder.addRange'));
    return api(this);
  }

  clearRanges(): EmbeddedChartBuilder {
    this.config.ranges = [];
    return api(this);
  }

  setChartType(type: GoogleAppsScript.Charts.ChartType): EmbeddedChartBuilder {
    this.config.type = String(type);
    return api(this);
  }

  setOption(option: string, value: unknown): EmbeddedChartBuilder {
    this.config.options[option] = value;
    return api(this);
  }

  setPosition(
    anchorRowPos: number,
    anchorColPos: number,
    offsetX: number,
    offsetY: number,
  ): EmbeddedChartBuilder {
    this.config.position = { row: anchorRowPos, column: anchorColPos, offsetX, offsetY };
    return api(this);
  }

  setNumHeaders(headers: number): EmbeddedChartBuilder {
    return this.setOption('numHeaders', headers);
  }

  build(): EmbeddedChart {
    return api(new FakeChart(this.sheet, copyChartConfig(this.config), this.chartId));
  }
}

type ChartMethods = 'getRanges' | 'modify';

export class FakeChart extends ServiceObject implements Pick<EmbeddedChart, ChartMethods> {
  constructor(
    private readonly sheet: FakeSheet,
    private readonly config: ChartConfig,
    /** Given when the chart is inserted, kept by `modify()` so `updateChart` finds it. */
    public chartId: number | null,
  ) {
    super(sheet.service);
  }

  getRanges(): Range[] {
    return api([...this.config.ranges]);
  }

  modify(): EmbeddedChartBuilder {
    return api(new FakeChartBuilder(this.sheet, copyChartConfig(this.config), this.chartId));
  }

  /** Columns were inserted in `sheet`: its ranges there move or grow, and so does the anchor. */
  columnsInserted(sheet: FakeSheet, after: number, count: number): void {
    this.config.ranges = this.config.ranges.map((range) =>
      range.sheet === sheet ? new FakeRange(sheet, shiftedArea(range.area, after, count)) : range,
    );
    if (sheet === this.sheet && this.config.position.column > after) {
      this.config.position.column += count;
    }
  }

  snapshot(host: FakeSheet): ChartSnapshot {
    const { type, options, position } = copyChartConfig(this.config);
    const ranges = this.config.ranges.map((range) => {
      const cells = a1Notation(range.area);
      return range.sheet === host ? cells : `${quotedSheetName(range.sheet.getName())}!${cells}`;
    });
    return { chartId: this.chartId, type, ranges, options, position };
  }
}
