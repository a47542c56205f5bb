/** When a scheduled spreadsheet is due. One hourly trigger serves every schedule. */

/** Add-on time triggers run at most hourly, so no choice is more frequent. */
export const AUTO_REFRESH_CHOICES = ['off', '1', '2', '4', '6', '8', '12', 'daily'] as const;

export type AutoRefresh = (typeof AUTO_REFRESH_CHOICES)[number];

export const AUTO_REFRESH_LABELS: Record<AutoRefresh, string> = {
  off: 'Off',
  '1': 'Every hour',
  '2': 'Every 2 hours',
  '4': 'Every 4 hours',
  '6': 'Every 6 hours',
  '8': 'Every 8 hours',
  '12': 'Every 12 hours',
  daily: 'Daily',
};

export interface Schedule {
  readonly autoRefresh: AutoRefresh;
  /** For daily: the hour (0–23) in the spreadsheet's time zone. */
  readonly dailyHour: number;
}

/** Where the clock stands, in milliseconds and in the spreadsheet's time zone. */
export interface LocalTime {
  readonly epochMs: number;
  /** YYYY-MM-DD */
  readonly day: string;
  readonly hour: number;
}

/** Hourly triggers drift by minutes; a run this early still counts as on time. */
const EARLY_TOLERANCE_MS = 10 * 60_000;
const HOUR_MS = 60 * 60_000;

export function isDue(schedule: Schedule, lastRun: LocalTime | undefined, now: LocalTime): boolean {
  if (schedule.autoRefresh === 'off') return false;
  if (schedule.autoRefresh === 'daily') {
    const ranToday =
      lastRun !== undefined && lastRun.day === now.day && lastRun.hour >= schedule.dailyHour;
    return now.hour >= schedule.dailyHour && !ranToday;
  }
  if (!lastRun) return true;
  const interval = Number(schedule.autoRefresh) * HOUR_MS;
  return now.epochMs - lastRun.epochMs >= interval - EARLY_TOLERANCE_MS;
}
