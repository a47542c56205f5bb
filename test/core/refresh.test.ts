import type { DateRange } from '../../src/core/dates';
import { UserFacingError } from '../../src/core/errors';
import { selectFields } from '../../src/core/fields';
import {
  type RefreshContext,
  type RefreshOutcome,
  type RefreshServices,
  type RefreshStatus,
  recordOutcome,
  runRefresh,
} from '../../src/core/refresh';
import { buildReport, type Report } from '../../src/core/report';
import type { AnalyticsQuery } from '../../src/core/request';
import type { CampaignAnalytics } from '../../src/core/response';
import { DEFAULT_SETTINGS, type ReportSettings } from '../../src/core/settings';
import { campaign, campaignId } from './fakes';

const TODAY = '2024-03-15';
const NOW = '2024-03-15T09:30:00.000Z';

const settings = (overrides: Partial<ReportSettings> = {}): ReportSettings => ({
  ...DEFAULT_SETTINGS,
  ...overrides,
});

interface Published {
  report: Report;
  range: DateRange;
}

const ACME = { id: 'w-acme', name: 'Acme Outbound' };

/** Services that record every call, in order, and load the given campaigns (or throw). */
function services(
  load: CampaignAnalytics[] | Error | (() => CampaignAnalytics[]),
  options: {
    publishError?: unknown;
    trigger?: RefreshOutcome['trigger'];
    extraSheets?: RefreshServices['extraSheets'];
    outcomesError?: Error;
  } = {},
) {
  const calls: string[] = [];
  const outcomeRanges: DateRange[] = [];
  const queries: AnalyticsQuery[] = [];
  const published: Published[] = [];
  const fake: RefreshServices = {
    today: TODAY,
    nowIso: NOW,
    trigger: options.trigger ?? 'manual',
    workspaces: [ACME],
    loadCampaigns: (query) => {
      calls.push('load');
      queries.push(query);
      if (load instanceof Error) throw load;
      return typeof load === 'function' ? load() : load;
    },
    loadOutcomes: (campaigns, range) => {
      calls.push('outcomes');
      outcomeRanges.push(range);
      if (options.outcomesError !== undefined) throw options.outcomesError;
      return campaigns.map((row, index) => ({ ...row, total_interested: index + 1 }));
    },
    extraSheets: options.extraSheets ?? [],
    publish: (report, { range }) => {
      calls.push('publish');
      published.push({ report, range });
      if (options.publishError !== undefined) throw options.publishError;
    },
  };
  return { fake, calls, queries, published, outcomeRanges };
}

const WORKSPACE = [
  campaign(1, { campaign_name: 'Alpha' }),
  campaign(2, { campaign_name: 'Beta', campaign_status: 2 }),
  campaign(3, { campaign_name: 'Gamma', contacted_count: 0 }),
];

describe('runRefresh: the query', () => {
  test('no campaigns chosen: every campaign, no leads, the default range ending today', () => {
    const { fake, queries } = services(WORKSPACE);
    runRefresh(settings(), fake);
    expect(queries).toEqual([
      { ids: undefined, range: { start: '2024-02-15', end: '2024-03-15' }, includeLeads: false },
    ]);
  });

  test('chosen campaigns are asked for by id, in order', () => {
    const ids = [campaignId(3), campaignId(1)];
    const { fake, queries } = services(WORKSPACE);
    runRefresh(settings({ campaignIds: ids }), fake);
    expect(queries).toHaveLength(1);
    expect(queries[0].ids).toEqual(ids);
  });

  test('leads are counted only when the leads column is wanted', () => {
    const withLeads = services(WORKSPACE);
    runRefresh(settings({ includeLeads: true }), withLeads.fake);
    expect(withLeads.queries[0].includeLeads).toBe(true);

    const leadsFieldButUnchecked = services(WORKSPACE);
    runRefresh(
      settings({ fields: ['campaign_name', 'leads_count'], includeLeads: false }),
      leadsFieldButUnchecked.fake,
    );
    expect(leadsFieldButUnchecked.queries[0].includeLeads).toBe(false);
  });

  test.each<[ReportSettings['dateRange'], DateRange]>([
    ['today', { start: '2024-03-15', end: '2024-03-15' }],
    ['yesterday', { start: '2024-03-14', end: '2024-03-14' }],
    ['last_7_days', { start: '2024-03-09', end: '2024-03-15' }],
    ['this_month', { start: '2024-03-01', end: '2024-03-15' }],
    ['last_month', { start: '2024-02-01', end: '2024-02-29' }],
    ['all_time', {}],
  ])('the %s preset is resolved against today', (dateRange, range) => {
    const { fake, queries } = services(WORKSPACE);
    const outcome = runRefresh(settings({ dateRange }), fake);
    expect(queries[0].range).toEqual(range);
    expect(outcome.range).toEqual(range);
  });

  test('a custom range is used as it is', () => {
    const { fake, queries } = services(WORKSPACE);
    runRefresh(
      settings({ dateRange: 'custom', startDate: '2023-01-01', endDate: '2023-06-30' }),
      fake,
    );
    expect(queries[0].range).toEqual({ start: '2023-01-01', end: '2023-06-30' });
  });

  test('outcomes are loaded for the loaded campaigns only when an outcome column is chosen', () => {
    const plain = services(WORKSPACE);
    runRefresh(settings({ fields: ['campaign_name', 'reply_rate'] }), plain.fake);
    expect(plain.calls).toEqual(['load', 'publish']);

    for (const field of ['total_meeting_completed', 'closed_rate']) {
      const funnel = services(WORKSPACE);
      const outcome = runRefresh(
        settings({ fields: ['campaign_name', field], dateRange: 'yesterday' }),
        funnel.fake,
      );
      expect(outcome.ok).toBe(true);
      expect(funnel.calls).toEqual(['load', 'outcomes', 'publish']);
      expect(funnel.outcomeRanges).toEqual([{ start: '2024-03-14', end: '2024-03-14' }]);
    }
  });

  test('the report holds the outcomes, and a failure to load them writes nothing', () => {
    const funnel = services(WORKSPACE);
    runRefresh(settings({ fields: ['campaign_name', 'total_interested'] }), funnel.fake);
    expect(funnel.published[0].report.values).toEqual([
      ['Campaign', 'Interested'],
      ["'Alpha", 1],
      ["'Beta", 2],
      ["'Gamma", 3],
    ]);

    const failing = services(WORKSPACE, { outcomesError: new UserFacingError('Overview down') });
    const outcome = runRefresh(settings({ fields: ['interested_rate'] }), failing.fake);
    expect(outcome).toMatchObject({ ok: false, error: 'Overview down' });
    expect(failing.calls).toEqual(['load', 'outcomes']);
  });

  test('settings whose fields cannot be resolved fail before any request', () => {
    const { fake, calls } = services(WORKSPACE);
    const outcome = runRefresh(settings({ fields: ['campaign_name', 'nope'] }), fake);
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toContain('"nope"');
    expect(calls).toEqual([]);
  });
});

describe('runRefresh: success', () => {
  test('publishes the report and the range after loading', () => {
    const { fake, calls, published } = services(WORKSPACE);
    const chosen = settings({ fields: ['campaign_name', 'campaign_status', 'reply_rate'] });
    runRefresh(chosen, fake);
    expect(calls).toEqual(['load', 'publish']);
    expect(published).toHaveLength(1);
    expect(published[0].report).toEqual(
      buildReport(WORKSPACE, selectFields(['campaign_name', 'campaign_status', 'reply_rate'])),
    );
    expect(published[0].report.values).toEqual([
      ['Campaign', 'Status', 'Reply rate'],
      ["'Alpha", "'Active", 0.125],
      ["'Beta", "'Paused", 0.125],
      ["'Gamma", "'Active", ''],
    ]);
    expect(published[0].range).toEqual({ start: '2024-02-15', end: '2024-03-15' });
  });

  test('the report has the leads column in its place when leads are included', () => {
    const { fake, published } = services(WORKSPACE);
    runRefresh(settings({ includeLeads: true }), fake);
    expect(published[0].report.values[0].slice(0, 4)).toEqual([
      'Campaign',
      'Status',
      'Leads',
      'Contacted',
    ]);
    expect(published[0].report.values[1][2]).toBe(1001);
  });

  test('the outcome says ok, when, what range, which sheet, how many rows', () => {
    const { fake } = services(WORKSPACE, { trigger: 'scheduled' });
    const outcome = runRefresh(settings({ sheetName: 'Stats', dateRange: 'today' }), fake);
    expect(outcome).toEqual({
      ok: true,
      at: NOW,
      rows: 3,
      range: { start: TODAY, end: TODAY },
      sheetName: 'Stats',
      trigger: 'scheduled',
    });
    expect(outcome).not.toHaveProperty('error');
  });

  test('rows count the campaigns, not the header', () => {
    for (const count of [0, 1, 5]) {
      const rows = Array.from({ length: count }, (_, index) => campaign(index));
      const outcome = runRefresh(settings(), services(rows).fake);
      expect(outcome.ok).toBe(true);
      expect(outcome.rows).toBe(count);
    }
  });

  test('no campaigns is still a success, and publishes the header', () => {
    const { fake, published } = services([]);
    const outcome = runRefresh(settings(), fake);
    expect(outcome.ok).toBe(true);
    expect(published[0].report.values).toHaveLength(1);
  });
});

describe('runRefresh: failure', () => {
  test('a loader that throws: not ok, its message, nothing published', () => {
    const { fake, calls } = services(new UserFacingError('Instantly refused the API key.'));
    const outcome = runRefresh(settings({ sheetName: 'Stats' }), fake);
    expect(calls).toEqual(['load']);
    expect(outcome).toEqual({
      ok: false,
      at: NOW,
      rows: 0,
      range: { start: '2024-02-15', end: '2024-03-15' },
      sheetName: 'Stats',
      trigger: 'manual',
      error: 'Instantly refused the API key.',
    });
  });

  test('any error thrown while loading is caught, not only user-facing ones', () => {
    const { fake, published } = services(() => {
      throw new TypeError('x is undefined');
    });
    const outcome = runRefresh(settings(), fake);
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toBe('x is undefined');
    expect(published).toEqual([]);
  });

  test('a thrown non-error becomes its text', () => {
    const { fake } = services(() => {
      throw 'quota exceeded';
    });
    expect(runRefresh(settings(), fake).error).toBe('quota exceeded');
  });

  test('a publish that throws: not ok, its message, no rows', () => {
    const { fake, calls } = services(WORKSPACE, {
      publishError: new Error('The sheet is protected.'),
    });
    const outcome = runRefresh(settings(), fake);
    expect(calls).toEqual(['load', 'publish']);
    expect(outcome.ok).toBe(false);
    expect(outcome.rows).toBe(0);
    expect(outcome.error).toBe('The sheet is protected.');
  });
});

describe('recordOutcome', () => {
  const outcome = (ok: boolean, at: string, error?: string): RefreshOutcome => ({
    ok,
    at,
    rows: ok ? 3 : 0,
    range: {},
    sheetName: 'Stats',
    trigger: 'scheduled',
    ...(error ? { error } : {}),
  });

  test('a first success', () => {
    const success = outcome(true, 't1');
    expect(recordOutcome(undefined, success)).toEqual({
      lastSuccess: success,
      consecutiveFailures: 0,
    });
  });

  test('a first failure', () => {
    const failure = outcome(false, 't1', 'boom');
    const status = recordOutcome(undefined, failure);
    expect(status).toEqual({
      lastSuccess: undefined,
      lastFailure: failure,
      consecutiveFailures: 1,
    });
  });

  test('failures accumulate and keep the last success', () => {
    const success = outcome(true, 't1');
    let status: RefreshStatus = recordOutcome(undefined, success);
    const failures = ['t2', 't3', 't4'].map((at) => outcome(false, at, `failed at ${at}`));
    failures.forEach((failure, index) => {
      status = recordOutcome(status, failure);
      expect(status.consecutiveFailures).toBe(index + 1);
      expect(status.lastSuccess).toBe(success);
      expect(status.lastFailure).toBe(failure);
    });
  });

  test('a success resets the failures and clears the last failure', () => {
    let status: RefreshStatus = recordOutcome(undefined, outcome(true, 't1'));
    status = recordOutcome(status, outcome(false, 't2', 'a'));
    status = recordOutcome(status, outcome(false, 't3', 'b'));
    const success = outcome(true, 't4');
    status = recordOutcome(status, success);
    expect(status).toEqual({ lastSuccess: success, consecutiveFailures: 0 });
    expect(status.lastFailure).toBeUndefined();
  });

  test('does not change the previous status', () => {
    const previous: RefreshStatus = { lastSuccess: outcome(true, 't1'), consecutiveFailures: 2 };
    const copy = JSON.parse(JSON.stringify(previous));
    recordOutcome(previous, outcome(false, 't2', 'x'));
    recordOutcome(previous, outcome(true, 't3'));
    expect(previous).toEqual(copy);
  });

  test('works with runRefresh outcomes', () => {
    const failed = runRefresh(settings(), services(new Error('down')).fake);
    const succeeded = runRefresh(settings(), services(WORKSPACE).fake);
    let status = recordOutcome(undefined, failed);
    status = recordOutcome(status, failed);
    expect(status.consecutiveFailures).toBe(2);
    expect(status.lastFailure?.error).toBe('down');
    status = recordOutcome(status, succeeded);
    expect(status).toEqual({ lastSuccess: succeeded, consecutiveFailures: 0 });
  });
});

describe('runRefresh: extra sheets', () => {
  test('each is prepared from the report’s context before anything is written, then written after it', () => {
    const order: string[] = [];
    const contexts: RefreshContext[] = [];
    const sheet = (name: string) => (context: RefreshContext) => {
      order.push(`prepare ${name}`);
      contexts.push(context);
      return () => order.push(`write ${name}`);
    };
    const { fake, calls } = services(WORKSPACE, {
      extraSheets: [sheet('daily'), () => undefined, sheet('steps')],
    });
    const chosen = settings({ dateRange: 'last_7_days' });
    const outcome = runRefresh(chosen, {
      ...fake,
      publish: (...args) => {
        order.push('publish');
        fake.publish(...args);
      },
    });
    expect(outcome.ok).toBe(true);
    expect(order).toEqual([
      'prepare daily',
      'prepare steps',
      'publish',
      'write daily',
      'write steps',
    ]);
    expect(calls).toEqual(['load', 'publish']);
    expect(contexts[0].settings).toBe(chosen);
    expect(contexts[0].campaigns).toEqual(WORKSPACE);
    expect(contexts[0].range).toEqual({ start: '2024-03-09', end: '2024-03-15' });
  });

  test('a sheet that fails to prepare fails the refresh before anything is written', () => {
    const written: string[] = [];
    const { fake, calls } = services(WORKSPACE, {
      extraSheets: [
        () => () => written.push('daily'),
        () => {
          throw new UserFacingError('Instantly is having trouble (HTTP 500).');
        },
      ],
    });
    const outcome = runRefresh(settings(), fake);
    expect(outcome).toMatchObject({ ok: false, error: 'Instantly is having trouble (HTTP 500).' });
    expect(calls).toEqual(['load']);
    expect(written).toEqual([]);
  });
});
