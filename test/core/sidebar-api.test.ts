import { DAILY_FIELDS } from '../../src/core/daily';
import { DATE_PRESETS } from '../../src/core/dates';
import {
  ANALYTICS_FIELDS,
  DEFAULT_FIELD_NAMES,
  OUTCOME_FIELDS,
  OUTCOME_RATE_FIELDS,
  RATE_FIELDS,
  selectFields,
} from '../../src/core/fields';
import { snapshotFields } from '../../src/core/history';
import { AUTO_REFRESH_CHOICES } from '../../src/core/schedule-timing';
import { DEFAULT_SETTINGS, validateSettings } from '../../src/core/settings';
import {
  AUTO_REFRESH_OPTIONS,
  CHART_METRICS,
  COLUMN_OPTIONS,
  campaignOptions,
  DATE_RANGE_OPTIONS,
  DEFAULT_COLUMNS,
  maskKey,
  TREND_METRICS,
} from '../../src/core/sidebar-api';
import { API_KEY, campaign, campaignId } from './fakes';

const MASK = '••••';

describe('maskKey', () => {
  test('no key: null', () => {
    expect(maskKey(undefined)).toBeNull();
    expect(maskKey('')).toBeNull();
  });

  test('a short key is hidden entirely', () => {
    for (let length = 1; length < 12; length++) {
      const key = `${'k'.repeat(length - 1)}Z`;
      const masked = maskKey(key);
      expect([length, masked]).toEqual([length, MASK]);
    }
  });

  test('a long key shows its last 4 characters only', () => {
    expect(maskKey('abcdefghijkl')).toBe(`${MASK}ijkl`);
    expect(maskKey(API_KEY)).toBe(`${MASK}${API_KEY.slice(-4)}`);
  });

  test('the full key, or any 5 of its characters in a row, never shows', () => {
    for (const key of [API_KEY, 'abcdefghijkl', 'secret-key-0123456789', 'x'.repeat(64), 'abc']) {
      const masked = maskKey(key) as string;
      expect(masked).not.toContain(key);
      for (let start = 0; start + 5 <= key.length; start++) {
        expect(masked).not.toContain(key.slice(start, start + 5));
      }
    }
  });

  test('two long keys differing in their ends are told apart', () => {
    const first = `${'a'.repeat(20)}1111`;
    const second = `${'a'.repeat(20)}2222`;
    expect(maskKey(first)).not.toBe(maskKey(second));
  });
});

describe('campaignOptions', () => {
  test('id, name and status label, sorted by name', () => {
    expect(
      campaignOptions([
        campaign(1, { campaign_name: 'Zulu', campaign_status: 1 }),
        campaign(2, { campaign_name: 'alpha', campaign_status: 2 }),
        campaign(3, { campaign_name: 'Mike', campaign_status: 3 }),
      ]),
    ).toEqual([
      { id: campaignId(2), name: 'alpha', status: 'Paused' },
      { id: campaignId(3), name: 'Mike', status: 'Completed' },
      { id: campaignId(1), name: 'Zulu', status: 'Active' },
    ]);
  });

  test('every status has its label; a missing status is blank', () => {
    const options = campaignOptions([
      campaign(1, { campaign_name: 'A', campaign_status: 0 }),
      campaign(2, { campaign_name: 'B', campaign_status: -99 }),
      campaign(3, { campaign_name: 'C', campaign_status: -1 }),
      campaign(4, { campaign_name: 'D', campaign_status: -2 }),
      campaign(5, { campaign_name: 'E', campaign_status: 4 }),
      campaign(6, { campaign_name: 'F', campaign_status: 17 }),
      campaign(7, { campaign_name: 'G', campaign_status: undefined }),
    ]);
    expect(options.map((option) => option.status)).toEqual([
      'Draft',
      'Account Suspended',
      'Accounts Unhealthy',
      'Bounce Protect',
      'Running Subsequences',
      'Unknown status (17)',
      '',
    ]);
  });

  test('plain data: only id, name and status', () => {
    const [option] = campaignOptions([campaign(1)]);
    expect(Object.keys(option).sort()).toEqual(['id', 'name', 'status']);
  });

  test('names are not escaped (the page shows them as text)', () => {
    const [option] = campaignOptions([campaign(1, { campaign_name: '=HYPERLINK("x")' })]);
    expect(option.name).toBe('=HYPERLINK("x")');
  });

  test('does not reorder its input; no campaigns, no options', () => {
    const input = [campaign(1, { campaign_name: 'B' }), campaign(2, { campaign_name: 'A' })];
    campaignOptions(input);
    expect(input.map((c) => c.campaign_name)).toEqual(['B', 'A']);
    expect(campaignOptions([])).toEqual([]);
  });
});

describe('COLUMN_OPTIONS and DEFAULT_COLUMNS', () => {
  test('every field but the leads count and the workspace (shown with several), in field order', () => {
    expect(COLUMN_OPTIONS.map((option) => option.name)).toEqual(
      ANALYTICS_FIELDS.all
        .map((field) => field.name)
        .filter((name) => name !== 'leads_count' && name !== 'workspace_name'),
    );
    expect(COLUMN_OPTIONS.some((option) => option.name === 'leads_count')).toBe(false);
  });

  test('name, label and kind only (no rate numerator)', () => {
    for (const option of COLUMN_OPTIONS) {
      expect(Object.keys(option).sort()).toEqual(['kind', 'label', 'name']);
    }
    expect(COLUMN_OPTIONS.find((option) => option.name === 'reply_rate')).toEqual({
      name: 'reply_rate',
      label: 'Reply rate',
      kind: 'rate',
    });
  });

  test('the default columns are the default fields, all offered', () => {
    expect(DEFAULT_COLUMNS).toEqual(DEFAULT_FIELD_NAMES);
    const offered = new Set(COLUMN_OPTIONS.map((option) => option.name));
    for (const name of DEFAULT_COLUMNS) expect(offered.has(name)).toBe(true);
  });

  test('every column offered is accepted by validateSettings', () => {
    const names = COLUMN_OPTIONS.map((option) => option.name);
    expect(validateSettings({ fields: names }).fields).toEqual(names);
  });
});

describe('TREND_METRICS', () => {
  test('every daily count and rate, each a setting the server accepts', () => {
    expect(TREND_METRICS.map((metric) => metric.name)).toEqual(
      DAILY_FIELDS.all.map((field) => field.name).filter((name) => name !== 'workspace_name'),
    );
    expect(() => validateSettings({ trendMetric: 'workspace_name' })).toThrow(/trend chart/);
    for (const { name, label, kind } of TREND_METRICS) {
      expect(['count', 'rate']).toContain(kind);
      expect(label).toBe(DAILY_FIELDS.all.find((field) => field.name === name)?.label);
      expect(validateSettings({ trendMetric: name }).trendMetric).toBe(name);
    }
    expect(TREND_METRICS.map((metric) => metric.name)).toContain(DEFAULT_SETTINGS.trendMetric);
  });
});

describe('CHART_METRICS', () => {
  test('only numeric fields: counts, money and rates', () => {
    expect(CHART_METRICS.length).toBeGreaterThan(0);
    for (const metric of CHART_METRICS) expect(['count', 'money', 'rate']).toContain(metric.kind);
  });

  test('every numeric column the history holds, in column order', () => {
    // The outcomes are fetched only for the columns that show them, so history has none.
    const outcomes = [...OUTCOME_FIELDS, ...OUTCOME_RATE_FIELDS].map((field) => field.name);
    expect(CHART_METRICS).toEqual(
      COLUMN_OPTIONS.filter(
        (option) =>
          ['count', 'money', 'rate'].includes(option.kind) && !outcomes.includes(option.name),
      ),
    );
  });

  test('no text, status, boolean or leads count', () => {
    const names = CHART_METRICS.map((metric) => metric.name);
    for (const name of [
      'campaign_name',
      'campaign_id',
      'campaign_status',
      'campaign_is_evergreen',
      'leads_count',
    ]) {
      expect(names).not.toContain(name);
    }
    for (const rate of RATE_FIELDS) expect(names).toContain(rate.name);
    expect(names).toContain('total_opportunity_value');
    expect(names).toContain('reply_count_unique');
  });

  test('every metric is a history column and a valid chart setting', () => {
    for (const metric of CHART_METRICS) {
      const [spec] = selectFields([metric.name]);
      const snapshot = snapshotFields([], { metric: spec, series: 'campaigns' });
      expect(snapshot.map((field) => field.name)).toContain(metric.name);
      expect(validateSettings({ chartMetric: metric.name }).chartMetric).toBe(metric.name);
    }
  });

  test('the default chart metric is offered', () => {
    const { chartMetric } = validateSettings({});
    expect(CHART_METRICS.map((metric) => metric.name)).toContain(chartMetric);
  });
});

describe('AUTO_REFRESH_OPTIONS', () => {
  test('every choice, in order, with its label', () => {
    expect(AUTO_REFRESH_OPTIONS).toEqual([
      { value: 'off', label: 'Off' },
      { value: '1', label: 'Every hour' },
      { value: '2', label: 'Every 2 hours' },
      { value: '4', label: 'Every 4 hours' },
      { value: '6', label: 'Every 6 hours' },
      { value: '8', label: 'Every 8 hours' },
      { value: '12', label: 'Every 12 hours' },
      { value: 'daily', label: 'Daily' },
    ]);
    expect(AUTO_REFRESH_OPTIONS.map((option) => option.value)).toEqual([...AUTO_REFRESH_CHOICES]);
  });

  test('every value offered is accepted by validateSettings', () => {
    for (const { value } of AUTO_REFRESH_OPTIONS) {
      expect(validateSettings({ autoRefresh: value }).autoRefresh).toBe(value);
    }
  });
});

describe('DATE_RANGE_OPTIONS', () => {
  test('every preset, then custom, with labels', () => {
    expect(DATE_RANGE_OPTIONS).toEqual([
      { value: 'all_time', label: 'All time' },
      { value: 'today', label: 'Today' },
      { value: 'yesterday', label: 'Yesterday' },
      { value: 'last_7_days', label: 'Last 7 days' },
      { value: 'last_30_days', label: 'Last 30 days' },
      { value: 'this_month', label: 'This month' },
      { value: 'last_month', label: 'Last month' },
      { value: 'custom', label: 'Custom' },
    ]);
    expect(DATE_RANGE_OPTIONS.map((option) => option.value)).toEqual([...DATE_PRESETS, 'custom']);
  });

  test('every value offered is accepted by validateSettings', () => {
    for (const { value } of DATE_RANGE_OPTIONS) {
      expect(validateSettings({ dateRange: value }).dateRange).toBe(value);
    }
  });

  test('the default range is offered', () => {
    expect(DATE_RANGE_OPTIONS.map((option) => option.value)).toContain(
      validateSettings({}).dateRange,
    );
  });
});
