import { runInNewContext } from 'node:vm';
import type { DateRange } from '../../src/core/dates';
import { UserFacingError } from '../../src/core/errors';
import { DEFAULT_FIELD_NAMES, selectFields } from '../../src/core/fields';
import {
  type FormulaArguments,
  type FormulaContext,
  instantlyAnalytics,
} from '../../src/core/formula';
import type { CampaignAnalytics } from '../../src/core/response';
import { campaign, campaignId } from './fakes';

const TODAY = '2024-03-01';

const WORKSPACE = [
  campaign(1, { campaign_name: 'Alpha', contacted_count: 100, open_count_unique: 40 }),
  campaign(2, { campaign_name: 'Beta', campaign_status: 2, contacted_count: 0 }),
  campaign(3, { campaign_name: 'Gamma', campaign_status: 3 }),
];

interface Load {
  range: DateRange;
  includeLeads: boolean;
}

/** Each campaign's outcomes as the overview would give them: 10 interested per campaign number. */
const outcomesOf = (row: CampaignAnalytics) => {
  const n = WORKSPACE.findIndex((workspace) => workspace.campaign_id === row.campaign_id) + 1;
  return { total_interested: 10 * n, total_meeting_booked: 2 * n, total_closed: n };
};

function context(campaigns: readonly CampaignAnalytics[] = WORKSPACE) {
  const loads: Load[] = [];
  const outcomeLoads: { names: string[]; range: DateRange }[] = [];
  const dates: Date[] = [];
  const ctx: FormulaContext = {
    today: TODAY,
    toIsoDate: (date) => {
      dates.push(date);
      return new Date(date.getTime()).toISOString().slice(0, 10);
    },
    workspaces: [{ id: 'w-1', name: 'Acme' }],
    loadAllCampaigns: (_workspaces, range, includeLeads) => {
      loads.push({ range, includeLeads });
      return [...campaigns];
    },
    loadOutcomes: (picked, range) => {
      outcomeLoads.push({ names: picked.map((row) => row.campaign_name), range });
      return picked.map((row) => ({ ...row, ...outcomesOf(row) }));
    },
  };
  return { ctx, loads, dates, outcomeLoads };
}

const run = (args: FormulaArguments, campaigns?: readonly CampaignAnalytics[]) => {
  const { ctx, loads } = context(campaigns);
  return { table: instantlyAnalytics(args, ctx), loads };
};

describe('instantlyAnalytics', () => {
  test('no arguments: a header and the default fields for every campaign, all time', () => {
    const { table, loads } = run({});
    const fields = selectFields([]);
    expect(table[0]).toEqual(fields.map((field) => field.label));
    expect(table[0]).toEqual([
      'Campaign',
      'Status',
      'Contacted',
      'Emails sent',
      'Unique opens',
      'Open rate',
      'Unique replies',
      'Reply rate',
      'Unique link clicks',
      'Click rate',
      'Bounced',
      'Bounce rate',
      'Opportunities',
      'Opportunity value',
    ]);
    expect(table).toHaveLength(4);
    expect(table.slice(1).map((row) => row[0])).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(table[1]).toHaveLength(DEFAULT_FIELD_NAMES.length);
    expect(table[1].slice(0, 6)).toEqual(['Alpha', 'Active', 100, 500, 40, 0.4]);
    expect(table[2].slice(0, 6)).toEqual(['Beta', 'Paused', 0, 500, 100, '']);
    expect(loads).toEqual([{ range: { start: undefined, end: undefined }, includeLeads: false }]);
  });

  test('blank cells are the same as no arguments', () => {
    const blank = run({
      campaign: '',
      start_date: '',
      end_date: '',
      fields: '',
      include_header: '',
    });
    expect(blank.table).toEqual(run({}).table);
  });

  test('chosen fields, comma-separated, in the order asked', () => {
    const { table } = run({ fields: 'campaign_name, Reply_Rate,campaign_id' });
    expect(table[0]).toEqual(['Campaign', 'Reply rate', 'Campaign ID']);
    expect(table[1]).toEqual(['Alpha', 0.25, campaignId(1)]);
  });

  test('fields from a range', () => {
    const { table } = run({ fields: [['campaign_name'], ['campaign_status']] });
    expect(table).toEqual([
      ['Campaign', 'Status'],
      ['Alpha', 'Active'],
      ['Beta', 'Paused'],
      ['Gamma', 'Completed'],
    ]);
  });

  test.each([[false], ['FALSE'], ['false'], [0], [[[false]]]])(
    'include_header %p leaves out the header',
    (includeHeader) => {
      const { table } = run({ fields: 'campaign_name', include_header: includeHeader });
      expect(table).toEqual([['Alpha'], ['Beta'], ['Gamma']]);
    },
  );

  test.each([[true], ['TRUE'], [''], [undefined], [1]])(
    'include_header %p keeps it',
    (includeHeader) => {
      const { table } = run({ fields: 'campaign_name', include_header: includeHeader });
      expect(table).toEqual([['Campaign'], ['Alpha'], ['Beta'], ['Gamma']]);
    },
  );

  test('chosen campaigns by id and name, in the order asked', () => {
    const { table } = run({
      campaign: [['gamma'], [campaignId(1)], ['']],
      fields: 'campaign_name',
      include_header: false,
    });
    expect(table).toEqual([['Gamma'], ['Alpha']]);
  });

  test('a single campaign name in one cell', () => {
    const { table } = run({ campaign: 'Beta', fields: 'campaign_id', include_header: false });
    expect(table).toEqual([[campaignId(2)]]);
  });

  test('an unknown campaign is named', () => {
    expect(() => run({ campaign: 'Delta' })).toThrow(/No campaign matches "Delta"/);
  });

  test('no campaigns and no header: one blank cell', () => {
    expect(run({ include_header: false }, []).table).toEqual([['']]);
  });

  test('no campaigns with a header: just the header', () => {
    expect(run({ fields: 'campaign_name,open_rate' }, []).table).toEqual([
      ['Campaign', 'Open rate'],
    ]);
  });

  test('a relative range is resolved against today', () => {
    expect(run({ start_date: 'Last 7 days' }).loads).toEqual([
      { range: { start: '2024-02-24', end: TODAY }, includeLeads: false },
    ]);
    expect(run({ start_date: 'last_month' }).loads[0].range).toEqual({
      start: '2024-02-01',
      end: '2024-02-29',
    });
  });

  test('date cells are converted with the context toIsoDate, cross-realm too', () => {
    const { ctx, loads, dates } = context();
    const start = runInNewContext('new Date(Date.UTC(2024, 0, 15))');
    instantlyAnalytics({ start_date: start, end_date: '2024-01-31' }, ctx);
    expect(dates).toEqual([start]);
    expect(loads[0].range).toEqual({ start: '2024-01-15', end: '2024-01-31' });
  });

  test('leads are counted only when leads_count is requested', () => {
    expect(run({ fields: 'campaign_name,leads_count' }).loads[0].includeLeads).toBe(true);
    expect(run({ fields: 'LEADS_COUNT' }).loads[0].includeLeads).toBe(true);
    expect(run({ fields: 'campaign_name,new_leads_contacted_count' }).loads[0].includeLeads).toBe(
      false,
    );
    expect(run({}).loads[0].includeLeads).toBe(false);
  });

  test('loads exactly once per call', () => {
    expect(run({ campaign: [['Alpha'], ['Beta']], fields: 'leads_count' }).loads).toHaveLength(1);
  });

  describe('argument errors come before any load', () => {
    test.each<[string, FormulaArguments, RegExp]>([
      ['an unknown field', { fields: 'campaign_name,opens' }, /Unknown field "opens"/],
      ['a bad start date', { start_date: 'last week' }, /start_date "last week" is not a date/],
      ['a bad end date', { end_date: '2024-02-30' }, /end_date "2024-02-30" is not a date/],
      [
        'start after end',
        { start_date: '2024-02-01', end_date: '2024-01-01' },
        /is after end_date/,
      ],
      [
        'a relative start with an end',
        { start_date: 'today', end_date: TODAY },
        /end_date must be blank/,
      ],
      [
        'a date range',
        { start_date: [['2024-01-01', '2024-01-02']] },
        /start_date must be a single cell/,
      ],
      ['a bad include_header', { include_header: 'maybe' }, /include_header must be TRUE or FALSE/],
      [
        'an include_header range',
        { include_header: [[true], [false]] },
        /include_header must be a single cell/,
      ],
    ])('%s', (_, args, message) => {
      const { ctx, loads } = context();
      expect(() => instantlyAnalytics(args, ctx)).toThrow(message);
      expect(loads).toEqual([]);
    });

    test('date and header errors are UserFacingErrors', () => {
      const { ctx } = context();
      expect(() => instantlyAnalytics({ start_date: 'soon' }, ctx)).toThrow(UserFacingError);
      expect(() => instantlyAnalytics({ include_header: 'soon' }, ctx)).toThrow(UserFacingError);
    });
  });

  test('errors from loading reach the caller unchanged', () => {
    const failure = new UserFacingError('Instantly rejected the API key.');
    const ctx: FormulaContext = {
      today: TODAY,
      toIsoDate: () => TODAY,
      workspaces: [{ id: 'w-1', name: 'Acme' }],
      loadAllCampaigns: () => {
        throw failure;
      },
      loadOutcomes: () => {
        throw new Error('outcomes are not needed for the default fields');
      },
    };
    expect(() => instantlyAnalytics({}, ctx)).toThrow(failure);
  });
});

describe('instantlyAnalytics: the outcomes funnel', () => {
  test('the default fields load no outcomes', () => {
    const { ctx, outcomeLoads } = context();
    instantlyAnalytics({}, ctx);
    instantlyAnalytics({ fields: 'campaign_name,reply_rate,total_opportunities' }, ctx);
    expect(outcomeLoads).toEqual([]);
  });

  test('an outcome field loads the outcomes of the chosen campaigns only, for the range', () => {
    const { ctx, outcomeLoads } = context();
    const table = instantlyAnalytics(
      {
        campaign: [['Gamma'], ['alpha']],
        start_date: '2024-02-01',
        end_date: '2024-02-10',
        fields: 'campaign_name,total_interested,total_meeting_booked,total_closed',
      },
      ctx,
    );
    expect(table).toEqual([
      ['Campaign', 'Interested', 'Meetings booked', 'Closed'],
      ['Gamma', 30, 6, 3],
      ['Alpha', 10, 2, 1],
    ]);
    expect(outcomeLoads).toEqual([
      { names: ['Gamma', 'Alpha'], range: { start: '2024-02-01', end: '2024-02-10' } },
    ]);
  });

  test('outcome rates are over contacted leads, blank when none were contacted', () => {
    const { ctx, outcomeLoads } = context();
    const table = instantlyAnalytics(
      { fields: 'interested_rate,meeting_booked_rate,closed_rate', include_header: false },
      ctx,
    );
    expect(outcomeLoads).toHaveLength(1);
    // Alpha contacted 100, Beta none, Gamma the fixture's 200.
    expect(table).toEqual([
      [10 / 100, 2 / 100, 1 / 100],
      ['', '', ''],
      [30 / 200, 6 / 200, 3 / 200],
    ]);
  });

  test('a missing outcome (an overview without it) is a blank cell', () => {
    const { ctx } = context();
    const table = instantlyAnalytics(
      { campaign: 'Alpha', fields: 'total_meeting_completed', include_header: false },
      ctx,
    );
    expect(table).toEqual([['']]);
  });
});
