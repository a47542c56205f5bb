/**
 * The campaigns the sidebar's browser tests report on. A campaign of size n has every count a
 * multiple of n, so any total over them is easy to work out by hand.
 */
import {
  type ActivityCounts,
  CAMPAIGN_STATUS,
  createCampaign,
  type StandinCampaign,
} from '../../dev/standin/workspace';

/** The days a campaign was active, each with how many times its size of activity it had. */
export type ActiveDays = Record<string, number>;

/** One day's activity of a campaign of size n. */
function activity(n: number): Partial<ActivityCounts> {
  return {
    contacted_count: 40 * n,
    emails_sent_count: 95 * n,
    new_leads_contacted_count: 40 * n,
    open_count: 30 * n,
    open_count_unique: 21 * n,
    reply_count: 4 * n,
    reply_count_unique: 3 * n,
    link_click_count: 7 * n,
    link_click_count_unique: 5 * n,
    bounced_count: n,
    unsubscribed_count: n,
    total_opportunities: n,
    total_opportunity_value: 250.25 * n,
  };
}

/** A campaign of size n: 120·n leads, and activity(times·n) on each of its active days. */
export function campaign(
  name: string,
  status: number,
  n: number,
  days: ActiveDays,
): StandinCampaign {
  const daily = Object.fromEntries(
    Object.entries(days).map(([day, times]) => [day, activity(times * n)]),
  );
  return createCampaign({ name, status, leads: 120 * n, daily });
}

/** Five campaigns, of sizes 1 to 5, in each status a person sees in the picker. */
export function fiveCampaigns(days: ActiveDays): StandinCampaign[] {
  return [
    campaign('SaaS founders – Q3 outbound', CAMPAIGN_STATUS.active, 1, days),
    campaign('Agency partners follow-up', CAMPAIGN_STATUS.paused, 2, days),
    campaign('Webinar invite – EMEA', CAMPAIGN_STATUS.active, 3, days),
    campaign('Fintech CFOs cold intro', CAMPAIGN_STATUS.completed, 4, days),
    campaign('Holiday re-engagement', CAMPAIGN_STATUS.draft, 5, days),
  ];
}
