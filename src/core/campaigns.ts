/** Picks the campaigns a report asked for, by id or by name. */
import { UserFacingError } from './errors';
import type { CampaignAnalytics } from './response';

/**
 * Each wanted entry is a campaign id or a campaign name (case-insensitive exact match).
 * Rows come back in the order asked for, each campaign once; no entries means all campaigns.
 */
export function pickCampaigns(
  campaigns: readonly CampaignAnalytics[],
  wanted: readonly string[],
): CampaignAnalytics[] {
  if (wanted.length === 0) return [...campaigns];
  const byKey = new Map<string, CampaignAnalytics>();
  for (const campaign of campaigns) {
    byKey.set(campaign.campaign_id.toLowerCase(), campaign);
    if (!byKey.has(campaign.campaign_name.toLowerCase())) {
      byKey.set(campaign.campaign_name.toLowerCase(), campaign);
    }
  }
  const missing = wanted.filter((entry) => !byKey.has(entry.toLowerCase()));
  if (missing.length > 0) {
    throw new UserFacingError(
      `No campaign matches ${missing.map((entry) => `"${entry}"`).join(', ')}. ` +
        'Use a campaign id or the exact campaign name as shown in Instantly.',
    );
  }
  const picked = wanted.map((entry) => byKey.get(entry.toLowerCase()) as CampaignAnalytics);
  return picked.filter((campaign, index) => picked.indexOf(campaign) === index);
}
