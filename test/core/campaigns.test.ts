import { pickCampaigns } from '../../src/core/campaigns';
import { UserFacingError } from '../../src/core/errors';
import { campaign, campaignId } from './fakes';

const CAMPAIGNS = [
  campaign(1, { campaign_name: 'Q1 Outbound' }),
  campaign(2, { campaign_name: 'Founders, EU' }),
  campaign(3, { campaign_name: 'Webinar follow-up' }),
  campaign(4, { campaign_name: 'Q1 Outbound' }), // the same name as campaign 1
];

const idsOf = (rows: readonly { campaign_id: string }[]) => rows.map((row) => row.campaign_id);

function messageOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(UserFacingError);
    return (error as Error).message;
  }
  throw new Error('expected a UserFacingError');
}

describe('pickCampaigns', () => {
  test('nothing asked for is every campaign, in the order given, as a copy', () => {
    const picked = pickCampaigns(CAMPAIGNS, []);
    expect(picked).toEqual(CAMPAIGNS);
    expect(picked).not.toBe(CAMPAIGNS);
  });

  test('by id, in the order asked', () => {
    expect(idsOf(pickCampaigns(CAMPAIGNS, [campaignId(3), campaignId(1)]))).toEqual([
      campaignId(3),
      campaignId(1),
    ]);
  });

  test('by id in upper case', () => {
    expect(idsOf(pickCampaigns(CAMPAIGNS, [campaignId(2).toUpperCase()]))).toEqual([campaignId(2)]);
  });

  test('by name, case-insensitively', () => {
    expect(idsOf(pickCampaigns(CAMPAIGNS, ['webinar FOLLOW-UP', 'founders, eu']))).toEqual([
      campaignId(3),
      campaignId(2),
    ]);
  });

  test('a name shared by two campaigns picks the first; the other is reachable by id', () => {
    expect(idsOf(pickCampaigns(CAMPAIGNS, ['Q1 Outbound']))).toEqual([campaignId(1)]);
    expect(idsOf(pickCampaigns(CAMPAIGNS, [campaignId(4)]))).toEqual([campaignId(4)]);
  });

  test('ids and names mixed; each campaign once, where first asked', () => {
    const picked = pickCampaigns(CAMPAIGNS, [
      'webinar follow-up',
      campaignId(2),
      campaignId(3),
      'Founders, EU',
      'WEBINAR FOLLOW-UP',
    ]);
    expect(idsOf(picked)).toEqual([campaignId(3), campaignId(2)]);
  });

  test('returns the campaign records themselves', () => {
    expect(pickCampaigns(CAMPAIGNS, [campaignId(2)])[0]).toBe(CAMPAIGNS[1]);
  });

  test('an unknown entry is named, with what to use instead', () => {
    expect(messageOf(() => pickCampaigns(CAMPAIGNS, ['Q1 Outbound', 'Q2 Outbound']))).toBe(
      'No campaign matches "Q2 Outbound". ' +
        'Use a campaign id or the exact campaign name as shown in Instantly.',
    );
  });

  test('every unknown entry is named, as typed', () => {
    const message = messageOf(() =>
      pickCampaigns(CAMPAIGNS, ['Nope', campaignId(1), 'q1 outbnd', campaignId(99)]),
    );
    expect(message).toContain(`No campaign matches "Nope", "q1 outbnd", "${campaignId(99)}".`);
  });

  test('names must match exactly, not partially', () => {
    expect(() => pickCampaigns(CAMPAIGNS, ['Q1'])).toThrow('No campaign matches "Q1"');
    expect(() => pickCampaigns(CAMPAIGNS, ['Founders'])).toThrow('No campaign matches "Founders"');
  });

  test('nothing to pick from: any entry is unknown', () => {
    expect(() => pickCampaigns([], ['Q1 Outbound'])).toThrow(UserFacingError);
    expect(pickCampaigns([], [])).toEqual([]);
  });
});
