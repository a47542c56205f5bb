import { DATE_PRESETS, presetRange } from '../../src/core/dates';
import { UserFacingError } from '../../src/core/errors';
import { ALL_FIELDS, DEFAULT_FIELD_NAMES, RATE_FIELDS } from '../../src/core/fields';
import { AUTO_REFRESH_CHOICES } from '../../src/core/schedule-timing';
import {
  DEFAULT_SETTINGS,
  MAX_CHOSEN_CAMPAIGNS,
  parseSavedSettings,
  type ReportSettings,
  reportFields,
  settingsRange,
  validateSettings,
} from '../../src/core/settings';

const TODAY = '2024-03-15';

/** Settings as validateSettings would return them, with some values changed. */
const settings = (overrides: Partial<ReportSettings> = {}): ReportSettings => ({
  ...DEFAULT_SETTINGS,
  ...overrides,
});

/** Runs validateSettings and returns the error it throws (failing the test if it throws none). */
function rejection(input: unknown): UserFacingError {
  try {
    validateSettings(input);
  } catch (error) {
    expect(error).toBeInstanceOf(UserFacingError);
    return error as UserFacingError;
  }
  throw new Error(`validateSettings accepted ${JSON.stringify(input)}`);
}

describe('DEFAULT_SETTINGS', () => {
  test('are the documented defaults', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      sheetName: 'Instantly Analytics',
      dateRange: 'last_30_days',
      startDate: '',
      endDate: '',
      campaignIds: [],
      workspaceIds: [],
      fields: DEFAULT_FIELD_NAMES,
      includeLeads: false,
      autoRefresh: 'off',
      dailyHour: 7,
      keepHistory: false,
      historySheetName: 'Instantly History',
      chartMetric: 'reply_rate',
      chartSeries: 'campaigns',
      dailySheet: false,
      dailySheetName: 'Instantly Daily',
      trendMetric: 'unique_replies',
      emailOnFailure: false,
      stepsSheet: false,
      stepsSheetName: 'Instantly Steps',
    });
  });

  test('validate to themselves', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
  });
});

describe('validateSettings: defaults', () => {
  test.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty object', {}],
    ['a string', 'garbage'],
    ['a number', 42],
    ['a boolean', true],
  ])('%s gives the defaults', (_, input) => {
    expect(validateSettings(input)).toEqual(DEFAULT_SETTINGS);
  });

  test('blank values mean the default', () => {
    expect(
      validateSettings({
        sheetName: '   ',
        historySheetName: '',
        fields: [],
        campaignIds: [],
        autoRefresh: '',
        dailyHour: '',
        chartMetric: '',
        chartSeries: null,
      }),
    ).toEqual(DEFAULT_SETTINGS);
    expect(validateSettings({ autoRefresh: null, dailyHour: null, chartSeries: '' })).toEqual(
      DEFAULT_SETTINGS,
    );
  });

  test('values of the wrong type fall back to the defaults', () => {
    expect(
      validateSettings({
        sheetName: 42,
        historySheetName: { name: 'x' },
        campaignIds: 'abc',
        fields: 'reply_rate',
        chartMetric: 7,
      }),
    ).toEqual(DEFAULT_SETTINGS);
  });

  test('unknown keys are dropped', () => {
    const result = validateSettings({ sheetName: 'Report', apiKey: 'secret', extra: 1 });
    expect(Object.keys(result).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
    expect(result).not.toHaveProperty('apiKey');
    expect(result.sheetName).toBe('Report');
  });

  test('flags are true only for the boolean true', () => {
    for (const value of ['true', 1, 'yes', {}, null]) {
      const result = validateSettings({
        includeLeads: value,
        keepHistory: value,
        emailOnFailure: value,
      });
      expect(result.includeLeads).toBe(false);
      expect(result.keepHistory).toBe(false);
      expect(result.emailOnFailure).toBe(false);
    }
    const on = validateSettings({ includeLeads: true, keepHistory: true, emailOnFailure: true });
    expect(on.includeLeads).toBe(true);
    expect(on.keepHistory).toBe(true);
    expect(on.emailOnFailure).toBe(true);
  });

  test('does not change its input', () => {
    const input = { sheetName: '  Report  ', fields: [' reply_rate '], campaignIds: [' a '] };
    const copy = JSON.parse(JSON.stringify(input));
    validateSettings(input);
    expect(input).toEqual(copy);
  });
});

describe('validateSettings: sheet names', () => {
  test('are trimmed', () => {
    const result = validateSettings({ sheetName: '  My report ', historySheetName: '\tTrend\n' });
    expect(result.sheetName).toBe('My report');
    expect(result.historySheetName).toBe('Trend');
  });

  test('may hold spaces, punctuation, quotes and non-ASCII letters', () => {
    const name = "Q1 (2024) – Ünïcode's report #1, v2.0 & more!";
    expect(validateSettings({ sheetName: name }).sheetName).toBe(name);
  });

  test.each(['[', ']', '*', '?', ':', '/', '\\'])('%s is refused in a sheet name', (character) => {
    const error = rejection({ sheetName: `Report ${character} 2024` });
    expect(error.message).toContain(`Report ${character} 2024`);
    expect(error.message).toContain('at most 100 characters');
  });

  test.each(['[', ']', '*', '?', ':', '/', '\\'])(
    '%s is refused in the history sheet name',
    (character) => {
      const error = rejection({ historySheetName: `History${character}` });
      expect(error.message).toContain(`History${character}`);
    },
  );

  test('100 characters are allowed, 101 are not', () => {
    const hundred = 'a'.repeat(100);
    expect(validateSettings({ sheetName: hundred }).sheetName).toBe(hundred);
    expect(validateSettings({ historySheetName: hundred }).historySheetName).toBe(hundred);
    rejection({ sheetName: 'a'.repeat(101) });
    rejection({ historySheetName: 'b'.repeat(101) });
  });

  test('the length counts after trimming', () => {
    const padded = `  ${'a'.repeat(100)}  `;
    expect(validateSettings({ sheetName: padded }).sheetName).toBe('a'.repeat(100));
  });
});

describe('validateSettings: date range', () => {
  test.each(DATE_PRESETS.map((preset) => [preset]))('%s is accepted', (preset) => {
    expect(validateSettings({ dateRange: preset }).dateRange).toBe(preset);
  });

  test('custom is accepted', () => {
    const result = validateSettings({
      dateRange: 'custom',
      startDate: '2024-01-01',
      endDate: '2024-01-31',
    });
    expect(result.dateRange).toBe('custom');
    expect(result.startDate).toBe('2024-01-01');
    expect(result.endDate).toBe('2024-01-31');
  });

  test('preset spellings are normalised', () => {
    expect(validateSettings({ dateRange: 'Last 7 days' }).dateRange).toBe('last_7_days');
    expect(validateSettings({ dateRange: ' this-month ' }).dateRange).toBe('this_month');
    expect(validateSettings({ dateRange: 'ALL_TIME' }).dateRange).toBe('all_time');
  });

  test.each(['last_90_days', 'forever', 'customs', 'week'])(
    'an unknown range (%s) is an error',
    (value) => {
      expect(rejection({ dateRange: value }).message).toBe(`Unknown date range "${value}".`);
    },
  );

  test('a missing range is the default', () => {
    expect(validateSettings({ sheetName: 'X' }).dateRange).toBe('last_30_days');
  });

  test('custom dates are trimmed', () => {
    const result = validateSettings({
      dateRange: 'custom',
      startDate: ' 2024-01-01 ',
      endDate: '2024-01-31\n',
    });
    expect(result.startDate).toBe('2024-01-01');
    expect(result.endDate).toBe('2024-01-31');
  });

  test('a custom range may be open at either end', () => {
    expect(validateSettings({ dateRange: 'custom', startDate: '2024-01-01' })).toMatchObject({
      startDate: '2024-01-01',
      endDate: '',
    });
    expect(validateSettings({ dateRange: 'custom', endDate: '2024-01-31' })).toMatchObject({
      startDate: '',
      endDate: '2024-01-31',
    });
    expect(validateSettings({ dateRange: 'custom' })).toMatchObject({
      startDate: '',
      endDate: '',
    });
  });

  test('a one-day custom range is fine', () => {
    const result = validateSettings({
      dateRange: 'custom',
      startDate: '2024-02-29',
      endDate: '2024-02-29',
    });
    expect(result.startDate).toBe('2024-02-29');
  });

  test('a custom start after its end is an error naming both dates', () => {
    const error = rejection({
      dateRange: 'custom',
      startDate: '2024-02-01',
      endDate: '2024-01-31',
    });
    expect(error.message).toBe(
      'Start date (2024-02-01) is after End date (2024-01-31): swap them or fix one.',
    );
  });

  test.each([
    ['2024-02-30'],
    ['2023-02-29'],
    ['2024-13-01'],
    ['2024-1-5'],
    ['01/02/2024'],
    ['2024-01-01T00:00:00Z'],
    ['yesterday'],
  ])('an invalid start date (%s) is an error', (date) => {
    expect(rejection({ dateRange: 'custom', startDate: date }).message).toBe(
      'Start date must be a date (YYYY-MM-DD).',
    );
  });

  test('an invalid end date is an error', () => {
    expect(rejection({ dateRange: 'custom', endDate: '2024-04-31' }).message).toBe(
      'End date must be a date (YYYY-MM-DD).',
    );
  });

  test('an ordering of the custom dates only matters for a custom range', () => {
    const result = validateSettings({
      dateRange: 'last_7_days',
      startDate: '2024-02-01',
      endDate: '2024-01-31',
    });
    expect(result.dateRange).toBe('last_7_days');
  });
});

describe('validateSettings: campaigns and fields', () => {
  test('campaign ids are trimmed and blanks dropped, order kept', () => {
    expect(
      validateSettings({ campaignIds: ['  b-2 ', '', 'a-1', '   ', 7, null, 'c-3'] }).campaignIds,
    ).toEqual(['b-2', 'a-1', 'c-3']);
  });

  test('fields are trimmed, blanks dropped, order kept', () => {
    expect(
      validateSettings({ fields: [' reply_rate', '', 'campaign_name  ', 3, 'contacted_count'] })
        .fields,
    ).toEqual(['reply_rate', 'campaign_name', 'contacted_count']);
  });

  test('field names are matched case-insensitively and returned in the API spelling', () => {
    expect(validateSettings({ fields: ['Campaign_Name', 'REPLY_RATE'] }).fields).toEqual([
      'campaign_name',
      'reply_rate',
    ]);
  });

  test('a field asked twice appears once', () => {
    expect(
      validateSettings({ fields: ['reply_rate', 'campaign_name', 'Reply_Rate'] }).fields,
    ).toEqual(['reply_rate', 'campaign_name']);
  });

  test('every known field is accepted', () => {
    const names = ALL_FIELDS.map((field) => field.name);
    expect(validateSettings({ fields: names }).fields).toEqual(names);
  });

  test('an unknown field is an error naming it', () => {
    const error = rejection({ fields: ['campaign_name', 'reply_ratio'] });
    expect(error.message).toContain('"reply_ratio"');
    expect(error.message).not.toContain('"campaign_name"');
  });

  test('only blank fields mean the default fields', () => {
    expect(validateSettings({ fields: ['', '  '] }).fields).toEqual(DEFAULT_FIELD_NAMES);
  });
});

describe('validateSettings: auto-refresh', () => {
  test.each(AUTO_REFRESH_CHOICES.map((choice) => [choice]))('%s is accepted', (choice) => {
    expect(validateSettings({ autoRefresh: choice }).autoRefresh).toBe(choice);
  });

  test('the choices are exactly these', () => {
    expect([...AUTO_REFRESH_CHOICES]).toEqual(['off', '1', '2', '4', '6', '8', '12', 'daily']);
  });

  test.each([['3'], ['24'], ['weekly'], ['Daily'], ['0'], ['hourly'], [1], [12], [true]])(
    '%j is an error',
    (value) => {
      const error = rejection({ autoRefresh: value });
      expect(error.message).toContain('Auto-refresh');
      expect(error.message).toContain(`"${String(value)}"`);
      expect(error.message).toContain('off, 1, 2, 4, 6, 8, 12, daily');
    },
  );
});

describe('validateSettings: daily hour', () => {
  test.each([0, 1, 7, 12, 23])('%d is accepted', (value) => {
    expect(validateSettings({ dailyHour: value }).dailyHour).toBe(value);
  });

  test('a numeric string is read as the number', () => {
    expect(validateSettings({ dailyHour: '7' }).dailyHour).toBe(7);
    expect(validateSettings({ dailyHour: '0' }).dailyHour).toBe(0);
    expect(validateSettings({ dailyHour: '23' }).dailyHour).toBe(23);
  });

  test('missing means 7', () => {
    expect(validateSettings({}).dailyHour).toBe(7);
    expect(validateSettings({ dailyHour: undefined }).dailyHour).toBe(7);
  });

  test.each([[24], [-1], [1.5], [23.01], ['seven'], ['24'], [Number.NaN], [Infinity], [{}]])(
    '%j is an error',
    (value) => {
      expect(rejection({ dailyHour: value }).message).toBe(
        'The daily refresh hour must be a whole hour from 0 to 23.',
      );
    },
  );

  // Blank means the default everywhere else; a whitespace-only value must not become midnight.
  test('a whitespace-only hour means the default hour, not midnight', () => {
    expect(validateSettings({ dailyHour: ' ' }).dailyHour).toBe(7);
    expect(validateSettings({ dailyHour: '\t' }).dailyHour).toBe(7);
  });

  // Number(true) is 1, Number(false) and Number([]) are 0, Number([5]) is 5.
  test('booleans and arrays are not hours', () => {
    for (const value of [true, false, [], [5]]) {
      expect(() => validateSettings({ dailyHour: value })).toThrow(
        'The daily refresh hour must be a whole hour from 0 to 23.',
      );
    }
  });
});

describe('validateSettings: chart', () => {
  test('numeric metrics are accepted: counts, money and rates', () => {
    for (const name of ['reply_rate', 'contacted_count', 'total_opportunity_value', 'open_rate']) {
      expect(validateSettings({ chartMetric: name }).chartMetric).toBe(name);
    }
  });

  test('every rate can be charted', () => {
    for (const rate of RATE_FIELDS) {
      expect(validateSettings({ chartMetric: rate.name }).chartMetric).toBe(rate.name);
    }
  });

  test('the metric is matched case-insensitively and trimmed', () => {
    expect(validateSettings({ chartMetric: ' Reply_Rate ' }).chartMetric).toBe('reply_rate');
  });

  test.each(['campaign_name', 'campaign_id', 'campaign_status', 'campaign_is_evergreen'])(
    'a non-numeric metric (%s) is an error',
    (name) => {
      const message = rejection({ chartMetric: name }).message;
      expect(message).toMatch(/^The chart can show one of contacted_count, .*reply_rate/);
      expect(message).toContain(`"${name}" is not one of them.`);
    },
  );

  test('an unknown metric is an error', () => {
    expect(rejection({ chartMetric: 'happiness' }).message).toContain('"happiness"');
  });

  // A snapshot holds the leads count only on days the report counts leads, and the sidebar's
  // CHART_METRICS leave it out.
  test('the leads count cannot be charted: the history has it only some days', () => {
    expect(() => validateSettings({ chartMetric: 'leads_count' })).toThrow(UserFacingError);
  });

  test.each(['campaigns', 'total'])('chart series %s is accepted', (series) => {
    expect(validateSettings({ chartSeries: series }).chartSeries).toBe(series);
  });

  test.each(['Total', 'sum', 'campaign', 'all'])('chart series %s is an error', (series) => {
    const error = rejection({ chartSeries: series });
    expect(error.message).toContain('Chart');
    expect(error.message).toContain(`"${series}"`);
    expect(error.message).toContain('campaigns, total');
  });
});

describe('validateSettings: steps sheet', () => {
  test('off by default, named Instantly Steps; a blank name is the default', () => {
    const settings = validateSettings({ stepsSheet: true, stepsSheetName: '  ' });
    expect(settings.stepsSheet).toBe(true);
    expect(settings.stepsSheetName).toBe('Instantly Steps');
    expect(validateSettings({ stepsSheet: 'yes' }).stepsSheet).toBe(false);
  });

  test('a name Sheets refuses is an error', () => {
    expect(rejection({ stepsSheetName: 'Steps: A/B' }).message).toContain('is not allowed');
  });

  test('the report sheet, in any case, is an error', () => {
    const error = rejection({ stepsSheet: true, sheetName: 'Stats', stepsSheetName: 'STATS' });
    expect(error.message).toBe('The steps sheet must be a different sheet from the report.');
  });

  test('the history sheet is an error while history is kept', () => {
    const both = { stepsSheet: true, historySheetName: 'Log', stepsSheetName: 'log' };
    expect(rejection({ ...both, keepHistory: true }).message).toBe(
      'The steps sheet must be a different sheet from the history sheet.',
    );
    expect(validateSettings({ ...both, keepHistory: false }).stepsSheetName).toBe('log');
  });

  test('a clash does not matter while the steps sheet is off', () => {
    expect(validateSettings({ sheetName: 'Stats', stepsSheetName: 'Stats' }).stepsSheet).toBe(
      false,
    );
  });
});

describe('validateSettings: history sheet', () => {
  test('keeping history in the report sheet itself is an error', () => {
    const error = rejection({ keepHistory: true, sheetName: 'Stats', historySheetName: 'Stats' });
    expect(error.message).toBe('The history sheet must be a different sheet from the report.');
  });

  test('names are compared after trimming', () => {
    rejection({ keepHistory: true, sheetName: ' Stats ', historySheetName: 'Stats' });
  });

  test('a default name typed as the other one is still the same sheet', () => {
    rejection({ keepHistory: true, historySheetName: 'Instantly Analytics' });
    rejection({ keepHistory: true, sheetName: 'Instantly History' });
  });

  // Sheets refuses two sheets whose names differ only in case, and getSheetByName matches
  // names case-insensitively: "stats" and "Stats" are one sheet.
  test('names that differ only in case are the same sheet', () => {
    rejection({ keepHistory: true, sheetName: 'Stats', historySheetName: 'STATS' });
  });

  test('the same name is fine while history is off', () => {
    const result = validateSettings({ keepHistory: false, sheetName: 'S', historySheetName: 'S' });
    expect(result.historySheetName).toBe('S');
  });

  test('different names are fine with history on', () => {
    const result = validateSettings({
      keepHistory: true,
      sheetName: 'Report',
      historySheetName: 'Report history',
    });
    expect(result).toMatchObject({
      keepHistory: true,
      sheetName: 'Report',
      historySheetName: 'Report history',
    });
  });
});

describe('validateSettings: daily trend sheet', () => {
  const apart = (other: string) => `The daily sheet must be a different sheet from the ${other}.`;

  test.each([
    ['the report', { sheetName: 'Stats', dailySheetName: 'stats ' }, apart('report')],
    ['the report by its default name', { dailySheetName: 'INSTANTLY ANALYTICS' }, apart('report')],
    [
      'the history',
      { keepHistory: true, historySheetName: 'Trends', dailySheetName: 'TRENDS' },
      apart('history sheet'),
    ],
    [
      'the steps sheet',
      { stepsSheet: true, stepsSheetName: 'Trends', dailySheetName: 'trends' },
      'The steps sheet must be a different sheet from the daily sheet.',
    ],
  ])('sharing a sheet with %s is an error', (_, input, message) => {
    expect(rejection({ dailySheet: true, ...input }).message).toBe(message);
  });

  test('a name shared with the history sheet is fine while history is off, or the sheet is', () => {
    const shared = { historySheetName: 'Trends', dailySheetName: 'Trends' };
    expect(validateSettings({ dailySheet: true, ...shared }).dailySheetName).toBe('Trends');
    expect(validateSettings({ keepHistory: true, ...shared }).dailySheet).toBe(false);
  });

  test('a sheet name is checked like the others', () => {
    expect(rejection({ dailySheetName: 'By day: all' }).message).toContain('is not allowed');
    expect(validateSettings({ dailySheetName: '  ' }).dailySheetName).toBe('Instantly Daily');
  });

  test.each(['sent', 'unique_opportunities', 'reply_rate'])('%s can be charted', (metric) => {
    expect(validateSettings({ trendMetric: metric }).trendMetric).toBe(metric);
  });

  test.each(['reply_count_unique', 'campaign_name', 'date', 'bounce_rate'])(
    '%s is no daily metric: the error lists the ones there are',
    (metric) => {
      const { message } = rejection({ trendMetric: metric });
      expect(message).toContain(`"${metric}"`);
      expect(message).toContain('sent, contacted, new_leads_contacted');
      expect(message).toContain('open_rate, reply_rate, click_rate');
    },
  );

  test('the flag is true only for the boolean true', () => {
    expect(validateSettings({ dailySheet: 'true' }).dailySheet).toBe(false);
    expect(validateSettings({ dailySheet: true }).dailySheet).toBe(true);
  });
});

describe('validateSettings: a full valid input', () => {
  test('comes back checked and normalised', () => {
    expect(
      validateSettings({
        sheetName: ' Weekly ',
        dateRange: 'custom',
        startDate: '2024-01-01',
        endDate: '2024-01-07',
        campaignIds: [' id-1 ', 'id-2'],
        workspaceIds: [' w-2 ', 'w-1', 'w-2', ''],
        fields: ['campaign_name', 'leads_count', 'reply_rate'],
        includeLeads: true,
        autoRefresh: 'daily',
        dailyHour: 9,
        keepHistory: true,
        historySheetName: 'Weekly history',
        chartMetric: 'open_rate',
        chartSeries: 'total',
        dailySheet: true,
        dailySheetName: ' Weekly by day ',
        trendMetric: 'Click_Rate',
        emailOnFailure: true,
        stepsSheet: true,
        stepsSheetName: ' Steps ',
      }),
    ).toEqual({
      sheetName: 'Weekly',
      dateRange: 'custom',
      startDate: '2024-01-01',
      endDate: '2024-01-07',
      campaignIds: ['id-1', 'id-2'],
      workspaceIds: ['w-2', 'w-1'],
      fields: ['campaign_name', 'leads_count', 'reply_rate'],
      includeLeads: true,
      autoRefresh: 'daily',
      dailyHour: 9,
      keepHistory: true,
      historySheetName: 'Weekly history',
      chartMetric: 'open_rate',
      chartSeries: 'total',
      dailySheet: true,
      dailySheetName: 'Weekly by day',
      trendMetric: 'click_rate',
      emailOnFailure: true,
      stepsSheet: true,
      stepsSheetName: 'Steps',
    });
  });
});

describe('parseSavedSettings', () => {
  test('nothing saved gives the defaults', () => {
    expect(parseSavedSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSavedSettings(null)).toEqual(DEFAULT_SETTINGS);
  });

  test.each([
    ['a bad sheet name', { sheetName: 'a/b', autoRefresh: 'daily' }],
    ['an unknown field', { fields: ['nope'], sheetName: 'Kept?' }],
    ['an unknown range', { dateRange: 'fortnight' }],
    ['a bad schedule', { autoRefresh: 'weekly' }],
    ['a bad hour', { dailyHour: 99 }],
    ['reversed dates', { dateRange: 'custom', startDate: '2024-02-01', endDate: '2024-01-01' }],
  ])('saved settings with %s fall back to the defaults', (_, saved) => {
    expect(parseSavedSettings(saved)).toEqual(DEFAULT_SETTINGS);
  });

  test('garbage falls back to the defaults', () => {
    expect(parseSavedSettings('not settings')).toEqual(DEFAULT_SETTINGS);
    expect(parseSavedSettings(17)).toEqual(DEFAULT_SETTINGS);
    expect(parseSavedSettings([])).toEqual(DEFAULT_SETTINGS);
  });

  test('settings of an older version get the newer fields from the defaults', () => {
    const result = parseSavedSettings({
      sheetName: 'Old report',
      dateRange: 'last_7_days',
      campaignIds: ['id-1'],
      fields: ['campaign_name', 'reply_rate'],
      includeLeads: true,
    });
    expect(result).toEqual({
      ...DEFAULT_SETTINGS,
      sheetName: 'Old report',
      dateRange: 'last_7_days',
      campaignIds: ['id-1'],
      fields: ['campaign_name', 'reply_rate'],
      includeLeads: true,
    });
  });

  test('valid saved settings are kept', () => {
    const saved = settings({
      sheetName: 'Mine',
      autoRefresh: '4',
      keepHistory: true,
      chartSeries: 'total',
    });
    expect(parseSavedSettings(JSON.parse(JSON.stringify(saved)))).toEqual(saved);
  });
});

describe('settingsRange', () => {
  test.each(DATE_PRESETS.map((preset) => [preset]))(
    'preset %s resolves against today',
    (preset) => {
      expect(settingsRange(settings({ dateRange: preset }), TODAY)).toEqual(
        presetRange(preset, TODAY),
      );
    },
  );

  test('hand-checked presets', () => {
    expect(settingsRange(settings({ dateRange: 'last_30_days' }), TODAY)).toEqual({
      start: '2024-02-15',
      end: '2024-03-15',
    });
    expect(settingsRange(settings({ dateRange: 'last_month' }), TODAY)).toEqual({
      start: '2024-02-01',
      end: '2024-02-29',
    });
    expect(settingsRange(settings({ dateRange: 'all_time' }), TODAY)).toEqual({});
  });

  test('a preset ignores any custom dates left over', () => {
    expect(
      settingsRange(
        settings({ dateRange: 'today', startDate: '2020-01-01', endDate: '2020-12-31' }),
        TODAY,
      ),
    ).toEqual({ start: TODAY, end: TODAY });
  });

  test('a custom range is its dates, whatever today is', () => {
    const custom = settings({
      dateRange: 'custom',
      startDate: '2023-05-01',
      endDate: '2023-05-31',
    });
    expect(settingsRange(custom, TODAY)).toEqual({ start: '2023-05-01', end: '2023-05-31' });
    expect(settingsRange(custom, '2030-01-01')).toEqual({ start: '2023-05-01', end: '2023-05-31' });
  });

  test('a blank custom date leaves that end open', () => {
    expect(
      settingsRange(settings({ dateRange: 'custom', startDate: '2023-05-01' }), TODAY),
    ).toEqual({ start: '2023-05-01', end: undefined });
    expect(settingsRange(settings({ dateRange: 'custom', endDate: '2023-05-31' }), TODAY)).toEqual({
      start: undefined,
      end: '2023-05-31',
    });
    const open = settingsRange(settings({ dateRange: 'custom' }), TODAY);
    expect(open.start).toBeUndefined();
    expect(open.end).toBeUndefined();
  });
});

describe('reportFields', () => {
  const names = (overrides: Partial<ReportSettings>) =>
    reportFields(settings(overrides)).map((field) => field.name);

  test('the chosen fields, in order, as field specs', () => {
    const fields = reportFields(settings({ fields: ['reply_rate', 'campaign_name'] }));
    expect(fields).toEqual([
      {
        name: 'reply_rate',
        label: 'Reply rate',
        kind: 'rate',
        numerator: 'reply_count_unique',
        denominator: 'contacted_count',
      },
      { name: 'campaign_name', label: 'Campaign', kind: 'text' },
    ]);
  });

  test('the default fields without leads', () => {
    expect(names({})).toEqual(DEFAULT_FIELD_NAMES);
  });

  test('with leads: the leads count goes right after the identity columns', () => {
    expect(
      names({
        fields: ['campaign_name', 'campaign_status', 'contacted_count', 'reply_rate'],
        includeLeads: true,
      }),
    ).toEqual(['campaign_name', 'campaign_status', 'leads_count', 'contacted_count', 'reply_rate']);
  });

  test('with leads and the default fields', () => {
    expect(names({ includeLeads: true })).toEqual([
      'campaign_name',
      'campaign_status',
      'leads_count',
      ...DEFAULT_FIELD_NAMES.slice(2),
    ]);
  });

  test('after the last identity column, wherever it stands', () => {
    expect(
      names({
        fields: ['campaign_name', 'contacted_count', 'campaign_id', 'reply_rate'],
        includeLeads: true,
      }),
    ).toEqual(['campaign_name', 'contacted_count', 'campaign_id', 'leads_count', 'reply_rate']);
  });

  test('first when there is no identity column', () => {
    expect(names({ fields: ['contacted_count', 'reply_rate'], includeLeads: true })).toEqual([
      'leads_count',
      'contacted_count',
      'reply_rate',
    ]);
  });

  test('last when there are only identity columns', () => {
    expect(names({ fields: ['campaign_id', 'campaign_name'], includeLeads: true })).toEqual([
      'campaign_id',
      'campaign_name',
      'leads_count',
    ]);
  });

  test('a leads count among the fields is moved to its place, not duplicated', () => {
    expect(
      names({
        fields: ['contacted_count', 'leads_count', 'campaign_name', 'reply_rate'],
        includeLeads: true,
      }),
    ).toEqual(['contacted_count', 'campaign_name', 'leads_count', 'reply_rate']);
  });

  test('without leads, a leads count among the fields is removed', () => {
    expect(
      names({
        fields: ['campaign_name', 'leads_count', 'contacted_count', 'reply_rate'],
        includeLeads: false,
      }),
    ).toEqual(['campaign_name', 'contacted_count', 'reply_rate']);
  });

  test('does not change the settings', () => {
    const chosen = ['campaign_name', 'leads_count', 'reply_rate'];
    const input = settings({ fields: chosen, includeLeads: true });
    reportFields(input);
    reportFields(settings({ fields: chosen, includeLeads: false }));
    expect(input.fields).toEqual(['campaign_name', 'leads_count', 'reply_rate']);
  });
});

describe('validateSettings: chosen campaigns', () => {
  const ids = (count: number) => Array.from({ length: count }, (_, index) => `id-${index}`);

  test('duplicates are kept once, up to MAX_CHOSEN_CAMPAIGNS', () => {
    expect(validateSettings({ campaignIds: ['a', 'b', 'a'] }).campaignIds).toEqual(['a', 'b']);
    expect(validateSettings({ campaignIds: ids(MAX_CHOSEN_CAMPAIGNS) }).campaignIds).toHaveLength(
      MAX_CHOSEN_CAMPAIGNS,
    );
  });

  test('more is refused with a message saying what to do', () => {
    expect(() => validateSettings({ campaignIds: ids(MAX_CHOSEN_CAMPAIGNS + 1) })).toThrow(
      /Choose at most 500 campaigns, or All campaigns \(you chose 501\)/,
    );
  });
});
