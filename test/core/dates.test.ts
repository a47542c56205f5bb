import {
  addDays,
  asPreset,
  assertOrdered,
  DATE_PRESETS,
  type DatePreset,
  describeRange,
  isIsoDate,
  presetRange,
} from '../../src/core/dates';
import { UserFacingError } from '../../src/core/errors';

type Expectations = Record<Exclude<DatePreset, 'all_time'>, [string, string]>;

/** Hand-computed ranges for "today" values on month, year and leap-year boundaries. */
const CASES: Record<string, Expectations> = {
  // Leap year: February has 29 days.
  '2024-03-01': {
    today: ['2024-03-01', '2024-03-01'],
    yesterday: ['2024-02-29', '2024-02-29'],
    last_7_days: ['2024-02-24', '2024-03-01'],
    last_30_days: ['2024-02-01', '2024-03-01'],
    this_month: ['2024-03-01', '2024-03-01'],
    last_month: ['2024-02-01', '2024-02-29'],
  },
  // Not a leap year: February has 28 days.
  '2023-03-01': {
    today: ['2023-03-01', '2023-03-01'],
    yesterday: ['2023-02-28', '2023-02-28'],
    last_7_days: ['2023-02-23', '2023-03-01'],
    last_30_days: ['2023-01-31', '2023-03-01'],
    this_month: ['2023-03-01', '2023-03-01'],
    last_month: ['2023-02-01', '2023-02-28'],
  },
  // New year's day: everything before today is in the previous year.
  '2024-01-01': {
    today: ['2024-01-01', '2024-01-01'],
    yesterday: ['2023-12-31', '2023-12-31'],
    last_7_days: ['2023-12-26', '2024-01-01'],
    last_30_days: ['2023-12-03', '2024-01-01'],
    this_month: ['2024-01-01', '2024-01-01'],
    last_month: ['2023-12-01', '2023-12-31'],
  },
  // Leap day itself.
  '2024-02-29': {
    today: ['2024-02-29', '2024-02-29'],
    yesterday: ['2024-02-28', '2024-02-28'],
    last_7_days: ['2024-02-23', '2024-02-29'],
    last_30_days: ['2024-01-31', '2024-02-29'],
    this_month: ['2024-02-01', '2024-02-29'],
    last_month: ['2024-01-01', '2024-01-31'],
  },
  // Last day of the year; the previous month has 30 days.
  '2024-12-31': {
    today: ['2024-12-31', '2024-12-31'],
    yesterday: ['2024-12-30', '2024-12-30'],
    last_7_days: ['2024-12-25', '2024-12-31'],
    last_30_days: ['2024-12-02', '2024-12-31'],
    this_month: ['2024-12-01', '2024-12-31'],
    last_month: ['2024-11-01', '2024-11-30'],
  },
  // Mid-month, after a 31-day month; a DST change (in many zones) falls inside the ranges.
  '2024-04-02': {
    today: ['2024-04-02', '2024-04-02'],
    yesterday: ['2024-04-01', '2024-04-01'],
    last_7_days: ['2024-03-27', '2024-04-02'],
    last_30_days: ['2024-03-04', '2024-04-02'],
    this_month: ['2024-04-01', '2024-04-02'],
    last_month: ['2024-03-01', '2024-03-31'],
  },
};

describe('presetRange', () => {
  for (const [today, expected] of Object.entries(CASES)) {
    describe(`today ${today}`, () => {
      for (const [preset, [start, end]] of Object.entries(expected)) {
        test(`${preset} is ${start}..${end}`, () => {
          expect(presetRange(preset as DatePreset, today)).toEqual({ start, end });
        });
      }
      test('all_time has no bounds', () => {
        expect(presetRange('all_time', today)).toEqual({});
      });
    });
  }

  const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

  test('every day of 2023 and 2024: the rolling ranges hold exactly 7 and 30 days ending today', () => {
    for (let day = dayNumber('2023-01-01'); day <= dayNumber('2024-12-31'); day++) {
      const today = new Date(day * 86_400_000).toISOString().slice(0, 10);
      const week = presetRange('last_7_days', today);
      const month = presetRange('last_30_days', today);
      expect([week.end, dayNumber(today) - dayNumber(week.start as string)]).toEqual([today, 6]);
      expect([month.end, dayNumber(today) - dayNumber(month.start as string)]).toEqual([today, 29]);
      const last = presetRange('last_month', today);
      // last_month ends the day before the 1st of this month and starts on a 1st.
      expect(addDays(last.end as string, 1)).toBe(`${today.slice(0, 7)}-01`);
      expect((last.start as string).slice(8)).toBe('01');
      expect((last.start as string).slice(0, 7)).toBe((last.end as string).slice(0, 7));
    }
  });
});

describe('addDays', () => {
  test.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2024-01-01', -1, '2023-12-31'],
    ['2024-03-31', 0, '2024-03-31'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2023-01-01', 365, '2024-01-01'],
  ])('%s %+d days is %s', (iso, days, expected) => {
    expect(addDays(iso, days)).toBe(expected);
  });
});

describe('isIsoDate', () => {
  test.each(['2024-01-01', '2024-02-29', '2023-12-31', '2000-02-29', '1999-06-30'])(
    'accepts %s',
    (text) => {
      expect(isIsoDate(text)).toBe(true);
    },
  );

  test.each([
    '2023-02-29', // not a leap year
    '1900-02-29', // century, not a leap year
    '2024-02-30',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-1-01',
    '24-01-01',
    '2024/01/01',
    '01/02/2024',
    ' 2024-01-01',
    '2024-01-01T00:00:00Z',
    'today',
    '',
  ])('rejects %j', (text) => {
    expect(isIsoDate(text)).toBe(false);
  });
});

describe('asPreset', () => {
  test('knows every preset by its own name', () => {
    for (const preset of DATE_PRESETS) expect(asPreset(preset)).toBe(preset);
  });

  test.each([
    ['Last 7 days', 'last_7_days'],
    ['last-7-days', 'last_7_days'],
    ['LAST_30_DAYS', 'last_30_days'],
    ['  This Month  ', 'this_month'],
    ['last  month', 'last_month'],
    ['Today', 'today'],
    ['All time', 'all_time'],
  ])('%j means %s', (text, preset) => {
    expect(asPreset(text)).toBe(preset);
  });

  test.each(['', 'last week', 'last_7days', '2024-01-01', 'tomorrow', 'last_90_days'])(
    '%j is no preset',
    (text) => {
      expect(asPreset(text)).toBeUndefined();
    },
  );
});

describe('assertOrdered', () => {
  test('returns an ordered, same-day, open or empty range unchanged', () => {
    const ranges = [
      { start: '2024-01-01', end: '2024-01-31' },
      { start: '2024-01-01', end: '2024-01-01' },
      { start: '2024-01-01' },
      { end: '2024-01-01' },
      {},
    ];
    for (const range of ranges) expect(assertOrdered(range, 'a', 'b')).toBe(range);
  });

  test('a start after the end names both arguments and both dates', () => {
    const check = () => assertOrdered({ start: '2024-02-01', end: '2024-01-31' }, 'from', 'to');
    expect(check).toThrow(UserFacingError);
    expect(check).toThrow('from (2024-02-01) is after to (2024-01-31)');
  });
});

describe('describeRange', () => {
  test.each([
    [{}, 'all time'],
    [{ start: undefined, end: undefined }, 'all time'],
    [{ start: '2024-03-01', end: '2024-03-01' }, '2024-03-01'],
    [{ start: '2024-03-01', end: '2024-03-07' }, '2024-03-01 to 2024-03-07'],
    [{ start: '2024-03-01' }, '2024-03-01 to today'],
    [{ end: '2024-03-07' }, 'the beginning to 2024-03-07'],
  ])('%j reads "%s"', (range, text) => {
    expect(describeRange(range)).toBe(text);
  });
});
