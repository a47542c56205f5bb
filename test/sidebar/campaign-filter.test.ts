import type { CampaignOption } from '../../src/core/sidebar-api';
import {
  campaignCountText,
  matchingCampaigns,
  statusTone,
} from '../../src/sidebar/campaign-filter';

const SAAS: CampaignOption = { id: 'c-1', name: 'SaaS founders – Q3', status: 'Active' };
const WEBINAR: CampaignOption = { id: 'c-2', name: 'Webinar invite', status: 'Paused' };
const HEALTH: CampaignOption = { id: 'c-3', name: 'Health check', status: 'Active' };
const ALL = [SAAS, WEBINAR, HEALTH];

describe('statusTone', () => {
  test.each([
    ['Active', 'active'],
    ['PAUSED', 'paused'],
    ['Account suspended', 'problem'],
    ['Unhealthy', 'problem'],
    ['Bounce protect', 'problem'],
    ['Completed', 'other'],
    ['', 'other'],
  ])('"%s" is %s', (status, tone) => {
    expect(statusTone(status)).toBe(tone);
  });
});

describe('matchingCampaigns', () => {
  test('an empty or blank search lists every campaign', () => {
    expect(matchingCampaigns(ALL, '')).toEqual(ALL);
    expect(matchingCampaigns(ALL, '   ')).toEqual(ALL);
  });

  test('a name matches by any part, whatever the case', () => {
    expect(matchingCampaigns(ALL, ' saas ')).toEqual([SAAS]);
    expect(matchingCampaigns(ALL, 'IN')).toEqual([WEBINAR]);
  });

  test('a status or an id matches only whole', () => {
    expect(matchingCampaigns(ALL, 'active')).toEqual([SAAS, HEALTH]);
    expect(matchingCampaigns(ALL, 'activ')).toEqual([]);
    expect(matchingCampaigns(ALL, 'C-2')).toEqual([WEBINAR]);
    expect(matchingCampaigns(ALL, 'c-')).toEqual([]);
  });
});

describe('campaignCountText', () => {
  const count = (over: Partial<Parameters<typeof campaignCountText>[0]>) =>
    campaignCountText({ campaigns: ALL, chosen: 0, search: '', keySaved: true, ...over });

  test('before loading, says what to do first', () => {
    expect(count({ campaigns: null })).toBe(
      'Press Load campaigns to list your Instantly campaigns.',
    );
    expect(count({ campaigns: null, keySaved: false })).toBe(
      'Save an API key, then load your campaigns.',
    );
  });

  test('before loading, campaigns chosen earlier are counted', () => {
    expect(count({ campaigns: null, chosen: 2 })).toBe(
      '2 chosen. Press Load campaigns to list your Instantly campaigns.',
    );
  });

  test('a workspace without campaigns says so', () => {
    expect(count({ campaigns: [], chosen: 1 })).toBe(
      'This Instantly workspace has no campaigns yet.',
    );
  });

  test('without a search, counts all and the chosen', () => {
    expect(count({ chosen: 1 })).toBe('3 campaigns · 1 chosen');
    expect(count({ campaigns: [SAAS] })).toBe('1 campaign · 0 chosen');
  });

  test('with a search, counts the matches', () => {
    expect(count({ search: 'active', chosen: 2 })).toBe('2 of 3 campaigns match · 2 chosen');
  });

  test('a search that matches nothing quotes it as typed', () => {
    expect(count({ search: '  Zebra ', chosen: 1 })).toBe('No campaign matches “Zebra”. 1 chosen.');
  });
});
