/**
 * The steps and overview endpoints against Prism serving the repository's v2 description: every
 * request INSTANTLY_STEPS, INSTANTLY_OVERVIEW, the outcome columns and the steps sheet make
 * passes Prism's validation, and the add-on copes with Prism's examples and generated data.
 */
import type { AppsScriptRuntime } from '../../dev/runtime';
import type { CampaignOption } from '../../src/core/sidebar-api';
import {
  addonAgainst,
  CONTRACT_KEY,
  PRISM_MODES,
  prismVerdicts,
  usePrism,
} from '../support/contract';
import { type PrismMock, startPrism } from '../support/prism';

const STEPS = '/api/v2/campaigns/analytics/steps';
const OVERVIEW = '/api/v2/campaigns/analytics/overview';

/**
 * Campaigns the formulas can name: those of the mock's campaign list (cached by the add-on, so
 * formulas resolve them; the sidebar's options also hold analytics-only rows, which do not).
 * Generated lists may be empty: another runtime asks again.
 */
function addonWithCampaigns(prism: PrismMock): {
  runtime: AppsScriptRuntime;
  listed: CampaignOption[];
} {
  for (let attempt = 0; attempt < 10; attempt++) {
    const { runtime } = addonAgainst(prism);
    const options = runtime.callFromClient('listCampaigns') as CampaignOption[];
    const distinct = options.filter(
      (option, index) => options.findIndex((other) => other.id === option.id) === index,
    );
    const listed = distinct.filter((option) => resolves(runtime, option.id));
    if (listed.length > 0) return { runtime, listed };
  }
  throw new Error('Prism listed no campaign in 10 attempts');
}

function resolves(runtime: AppsScriptRuntime, id: string): boolean {
  try {
    runtime.callAsCustomFunction('INSTANTLY_OVERVIEW', id);
    return true;
  } catch {
    return false;
  }
}

/** Every form of request the new functions and sheets send. */
function exerciseEveryRequest(runtime: AppsScriptRuntime, listed: CampaignOption[]): unknown[][][] {
  const [first, second = first] = listed;
  const steps = (...args: unknown[]) => runtime.callAsCustomFunction('INSTANTLY_STEPS', ...args);
  const overview = (...args: unknown[]) =>
    runtime.callAsCustomFunction('INSTANTLY_OVERVIEW', ...args);
  const tables = [
    steps(),
    steps('', '2026-01-01', '2026-01-31', 'step,variant,opportunities,won,reply_rate'),
    steps(first.id, 'last_7_days'),
    steps([[first.id], [second.name]]),
    overview(),
    overview(first.name, '2026-01-01', '2026-01-31'),
    overview([[first.id, second.id]], 'this_month', '', 'total_interested,closed_rate'),
    runtime.callAsCustomFunction(
      'INSTANTLY_ANALYTICS',
      '',
      'last_30_days',
      '',
      'campaign_name,total_interested,total_meeting_booked,total_meeting_completed,total_closed,interested_rate',
    ),
  ] as unknown[][][];
  const outcomes = ['campaign_name', 'total_interested', 'closed_rate'];
  runtime.callFromClient('refreshNow', {
    dateRange: 'yesterday',
    stepsSheet: true,
    fields: outcomes,
  });
  runtime.callFromClient('refreshNow', {
    dateRange: 'last_month',
    campaignIds: [first.id],
    stepsSheet: true,
    fields: outcomes,
  });
  return tables;
}

const pathOf = (url: string) => new URL(url, 'http://prism').pathname;
const queryOf = (url: string) => new URL(url, 'http://prism').searchParams;

describe.each(PRISM_MODES)('Prism with %s', (_, dynamic) => {
  const prism = usePrism(dynamic);

  test('every steps and overview request passes validation', async () => {
    const { runtime, listed } = addonWithCampaigns(prism());
    exerciseEveryRequest(runtime, listed);
    const results = await prismVerdicts(prism(), runtime.fetches);
    expect(results.filter((result) => result.status !== 200 || result.violations !== null)).toEqual(
      [],
    );
    const steps = results.filter((result) => pathOf(result.url) === STEPS).map((r) => r.url);
    const overview = results.filter((result) => pathOf(result.url) === OVERVIEW).map((r) => r.url);
    // Each form was sent: the workspace, a campaign, opportunity counts, ids alone and together.
    expect(steps.some((url) => !queryOf(url).has('campaign_id'))).toBe(true);
    expect(steps.some((url) => queryOf(url).get('campaign_id') === listed[0].id)).toBe(true);
    expect(steps.some((url) => queryOf(url).get('include_opportunities_count') === 'true')).toBe(
      true,
    );
    expect(overview.some((url) => queryOf(url).getAll('ids').length === 0)).toBe(true);
    expect(overview.some((url) => queryOf(url).getAll('ids').length === 1)).toBe(true);
    if (listed.length > 1) {
      expect(overview.some((url) => queryOf(url).getAll('ids').length === 2)).toBe(true);
    }
  });

  test('responses become rectangular tables of plain values', () => {
    const { runtime, listed } = addonWithCampaigns(prism());
    for (const table of exerciseEveryRequest(runtime, listed)) {
      expect(table.length).toBeGreaterThanOrEqual(1);
      const width = table[0].length;
      for (const row of table) {
        expect(row).toHaveLength(width);
        for (const cell of row) expect(['string', 'number', 'boolean']).toContain(typeof cell);
      }
    }
  });
});

test('Prism accepts repeated ids and flags requests that break the contract', async () => {
  const prism = await startPrism({ dynamic: false });
  try {
    const headers = { Authorization: `Bearer ${CONTRACT_KEY}` };
    const ids = ['019e18e2-a525-762d-b9c9-04b5925c9ef6', '019e18e2-a525-762d-b9c9-04b674a9549d'];
    const repeated = await fetch(`${prism.url}${OVERVIEW}?ids=${ids[0]}&ids=${ids[1]}`, {
      headers,
    });
    expect([repeated.status, repeated.headers.get('sl-violations')]).toEqual([200, null]);
    for (const url of [`${STEPS}?campaign_id=not-a-uuid`, `${OVERVIEW}?ids=a,b`]) {
      const response = await fetch(`${prism.url}${url}`, { headers });
      expect(response.headers.get('sl-violations')).toContain('uuid');
    }
  } finally {
    await prism.stop();
  }
});
