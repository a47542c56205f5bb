import { callUrl } from '../../src/core/api-call';
import {
  OUTCOME_FIELDS,
  OUTCOME_RATE_FIELDS,
  pickFields,
  RATE_FIELDS,
} from '../../src/core/fields';
import {
  addOverviews,
  fetchOverviews,
  OVERVIEW_COUNT_FIELDS,
  OVERVIEW_FIELDS,
  overviewCall,
  overviewCalls,
  parseOverviewBody,
  withOutcomes,
} from '../../src/core/overview';
import { MAX_URL_LENGTH } from '../../src/core/request';
import { MalformedResponseError } from '../../src/core/response';
import {
  apiError,
  BASE_URL,
  campaign,
  campaignId,
  clientOptions,
  connectedSource,
  respondingTransport,
  response,
} from './fakes';

const RANGE = { start: '2024-01-01', end: '2024-01-31' };

/** The overview's properties in the contract (test/contract/instantly-analytics-v2.openapi.yaml). */
const CONTRACT_PROPERTIES = [
  'open_count',
  'open_count_unique',
  'open_count_unique_by_step',
  'link_click_count',
  'link_click_count_unique',
  'link_click_count_unique_by_step',
  'reply_count',
  'reply_count_unique',
  'reply_count_unique_by_step',
  'reply_count_automatic',
  'reply_count_automatic_unique',
  'reply_count_automatic_unique_by_step',
  'bounced_count',
  'unsubscribed_count',
  'completed_count',
  'emails_sent_count',
  'contacted_count',
  'new_leads_contacted_count',
  'total_opportunities',
  'total_opportunity_value',
  'total_interested',
  'total_meeting_booked',
  'total_meeting_completed',
  'total_closed',
];

/** A whole overview body whose every count is `n`. */
const overviewBody = (n: number) =>
  Object.fromEntries(CONTRACT_PROPERTIES.map((name) => [name, n]));

const idsOf = (url: string) => new URL(url).searchParams.getAll('ids');

describe('the overview catalog', () => {
  test('the workspace, every field of the response, then the rates over contacted leads', () => {
    const counts = OVERVIEW_COUNT_FIELDS.map((field) => field.name);
    expect([...counts].sort()).toEqual([...CONTRACT_PROPERTIES].sort());
    expect(OVERVIEW_FIELDS.all[0].name).toBe('workspace_name');
    expect(OVERVIEW_FIELDS.all.slice(counts.length + 1)).toEqual([
      ...RATE_FIELDS,
      ...OUTCOME_RATE_FIELDS,
    ]);
    for (const rate of OUTCOME_RATE_FIELDS) expect(rate.denominator).toBe('contacted_count');
  });

  test('the outcomes read as a person says them', () => {
    expect(OUTCOME_FIELDS.map((field) => field.label)).toEqual([
      'Interested',
      'Meetings booked',
      'Meetings completed',
      'Closed',
    ]);
  });

  test('the defaults are valid fields; names and labels are unique', () => {
    expect(pickFields(OVERVIEW_FIELDS, []).map((field) => field.name)).toEqual(
      OVERVIEW_FIELDS.defaults,
    );
    const labels = OVERVIEW_FIELDS.all.map((field) => field.label);
    expect(new Set(labels).size).toBe(labels.length);
  });
});

describe('overviewCalls', () => {
  test('the workspace: one call with the dates and no ids', () => {
    const calls = overviewCalls(BASE_URL, undefined, RANGE);
    expect(calls.map((call) => callUrl(BASE_URL, call))).toEqual([
      `${BASE_URL}/api/v2/campaigns/analytics/overview?start_date=2024-01-01&end_date=2024-01-31`,
    ]);
  });

  test('a selection that fits one URL: one call, each id once, repeated as ids', () => {
    const ids = [campaignId(3), campaignId(1), campaignId(3)];
    const [call, ...others] = overviewCalls(BASE_URL, ids, {});
    expect(others).toEqual([]);
    expect(idsOf(callUrl(BASE_URL, call))).toEqual([campaignId(3), campaignId(1)]);
  });

  test('a selection too long for one URL: as few calls as hold it, each within the limit', () => {
    const ids = Array.from({ length: 200 }, (_, index) => campaignId(index + 1));
    const urls = overviewCalls(BASE_URL, ids, RANGE).map((call) => callUrl(BASE_URL, call));
    const perUrl = idsOf(urls[0]).length;
    expect(urls).toHaveLength(Math.ceil(200 / perUrl));
    expect(urls.length).toBeGreaterThan(1);
    for (const url of urls) {
      expect(url.length).toBeLessThanOrEqual(MAX_URL_LENGTH);
      expect(new URL(url).searchParams.get('start_date')).toBe('2024-01-01');
    }
    // One more id would not have fitted: the calls are as few as can be.
    const fuller = overviewCall([...idsOf(urls[0]), campaignId(999)], RANGE);
    expect(callUrl(BASE_URL, fuller).length).toBeGreaterThan(MAX_URL_LENGTH);
    expect(urls.flatMap(idsOf)).toEqual(ids);
  });
});

describe('parseOverviewBody', () => {
  test('reads every field; unknown ones are left out, missing ones absent', () => {
    const body = { ...overviewBody(3), total_opportunity_value: 12.5, surprise: 'x' };
    delete (body as Record<string, unknown>).total_meeting_completed;
    const overview = parseOverviewBody(JSON.stringify(body));
    expect(overview.total_interested).toBe(3);
    expect(overview.total_opportunity_value).toBe(12.5);
    expect('total_meeting_completed' in overview).toBe(false);
    expect('surprise' in overview).toBe(false);
  });

  test.each([
    ['not JSON', 'oops', /not JSON/],
    ['a list', '[]', /expected the overview object/],
    ['null', 'null', /expected the overview object/],
    ['an outcome that is text', '{"total_closed":"4"}', /total_closed of the overview/],
  ])('%s is a clear error', (_, body, message) => {
    expect(() => parseOverviewBody(body)).toThrow(MalformedResponseError);
    expect(() => parseOverviewBody(body)).toThrow(message);
  });
});

describe('addOverviews', () => {
  test('adds each field up; a field some parts lack adds the others', () => {
    expect(
      addOverviews([
        { contacted_count: 10, total_closed: 1 },
        { contacted_count: 5 },
        { contacted_count: 1, total_closed: 2 },
      ]),
    ).toEqual({ contacted_count: 16, total_closed: 3 });
    expect(addOverviews([])).toEqual({});
  });
});

describe('fetchOverviews', () => {
  /** Answers each call with `n` per id asked (100 for the workspace). */
  const perId = () =>
    respondingTransport((request) => {
      const ids = idsOf(request.url);
      return response(200, overviewBody(ids.length === 0 ? 100 : ids.length));
    });

  test('the workspace: one request', () => {
    const transport = perId();
    const source = connectedSource(clientOptions(transport));
    expect(fetchOverviews([{ source }], RANGE)[0].contacted_count).toBe(100);
    expect(transport.requests).toHaveLength(1);
  });

  test('a long selection: its parts added up, never the workspace total', () => {
    const transport = perId();
    const source = connectedSource(clientOptions(transport));
    const ids = Array.from({ length: 150 }, (_, index) => campaignId(index + 1));
    const overview = fetchOverviews([{ source, ids: ids }], RANGE)[0];
    expect(overview.contacted_count).toBe(150);
    expect(transport.requests.length).toBeGreaterThan(1);
    expect(transport.requests.every((request) => idsOf(request.url).length > 0)).toBe(true);
  });

  test('a failing part fails the whole', () => {
    let calls = 0;
    const transport = respondingTransport(() =>
      ++calls === 2 ? apiError(402, 'Payment Required', 'No plan') : response(200, overviewBody(1)),
    );
    const source = connectedSource(clientOptions(transport));
    const ids = Array.from({ length: 150 }, (_, index) => campaignId(index + 1));
    expect(() => fetchOverviews([{ source, ids: ids }], RANGE)[0]).toThrow(/no active paid plan/);
  });
});

describe('withOutcomes', () => {
  const byCampaign = () =>
    respondingTransport((request) => {
      const [id] = idsOf(request.url);
      const n = Number.parseInt(id.slice(-4), 16);
      return response(200, { ...overviewBody(999), total_interested: n, total_closed: 0 });
    });

  test('one request per campaign, only the outcomes merged into each row', () => {
    const transport = byCampaign();
    const source = connectedSource(clientOptions(transport));
    const rows = [campaign(2, { contacted_count: 40 }), campaign(5)];
    const merged = withOutcomes([source], rows, RANGE);
    expect(merged).toEqual([
      {
        ...rows[0],
        total_interested: 2,
        total_meeting_booked: 999,
        total_meeting_completed: 999,
        total_closed: 0,
      },
      {
        ...rows[1],
        total_interested: 5,
        total_meeting_booked: 999,
        total_meeting_completed: 999,
        total_closed: 0,
      },
    ]);
    expect(transport.requests.map((request) => idsOf(request.url))).toEqual([
      [campaignId(2)],
      [campaignId(5)],
    ]);
  });

  test('cached: the same campaigns and range again cost no request', () => {
    const transport = byCampaign();
    const source = connectedSource(clientOptions(transport));
    withOutcomes([source], [campaign(1), campaign(2)], RANGE);
    withOutcomes([source], [campaign(2), campaign(1)], RANGE);
    expect(transport.requests).toHaveLength(2);
    withOutcomes([source], [campaign(1)], { start: '2024-02-01' });
    expect(transport.requests).toHaveLength(3);
  });

  test('no campaigns, no requests', () => {
    const transport = byCampaign();
    const source = connectedSource(clientOptions(transport));
    expect(withOutcomes([source], [], RANGE)).toEqual([]);
    expect(transport.requests).toHaveLength(0);
  });
});
