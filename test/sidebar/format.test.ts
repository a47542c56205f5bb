import type { RefreshOutcome } from '../../src/core/refresh';
import {
  failuresInARowText,
  formatTime,
  hourLabel,
  keyPlaceholder,
  plural,
  refreshDoneText,
  refreshedDates,
  triggerLabel,
} from '../../src/sidebar/format';

describe('plural', () => {
  test.each([
    [0, '0 rows'],
    [1, '1 row'],
    [2, '2 rows'],
  ])('%i reads "%s"', (count, text) => {
    expect(plural(count, 'row', 'rows')).toBe(text);
  });
});

describe('formatTime', () => {
  // Local times: the page shows moments in the person's own time zone.
  const now = new Date(2025, 5, 18, 15, 30);
  const time = (date: Date) =>
    date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });

  test('a moment today reads "Today" and its time', () => {
    const moment = new Date(2025, 5, 18, 9, 5);
    expect(formatTime(moment.toISOString(), now)).toBe(`Today, ${time(moment)}`);
  });

  test('another day this year has its day and no year', () => {
    const moment = new Date(2025, 0, 2, 9, 5);
    const text = formatTime(moment.toISOString(), now);
    expect(text).not.toMatch(/Today/);
    expect(text).not.toContain('2025');
    expect(text.endsWith(`, ${time(moment)}`)).toBe(true);
  });

  test('a day in another year has its year', () => {
    expect(formatTime(new Date(2024, 11, 31, 23, 0).toISOString(), now)).toContain('2024');
  });

  test('text that is not a date is shown as it came', () => {
    expect(formatTime('not a date', now)).toBe('not a date');
  });
});

describe('hourLabel', () => {
  test.each([
    [0, '00:00'],
    [7, '07:00'],
    [23, '23:00'],
  ])('%i reads "%s"', (hour, text) => {
    expect(hourLabel(hour)).toBe(text);
  });
});

describe('triggerLabel', () => {
  test('names who started the refresh', () => {
    expect(triggerLabel('manual')).toBe('Manual');
    expect(triggerLabel('scheduled')).toBe('Scheduled');
  });
});

describe('refreshedDates', () => {
  test.each([
    [{}, 'All time'],
    [{ start: '2024-03-01', end: '2024-03-07' }, '2024-03-01 to 2024-03-07'],
    [{ end: '2024-03-07' }, 'The beginning to 2024-03-07'],
  ])('%j reads "%s": the words of the note on the sheet, capitalised', (range, text) => {
    expect(refreshedDates(range)).toBe(text);
  });
});

describe('refreshDoneText', () => {
  const now = new Date(2025, 5, 18, 15, 30);
  const at = new Date(2025, 5, 18, 15, 29);
  const outcome = (rows: number): RefreshOutcome => ({
    ok: true,
    at: at.toISOString(),
    rows,
    range: {},
    sheetName: 'Q3 report',
    trigger: 'manual',
  });

  test('says how many rows went to which sheet, and when', () => {
    expect(refreshDoneText(outcome(12), now)).toBe(
      `Done: 12 campaign rows written to “Q3 report” (${formatTime(at.toISOString(), now)}).`,
    );
  });

  test('one row is singular', () => {
    expect(refreshDoneText(outcome(1), now)).toMatch(/^Done: 1 campaign row written/);
  });
});

describe('failuresInARowText', () => {
  test('after a success, counts the failures since', () => {
    expect(failuresInARowText(3, true)).toBe(
      '3 failures in a row since the last successful refresh.',
    );
  });

  test('without any success, says none has succeeded', () => {
    expect(failuresInARowText(1, false)).toBe('1 failure in a row; no refresh has succeeded yet.');
  });

  test('a failure shown with a count of 0 still counts as one', () => {
    expect(failuresInARowText(0, true)).toBe(
      '1 failure in a row since the last successful refresh.',
    );
  });
});

describe('keyPlaceholder', () => {
  test('asks for a key, or for a new one when a key is saved', () => {
    expect(keyPlaceholder(null)).toBe('Paste your API key');
    expect(keyPlaceholder('••••abcd')).toBe('Paste a new key');
  });
});
