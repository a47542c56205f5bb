/** Auto-refresh: how often the report refreshes on its own, and the email after failures. */
import type { AutoRefresh } from '../../core/schedule-timing';
import type { ReportSettings } from '../../core/settings';
import type { SidebarState } from '../../core/sidebar-api';
import { byId, clear, setOptions } from '../dom';
import { hourLabel } from '../format';
import { scheduleDiffers, scheduleMessage } from '../schedule-text';
import type { Section } from '../section';
import type { SaveArea, ScheduleControls, SettingsSaver } from '../settings-saver';

const HOURS = Array.from({ length: 24 }, (_, hour) => ({
  value: String(hour),
  label: hourLabel(hour),
}));

export class AutoRefreshSection implements Section, ScheduleControls {
  private readonly ui = {
    autoRefresh: byId('auto-refresh', HTMLSelectElement),
    dailyHourField: byId('daily-hour-field', HTMLElement),
    dailyHour: byId('daily-hour', HTMLSelectElement),
    dailyHourHint: byId('daily-hour-hint', HTMLElement),
    otherEditor: byId('other-editor', HTMLElement),
    emailOnFailure: byId('email-on-failure', HTMLInputElement),
    status: byId('schedule-status', HTMLElement),
    error: byId('schedule-error', HTMLElement),
  };
  readonly area: SaveArea;
  /** Whether this person's own trigger runs this spreadsheet's schedule. */
  private scheduledByYou = false;
  private timeZone = '';
  private options: SidebarState['autoRefreshOptions'] = [];

  constructor(private readonly saver: SettingsSaver) {
    const ui = this.ui;
    this.area = {
      status: ui.status,
      error: ui.error,
      savedMessage: (settings, before) =>
        scheduleDiffers(before, settings)
          ? scheduleMessage(settings, this.timeZone, this.options)
          : undefined,
    };
    // The schedule is saved at once: it creates or deletes the trigger, and may be refused.
    ui.autoRefresh.addEventListener('change', () => {
      this.syncDailyHour();
      saver.saveNow(this.area);
    });
    ui.dailyHour.addEventListener('change', () => saver.saveNow(this.area));
    ui.emailOnFailure.addEventListener('change', () => saver.saveSoon(this.area));
  }

  show(state: SidebarState): void {
    const ui = this.ui;
    this.scheduledByYou = state.scheduledByYou;
    this.timeZone = state.timeZone;
    this.options = state.autoRefreshOptions;
    setOptions(ui.autoRefresh, state.autoRefreshOptions);
    setOptions(ui.dailyHour, HOURS);
    ui.dailyHourHint.textContent = `In the spreadsheet’s time zone (${state.timeZone}).`;
    this.showSchedule(state.settings);
    ui.emailOnFailure.checked = state.settings.emailOnFailure;
  }

  read(): Partial<ReportSettings> {
    const ui = this.ui;
    return {
      autoRefresh: ui.autoRefresh.value as AutoRefresh,
      dailyHour: Number(ui.dailyHour.value),
      emailOnFailure: ui.emailOnFailure.checked,
    };
  }

  refuse(problem: string): boolean {
    const saved = this.saver.saved;
    if (saved) this.showSchedule(saved);
    clear(this.ui.status);
    this.ui.error.textContent = `Auto-refresh was not changed: ${problem}`;
    return this.ui.emailOnFailure.checked !== saved?.emailOnFailure;
  }

  accepted(scheduledByYou: boolean): void {
    this.scheduledByYou = scheduledByYou;
    this.syncOtherEditor();
  }

  /** The schedule controls set to these settings' schedule. */
  private showSchedule(settings: ReportSettings): void {
    this.ui.autoRefresh.value = settings.autoRefresh;
    this.ui.dailyHour.value = String(settings.dailyHour);
    this.syncDailyHour();
    this.syncOtherEditor();
  }

  private syncDailyHour(): void {
    this.ui.dailyHourField.hidden = this.ui.autoRefresh.value !== 'daily';
  }

  /** The saved schedule runs with someone else's account. */
  private syncOtherEditor(): void {
    const saved = this.saver.saved;
    const on = saved !== undefined && saved.autoRefresh !== 'off';
    this.ui.otherEditor.hidden = !on || this.scheduledByYou;
  }
}
