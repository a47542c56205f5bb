/** Report: the sheet's name and the date range, with its own dates when the range is Custom. */
import type { RangeChoice, ReportSettings } from '../../core/settings';
import type { SidebarState } from '../../core/sidebar-api';
import { byId, setOptions } from '../dom';
import type { Section } from '../section';
import type { SaveArea, SettingsSaver } from '../settings-saver';

export class ReportSection implements Section {
  private readonly ui = {
    sheetName: byId('sheet-name', HTMLInputElement),
    dateRange: byId('date-range', HTMLSelectElement),
    customDates: byId('custom-dates', HTMLElement),
    startDate: byId('start-date', HTMLInputElement),
    endDate: byId('end-date', HTMLInputElement),
  };

  constructor(saver: SettingsSaver, area: SaveArea) {
    const ui = this.ui;
    ui.sheetName.addEventListener('input', () => saver.saveSoon(area));
    ui.dateRange.addEventListener('change', () => {
      this.syncCustomDates();
      saver.saveSoon(area);
    });
    for (const input of [ui.startDate, ui.endDate]) {
      input.addEventListener('change', () => saver.saveSoon(area));
    }
  }

  show({ settings, dateRanges }: SidebarState): void {
    const ui = this.ui;
    setOptions(ui.dateRange, dateRanges);
    ui.sheetName.value = settings.sheetName;
    ui.dateRange.value = settings.dateRange;
    ui.startDate.value = settings.startDate;
    ui.endDate.value = settings.endDate;
    this.syncCustomDates();
  }

  read(): Partial<ReportSettings> {
    const ui = this.ui;
    return {
      sheetName: ui.sheetName.value.trim(),
      dateRange: ui.dateRange.value as RangeChoice,
      startDate: ui.startDate.value,
      endDate: ui.endDate.value,
    };
  }

  private syncCustomDates(): void {
    this.ui.customDates.hidden = this.ui.dateRange.value !== 'custom';
  }
}
