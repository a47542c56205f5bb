import { callUrl } from '../../src/core/api-call';
import { pickFields } from '../../src/core/fields';
import { MalformedResponseError } from '../../src/core/response';
import {
  fetchSteps,
  needsOpportunities,
  parseStepsBody,
  STEP_FIELDS,
  type StepRow,
  stepRecords,
  stepsCall,
  stepsHeader,
  stepsTableRows,
  UNATTRIBUTED,
  variantLetter,
} from '../../src/core/steps';
import {
  API_KEY,
  apiError,
  BASE_URL,
  campaignId,
  clientOptions,
  connectedSource,
  respondingTransport,
  response,
} from './fakes';

const RANGE = { start: '2024-01-01', end: '2024-01-31' };

const row = (
  step: string | null,
  variant: string | null,
  counts: Record<string, number> = {},
): StepRow => ({ step, variant, counts });

/** A step row as the API sends it, every required field present. */
const apiRow = (step: string | null, variant: string | null, sent: number, replies: number) => ({
  step,
  variant,
  sent,
  opened: 2 * replies,
  unique_opened: replies + 1,
  replies,
  unique_replies: replies,
  replies_automatic: 0,
  unique_replies_automatic: 0,
  clicks: 1,
  unique_clicks: 1,
});

const fields = (...names: string[]) => pickFields(STEP_FIELDS, names);

describe('the steps catalog', () => {
  test('the workspace, step and variant, every count, and rates over the emails sent', () => {
    expect(STEP_FIELDS.all.map((field) => field.name)).toEqual([
      'workspace_name',
      'step',
      'variant',
      'sent',
      'opened',
      'unique_opened',
      'replies',
      'unique_replies',
      'replies_automatic',
      'unique_replies_automatic',
      'clicks',
      'unique_clicks',
      'opportunities',
      'unique_opportunities',
      'meetings_booked',
      'won',
      'open_rate',
      'reply_rate',
      'click_rate',
    ]);
    const rates = STEP_FIELDS.all.filter((field) => field.kind === 'rate');
    expect(rates).toEqual([
      expect.objectContaining({ numerator: 'unique_opened', denominator: 'sent' }),
      expect.objectContaining({ numerator: 'unique_replies', denominator: 'sent' }),
      expect.objectContaining({ numerator: 'unique_clicks', denominator: 'sent' }),
    ]);
    const labels = STEP_FIELDS.all.map((field) => field.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  test('the defaults are offered and ask for no opportunity counts', () => {
    const defaults = pickFields(STEP_FIELDS, []);
    expect(defaults.map((field) => field.name)).toEqual(STEP_FIELDS.defaults);
    expect(needsOpportunities(defaults)).toBe(false);
  });

  test.each(['opportunities', 'unique_opportunities', 'meetings_booked', 'won'])(
    '%s needs the opportunity counts',
    (name) => {
      expect(needsOpportunities(fields('step', name))).toBe(true);
    },
  );

  test('an unknown field lists the valid ones', () => {
    expect(() => fields('reply_count')).toThrow(
      /Unknown field "reply_count".*Valid fields: workspace_name, step, variant, sent/,
    );
  });
});

describe('stepsCall', () => {
  test('the workspace: dates only, no campaign and no opportunity counting', () => {
    const call = stepsCall({ range: RANGE, includeOpportunities: false });
    expect(callUrl(BASE_URL, call)).toBe(
      `${BASE_URL}/api/v2/campaigns/analytics/steps?start_date=2024-01-01&end_date=2024-01-31`,
    );
  });

  test('one campaign, with opportunity counting when asked for', () => {
    const call = stepsCall({ campaignId: campaignId(7), range: {}, includeOpportunities: true });
    expect(call.params).toEqual([
      ['campaign_id', campaignId(7)],
      ['include_opportunities_count', 'true'],
    ]);
  });
});

describe('parseStepsBody', () => {
  test('reads each row, the opportunity counts when present, nulls kept', () => {
    const body = JSON.stringify([
      { ...apiRow('0', '1', 50, 4), opportunities: 2, won: 1, extra: 'ignored' },
      apiRow(null, null, 0, 1),
    ]);
    const [first, second] = parseStepsBody(body);
    expect(first).toEqual({
      step: '0',
      variant: '1',
      counts: {
        sent: 50,
        opened: 8,
        unique_opened: 5,
        replies: 4,
        unique_replies: 4,
        replies_automatic: 0,
        unique_replies_automatic: 0,
        clicks: 1,
        unique_clicks: 1,
        opportunities: 2,
        won: 1,
      },
    });
    expect(second.step).toBeNull();
    expect(second.variant).toBeNull();
  });

  test.each([
    ['not JSON', '<html>', /not JSON/],
    ['an object', '{"step":"0"}', /expected a list of steps/],
    ['a row that is a list', '[[1]]', /step 1 is not an object/],
    [
      'a count that is text',
      JSON.stringify([{ ...apiRow('0', '0', 1, 1), sent: '12' }]),
      /sent of step 1/,
    ],
    [
      'a step that is a number',
      JSON.stringify([{ ...apiRow('0', '0', 1, 1), step: 0 }]),
      /step of step 1/,
    ],
    ['a missing variant', JSON.stringify([{ step: '0', sent: 1 }]), /variant of step 1/],
    ['an infinite count', '[{"step":"0","variant":"0","sent":1e999}]', /sent of step 1/],
  ])('%s is a clear error', (_, body, message) => {
    expect(() => parseStepsBody(body)).toThrow(MalformedResponseError);
    expect(() => parseStepsBody(body)).toThrow(message);
  });
});

describe('variantLetter', () => {
  test.each([
    ['0', 'A'],
    ['1', 'B'],
    ['25', 'Z'],
    ['26', 'AA'],
    ['27', 'AB'],
    ['701', 'ZZ'],
    ['702', 'AAA'],
  ])('%s is %s', (variant, letter) => {
    expect(variantLetter(variant)).toBe(letter);
  });

  test('a variant that is not a number is shown as it is', () => {
    expect(variantLetter('control')).toBe('control');
  });
});

describe('stepRecords', () => {
  test('sorted by step then variant as numbers, variants as letters, the step as a number', () => {
    const records = stepRecords([
      row('10', '0', { sent: 1 }),
      row('2', '1', { sent: 2 }),
      row('2', '0', { sent: 3 }),
      row('1', '10', { sent: 4 }),
      row('1', '2', { sent: 5 }),
    ]);
    expect(records.map((record) => [record.step, record.variant, record.sent])).toEqual([
      [1, 'C', 5],
      [1, 'K', 4],
      [2, 'A', 3],
      [2, 'B', 2],
      [10, 'A', 1],
    ]);
  });

  test('every row without a step or a variant is added up into one Unattributed row, last', () => {
    const records = stepRecords([
      row(null, null, { replies: 2, unique_replies: 1 }),
      row('0', '0', { sent: 10, replies: 1 }),
      row('1', null, { replies: 3, sent: 4 }),
      row(null, '0', { replies: 5 }),
    ]);
    expect(records).toEqual([
      { step: 0, variant: 'A', sent: 10, replies: 1 },
      { step: UNATTRIBUTED, variant: '', replies: 10, unique_replies: 1, sent: 4 },
    ]);
  });

  test('the same step and variant twice is one row of their sums', () => {
    expect(stepRecords([row('0', '1', { sent: 2 }), row('0', '1', { sent: 3 })])).toEqual([
      { step: 0, variant: 'B', sent: 5 },
    ]);
  });

  test('steps that are not numbers come after numbered ones, in text order', () => {
    const records = stepRecords([row('b', '0'), row('3', '0'), row('a', 'x')]);
    expect(records.map((record) => [record.step, record.variant])).toEqual([
      [3, 'A'],
      ['a', 'x'],
      ['b', 'A'],
    ]);
  });

  test('no rows, no records', () => {
    expect(stepRecords([])).toEqual([]);
  });
});

describe('stepsTableRows', () => {
  const blocks = [
    {
      workspaceName: 'Acme',
      rows: [
        row(null, null, { unique_replies: 1 }),
        row('0', '0', { sent: 200, unique_replies: 10 }),
      ],
    },
    { workspaceName: 'Globex', rows: [row('0', '1', { sent: 0, unique_replies: 0 })] },
  ];

  test('rates over sent, blank when nothing was sent', () => {
    expect(stepsTableRows(blocks, fields('step', 'variant', 'reply_rate'))).toEqual([
      [0, 'A', 0.05],
      [UNATTRIBUTED, '', ''],
      [0, 'B', ''],
    ]);
  });

  test('with names, each block starts with its name', () => {
    expect(stepsTableRows(blocks, fields('step', 'variant'), ['North', 'South'])).toEqual([
      ['North', 0, 'A'],
      ['North', UNATTRIBUTED, ''],
      ['South', 0, 'B'],
    ]);
  });

  test('the workspace comes first, before the names, whatever its place among the fields', () => {
    expect(stepsTableRows(blocks, fields('step', 'workspace_name'), ['North', 'South'])).toEqual([
      ['Acme', 'North', 0],
      ['Acme', 'North', UNATTRIBUTED],
      ['Globex', 'South', 0],
    ]);
    expect(stepsHeader(fields('step', 'workspace_name'), true)).toEqual([
      'Workspace',
      'Campaign',
      'Step',
    ]);
  });
});

describe('fetchSteps', () => {
  const answering = () =>
    respondingTransport((request) => {
      const id = new URL(request.url).searchParams.get('campaign_id');
      if (id === campaignId(9)) return apiError(404, 'Not Found', 'Campaign not found');
      return response(200, [apiRow('0', '0', id ? Number(id.slice(-2)) : 100, 1)]);
    });

  test('no campaigns: one request for the workspace', () => {
    const transport = answering();
    const source = connectedSource(clientOptions(transport));
    const [block, ...others] = fetchSteps([{ source }], RANGE, false);
    expect(others).toEqual([]);
    expect(block.rows[0].counts.sent).toBe(100);
    expect(transport.requests).toHaveLength(1);
    expect(new URL(transport.requests[0].url).searchParams.has('campaign_id')).toBe(false);
    expect(transport.requests[0].headers.Authorization).toBe(`Bearer ${API_KEY}`);
  });

  test('a block per campaign, in order, each asked once and then served from the cache', () => {
    const transport = answering();
    const source = connectedSource(clientOptions(transport));
    const ids = [campaignId(2), campaignId(1)];
    const blocks = fetchSteps(
      ids.map((campaignId) => ({ source, campaignId })),
      RANGE,
      true,
    );
    expect(blocks.map((block) => block.rows[0].counts.sent)).toEqual([2, 1]);
    fetchSteps(
      ids.map((campaignId) => ({ source, campaignId })),
      RANGE,
      true,
    );
    expect(transport.requests).toHaveLength(2);
    for (const request of transport.requests) {
      expect(new URL(request.url).searchParams.get('include_opportunities_count')).toBe('true');
    }
  });

  test('a campaign Instantly does not know fails the whole fetch', () => {
    const source = connectedSource(clientOptions(answering()));
    expect(() =>
      fetchSteps(
        [campaignId(1), campaignId(9)].map((id) => ({ source, campaignId: id })),
        RANGE,
        false,
      ),
    ).toThrow(/could not find one of the campaigns/);
  });
});
