/** Which campaigns the picker lists for a search, and how it counts them. */
import type { CampaignOption } from '../core/sidebar-api';
import { plural } from './format';

/** A CSS class for a campaign status; the status text itself is shown as text. */
export function statusTone(status: string): string {
  const text = status.toLowerCase();
  if (text === 'active') return 'active';
  if (text === 'paused') return 'paused';
  if (/suspended|unhealthy|bounce/.test(text)) return 'problem';
  return 'other';
}

/** Campaigns whose name contains the search, or whose status or id is exactly it. */
export function matchingCampaigns(
  campaigns: readonly CampaignOption[],
  search: string,
): readonly CampaignOption[] {
  const query = search.trim().toLowerCase();
  if (!query) return campaigns;
  return campaigns.filter(
    (campaign) =>
      campaign.name.toLowerCase().includes(query) ||
      campaign.status.toLowerCase() === query ||
      campaign.id.toLowerCase() === query,
  );
}

export interface PickerCount {
  /** Null until the list is loaded. */
  readonly campaigns: readonly CampaignOption[] | null;
  readonly chosen: number;
  readonly search: string;
  readonly keySaved: boolean;
}

/** The line above the list: what is shown, what is chosen, or what to do first. */
export function campaignCountText({ campaigns, chosen, search, keySaved }: PickerCount): string {
  const chosenText = `${chosen} chosen`;
  const query = search.trim();
  if (campaigns === null) {
    const next = keySaved
      ? 'Press Load campaigns to list your Instantly campaigns.'
      : 'Save an API key, then load your campaigns.';
    return chosen > 0 ? `${chosenText}. ${next}` : next;
  }
  if (campaigns.length === 0) return 'This Instantly workspace has no campaigns yet.';
  const all = plural(campaigns.length, 'campaign', 'campaigns');
  if (!query) return `${all} · ${chosenText}`;
  const shown = matchingCampaigns(campaigns, query).length;
  return shown === 0
    ? `No campaign matches “${query}”. ${chosenText}.`
    : `${shown} of ${all} match · ${chosenText}`;
}
