/** When a change is a change of schedule, and how the page says which schedule was saved. */
import type { ReportSettings } from '../core/settings';
import type { SidebarState } from '../core/sidebar-api';
import { hourLabel } from './format';

type ScheduleSettings = Pick<ReportSettings, 'autoRefresh' | 'dailyHour'>;

/** Whether `settings` would change the saved schedule (its trigger, its timing). */
export function scheduleDiffers(
  saved: ScheduleSettings | undefined,
  settings: ScheduleSettings,
): boolean {
  if (!saved) return false;
  if (settings.autoRefresh !== saved.autoRefresh) return true;
  return settings.autoRefresh === 'daily' && settings.dailyHour !== saved.dailyHour;
}

export function scheduleMessage(
  settings: ScheduleSettings,
  timeZone: string,
  options: SidebarState['autoRefreshOptions'],
): string {
  if (settings.autoRefresh === 'off') return 'Saved: auto-refresh is off.';
  if (settings.autoRefresh === 'daily') {
    const from = hourLabel(settings.dailyHour);
    const to = hourLabel((settings.dailyHour + 1) % 24);
    return `Saved: the report refreshes daily between ${from} and ${to} (${timeZone}).`;
  }
  const label = options.find((option) => option.value === settings.autoRefresh)?.label;
  return `Saved: the report refreshes ${(label ?? settings.autoRefresh).toLowerCase()}.`;
}
