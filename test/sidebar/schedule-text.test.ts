import { AUTO_REFRESH_OPTIONS } from '../../src/core/sidebar-api';
import { scheduleDiffers, scheduleMessage } from '../../src/sidebar/schedule-text';

describe('scheduleDiffers', () => {
  const daily7 = { autoRefresh: 'daily', dailyHour: 7 } as const;

  test('nothing saved yet: nothing to differ from', () => {
    expect(scheduleDiffers(undefined, daily7)).toBe(false);
  });

  test('another frequency differs', () => {
    expect(scheduleDiffers(daily7, { autoRefresh: '4', dailyHour: 7 })).toBe(true);
    expect(scheduleDiffers({ autoRefresh: 'off', dailyHour: 7 }, daily7)).toBe(true);
  });

  test('another hour differs only for a daily schedule', () => {
    expect(scheduleDiffers(daily7, { autoRefresh: 'daily', dailyHour: 8 })).toBe(true);
    expect(
      scheduleDiffers({ autoRefresh: '4', dailyHour: 7 }, { autoRefresh: '4', dailyHour: 8 }),
    ).toBe(false);
  });

  test('the same schedule does not differ', () => {
    expect(scheduleDiffers(daily7, { ...daily7 })).toBe(false);
  });
});

describe('scheduleMessage', () => {
  const message = (autoRefresh: '1' | '6' | 'off' | 'daily', dailyHour = 0) =>
    scheduleMessage({ autoRefresh, dailyHour }, 'Europe/Paris', AUTO_REFRESH_OPTIONS);

  test('off', () => {
    expect(message('off')).toBe('Saved: auto-refresh is off.');
  });

  test('daily names its hour, in the spreadsheet’s time zone', () => {
    expect(message('daily', 7)).toBe(
      'Saved: the report refreshes daily between 07:00 and 08:00 (Europe/Paris).',
    );
    expect(message('daily', 23)).toBe(
      'Saved: the report refreshes daily between 23:00 and 00:00 (Europe/Paris).',
    );
  });

  test('hourly schedules use the server’s label, in lower case', () => {
    expect(message('1')).toBe('Saved: the report refreshes every hour.');
    expect(message('6')).toBe('Saved: the report refreshes every 6 hours.');
  });

  test('a frequency without a label is named by its value', () => {
    expect(scheduleMessage({ autoRefresh: '2', dailyHour: 0 }, 'UTC', [])).toBe(
      'Saved: the report refreshes 2.',
    );
  });
});
