/**
 * The add-on against Prism serving the repository's OpenAPI description: every request it
 * makes passes Prism's validation, and it copes with Prism's examples and generated data.
 */
import type { AppsScriptRuntime } from '../../dev/runtime';
import { addonAgainst, type PrismMock, startPrism, violations } from '../support/prism';

const KEY = 'contract-test-key-0123456789';
const CAMPAIGN_IDS = [
  '019e18e2-a525-762d-b9c9-04b5925c9ef6',
  '019e18e2-a525-762d-b9c9-04b674a9549d',
];

/** Every kind of request the add-on sends: formulas, the sidebar, the key check. */
function exerciseEveryRequest(runtime: AppsScriptRuntime): unknown[][][] {
  const tables = [
    runtime.callAsCustomFunction('INSTANTLY_ANALYTICS'),
    runtime.callAsCustomFunction('INSTANTLY_ANALYTICS', '', '2026-01-01', '2026-01-31'),
    runtime.callAsCustomFunction(
      'INSTANTLY_ANALYTICS',
      '',
      'last_7_days',
      '',
      'campaign_name,leads_count,reply_rate',
    ),
  ] as unknown[][][];
  runtime.callFromClient('refreshNow', {
    dateRange: 'this_month',
    campaignIds: CAMPAIGN_IDS,
    includeLeads: true,
  });
  runtime.callFromClient('refreshNow', { dateRange: 'yesterday' });
  runtime.callFromClient('saveApiKeyFromSidebar', KEY);
  return tables;
}

describe.each([
  ['examples', false],
  ['generated responses (-d)', true],
])('Prism with %s', (_, dynamic) => {
  let prism: PrismMock;
  beforeAll(async () => {
    prism = await startPrism({ dynamic });
  });
  afterAll(() => prism.stop());

  test('every request the add-on makes passes validation', async () => {
    const runtime = addonAgainst(prism, KEY);
    exerciseEveryRequest(runtime);
    const results = await violations(prism, runtime);
    expect(results.length).toBeGreaterThanOrEqual(6);
    expect(results.filter((result) => result.status !== 200 || result.violations !== null)).toEqual(
      [],
    );
    expect(results.some((result) => result.url.includes('ids='))).toBe(true);
    expect(results.some((result) => !result.url.includes('exclude_total_leads_count'))).toBe(true);
  });

  test('responses become rectangular tables of plain values', () => {
    const runtime = addonAgainst(prism, KEY);
    for (const table of exerciseEveryRequest(runtime)) {
      // Generated lists may be empty; the examples always hold a campaign.
      expect(table.length).toBeGreaterThanOrEqual(dynamic ? 1 : 2);
      const width = table[0].length;
      for (const row of table) {
        expect(row).toHaveLength(width);
        for (const cell of row) expect(['string', 'number', 'boolean']).toContain(typeof cell);
      }
      for (const row of table.slice(1)) expect(typeof row[0]).toBe('string');
    }
  });
});

test('Prism flags a request that breaks the contract, so the check above can fail', async () => {
  const prism = await startPrism({ dynamic: false });
  try {
    const response = await fetch(`${prism.url}/api/v2/campaigns/analytics?ids=a,b`, {
      headers: { Authorization: `Bearer ${KEY}` },
    });
    expect(response.headers.get('sl-violations')).toContain('uuid');
  } finally {
    await prism.stop();
  }
});
