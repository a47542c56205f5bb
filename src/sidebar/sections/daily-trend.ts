/** Daily trend sheet: whether each refresh writes the report's days to a sheet, and what it charts. */
import type { ReportSettings } from '../../core/settings';
import type { SidebarState } from '../../core/sidebar-api';
import { byId, setOptions } from '../dom';
import type { Section } from '../section';
import { type SettingsSaver, saveArea } from '../settings-saver';

export class DailyTrendSection implements Section {
  private readonly ui = {
    dailySheet: byId('daily-sheet', HTMLInputElement),
    options: byId('daily-options', HTMLElement),
    sheetName: byId('daily-sheet-name', HTMLInputElement),
    trendMetric: byId('trend-metric', HTMLSelectElement),
  };

  constructor(saver: SettingsSaver) {
    const ui = this.ui;
    const area = saveArea('daily-status', 'daily-error');
    ui.dailySheet.addEventListener('change', () => {
      this.syncOptions();
      saver.saveSoon(area);
    });
    ui.sheetName.addEventListener('input', () => saver.saveSoon(area));
    ui.trendMetric.addEventListener('change', () => saver.saveSoon(area));
  }

  show({ settings, trendMetrics }: SidebarState): void {
    const ui = this.ui;
    setOptions(
      ui.trendMetric,
      trendMetrics.map(({ name, label }) => ({ value: name, label })),
    );
    ui.dailySheet.checked = settings.dailySheet;
    ui.sheetName.value = settings.dailySheetName;
    ui.trendMetric.value = settings.trendMetric;
    this.syncOptions();
  }

  read(): Partial<ReportSettings> {
    const ui = this.ui;
    return {
      dailySheet: ui.dailySheet.checked,
      dailySheetName: ui.sheetName.value.trim(),
      trendMetric: ui.trendMetric.value,
    };
  }

  private syncOptions(): void {
    this.ui.options.hidden = !this.ui.dailySheet.checked;
  }
}
