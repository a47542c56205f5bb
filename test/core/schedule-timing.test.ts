import {
  AUTO_REFRESH_CHOICES,
  AUTO_REFRESH_LABELS,
  type AutoRefresh,
  isDue,
  type LocalTime,
  type Schedule,
} from '../../src/core/schedule-timing';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * A moment in the spreadsheet's time zone. The epoch is computed as if the zone were UTC;
 * isDue only compares epochs with each other, and days and hours with each other.
 */
function at(day: string, hour: number, minute = 0): LocalTime {
  const [year, month, date] = day.split('-').map(Number);
  return { epochMs: Date.UTC(year, month - 1, date, hour, minute), day, hour };
}

/** A moment some milliseconds after another, on the same clock. */
function later(start: LocalTime, milliseconds: number): LocalTime {
  const date = new Date(start.epochMs + milliseconds);
  return {
    epochMs: date.getTime(),
    day: date.toISOString().slice(0, 10),
    hour: date.getUTCHours(),
  };
}

const every = (autoRefresh: AutoRefresh, dailyHour = 7): Schedule => ({ autoRefresh, dailyHour });

describe('AUTO_REFRESH_LABELS', () => {
  test('a label for every choice', () => {
    expect(Object.keys(AUTO_REFRESH_LABELS).sort()).toEqual([...AUTO_REFRESH_CHOICES].sort());
    expect(AUTO_REFRESH_LABELS).toEqual({
      off: 'Off',
      '1': 'Every hour',
      '2': 'Every 2 hours',
      '4': 'Every 4 hours',
      '6': 'Every 6 hours',
      '8': 'Every 8 hours',
      '12': 'Every 12 hours',
      daily: 'Daily',
    });
  });
});

describe('isDue: off', () => {
  test('never due, whether it ever ran or not', () => {
    const now = at('2024-03-15', 12);
    expect(isDue(every('off'), undefined, now)).toBe(false);
    expect(isDue(every('off'), at('2020-01-01', 0), now)).toBe(false);
    expect(isDue(every('off', 12), at('2024-03-14', 12), now)).toBe(false);
  });
});

describe('isDue: every N hours', () => {
  const INTERVALS: [AutoRefresh, number][] = [
    ['1', 1],
    ['2', 2],
    ['4', 4],
    ['6', 6],
    ['8', 8],
    ['12', 12],
  ];
  const lastRun = at('2024-03-15', 9, 3);

  test.each(INTERVALS)('every %s: the first run is due at once', (choice) => {
    expect(isDue(every(choice), undefined, at('2024-03-15', 0))).toBe(true);
    expect(isDue(every(choice), undefined, at('2024-03-15', 23, 59))).toBe(true);
  });

  test.each(INTERVALS)('every %s: not due right after a run', (choice) => {
    expect(isDue(every(choice), lastRun, lastRun)).toBe(false);
    expect(isDue(every(choice), lastRun, later(lastRun, MINUTE))).toBe(false);
  });

  test.each(INTERVALS)('every %s: not due before N hours less 10 minutes', (choice, hours) => {
    const early = hours * HOUR - 10 * MINUTE - 1;
    expect(isDue(every(choice), lastRun, later(lastRun, early))).toBe(false);
    expect(isDue(every(choice), lastRun, later(lastRun, hours * HOUR - 30 * MINUTE))).toBe(false);
  });

  test.each(INTERVALS)('every %s: due from N hours less 10 minutes on', (choice, hours) => {
    for (const elapsed of [
      hours * HOUR - 10 * MINUTE,
      hours * HOUR - 5 * MINUTE,
      hours * HOUR,
      hours * HOUR + 2 * MINUTE,
      3 * hours * HOUR,
      30 * 24 * HOUR,
    ]) {
      expect([elapsed, isDue(every(choice), lastRun, later(lastRun, elapsed))]).toEqual([
        elapsed,
        true,
      ]);
    }
  });

  test('an hourly trigger that drifts a few minutes early still runs every hour', () => {
    // Ran at 9:03; the next trigger fires at 9:58, 55 minutes later.
    expect(isDue(every('1'), lastRun, at('2024-03-15', 9, 58))).toBe(true);
    // From 9:58: 49 minutes is too early, 50 is on time.
    const ran = at('2024-03-15', 9, 58);
    expect(isDue(every('1'), ran, at('2024-03-15', 10, 47))).toBe(false);
    expect(isDue(every('1'), ran, at('2024-03-15', 10, 48))).toBe(true);
    expect(isDue(every('1'), ran, at('2024-03-15', 10, 55))).toBe(true);
  });

  test('every 4 hours from hourly triggers: runs every fourth trigger', () => {
    let last: LocalTime | undefined;
    const runs: number[] = [];
    for (let hour = 0; hour < 24; hour++) {
      const now = at('2024-03-15', hour, 1);
      if (isDue(every('4'), last, now)) {
        runs.push(hour);
        last = now;
      }
    }
    expect(runs).toEqual([0, 4, 8, 12, 16, 20]);
  });

  test('the interval counts elapsed time, not the local day or hour', () => {
    // 23:30 then 00:10 the next day: only 40 minutes, though the day changed.
    const lateRun = at('2024-03-14', 23, 30);
    expect(isDue(every('2'), lateRun, later(lateRun, 40 * MINUTE))).toBe(false);
    expect(isDue(every('12'), lateRun, later(lateRun, 11 * HOUR))).toBe(false);
  });

  test('the daily hour plays no part', () => {
    const now = later(lastRun, 2 * HOUR);
    expect(isDue(every('2', 0), lastRun, now)).toBe(true);
    expect(isDue(every('2', 23), lastRun, now)).toBe(true);
  });
});

describe('isDue: daily', () => {
  const daily = (hour: number) => every('daily', hour);

  test('before the hour: not due', () => {
    expect(isDue(daily(7), undefined, at('2024-03-15', 0))).toBe(false);
    expect(isDue(daily(7), undefined, at('2024-03-15', 6, 59))).toBe(false);
    expect(isDue(daily(7), at('2024-03-14', 7), at('2024-03-15', 6, 59))).toBe(false);
  });

  test('at or after the hour, never run: due', () => {
    expect(isDue(daily(7), undefined, at('2024-03-15', 7))).toBe(true);
    expect(isDue(daily(7), undefined, at('2024-03-15', 7, 59))).toBe(true);
    expect(isDue(daily(7), undefined, at('2024-03-15', 18))).toBe(true);
  });

  test('once per local day: not due again after a run at or after the hour', () => {
    const ran = at('2024-03-15', 7, 2);
    for (const hour of [7, 8, 12, 23]) {
      expect([hour, isDue(daily(7), ran, at('2024-03-15', hour, 30))]).toEqual([hour, false]);
    }
    expect(isDue(daily(7), at('2024-03-15', 16), at('2024-03-15', 23, 59))).toBe(false);
  });

  test('a run yesterday: due today from the hour', () => {
    const yesterday = at('2024-03-14', 7, 1);
    expect(isDue(daily(7), yesterday, at('2024-03-15', 7))).toBe(true);
    expect(isDue(daily(7), yesterday, at('2024-03-15', 15))).toBe(true);
  });

  test('a run late yesterday: still due at the hour today, though under 24 hours passed', () => {
    expect(isDue(daily(7), at('2024-03-14', 23, 50), at('2024-03-15', 7, 5))).toBe(true);
  });

  test('a run long ago: due at the hour', () => {
    expect(isDue(daily(7), at('2023-12-31', 7), at('2024-03-15', 7))).toBe(true);
  });

  test('a run today before the hour does not count: due once the hour comes', () => {
    const early = at('2024-03-15', 5);
    expect(isDue(daily(7), early, at('2024-03-15', 6))).toBe(false);
    expect(isDue(daily(7), early, at('2024-03-15', 7))).toBe(true);
    expect(isDue(daily(7), early, at('2024-03-15', 9))).toBe(true);
  });

  test('midnight', () => {
    expect(isDue(daily(0), undefined, at('2024-03-15', 0))).toBe(true);
    expect(isDue(daily(0), at('2024-03-14', 0), at('2024-03-15', 0, 5))).toBe(true);
    expect(isDue(daily(0), at('2024-03-15', 0, 5), at('2024-03-15', 23))).toBe(false);
  });

  test('the last hour of the day', () => {
    expect(isDue(daily(23), undefined, at('2024-03-15', 22, 59))).toBe(false);
    expect(isDue(daily(23), undefined, at('2024-03-15', 23))).toBe(true);
    expect(isDue(daily(23), at('2024-03-14', 23), at('2024-03-15', 23))).toBe(true);
    expect(isDue(daily(23), at('2024-03-15', 23), at('2024-03-15', 23, 40))).toBe(false);
  });

  test('hourly triggers over three days: one run a day, at the hour', () => {
    let last: LocalTime | undefined;
    const runs: string[] = [];
    for (const day of ['2024-03-14', '2024-03-15', '2024-03-16']) {
      for (let hour = 0; hour < 24; hour++) {
        const now = at(day, hour, 4);
        if (isDue(daily(9), last, now)) {
          runs.push(`${day} ${hour}`);
          last = now;
        }
      }
    }
    expect(runs).toEqual(['2024-03-14 9', '2024-03-15 9', '2024-03-16 9']);
  });

  test('a missed hour is caught up later the same day, once', () => {
    let last: LocalTime | undefined = at('2024-03-14', 9);
    const runs: number[] = [];
    // The triggers of 9:00 to 11:00 did not run.
    for (const hour of [8, 12, 13, 14]) {
      const now = at('2024-03-15', hour);
      if (isDue(daily(9), last, now)) {
        runs.push(hour);
        last = now;
      }
    }
    expect(runs).toEqual([12]);
  });
});
