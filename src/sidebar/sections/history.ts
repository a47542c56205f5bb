/** History: whether each refresh adds its numbers to a history sheet, and what its chart shows. */
import type { ChartSeries } from '../../core/history';
import type { ReportSettings } from '../../core/settings';
import type { SidebarState } from '../../core/sidebar-api';
import { byId, setOptions } from '../dom';
import type { Section } from '../section';
import { type SettingsSaver, saveArea } from '../settings-saver';

export class HistorySection implements Section {
  private readonly ui = {
    keepHistory: byId('keep-history', HTMLInputElement),
    options: byId('history-options', HTMLElement),
    sheet: byId('history-sheet', HTMLInputElement),
    chartMetric: byId('chart-metric', HTMLSelectElement),
    chartCampaigns: byId('chart-campaigns', HTMLInputElement),
    chartTotal: byId('chart-total', HTMLInputElement),
  };

  constructor(saver: SettingsSaver) {
    const ui = this.ui;
    const area = saveArea('history-status', 'history-error');
    ui.keepHistory.addEventListener('change', () => {
      this.syncOptions();
      saver.saveSoon(area);
    });
    ui.sheet.addEventListener('input', () => saver.saveSoon(area));
    for (const control of [ui.chartMetric, ui.chartCampaigns, ui.chartTotal]) {
      control.addEventListener('change', () => saver.saveSoon(area));
    }
  }

  show({ settings, chartMetrics }: SidebarState): void {
    const ui = this.ui;
    setOptions(
      ui.chartMetric,
      chartMetrics.map(({ name, label }) => ({ value: name, label })),
    );
    ui.keepHistory.checked = settings.keepHistory;
    ui.sheet.value = settings.historySheetName;
    ui.chartMetric.value = settings.chartMetric;
    ui.chartTotal.checked = settings.chartSeries === 'total';
    ui.chartCampaigns.checked = settings.chartSeries !== 'total';
    this.syncOptions();
  }

  read(): Partial<ReportSettings> {
    const ui = this.ui;
    const chartSeries: ChartSeries = ui.chartTotal.checked ? 'total' : 'campaigns';
    return {
      keepHistory: ui.keepHistory.checked,
      historySheetName: ui.sheet.value.trim(),
      chartMetric: ui.chartMetric.value,
      chartSeries,
    };
  }

  private syncOptions(): void {
    this.ui.options.hidden = !this.ui.keepHistory.checked;
  }
}
