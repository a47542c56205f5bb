/**
 * The add-on against Prism serving the repository's OpenAPI description: every request it
 * makes (the analytics, the campaign list and the workspace a key belongs to) passes Prism's
 * validation, and it copes with Prism's examples and generated data.
 */
import type { AppsScriptRuntime } from '../../dev/runtime';
import { ANALYTICS_PATH, CAMPAIGNS_PATH, WORKSPACE_PATH } from '../../dev/standin/server';
import type { RefreshResult } from '../../src/core/refresh';
import {
  addonAgainst,
  CONTRACT_KEY,
  PRISM_MODES,
  prismVerdicts,
  usePrism,
} from '../support/contract';
import { startPrism } from '../support/prism';

/** The description's examples: a campaign in the analytics, and one in the campaign list. */
const CAMPAIGN_IDS = [
  '019ffad2-9ba1-7bc9-8d59-2dc1d3f0cbdd',
  '019ffad2-5c4b-761a-9bc4-0599e8a95bea',
];

/** Every kind of request the add-on sends: formulas, refreshes, the key check. */
function exerciseEveryRequest(runtime: AppsScriptRuntime) {
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
  const chosen = runtime.callFromClient('refreshNow', {
    dateRange: 'this_month',
    campaignIds: CAMPAIGN_IDS,
    includeLeads: true,
  }) as RefreshResult;
  const all = runtime.callFromClient('refreshNow', { dateRange: 'yesterday' }) as RefreshResult;
  const key = runtime.callFromClient('saveApiKeyFromSidebar', CONTRACT_KEY) as {
    ok: boolean;
    workspaces: { name: string }[];
  };
  return { tables, chosen: chosen.outcome, all: all.outcome, key };
}

describe.each(PRISM_MODES)('Prism with %s', (_, dynamic) => {
  const prism = usePrism(dynamic);

  test('every request the add-on makes passes validation', async () => {
    const { runtime } = addonAgainst(prism());
    exerciseEveryRequest(runtime);
    const results = await prismVerdicts(prism(), runtime.fetches);
    expect(results.filter((result) => result.status !== 200 || result.violations !== null)).toEqual(
      [],
    );
    const analytics = results.filter((result) => result.url.startsWith(`${ANALYTICS_PATH}?`));
    // Three formulas and two refreshes (the key is checked with workspaces/current).
    expect(analytics.length).toBeGreaterThanOrEqual(5);
    expect(analytics.some((result) => result.url.includes('ids='))).toBe(true);
    expect(analytics.some((result) => !result.url.includes('exclude_total_leads_count'))).toBe(
      true,
    );
    expect(results.some((result) => result.url.startsWith(`${CAMPAIGNS_PATH}?limit=100`))).toBe(
      true,
    );
    // The first version's key identified by Refresh now, and the key saved again: each one
    // request for the workspace it belongs to.
    expect(results.filter((result) => result.url === WORKSPACE_PATH)).toHaveLength(2);
  });

  test('responses become rectangular tables of plain values, and reports', () => {
    const { tables, chosen, all, key } = exerciseEveryRequest(addonAgainst(prism()).runtime);
    // The workspace object names the connection (one: the same workspace, identified twice).
    expect(key.ok).toBe(true);
    expect(key.workspaces).toHaveLength(1);
    expect(typeof key.workspaces[0].name).toBe('string');
    for (const table of tables) {
      // Generated lists may be empty; the examples always hold a campaign.
      expect(table.length).toBeGreaterThanOrEqual(dynamic ? 1 : 2);
      const width = table[0].length;
      for (const row of table) {
        expect(row).toHaveLength(width);
        for (const cell of row) expect(['string', 'number', 'boolean']).toContain(typeof cell);
      }
      for (const row of table.slice(1)) expect(typeof row[0]).toBe('string');
    }
    expect(all).toMatchObject({ ok: true });
    // Generated ids are random, so only the examples hold the chosen campaigns.
    if (!dynamic) expect(chosen).toMatchObject({ ok: true, rows: CAMPAIGN_IDS.length });
  });
});

test('Prism flags a request that breaks the contract, so the check above can fail', async () => {
  const prism = await startPrism({ dynamic: false });
  try {
    const response = await fetch(`${prism.url}/api/v2/campaigns/analytics?ids=a,b`, {
      headers: { Authorization: `Bearer ${CONTRACT_KEY}` },
    });
    expect(response.headers.get('sl-violations')).toContain('uuid');
  } finally {
    await prism.stop();
  }
});
