import { runInNewContext } from 'node:vm';
import {
  booleanArgument,
  cellsAsText,
  dateRangeArguments,
  isDate,
  listArgument,
} from '../../src/core/arguments';
import { UserFacingError } from '../../src/core/errors';

const TODAY = '2024-03-01';

/** A toIso that records what it was given and answers from a table, like a time-zone formatter. */
function recordingToIso(answers: Record<number, string> = {}) {
  const seen: Date[] = [];
  const toIso = (date: Date) => {
    seen.push(date);
    const answer = answers[date.getTime()];
    if (answer === undefined) throw new Error(`unexpected date ${date.getTime()}`);
    return answer;
  };
  return { toIso, seen };
}

const noDates = (date: Date): string => {
  throw new Error(`toIso must not be called (got ${String(date)})`);
};

const range = (start: unknown, end: unknown, today = TODAY) =>
  dateRangeArguments(start, end, today, noDates);

function messageOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(UserFacingError);
    return (error as Error).message;
  }
  throw new Error('expected a UserFacingError');
}

describe('isDate', () => {
  test('recognises dates from this realm and from another one', () => {
    const foreign = runInNewContext('new Date(0)');
    expect(foreign instanceof Date).toBe(false); // why isDate cannot use instanceof
    expect(isDate(foreign)).toBe(true);
    expect(isDate(new Date(0))).toBe(true);
  });

  test.each([['2024-01-01'], [0], [null], [undefined], [{ getTime: () => 0 }], [[new Date(0)]]])(
    'rejects %p',
    (value) => {
      expect(isDate(value)).toBe(false);
    },
  );
});

describe('cellsAsText', () => {
  test('a single value, a row, a column and a 2D range, skipping blanks, trimmed', () => {
    expect(cellsAsText('  a  ')).toEqual(['a']);
    expect(cellsAsText([['a', 'b']])).toEqual(['a', 'b']);
    expect(cellsAsText([['a'], [''], ['  '], ['b']])).toEqual(['a', 'b']);
    expect(
      cellsAsText([
        ['a', ''],
        [null, 'd'],
      ]),
    ).toEqual(['a', 'd']);
    expect(cellsAsText([[42, true, false]])).toEqual(['42', 'true', 'false']);
    expect(cellsAsText(0)).toEqual(['0']);
  });

  test('blank values give nothing', () => {
    expect(cellsAsText('')).toEqual([]);
    expect(cellsAsText(undefined)).toEqual([]);
    expect(cellsAsText(null)).toEqual([]);
    expect(cellsAsText([['', ' ']])).toEqual([]);
  });
});

describe('listArgument', () => {
  test('splits comma-separated text and trims each item', () => {
    expect(listArgument('campaign_name, open_rate ,reply_rate')).toEqual([
      'campaign_name',
      'open_rate',
      'reply_rate',
    ]);
  });

  test('drops empty items', () => {
    expect(listArgument(',a,,  ,b,')).toEqual(['a', 'b']);
    expect(listArgument(' , ')).toEqual([]);
    expect(listArgument('')).toEqual([]);
    expect(listArgument(undefined)).toEqual([]);
  });

  test('reads a range row by row, and commas inside cells too', () => {
    expect(
      listArgument([
        ['campaign_name', 'open_rate, reply_rate'],
        ['', 'bounce_rate'],
      ]),
    ).toEqual(['campaign_name', 'open_rate', 'reply_rate', 'bounce_rate']);
    expect(listArgument([['a'], ['b,c'], ['d']])).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('booleanArgument', () => {
  test.each([
    [true, true],
    [false, false],
    ['TRUE', true],
    ['FALSE', false],
    ['false', false],
    [' False ', false],
    ['true', true],
    ['yes', true],
    ['No', false],
    [0, false],
    [1, true],
    [-2, true],
    [[[false]], false],
    [[['FALSE']], false],
  ])('%p is %p', (value, expected) => {
    expect(booleanArgument(value, 'include_header', !expected)).toBe(expected);
  });

  test('blank cells take the fallback', () => {
    for (const blank of ['', '   ', undefined, null, [['']], [[]]]) {
      expect(booleanArgument(blank, 'include_header', true)).toBe(true);
      expect(booleanArgument(blank, 'include_header', false)).toBe(false);
    }
  });

  test('other text names the argument and the value', () => {
    expect(messageOf(() => booleanArgument('maybe', 'include_header', true))).toBe(
      'include_header must be TRUE or FALSE, not "maybe".',
    );
  });

  test('a range of several cells is refused', () => {
    expect(messageOf(() => booleanArgument([[true, false]], 'include_header', true))).toBe(
      'include_header must be a single cell, not a range.',
    );
  });
});

describe('dateRangeArguments: relative ranges', () => {
  test('last_month from 2024-03-01 is February of a leap year', () => {
    expect(range('last_month', '')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
  });

  test('last_7_days is today and the 6 days before', () => {
    expect(range('last_7_days', undefined)).toEqual({ start: '2024-02-24', end: '2024-03-01' });
    expect(range('last_7_days', undefined, '2025-01-03')).toEqual({
      start: '2024-12-28',
      end: '2025-01-03',
    });
  });

  test("'Last 7 days' and other spellings work", () => {
    expect(range('Last 7 days', '')).toEqual({ start: '2024-02-24', end: '2024-03-01' });
    expect(range(' LAST-30-DAYS ', '')).toEqual({ start: '2024-02-01', end: '2024-03-01' });
    expect(range('This Month', null)).toEqual({ start: '2024-03-01', end: '2024-03-01' });
  });

  test('today, yesterday, this_month and all_time', () => {
    expect(range('today', '', '2024-07-15')).toEqual({ start: '2024-07-15', end: '2024-07-15' });
    expect(range('yesterday', '', '2024-01-01')).toEqual({
      start: '2023-12-31',
      end: '2023-12-31',
    });
    expect(range('this_month', '', '2024-07-15')).toEqual({
      start: '2024-07-01',
      end: '2024-07-15',
    });
    expect(range('all_time', '')).toEqual({});
  });

  test('a relative range in a single-cell range is accepted, with a blank single-cell end', () => {
    expect(range([['last_month']], [['']])).toEqual({ start: '2024-02-01', end: '2024-02-29' });
  });

  test('a relative start with an end date is refused', () => {
    expect(messageOf(() => range('last_7_days', '2024-03-01'))).toBe(
      'end_date must be blank when start_date is the relative range "last_7_days", which sets both.',
    );
    const { toIso } = recordingToIso({ 0: '1970-01-01' });
    expect(() => dateRangeArguments('Last 7 days', new Date(0), TODAY, toIso)).toThrow(
      /end_date must be blank .*"last_7_days"/,
    );
  });

  test('a relative range is only for start_date', () => {
    expect(messageOf(() => range('2024-01-01', 'today'))).toBe(
      'end_date "today" is not a date: use a date cell or YYYY-MM-DD text.',
    );
  });
});

describe('dateRangeArguments: explicit dates', () => {
  test('blank start and end mean all time', () => {
    expect(range('', '')).toEqual({ start: undefined, end: undefined });
    expect(range(undefined, undefined)).toEqual({ start: undefined, end: undefined });
  });

  test('ISO text, trimmed', () => {
    expect(range('2024-01-01', ' 2024-01-31 ')).toEqual({ start: '2024-01-01', end: '2024-01-31' });
  });

  test('only a start, or only an end', () => {
    expect(range('2024-01-01', '')).toEqual({ start: '2024-01-01', end: undefined });
    expect(range('', '2024-01-31')).toEqual({ start: undefined, end: '2024-01-31' });
  });

  test('the same day for both is fine', () => {
    expect(range('2024-02-29', '2024-02-29')).toEqual({ start: '2024-02-29', end: '2024-02-29' });
  });

  test('Date cells are converted with the given toIso, not by the core', () => {
    const start = new Date(Date.UTC(2024, 0, 1, 23, 30));
    const end = new Date(Date.UTC(2024, 0, 31, 23, 30));
    // A time zone ahead of UTC: the calendar dates are the next days.
    const { toIso, seen } = recordingToIso({
      [start.getTime()]: '2024-01-02',
      [end.getTime()]: '2024-02-01',
    });
    expect(dateRangeArguments(start, end, TODAY, toIso)).toEqual({
      start: '2024-01-02',
      end: '2024-02-01',
    });
    expect(seen).toEqual([start, end]);
  });

  test('a Date from another realm is a date', () => {
    const foreign = runInNewContext('new Date(0)');
    const { toIso, seen } = recordingToIso({ 0: '1970-01-01' });
    expect(dateRangeArguments(foreign, '', TODAY, toIso)).toEqual({
      start: '1970-01-01',
      end: undefined,
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(foreign);
  });

  test('an invalid Date (also from another realm) names the argument', () => {
    expect(messageOf(() => range(new Date(Number.NaN), ''))).toBe('start_date is not a date.');
    expect(messageOf(() => range('', runInNewContext('new Date(NaN)')))).toBe(
      'end_date is not a date.',
    );
  });

  test('single-cell 2D arrays are accepted for both dates', () => {
    const date = new Date(Date.UTC(2024, 1, 10));
    const { toIso } = recordingToIso({ [date.getTime()]: '2024-02-10' });
    expect(dateRangeArguments([['2024-01-01']], [[date]], TODAY, toIso)).toEqual({
      start: '2024-01-01',
      end: '2024-02-10',
    });
    expect(range([['']], [['2024-02-10']])).toEqual({ start: undefined, end: '2024-02-10' });
  });

  test('a multi-cell range for a date is refused, naming the argument', () => {
    expect(messageOf(() => range([['2024-01-01', '2024-01-31']], ''))).toBe(
      'start_date must be a single cell, not a range.',
    );
    expect(messageOf(() => range('2024-01-01', [['2024-01-31'], ['2024-02-29']]))).toBe(
      'end_date must be a single cell, not a range.',
    );
  });

  test('invalid start text names start_date and lists the relative ranges', () => {
    expect(messageOf(() => range('last week', ''))).toBe(
      'start_date "last week" is not a date: use a date cell or YYYY-MM-DD text, ' +
        'or one of today, yesterday, last_7_days, last_30_days, this_month, last_month.',
    );
  });

  test('invalid end text names end_date', () => {
    expect(messageOf(() => range('2024-01-01', '31/01/2024'))).toBe(
      'end_date "31/01/2024" is not a date: use a date cell or YYYY-MM-DD text.',
    );
  });

  test.each(['2023-02-29', '2024-02-30', '2024-13-01', '2024-1-1'])(
    'an impossible or badly written date %s is refused',
    (text) => {
      expect(messageOf(() => range(text, ''))).toContain(`start_date "${text}" is not a date`);
    },
  );

  test('a number (a date serial, not a date cell) is refused', () => {
    expect(messageOf(() => range(45352, ''))).toContain('start_date "45352" is not a date');
  });

  test('a start after the end is refused with both dates', () => {
    expect(messageOf(() => range('2024-02-01', '2024-01-31'))).toBe(
      'start_date (2024-02-01) is after end_date (2024-01-31): swap them or fix one.',
    );
  });

  test('a start after the end is refused when the dates come from Date cells too', () => {
    const start = new Date(Date.UTC(2024, 5, 2));
    const end = new Date(Date.UTC(2024, 5, 1));
    const { toIso } = recordingToIso({
      [start.getTime()]: '2024-06-02',
      [end.getTime()]: '2024-06-01',
    });
    expect(() => dateRangeArguments(start, end, TODAY, toIso)).toThrow(
      'start_date (2024-06-02) is after end_date (2024-06-01)',
    );
  });
});
