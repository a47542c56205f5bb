/**
 * Refresh now (issue 3) as Sheets runs it: the built bundle in the local Apps Script runtime,
 * called as the sidebar calls it (google.script.run) and as the menu does, writing campaign
 * metrics from the Instantly stand-in into a sheet.
 */
import { DEFAULT_NUMBER_FORMAT } from '../../dev/runtime/cells';
import type { SheetSnapshot } from '../../dev/runtime/sheet';
import { ANALYTICS_PATH, CAMPAIGNS_PATH } from '../../dev/standin/server';
import {
  type AnalyticsRange,
  CAMPAIGN_STATUS,
  type CampaignAnalytics,
  campaignAnalytics,
  createCampaign,
  DEFAULT_ACTIVITY_DAY,
  fixtureWorkspace,
  type StandinCampaign,
} from '../../dev/standin/workspace';
import type { RefreshResult } from '../../src/core/refresh';
import type { ActionResult, SidebarState } from '../../src/core/sidebar-api';
import {
  type Addon,
  API_KEY,
  analyticsRequests,
  everythingVisible,
  listFetches,
  replaceSavedKey,
  startAddon,
  useStandin,
} from '../support/addon';

const NOW = '2026-11-26T12:00:00Z';
const DEFAULT_SHEET = 'Instantly Analytics';
const LEASE_KEY = 'instantlyAnalytics.refreshLease';
const JANUARY = { start: '2025-01-01', end: '2025-01-31' };
/** Activity outside January, which a January report must leave out. */
const MARCH_DAY = '2025-03-10';

// ---- The workspace ----------------------------------------------------------------------------

/** `count` active campaigns with activity in January (counts scale with n) and in March. */
function workspace(count: number): StandinCampaign[] {
  return fixtureWorkspace(count, DEFAULT_ACTIVITY_DAY).map((campaign) => ({
    ...campaign,
    daily: {
      ...campaign.daily,
      [MARCH_DAY]: { contacted_count: 1000, open_count_unique: 900, total_opportunity_value: 77 },
    },
  }));
}

const PAUSED = createCampaign({
  name: 'Paused outreach',
  status: CAMPAIGN_STATUS.paused,
  leads: 9,
  totals: { contacted_count: 3, emails_sent_count: 3, reply_count_unique: 1 },
});
const DRAFT = createCampaign({ name: 'Draft: not sent yet', status: CAMPAIGN_STATUS.draft });
/** Twelve active campaigns (enough for thousands separators), one paused, one never sent. */
const CAMPAIGNS = [...workspace(12), PAUSED, DRAFT];

// ---- The report a person should see -----------------------------------------------------------

type Kind = 'text' | 'status' | 'count' | 'money' | 'rate';
type Expected = string | number;

interface Column {
  label: string;
  kind: Kind;
  value(analytics: CampaignAnalytics): Expected;
}

const STATUS_LABELS: Record<number, string> = {
  [CAMPAIGN_STATUS.active]: 'Active',
  [CAMPAIGN_STATUS.paused]: 'Paused',
  [CAMPAIGN_STATUS.draft]: 'Draft',
};

const text = (label: string, field: 'campaign_name' | 'campaign_id'): Column => ({
  label,
  kind: 'text',
  value: (analytics) => analytics[field],
});
const count = (label: string, field: keyof CampaignAnalytics): Column => ({
  label,
  kind: 'count',
  value: (analytics) => analytics[field] as number,
});
/** Over contacted leads; blank when nobody was contacted. */
const rate = (label: string, field: keyof CampaignAnalytics): Column => ({
  label,
  kind: 'rate',
  value: (analytics) =>
    analytics.contacted_count > 0 ? (analytics[field] as number) / analytics.contacted_count : '',
});

const COLUMN = {
  campaign_name: text('Campaign', 'campaign_name'),
  campaign_id: text('Campaign ID', 'campaign_id'),
  campaign_status: {
    label: 'Status',
    kind: 'status',
    value: (analytics) => STATUS_LABELS[analytics.campaign_status],
  } satisfies Column,
  leads_count: count('Leads', 'leads_count'),
  contacted_count: count('Contacted', 'contacted_count'),
  emails_sent_count: count('Emails sent', 'emails_sent_count'),
  open_count_unique: count('Unique opens', 'open_count_unique'),
  open_rate: rate('Open rate', 'open_count_unique'),
  reply_count_unique: count('Unique replies', 'reply_count_unique'),
  reply_rate: rate('Reply rate', 'reply_count_unique'),
  link_click_count_unique: count('Unique link clicks', 'link_click_count_unique'),
  click_rate: rate('Click rate', 'link_click_count_unique'),
  bounced_count: count('Bounced', 'bounced_count'),
  bounce_rate: rate('Bounce rate', 'bounced_count'),
  total_opportunities: count('Opportunities', 'total_opportunities'),
  total_opportunity_value: {
    label: 'Opportunity value',
    kind: 'money',
    value: (analytics) => analytics.total_opportunity_value,
  } satisfies Column,
};
type FieldName = keyof typeof COLUMN;

const DEFAULT_FIELDS: FieldName[] = [
  'campaign_name',
  'campaign_status',
  'contacted_count',
  'emails_sent_count',
  'open_count_unique',
  'open_rate',
  'reply_count_unique',
  'reply_rate',
  'link_click_count_unique',
  'click_rate',
  'bounced_count',
  'bounce_rate',
  'total_opportunities',
  'total_opportunity_value',
];

const NUMBER_FORMAT: Partial<Record<Kind, string>> = {
  count: '#,##0',
  money: '$#,##0.00',
  rate: '0.0%',
};

/** How Sheets shows a value under the column's format, worked out here independently. */
function shown(kind: Kind, value: Expected): string {
  if (typeof value === 'string') return value;
  const grouped = (digits: number) =>
    value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (kind === 'money') return `$${grouped(2)}`;
  if (kind === 'rate') return `${(value * 100).toFixed(1)}%`;
  return grouped(0);
}

interface ExpectedTable {
  values: Expected[][];
  displayValues: string[][];
  /** Data rows only; text columns may have any format that keeps text as text. */
  numberFormats: unknown[][];
}

function expectedTable(
  campaigns: StandinCampaign[],
  fields: FieldName[],
  range: AnalyticsRange,
): ExpectedTable {
  const columns = fields.map((field) => COLUMN[field]);
  const rows = campaigns.map((campaign) => {
    const analytics = campaignAnalytics(campaign, range);
    return columns.map((column) => column.value(analytics));
  });
  const header = columns.map((column) => column.label);
  return {
    values: [header, ...rows],
    displayValues: [
      header,
      ...rows.map((row) => row.map((value, index) => shown(columns[index].kind, value))),
    ],
    numberFormats: rows.map(() =>
      columns.map((column) => NUMBER_FORMAT[column.kind] ?? expect.any(String)),
    ),
  };
}

const januaryTable = (
  campaigns: StandinCampaign[] = CAMPAIGNS,
  fields: FieldName[] = DEFAULT_FIELDS,
  includeLeads = false,
) => expectedTable(campaigns, fields, { ...JANUARY, includeLeads });

// ---- Reading the sheet ------------------------------------------------------------------------

/** Formats of a cell nobody formatted, or one whose format was reset. */
const UNFORMATTED = new Set([DEFAULT_NUMBER_FORMAT, 'General']);

/**
 * What a person sees of a sheet: its grids cut down to the cells that show anything (content,
 * a note, bold, a number format), so blanked leftovers of an older table do not count.
 */
function visibleGrid(snapshot: SheetSnapshot) {
  const showsSomething = (row: number, column: number) =>
    snapshot.values[row][column] !== '' ||
    snapshot.formulas[row][column] !== '' ||
    snapshot.notes[row][column] !== '' ||
    snapshot.fontWeights[row][column] !== 'normal' ||
    !UNFORMATTED.has(snapshot.numberFormats[row][column]);
  let rows = 0;
  let columns = 0;
  snapshot.values.forEach((cells, row) => {
    cells.forEach((_, column) => {
      if (!showsSomething(row, column)) return;
      rows = Math.max(rows, row + 1);
      columns = Math.max(columns, column + 1);
    });
  });
  const cut = <T>(grid: T[][]) => grid.slice(0, rows).map((cells) => cells.slice(0, columns));
  return {
    values: cut(snapshot.values),
    displayValues: cut(snapshot.displayValues),
    formulas: cut(snapshot.formulas),
    numberFormats: cut(snapshot.numberFormats),
    fontWeights: cut(snapshot.fontWeights),
  };
}

/** The sheet shows exactly this table: bold frozen header, values, formats and nothing else. */
function expectReport(snapshot: SheetSnapshot, expected: ExpectedTable): void {
  const visible = visibleGrid(snapshot);
  expect(visible.values).toEqual(expected.values);
  expect(visible.displayValues).toEqual(expected.displayValues);
  expect(visible.numberFormats.slice(1)).toEqual(expected.numberFormats);
  expect(visible.formulas.flat().filter((formula) => formula !== '')).toEqual([]);
  expect(visible.fontWeights[0]).toEqual(expected.values[0].map(() => 'bold'));
  expect(new Set(visible.fontWeights.slice(1).flat())).toEqual(new Set(['normal']));
  expect(snapshot.frozenRows).toBe(1);
}

const sheetNames = (addon: Addon) => addon.spreadsheet.sheetList().map((sheet) => sheet.getName());
const reportSheet = (addon: Addon, name = DEFAULT_SHEET) =>
  addon.spreadsheet.sheet(name).snapshot();
const everySheet = (addon: Addon) => addon.spreadsheet.sheetList().map((sheet) => sheet.snapshot());

/** The spreadsheet's developer metadata, read through the raw fake (not the bundle). */
const metadataEntries = (addon: Addon) =>
  addon.spreadsheet.getDeveloperMetadata().map((entry) => [entry.getKey(), entry.getValue()]);

/** everythingVisible, plus records kept on the spreadsheet and what went back to the page. */
const everythingKept = (addon: Addon, ...results: unknown[]) =>
  everythingVisible(addon) + JSON.stringify(metadataEntries(addon)) + JSON.stringify(results);

/** Another spreadsheet user's own sheet: text, money, a note and bold. */
function addPersonsSheet(addon: Addon): void {
  const sheet = addon.spreadsheet.sheet('Sheet1');
  sheet.getRange('A1:B2').setValues([
    ['Budget', 1234.5],
    ['Owner', 'Sam'],
  ]);
  sheet.getRange('B1').setNumberFormat('$#,##0.00');
  sheet.getRange('A1').setFontWeight('bold').setNote('Q4 plan');
}

// ---- Calling the add-on ------------------------------------------------------------------------

type Settings = Record<string, unknown>;

/** Sidebar settings for a January report; the rest are the sidebar's defaults. */
const januaryReport = (overrides: Settings = {}): Settings => ({
  sheetName: DEFAULT_SHEET,
  dateRange: 'custom',
  startDate: JANUARY.start,
  endDate: JANUARY.end,
  campaignIds: [],
  fields: DEFAULT_FIELDS,
  includeLeads: false,
  autoRefresh: 'off',
  ...overrides,
});

const start = (options: Partial<Parameters<typeof startAddon>[0]> = {}): Addon =>
  startAddon({ standinUrl: standin.url, now: NOW, ...options });

/** The sidebar's Refresh now button. */
const refreshNow = (addon: Addon, settings: Settings = januaryReport()) =>
  addon.runtime.callFromClient('refreshNow', settings) as RefreshResult;

/** Refresh now, which must succeed for the test to go on. */
function refreshed(addon: Addon, settings: Settings = januaryReport()): RefreshResult {
  const result = refreshNow(addon, settings);
  expect(result.outcome).toEqual(expect.objectContaining({ ok: true }));
  return result;
}

const sidebarState = (addon: Addon) =>
  addon.runtime.callFromClient('getSidebarState') as SidebarState;

const saveReportSettings = (addon: Addon, settings: Settings) =>
  addon.runtime.callFromClient('saveReportSettings', settings) as ActionResult;

const refreshFromMenu = (addon: Addon) => addon.runtime.call('refreshNowFromMenu');

const apiRequests = () => standin.requests();
/** The analytics requests alone: the campaign list has its own. */
const analyticsOnly = () => analyticsRequests(standin);

/** Plain words for a person: a sentence, not an exception, a stack or a response body. */
function expectPlainWords(message: string | undefined): void {
  expect(message).toMatch(/^[A-Z][^{}<>]*[.…]$/);
  expect(message).not.toMatch(/Exception|Error:|undefined|null|\bat \w+ \(/);
}

const standin = useStandin(CAMPAIGNS);

// ---- Tests --------------------------------------------------------------------------------------

describe('Refresh now writes the report', () => {
  test('creates "Instantly Analytics": bold frozen header, one row per campaign, the range’s numbers', () => {
    const addon = start();
    expect(sheetNames(addon)).not.toContain(DEFAULT_SHEET);

    const { outcome } = refreshed(addon);

    expect(outcome).toMatchObject({
      ok: true,
      rows: CAMPAIGNS.length,
      sheetName: DEFAULT_SHEET,
      range: JANUARY,
      trigger: 'manual',
    });
    expect(sheetNames(addon)).toEqual(['Sheet1', DEFAULT_SHEET]);
    expectReport(reportSheet(addon), januaryTable());
  });

  test('one request, for the chosen range, without counting leads; and the campaign list', async () => {
    refreshed(start());
    const requests = await analyticsOnly();
    expect(requests).toHaveLength(1);
    expect(requests[0].query).toEqual({
      start_date: JANUARY.start,
      end_date: JANUARY.end,
      exclude_total_leads_count: 'true',
    });
    expect(await listFetches(standin)).toBe(1);
  });

  test('rates show as 0.0%, money as $#,##0.00, counts as #,##0; no rate without contacts', () => {
    const addon = start();
    refreshed(addon);
    const { values, displayValues } = reportSheet(addon);
    const row = (name: string) => {
      const index = values.findIndex((cells) => cells[0] === name);
      expect(index).toBeGreaterThan(0);
      return Object.fromEntries(
        (values[0] as string[]).map((label, column) => [label, displayValues[index][column]]),
      );
    };
    expect(row('Campaign 012')).toMatchObject({
      Contacted: '1,200',
      'Emails sent': '3,600',
      'Open rate': '40.0%',
      'Reply rate': '4.0%',
      'Opportunity value': '$12,006.00',
    });
    expect(row('Paused outreach')).toMatchObject({ Status: 'Paused', 'Reply rate': '33.3%' });
    expect(row('Draft: not sent yet')).toMatchObject({
      Status: 'Draft',
      Contacted: '0',
      'Open rate': '',
      'Reply rate': '',
      'Opportunity value': '$0.00',
    });
  });

  test('every column of the table is fitted to its contents', () => {
    const addon = start();
    refreshed(addon);
    const { columnWidths } = reportSheet(addon);
    expect(Object.keys(columnWidths).map(Number)).toEqual(
      DEFAULT_FIELDS.map((_, index) => index + 1),
    );
  });

  test.each([
    ['Etc/UTC', januaryReport(), '2026-11-26 12:00', 'Date range: 2025-01-01 to 2025-01-31.'],
    [
      'America/New_York',
      januaryReport({ dateRange: 'last_month' }),
      '2026-11-26 07:00',
      'Date range: 2026-10-01 to 2026-10-31.',
    ],
    [
      'Pacific/Auckland',
      januaryReport({ dateRange: 'today' }),
      '2026-11-27 01:00',
      'Date range: 2026-11-27.',
    ],
  ])(
    'in %s the header note says when it was refreshed and for which range',
    (timeZone, settings, stamp, range) => {
      const addon = start({ timeZone });
      refreshed(addon, settings);
      const note = reportSheet(addon).notes[0][0];
      expect(note).toContain(`refreshed ${stamp} (${timeZone})`);
      expect(note).toContain(range);
    },
  );

  test('a preset range asks Instantly for those days and reports only them', async () => {
    const october = workspace(3).map((campaign, index) => ({
      ...campaign,
      daily: { ...campaign.daily, '2026-10-20': { contacted_count: 10 * (index + 1) } },
    }));
    await standin.setCampaigns(october);
    const addon = start();

    const { outcome } = refreshed(addon, januaryReport({ dateRange: 'last_month' }));

    const lastMonth = { start: '2026-10-01', end: '2026-10-31' };
    expect(outcome.range).toEqual(lastMonth);
    const [request] = await analyticsOnly();
    expect([request.query.start_date, request.query.end_date]).toEqual([
      lastMonth.start,
      lastMonth.end,
    ]);
    expectReport(
      reportSheet(addon),
      expectedTable(october, DEFAULT_FIELDS, { ...lastMonth, includeLeads: false }),
    );
  });

  test('a custom sheet name: that sheet is created, and no default one', () => {
    const addon = start();
    const { outcome } = refreshed(addon, januaryReport({ sheetName: "Bob's Q4 numbers" }));
    expect(outcome.sheetName).toBe("Bob's Q4 numbers");
    expect(sheetNames(addon)).toEqual(['Sheet1', "Bob's Q4 numbers"]);
    expectReport(reportSheet(addon, "Bob's Q4 numbers"), januaryTable());
  });

  test('an existing sheet of that name is written to, not duplicated', () => {
    const addon = start();
    addon.spreadsheet.insertSheet('Weekly');
    refreshed(addon, januaryReport({ sheetName: 'Weekly' }));
    expect(sheetNames(addon)).toEqual(['Sheet1', 'Weekly']);
    expectReport(reportSheet(addon, 'Weekly'), januaryTable());
  });

  test('chosen campaigns only, asked for by id in one request', async () => {
    const chosen = [CAMPAIGNS[1], CAMPAIGNS[4], PAUSED];
    const addon = start();

    const { outcome } = refreshed(
      addon,
      januaryReport({ campaignIds: chosen.map((campaign) => campaign.id) }),
    );

    expect(outcome.rows).toBe(3);
    expectReport(reportSheet(addon), januaryTable(chosen));
    const requests = await analyticsOnly();
    expect(requests).toHaveLength(1);
    expect(requests[0].query.ids).toEqual(chosen.map((campaign) => campaign.id));
  });

  test('more chosen campaigns than one URL holds: one request for all, only the chosen rows', async () => {
    const many = workspace(150);
    await standin.setCampaigns(many);
    const chosen = many.filter((_, index) => index % 3 !== 0);
    const addon = start();

    refreshed(addon, januaryReport({ campaignIds: chosen.map((campaign) => campaign.id) }));

    expectReport(reportSheet(addon), januaryTable(chosen));
    const requests = await analyticsOnly();
    expect(requests).toHaveLength(1);
    expect(requests[0].query.ids).toBeUndefined();
    expect(requests[0].url.length).toBeLessThanOrEqual(2000);
  });

  test('Include leads count adds a Leads column and asks Instantly to count leads', async () => {
    const addon = start();
    refreshed(addon, januaryReport({ includeLeads: true }));

    const [name, status, ...metrics] = DEFAULT_FIELDS;
    expectReport(
      reportSheet(addon),
      januaryTable(CAMPAIGNS, [name, status, 'leads_count', ...metrics], true),
    );
    const [request] = await analyticsOnly();
    expect(request.query).toEqual({ start_date: JANUARY.start, end_date: JANUARY.end });
  });

  test('from the menu: the saved settings, and a toast saying what was written', () => {
    const addon = start();
    expect(saveReportSettings(addon, januaryReport({ sheetName: 'From the menu' })).ok).toBe(true);

    refreshFromMenu(addon);

    expect(addon.runtime.ui.alerts).toEqual([]);
    expect(addon.runtime.ui.toasts.map((toast) => toast.message)).toEqual([
      `Wrote ${CAMPAIGNS.length} campaign row(s) to "From the menu".`,
    ]);
    expectReport(reportSheet(addon, 'From the menu'), januaryTable());
  });
});

describe('a second refresh replaces the table and nothing else', () => {
  test('fewer campaigns leave no stale rows', async () => {
    const addon = start();
    refreshed(addon);
    const fewer = workspace(3);
    await standin.setCampaigns(fewer);

    const { outcome } = refreshed(addon);

    expect(outcome.rows).toBe(3);
    expectReport(reportSheet(addon), januaryTable(fewer));
    expect(reportSheet(addon).notes[0][0]).toContain('3 campaigns');
  });

  test('fewer columns leave no stale columns', () => {
    const addon = start();
    refreshed(addon);

    refreshed(addon, januaryReport({ fields: ['campaign_name', 'reply_rate'] }));

    expectReport(reportSheet(addon), januaryTable(CAMPAIGNS, ['campaign_name', 'reply_rate']));
  });

  test.each([
    ['named in other letter case', (_: Addon) => DEFAULT_SHEET.toUpperCase()],
    [
      'renamed by a person, settings following the new name',
      (addon: Addon) => {
        addon.spreadsheet.sheet(DEFAULT_SHEET).setName('Campaigns');
        return 'Campaigns';
      },
    ],
  ])('the same sheet %s: still no stale rows', async (_, nameTheSheet) => {
    const addon = start();
    refreshed(addon);
    const sheetName = nameTheSheet(addon);
    const fewer = workspace(2);
    await standin.setCampaigns(fewer);

    refreshed(addon, januaryReport({ sheetName }));

    expect(sheetNames(addon)).toHaveLength(2);
    expectReport(addon.spreadsheet.sheet(sheetName).snapshot(), januaryTable(fewer));
  });

  test("a person's column next to the table and another sheet's contents are untouched", async () => {
    const addon = start();
    addPersonsSheet(addon);
    refreshed(addon);
    const personsColumn = DEFAULT_FIELDS.length + 1;
    const report = addon.spreadsheet.sheet(DEFAULT_SHEET);
    report.getRange(1, personsColumn, 3, 1).setValues([['Follow-up'], ['call Tuesday'], ['']]);
    report.getRange(2, personsColumn).setNote('from Sam');
    report.getRange(3, personsColumn).setFormula('=SUM(C2:C15)');
    report.getRange(4, personsColumn).setValue("'=not a formula");
    addon.runtime.spreadsheets.recalculate();
    const column = () => {
      const snapshot = reportSheet(addon);
      const cells = <T>(grid: T[][]) => grid.map((row) => row[personsColumn - 1]);
      return {
        values: cells(snapshot.values),
        formulas: cells(snapshot.formulas),
        notes: cells(snapshot.notes),
        numberFormats: cells(snapshot.numberFormats),
        fontWeights: cells(snapshot.fontWeights),
      };
    };
    const personsColumnBefore = column();
    const otherSheetBefore = addon.spreadsheet.sheet('Sheet1').snapshot();
    expect(personsColumnBefore.formulas[2]).toBe('=SUM(C2:C15)');

    refreshed(addon);
    expect(column()).toEqual(personsColumnBefore);

    await standin.setCampaigns(workspace(2));
    refreshed(addon, januaryReport({ fields: ['campaign_name', 'contacted_count'] }));

    expect(column()).toEqual(personsColumnBefore);
    expect(addon.spreadsheet.sheet('Sheet1').snapshot()).toEqual(otherSheetBefore);
    const table = visibleGrid(reportSheet(addon));
    expect(table.values.slice(0, 3).map((row) => row.slice(0, 2))).toEqual(
      januaryTable(workspace(2), ['campaign_name', 'contacted_count']).values,
    );
  });
});

describe('API text is written as text', () => {
  const TEXT_THAT_LOOKS_LIKE_MORE = [
    '=HYPERLINK("http://x","y")',
    '+1 555 0100',
    '-20% promo',
    '@founders',
    '2024-01-01',
    '00123',
    'TRUE',
    '1,000',
    "'tis the season",
  ];

  test('names that look like formulas, numbers or dates show exactly as Instantly sent them', async () => {
    const named = TEXT_THAT_LOOKS_LIKE_MORE.map((name) =>
      createCampaign({ name, totals: { contacted_count: 10 } }),
    );
    await standin.setCampaigns(named);
    const addon = start();

    refreshed(
      addon,
      januaryReport({ fields: ['campaign_name', 'campaign_id', 'contacted_count'] }),
    );

    const { values, displayValues, formulas, errors } = reportSheet(addon);
    const dataRows = <T>(grid: T[][]) => grid.slice(1, named.length + 1);
    expect(dataRows(values).map((row) => row[0])).toEqual(TEXT_THAT_LOOKS_LIKE_MORE);
    expect(dataRows(displayValues).map((row) => row[0])).toEqual(TEXT_THAT_LOOKS_LIKE_MORE);
    expect(dataRows(values).map((row) => row[1])).toEqual(named.map((campaign) => campaign.id));
    expect(
      dataRows(formulas)
        .flat()
        .filter((formula) => formula !== ''),
    ).toEqual([]);
    expect(
      dataRows(errors)
        .flat()
        .filter((error) => error !== ''),
    ).toEqual([]);
    expect(dataRows(values).map((row) => row[2])).toEqual(named.map(() => 10));
  });
});

describe('nothing is lost when a refresh fails', () => {
  const WRONG_KEY = 'wrong-key-0123456789abcdef';

  const failures: Array<[string, (addon: Addon) => Promise<void> | void, RegExp]> = [
    [
      'Instantly rejects the key (401)',
      (addon) => replaceSavedKey(addon, WRONG_KEY),
      /rejected the API key/,
    ],
    ['the key was removed', (addon) => replaceSavedKey(addon, null), /No Instantly API key/],
    [
      'Instantly rate-limits past every retry (429)',
      () => standin.queueFault({ status: 429, retryAfter: 1, times: 50 }),
      /rate-limiting/,
    ],
    [
      'Instantly keeps failing (500)',
      () => standin.queueFault({ status: 500, times: 50 }),
      /having trouble \(HTTP 500\)/,
    ],
    [
      'the connection is reset',
      () => standin.queueFault({ reset: true, times: 50 }),
      /Could not reach Instantly/,
    ],
    [
      'an HTML page comes back instead of JSON',
      () =>
        standin.queueFault({
          status: 200,
          body: '<html><body>Bad gateway</body></html>',
          contentType: 'text/html',
          times: 50,
        }),
      /does not understand \(not JSON\)/,
    ],
    [
      'the JSON is cut short',
      () =>
        standin.queueFault({
          status: 200,
          body: '[{"campaign_id":"a","campaign_name":"x"',
          times: 50,
        }),
      /does not understand \(not JSON\)/,
    ],
    [
      'an object comes back instead of a list',
      () =>
        standin.queueFault({
          status: 200,
          body: '{"campaigns":[]}',
          times: 50,
          path: ANALYTICS_PATH,
        }),
      /expected a list of campaigns/,
    ],
    [
      'the campaign list comes back without its items',
      () =>
        standin.queueFault({ status: 200, body: '{"data":[]}', times: 50, path: CAMPAIGNS_PATH }),
      /expected a page of campaigns/,
    ],
  ];

  test.each(failures)(
    '%s: the table stays, the status says so, the key shows nowhere',
    async (_, fail, expected) => {
      const addon = start();
      addPersonsSheet(addon);
      const success = refreshed(addon);
      const before = everySheet(addon);
      await fail(addon);

      const first = refreshNow(addon);
      const second = refreshNow(addon);

      expect(everySheet(addon)).toEqual(before);
      expect(first.outcome).toMatchObject({
        ok: false,
        rows: 0,
        error: expect.stringMatching(expected),
      });
      expectPlainWords(first.outcome.error);
      expect(first.status.consecutiveFailures).toBe(1);
      const { status } = sidebarState(addon);
      expect(status).toEqual({
        lastSuccess: success.outcome,
        lastFailure: second.outcome,
        consecutiveFailures: 2,
      });
      const secrets = [API_KEY, WRONG_KEY];
      const kept = everythingKept(addon, first, second);
      for (const secret of secrets) expect(kept).not.toContain(secret);
    },
  );

  test('the next good refresh writes the new table and clears the failures', async () => {
    const addon = start();
    refreshed(addon);
    await standin.queueFault({ status: 503, times: 5 });
    expect(refreshNow(addon).outcome.ok).toBe(false);
    const fewer = workspace(4);
    await standin.setCampaigns(fewer);

    const { outcome, status } = refreshed(addon);

    expectReport(reportSheet(addon), januaryTable(fewer));
    expect(status).toEqual({ lastSuccess: outcome, consecutiveFailures: 0 });
    expect(sidebarState(addon).status).toEqual(status);
  });

  test('from the menu, a failure is an alert in plain words and the table stays', async () => {
    const addon = start();
    expect(saveReportSettings(addon, januaryReport()).ok).toBe(true);
    refreshFromMenu(addon);
    const before = everySheet(addon);
    addon.runtime.ui.toasts.length = 0;
    await standin.queueFault({ status: 500, times: 50 });

    refreshFromMenu(addon);

    expect(everySheet(addon)).toEqual(before);
    expect(addon.runtime.ui.toasts).toEqual([]);
    expect(addon.runtime.ui.alerts).toHaveLength(1);
    const [alert] = addon.runtime.ui.alerts;
    expect(alert.title).toMatch(/refresh failed/);
    expect(alert.prompt).toMatch(/having trouble \(HTTP 500\)/);
    expectPlainWords(alert.prompt);
    expect(everythingKept(addon)).not.toContain(API_KEY);
  });
});

describe('Spreadsheet calls do not grow with the number of campaigns', () => {
  /** The Spreadsheet calls of a first refresh (new sheet) and a second one (over the table). */
  async function spreadsheetCalls(campaignCount: number) {
    await standin.setCampaigns(workspace(campaignCount));
    const addon = start();
    const calls = () => {
      addon.runtime.spreadsheets.resetCallCount();
      const result = refreshed(addon);
      expect(result.outcome.rows).toBe(campaignCount);
      return {
        count: addon.runtime.spreadsheets.callCount(),
        log: addon.runtime.spreadsheets.callLog(),
      };
    };
    return { first: calls(), second: calls() };
  }

  test('10 and 2,000 campaigns take the same calls', async () => {
    const few = await spreadsheetCalls(10);
    const many = await spreadsheetCalls(2000);
    expect(many.first.log).toEqual(few.first.log);
    expect(many.second.log).toEqual(few.second.log);
    expect(many.first.count).toBe(few.first.count);
    expect(many.second.count).toBe(few.second.count);
  });
});

describe('one refresh at a time', () => {
  const BUSY = /^A refresh is already running/;

  /** Another execution's unexpired lease, written straight into the spreadsheet's metadata. */
  function leaseHeldElsewhere(addon: Addon, forMilliseconds: number): void {
    addon.spreadsheet.addDeveloperMetadata(
      LEASE_KEY,
      JSON.stringify({ until: addon.runtime.clock.now() + forMilliseconds }),
      'PROJECT' as unknown as GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility,
    );
  }

  const leases = (addon: Addon) => metadataEntries(addon).filter(([key]) => key === LEASE_KEY);
  const waited = (addon: Addon) => addon.runtime.lastExecution()?.virtualMs ?? 0;

  test('while another run holds the lock: waits briefly, says so, and leaves the sheet alone', async () => {
    const addon = start();
    refreshed(addon);
    const before = everySheet(addon);
    await standin.clearRequests();
    addon.runtime.holdLock('document', addon.spreadsheet.getId());

    const { outcome } = refreshNow(addon);

    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(BUSY);
    expect(waited(addon)).toBeGreaterThanOrEqual(1000);
    expect(waited(addon)).toBeLessThanOrEqual(30_000);
    expect(everySheet(addon)).toEqual(before);
    expect(await apiRequests()).toEqual([]);

    addon.runtime.releaseHeldLock('document', addon.spreadsheet.getId());
    refreshed(addon);
  });

  test('while another run holds the lease: busy until it expires, then the refresh succeeds', async () => {
    const addon = start();
    refreshed(addon);
    const before = everySheet(addon);
    await standin.setCampaigns(workspace(2));
    leaseHeldElsewhere(addon, 60_000);

    const busy = refreshNow(addon);

    expect(busy.outcome.ok).toBe(false);
    expect(busy.outcome.error).toMatch(BUSY);
    expectPlainWords(busy.outcome.error);
    expect(waited(addon)).toBeGreaterThanOrEqual(1000);
    expect(waited(addon)).toBeLessThan(60_000);
    expect(everySheet(addon)).toEqual(before);

    addon.runtime.clock.advance(60_000);
    refreshed(addon);
    expectReport(reportSheet(addon), januaryTable(workspace(2)));
    expect(leases(addon)).toEqual([]);
  });

  test('a lease that ends while the refresh waits: it goes ahead', () => {
    const addon = start();
    leaseHeldElsewhere(addon, 3000);

    refreshed(addon);

    expect(waited(addon)).toBeGreaterThanOrEqual(3000);
    expectReport(reportSheet(addon), januaryTable());
    expect(leases(addon)).toEqual([]);
  });

  test('from the menu, a busy spreadsheet is an alert saying a refresh is running', () => {
    const addon = start();
    expect(saveReportSettings(addon, januaryReport()).ok).toBe(true);
    leaseHeldElsewhere(addon, 60_000);

    refreshFromMenu(addon);

    expect(addon.runtime.ui.toasts).toEqual([]);
    expect(addon.runtime.ui.alerts.map((alert) => alert.prompt)).toEqual([
      expect.stringMatching(BUSY),
    ]);
    expect(sheetNames(addon)).not.toContain(DEFAULT_SHEET);
  });
});

describe('report settings are saved per spreadsheet', () => {
  const WEEKLY = januaryReport({
    sheetName: 'Weekly numbers',
    dateRange: 'last_7_days',
    startDate: '',
    endDate: '',
    campaignIds: [CAMPAIGNS[0].id, CAMPAIGNS[2].id],
    fields: ['campaign_name', 'reply_rate', 'total_opportunity_value'],
    includeLeads: true,
  });

  test('saved settings come back in the sidebar state, for this spreadsheet only', () => {
    const addon = start();

    const result = saveReportSettings(addon, WEEKLY);

    expect(result).toEqual({ ok: true, message: expect.any(String), scheduledByYou: false });
    expect(sidebarState(addon).settings).toMatchObject(WEEKLY);
    const other = addon.runtime.createSpreadsheet({ name: 'Another team' });
    expect(sidebarState(addon).settings).toMatchObject({
      sheetName: DEFAULT_SHEET,
      campaignIds: [],
      includeLeads: false,
    });
    addon.runtime.setActiveSpreadsheet(addon.spreadsheet);
    expect(sidebarState(addon).settings).toMatchObject(WEEKLY);
    expect(other.getDeveloperMetadata()).toEqual([]);
  });

  test('Refresh now saves the settings it refreshed with', () => {
    const addon = start();
    refreshed(addon, WEEKLY);
    expect(sidebarState(addon).settings).toMatchObject(WEEKLY);
  });

  test.each([
    ['a sheet name with /', { sheetName: 'Q1/Q2' }, /Sheet name "Q1\/Q2" is not allowed/],
    ['an unknown column', { fields: ['campaign_name', 'opens'] }, /Unknown field "opens"/],
    ['an unknown date range', { dateRange: 'fortnight' }, /Unknown date range "fortnight"/],
  ])('%s is refused with a message, and the saved settings stay', (_, invalid, message) => {
    const addon = start();
    expect(saveReportSettings(addon, WEEKLY).ok).toBe(true);

    const result = saveReportSettings(addon, { ...WEEKLY, ...invalid });

    expect(result.ok).toBe(false);
    expect(result.message).toMatch(message);
    expect(sidebarState(addon).settings).toMatchObject(WEEKLY);
  });

  test('Refresh now with invalid settings fails before touching the sheet or the settings', async () => {
    const addon = start();
    refreshed(addon);
    const before = everySheet(addon);
    const saved = sidebarState(addon).settings;
    await standin.clearRequests();

    expect(() => refreshNow(addon, januaryReport({ sheetName: 'Q1/Q2' }))).toThrow(
      /Sheet name "Q1\/Q2" is not allowed/,
    );

    expect(everySheet(addon)).toEqual(before);
    expect(sidebarState(addon).settings).toEqual(saved);
    expect(await apiRequests()).toEqual([]);
  });
});

describe('the largest selection of campaigns', () => {
  test('500 chosen campaigns are saved in the spreadsheet and refreshed in one request', async () => {
    const many = fixtureWorkspace(600);
    await standin.setCampaigns(many);
    const chosen = many.slice(0, 500).map((campaign) => campaign.id);
    const addon = start();
    expect(saveReportSettings(addon, januaryReport({ campaignIds: chosen })).ok).toBe(true);
    const { outcome } = refreshed(addon, januaryReport({ campaignIds: chosen }));
    expect(outcome.rows).toBe(500);
    expect(await analyticsOnly()).toHaveLength(1);
    expect(sidebarState(addon).settings.campaignIds).toEqual(chosen);
  });
});
