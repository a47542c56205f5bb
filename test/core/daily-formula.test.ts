import type { HttpRequest } from '../../src/core/api-client';
import { DAILY_COUNTS } from '../../src/core/daily';
import {
  type DailyFormulaContext,
  dailyRangeArguments,
  instantlyDaily,
  MAX_DAILY_DAYS,
} from '../../src/core/daily-formula';
import { UserFacingError } from '../../src/core/errors';
import type { FormulaArguments } from '../../src/core/formula';
import {
  campaignId,
  clientOptions,
  connectedSource,
  listedCampaign,
  respondingTransport,
  response,
  withCampaignList,
} from './fakes';
import { errorOf } from './thrown';

const TODAY = '2026-03-10';

const noDates = (date: Date): string => {
  throw new Error(`toIso must not be called (got ${String(date)})`);
};

/** The message of the UserFacingError the work throws. */
function messageOf(work: () => unknown): string {
  const error = errorOf(work);
  expect(error).toBeInstanceOf(UserFacingError);
  return error.message;
}

describe('dailyRangeArguments', () => {
  const range = (start: unknown, end: unknown) => dailyRangeArguments(start, end, TODAY, noDates);

  test.each([
    ['', '', '2026-02-09', '2026-03-10'],
    ['', '2026-01-31', '2026-01-02', '2026-01-31'],
    ['2026-03-01', '', '2026-03-01', '2026-03-10'],
    ['2026-01-05', '2026-02-10', '2026-01-05', '2026-02-10'],
    ['last_7_days', '', '2026-03-04', '2026-03-10'],
    [[['yesterday']], '', '2026-03-09', '2026-03-09'],
    ['2026-03-10', '', '2026-03-10', '2026-03-10'],
  ])('start %j, end %j: %s to %s', (start, end, first, last) => {
    expect(range(start, end)).toEqual({ start: first, end: last });
  });

  test('date cells are read in the spreadsheet’s time zone', () => {
    const cell = new Date('2026-02-01T23:00:00Z');
    const toIso = (date: Date) => (date === cell ? '2026-02-02' : 'unexpected');
    expect(dailyRangeArguments(cell, '', TODAY, toIso)).toEqual({
      start: '2026-02-02',
      end: TODAY,
    });
  });

  test.each([
    [['all_time', ''], 'start_date "all_time" has no first day, which INSTANTLY_DAILY needs'],
    [['All time', ''], 'start_date "All time" has no first day'],
    [['2026-03-11', ''], 'start_date (2026-03-11) is after today (2026-03-10)'],
    [['2026-03-11', '2026-03-01'], 'start_date (2026-03-11) is after end_date (2026-03-01)'],
    [['tomorrow', ''], 'start_date "tomorrow" is not a date'],
    [['', 'soon'], 'end_date "soon" is not a date'],
    [['this_month', '2026-03-05'], 'end_date must be blank'],
  ])('%j is refused: %s', ([start, end], expected) => {
    expect(messageOf(() => range(start, end))).toContain(expected);
  });

  test(`at most ${MAX_DAILY_DAYS} days, the error naming start_date`, () => {
    expect(range('2016-03-03', '2026-03-10')).toEqual({ start: '2016-03-03', end: TODAY });
    expect(messageOf(() => range('2016-03-02', '2026-03-10'))).toBe(
      'start_date (2016-03-02) to 2026-03-10 is 3,661 days: INSTANTLY_DAILY shows at most 3,660 (ten years).',
    );
  });
});

describe('instantlyDaily', () => {
  const LISTED = [
    listedCampaign(1, { name: 'Founders' }),
    listedCampaign(2, { name: 'Agency' }),
    listedCampaign(3, { name: 'Spring draft', status: 0 }),
  ];

  /** Campaign n had n of everything on March 9th; the workspace, 6 (their sum). */
  function setup() {
    const daily = respondingTransport((request: HttpRequest) => {
      const id = new URL(request.url).searchParams.get('campaign_id');
      const n = id ? Number(id.slice(-1)) : 6;
      const counts = Object.fromEntries(DAILY_COUNTS.map(({ name }) => [name, n]));
      return response(200, [{ date: '2026-03-09', ...counts }]);
    });
    const transport = withCampaignList(daily, LISTED);
    const context: DailyFormulaContext = {
      today: TODAY,
      toIsoDate: noDates,
      dayToDate: (day) => new Date(`${day}T08:00:00Z`),
      sources: [connectedSource(clientOptions(transport))],
    };
    const run = (args: FormulaArguments) => instantlyDaily(args, context);
    return { run, daily, transport };
  }

  const at = (day: string) => new Date(`${day}T08:00:00Z`);

  test('blank campaign: the workspace per day, without reading the campaign list', () => {
    const { run, daily, transport } = setup();
    expect(run({ start_date: '2026-03-08', fields: 'sent,reply_rate' })).toEqual([
      ['Date', 'Emails sent', 'Reply rate'],
      [at('2026-03-08'), 0, ''],
      [at('2026-03-09'), 6, 1],
      [at('2026-03-10'), 0, ''],
    ]);
    expect(daily.requests).toHaveLength(1);
    expect(transport.listRequests).toEqual([]);
  });

  test('one campaign by name: its days, no campaign column', () => {
    const { run, daily } = setup();
    const table = run({ campaign: 'agency', start_date: 'yesterday', fields: 'sent' });
    expect(table).toEqual([
      ['Date', 'Emails sent'],
      [at('2026-03-09'), 2],
    ]);
    expect(new URL(daily.requests[0].url).searchParams.get('campaign_id')).toBe(campaignId(2));
  });

  test('a range: each campaign’s days in the order asked, its name first; a draft has zeros', () => {
    const { run, daily } = setup();
    const table = run({
      campaign: [['Spring draft'], [''], [campaignId(1)]],
      start_date: '2026-03-09',
      end_date: '2026-03-09',
      fields: 'unique_replies',
      include_header: false,
    });
    // The stand-in for Instantly here answers every campaign id alike; the names come from the list.
    expect(table).toEqual([
      ['Spring draft', at('2026-03-09'), 3],
      ['Founders', at('2026-03-09'), 1],
    ]);
    expect(daily.requests).toHaveLength(2);
  });

  test('an unknown campaign or field is an error before any daily request', () => {
    const { run, daily } = setup();
    expect(messageOf(() => run({ campaign: [['Founders'], ['Nobody']] }))).toContain('"Nobody"');
    expect(messageOf(() => run({ fields: 'sent,open_count' }))).toContain(
      'Unknown field "open_count"',
    );
    expect(messageOf(() => run({ start_date: 'all_time' }))).toContain('has no first day');
    expect(daily.requests).toEqual([]);
  });
});
