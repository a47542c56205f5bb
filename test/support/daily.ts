/** Reading `INSTANTLY_DAILY`'s tables and the daily sheet in tests. */
import { wallClockAt } from '../../dev/runtime/time-zone';
import type { StandinClient } from '../../dev/standin/process';
import { DAILY_PATH, type LoggedRequest } from '../../dev/standin/server';
import { type ActivityCounts, CAMPAIGN_STATUS, createCampaign } from '../../dev/standin/workspace';

/** The stand-in's log of daily analytics requests (GET /api/v2/campaigns/analytics/daily). */
export async function dailyRequests(standin: StandinClient): Promise<LoggedRequest[]> {
  return (await standin.requests()).filter((request) => request.path === DAILY_PATH);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The day a date value shows in a spreadsheet of this time zone, if it is midnight there (as a
 * date of a day should be); otherwise what it is instead.
 */
export function dayShown(value: unknown, timeZone: string): string {
  if (Object.prototype.toString.call(value) !== '[object Date]') return `not a date: ${value}`;
  const wall = wallClockAt(Date.prototype.getTime.call(value), timeZone);
  const day = `${wall.year}-${pad(wall.monthIndex + 1)}-${pad(wall.day)}`;
  return wall.hour || wall.minute || wall.second ? `${day} ${wall.hour}:${pad(wall.minute)}` : day;
}

/** One day's activity of size n: every count a multiple of n, and rates that do not depend on n. */
export function activity(n: number): Partial<ActivityCounts> {
  return {
    emails_sent_count: 30 * n,
    contacted_count: 10 * n,
    new_leads_contacted_count: 8 * n,
    open_count: 12 * n,
    open_count_unique: 6 * n,
    reply_count: 3 * n,
    reply_count_unique: 2 * n,
    reply_count_automatic: n,
    reply_count_automatic_unique: n,
    link_click_count: 5 * n,
    link_click_count_unique: 4 * n,
    total_opportunities: 4 * n,
  };
}

/** The default columns after the date, for a day of activity(n); a day without any is zeros. */
export function defaultColumns(n: number): (number | string)[] {
  if (n === 0) return [0, 0, 0, '', 0, '', 0, '', 0];
  return [10 * n, 30 * n, 6 * n, 0.6, 2 * n, 0.2, 4 * n, 0.4, 4 * n];
}

export const DEFAULT_HEADER = [
  'Date',
  'Contacted',
  'Emails sent',
  'Unique opens',
  'Open rate',
  'Unique replies',
  'Reply rate',
  'Unique link clicks',
  'Click rate',
  'Opportunities',
];

/**
 * A workspace of four: activity on 2026-11-20, 24 and 25 (and long before, on 2026-09-01), a
 * name that looks like a formula, and a draft that never sent.
 */
export const FOUNDERS = createCampaign({
  name: 'Founders outreach',
  daily: { '2026-09-01': activity(5), '2026-11-20': activity(1), '2026-11-24': activity(2) },
});
export const AGENCY = createCampaign({
  name: 'Agency follow-up',
  status: CAMPAIGN_STATUS.paused,
  daily: { '2026-11-24': activity(3), '2026-11-25': activity(1) },
});
export const AWKWARD = createCampaign({
  name: '=HYPERLINK("http://example.com","click")',
  daily: { '2026-11-25': activity(1) },
});
/** Never sent: Instantly's analytics leave it out, the campaign list has it. */
export const DRAFT = createCampaign({
  name: 'Spring launch',
  status: CAMPAIGN_STATUS.draft,
  daily: {},
});
