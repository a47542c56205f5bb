/**
 * Scheduled refresh: one hourly trigger per user, runs with no active spreadsheet, history
 * snapshots and their chart. The bundle runs in the local runtime against the stand-in.
 */
import type { FakeSpreadsheet } from '../../dev/runtime/spreadsheet';
import { createCampaign, fixtureWorkspace } from '../../dev/standin/workspace';
import {
  type Addon,
  API_KEY,
  analyticsRequests,
  everythingVisible,
  KEY_PROPERTY,
  listFetches,
  startAddon,
  useStandin,
} from '../support/addon';

const HANDLER = 'runScheduledRefreshes';
const HOUR = 60 * 60_000;
const campaigns = fixtureWorkspace(4);

const standin = useStandin(campaigns);
/** One per refresh: the analytics of the report's range. */
const refreshRequests = async () => (await analyticsRequests(standin)).length;

const start = (options: Partial<Parameters<typeof startAddon>[0]> = {}): Addon =>
  startAddon({ standinUrl: standin.url, now: '2026-11-26T12:00:00Z', ...options });

interface ScheduleResult {
  ok: boolean;
  message: string;
}

function saveSettings(
  addon: Addon,
  spreadsheet: FakeSpreadsheet,
  settings: object,
): ScheduleResult {
  addon.runtime.setActiveSpreadsheet(spreadsheet);
  return addon.runtime.callFromClient('saveReportSettings', {
    dateRange: 'all_time',
    fields: ['campaign_name', 'contacted_count'],
    ...settings,
  }) as ScheduleResult;
}

function addSpreadsheet(addon: Addon, name: string, timeZone = 'Etc/UTC'): FakeSpreadsheet {
  const spreadsheet = addon.runtime.createSpreadsheet({ name, timeZone });
  addon.runtime.documentProperties(spreadsheet.getId()).setProperty(KEY_PROPERTY, API_KEY);
  return spreadsheet;
}

const ourTriggers = (addon: Addon) => addon.runtime.triggers.filter((t) => t.handler === HANDLER);

/** The hourly trigger fires: the handler runs with no active spreadsheet. */
function hourPasses(addon: Addon, hours = 1): void {
  addon.runtime.clock.advance(hours * HOUR);
  addon.runtime.fireTimeTrigger();
}

interface Outcome {
  ok: boolean;
  at: string;
  rows: number;
  trigger: string;
  error?: string;
}
interface Status {
  lastSuccess?: Outcome;
  lastFailure?: Outcome;
  consecutiveFailures: number;
}
interface State {
  status: Status;
  scheduledByYou: boolean;
  droppedSchedules: { spreadsheetName: string; reason: string }[];
  settings: { autoRefresh: string };
}

function sidebarState(addon: Addon, spreadsheet: FakeSpreadsheet): State {
  addon.runtime.setActiveSpreadsheet(spreadsheet);
  return addon.runtime.callFromClient('getSidebarState') as State;
}

const reportRows = (spreadsheet: FakeSpreadsheet, name = 'Instantly Analytics') =>
  spreadsheet.sheet(name).snapshot().values;

describe('one trigger per user', () => {
  test('turning a schedule on, changing it and reopening the sidebar keep exactly one trigger; off removes it', () => {
    const addon = start();
    const { spreadsheet } = addon;
    expect(saveSettings(addon, spreadsheet, { autoRefresh: '2' }).ok).toBe(true);
    expect(ourTriggers(addon)).toHaveLength(1);
    for (const autoRefresh of ['4', 'daily', '1', '12']) {
      expect(saveSettings(addon, spreadsheet, { autoRefresh, dailyHour: 6 }).ok).toBe(true);
      sidebarState(addon, spreadsheet);
    }
    expect(ourTriggers(addon)).toHaveLength(1);
    expect(ourTriggers(addon)[0].schedule).toMatchObject({ everyHours: 1 });
    const second = addSpreadsheet(addon, 'Second');
    expect(saveSettings(addon, second, { autoRefresh: '6' }).ok).toBe(true);
    expect(ourTriggers(addon)).toHaveLength(1);
    saveSettings(addon, spreadsheet, { autoRefresh: 'off' });
    expect(ourTriggers(addon)).toHaveLength(1);
    saveSettings(addon, second, { autoRefresh: 'off' });
    expect(ourTriggers(addon)).toHaveLength(0);
  });

  test('a trigger the add-on did not create is never touched', () => {
    const addon = start();
    const foreign = addon.runtime.addForeignTrigger('somebodyElsesJob');
    saveSettings(addon, addon.spreadsheet, { autoRefresh: '1' });
    saveSettings(addon, addon.spreadsheet, { autoRefresh: 'off' });
    expect(addon.runtime.triggers.map((t) => t.uid)).toEqual([foreign]);
  });

  test('the 20-trigger limit is a clear message and changes nothing', () => {
    const addon = start();
    for (let index = 0; index < 20; index++) addon.runtime.addForeignTrigger(`job${index}`);
    const result = saveSettings(addon, addon.spreadsheet, { autoRefresh: '1' });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/20 triggers.*Delete a trigger/);
    expect(ourTriggers(addon)).toHaveLength(0);
    expect(sidebarState(addon, addon.spreadsheet).settings.autoRefresh).toBe('off');
    expect(Object.keys(addon.runtime.userProperties.getProperties())).toEqual([]);
  });

  test('Auto-refresh needs a saved key', () => {
    const addon = start({ apiKey: null });
    const result = saveSettings(addon, addon.spreadsheet, { autoRefresh: '1' });
    expect(result).toEqual({
      ok: false,
      message: expect.stringMatching(/Save an API key/),
      scheduledByYou: false,
    });
    expect(ourTriggers(addon)).toHaveLength(0);
  });
});

describe('the hourly run', () => {
  test('refreshes each due spreadsheet by id, with no active spreadsheet, on its own schedule', async () => {
    const addon = start();
    const hourly = addon.spreadsheet;
    const everyFour = addSpreadsheet(addon, 'Every four hours');
    saveSettings(addon, hourly, { autoRefresh: '1' });
    saveSettings(addon, everyFour, { autoRefresh: '4', sheetName: 'Report' });
    addon.runtime.setActiveSpreadsheet(null);

    hourPasses(addon);
    expect(reportRows(hourly)).toHaveLength(campaigns.length + 1);
    expect(reportRows(everyFour, 'Report')).toHaveLength(campaigns.length + 1);
    expect(await refreshRequests()).toBe(2);
    // Each spreadsheet's refresh renews its own campaign list.
    expect(await listFetches(standin)).toBe(2);
    expect(sidebarState(addon, everyFour).status.lastSuccess).toMatchObject({
      ok: true,
      rows: campaigns.length,
      trigger: 'scheduled',
    });

    addon.runtime.setActiveSpreadsheet(null);
    hourPasses(addon);
    hourPasses(addon);
    expect(await refreshRequests()).toBe(4);
    hourPasses(addon, 2);
    expect(await refreshRequests()).toBe(6);
    expect(await listFetches(standin)).toBe(6);
  });

  test('daily at an hour of the spreadsheet time zone, once a day', async () => {
    const addon = start({ timeZone: 'America/New_York', now: '2026-11-26T09:00:00Z' });
    saveSettings(addon, addon.spreadsheet, { autoRefresh: 'daily', dailyHour: 7 });
    hourPasses(addon); // 05:00 in New York
    expect(await standin.requests()).toHaveLength(0);
    hourPasses(addon, 2); // 07:00
    expect(await refreshRequests()).toBe(1);
    for (let hour = 0; hour < 20; hour++) hourPasses(addon);
    expect(await refreshRequests()).toBe(1);
    hourPasses(addon, 4); // 07:00 the next day
    expect(await refreshRequests()).toBe(2);
  });

  test('a deleted spreadsheet, or one no longer shared, is dropped with a reason; the others still run', () => {
    const addon = start();
    const kept = addon.spreadsheet;
    const deleted = addSpreadsheet(addon, 'Deleted report');
    const unshared = addSpreadsheet(addon, 'Unshared report');
    for (const spreadsheet of [kept, deleted, unshared])
      saveSettings(addon, spreadsheet, { autoRefresh: '1' });
    addon.runtime.spreadsheets.remove(deleted.getId());
    addon.runtime.spreadsheets.revokeAccess(unshared.getId());

    hourPasses(addon);
    expect(reportRows(kept)).toHaveLength(campaigns.length + 1);
    const dropped = sidebarState(addon, kept).droppedSchedules;
    expect(dropped.map((entry) => entry.spreadsheetName).sort()).toEqual([
      'Deleted report',
      'Unshared report',
    ]);
    expect(dropped.every((entry) => /could not be opened/.test(entry.reason))).toBe(true);
    expect(ourTriggers(addon)).toHaveLength(1);

    saveSettings(addon, kept, { autoRefresh: 'off' });
    expect(ourTriggers(addon)).toHaveLength(0);
  });

  test('an editor turning Auto-refresh off stops the schedule at its next run', () => {
    const addon = start();
    saveSettings(addon, addon.spreadsheet, { autoRefresh: '1' });
    const raw = addon.spreadsheet;
    const settings = raw
      .getDeveloperMetadata()
      .find((m) => m.getKey() === 'instantlyAnalytics.settings');
    settings?.setValue(
      JSON.stringify({ ...JSON.parse(settings.getValue() ?? '{}'), autoRefresh: 'off' }),
    );
    hourPasses(addon);
    expect(ourTriggers(addon)).toHaveLength(0);
    expect(sidebarState(addon, raw).droppedSchedules[0].reason).toMatch(/turned off/);
  });

  test('waits for a refresh already running, and tries again at the next hour', async () => {
    const addon = start();
    saveSettings(addon, addon.spreadsheet, { autoRefresh: '1' });
    const until = addon.runtime.clock.now() + 2 * HOUR;
    addon.spreadsheet.addDeveloperMetadata(
      'instantlyAnalytics.refreshLease',
      JSON.stringify({ until }),
      'PROJECT' as unknown as GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility,
    );
    hourPasses(addon);
    expect(await standin.requests()).toHaveLength(0);
    expect(sidebarState(addon, addon.spreadsheet).status.consecutiveFailures).toBe(0);
    hourPasses(addon, 2);
    expect(await refreshRequests()).toBe(1);
  });

  test('stays well inside the 6-minute limit and picks up the rest at the next run', async () => {
    const addon = start();
    const books = [
      addon.spreadsheet,
      ...[1, 2, 3, 4].map((n) => addSpreadsheet(addon, `Report ${n}`)),
    ];
    for (const book of books) saveSettings(addon, book, { autoRefresh: '1' });
    // Each refresh waits out a long Retry-After before giving up.
    await standin.queueFault({ status: 429, retryAfter: 80, times: 100 });
    hourPasses(addon);
    const run = addon.runtime.lastExecution();
    expect(run?.name).toBe(HANDLER);
    expect(run?.virtualMs).toBeLessThan(6 * 60_000);
    const attempted = new Set((await standin.requests()).map((r) => r.timestamp)).size;
    expect(attempted).toBeLessThan(books.length * 2);
    const failedFirst = books.filter((book) => sidebarState(addon, book).status.lastFailure);
    expect(failedFirst.length).toBeGreaterThan(0);
    expect(failedFirst.length).toBeLessThan(books.length);
    await standin.reset();
    await standin.setCampaigns(campaigns);
    addon.runtime.setActiveSpreadsheet(null);
    hourPasses(addon);
    const untouched = books.filter((book) => !sidebarState(addon, book).status.lastFailure);
    expect(
      untouched.every(
        (book) => sidebarState(addon, book).status.lastSuccess?.trigger === 'scheduled',
      ),
    ).toBe(true);
  });
});

describe('editors sharing a spreadsheet', () => {
  const OWNER = 'instantlyAnalytics.scheduleOwner';
  const ENTRY = (addon: Addon) => `INSTANTLY_SCHEDULE:${addon.spreadsheet.getId()}`;

  /** Another editor's hourly run owns the schedule (their entry lives in their user properties). */
  function anotherEditorOwns(addon: Addon, autoRefresh: string) {
    saveSettings(addon, addon.spreadsheet, { autoRefresh });
    addon.runtime.userProperties.deleteProperty(ENTRY(addon));
    const owner = addon.spreadsheet
      .getDeveloperMetadata()
      .find((entry) => entry.getKey() === OWNER);
    owner?.setValue(JSON.stringify({ scheduleId: 'another-editors-schedule' }));
  }

  test('a change that leaves the timing alone leaves their schedule running', () => {
    const addon = start();
    anotherEditorOwns(addon, '2');
    expect(
      saveSettings(addon, addon.spreadsheet, { autoRefresh: '2', sheetName: 'Renamed' }).ok,
    ).toBe(true);
    expect(addon.runtime.userProperties.getProperty(ENTRY(addon))).toBeNull();
    expect(sidebarState(addon, addon.spreadsheet).scheduledByYou).toBe(false);
  });

  test('an hour chosen for a schedule that is not daily is no change of timing', () => {
    const addon = start();
    anotherEditorOwns(addon, '2');
    expect(saveSettings(addon, addon.spreadsheet, { autoRefresh: '2', dailyHour: 15 }).ok).toBe(
      true,
    );
    expect(addon.runtime.userProperties.getProperty(ENTRY(addon))).toBeNull();
    expect(sidebarState(addon, addon.spreadsheet).scheduledByYou).toBe(false);
  });

  test('changing the timing takes the schedule over; their run then drops itself', () => {
    const addon = start();
    anotherEditorOwns(addon, '2');
    saveSettings(addon, addon.spreadsheet, { autoRefresh: '4' });
    expect(sidebarState(addon, addon.spreadsheet).scheduledByYou).toBe(true);
    // Seen from the other editor's side: our entry no longer matches the spreadsheet's owner.
    const owner = addon.spreadsheet
      .getDeveloperMetadata()
      .find((entry) => entry.getKey() === OWNER);
    owner?.setValue(JSON.stringify({ scheduleId: 'someone-who-took-over' }));
    hourPasses(addon);
    expect(ourTriggers(addon)).toHaveLength(0);
    expect(sidebarState(addon, addon.spreadsheet).droppedSchedules[0].reason).toMatch(
      /Another editor now runs/,
    );
  });

  test('saving a new key takes the schedule over with that key', () => {
    const addon = start();
    anotherEditorOwns(addon, '2');
    const result = addon.runtime.callFromClient('saveApiKeyFromSidebar', API_KEY) as ScheduleResult;
    expect(result.message).toMatch(/Auto-refresh now runs with these keys/);
    expect(sidebarState(addon, addon.spreadsheet).scheduledByYou).toBe(true);
    expect(addon.runtime.userProperties.getProperty(ENTRY(addon))).toContain(API_KEY);
  });

  test('removing the key turns Auto-refresh off and deletes the copy of the key', () => {
    const addon = start();
    saveSettings(addon, addon.spreadsheet, { autoRefresh: '1' });
    const result = addon.runtime.callFromClient('removeApiKeyFromSidebar') as ScheduleResult;
    expect(result.message).toMatch(/Auto-refresh is off/);
    expect(sidebarState(addon, addon.spreadsheet).settings.autoRefresh).toBe('off');
    expect(ourTriggers(addon)).toHaveLength(0);
    expect(JSON.stringify(addon.runtime.userProperties.getProperties())).not.toContain(API_KEY);
  });

  test('a dropped spreadsheet scheduled again is no longer listed as dropped, and old drops expire', () => {
    const addon = start();
    const other = addSpreadsheet(addon, 'Other report');
    const gone = addSpreadsheet(addon, 'Gone report');
    for (const book of [addon.spreadsheet, other, gone])
      saveSettings(addon, book, { autoRefresh: '1' });
    const owner = other.getDeveloperMetadata().find((entry) => entry.getKey() === OWNER);
    owner?.setValue(JSON.stringify({ scheduleId: 'someone-who-took-over' }));
    addon.runtime.spreadsheets.remove(gone.getId());
    hourPasses(addon);
    const names = () =>
      sidebarState(addon, addon.spreadsheet).droppedSchedules.map((d) => d.spreadsheetName);
    expect(names().sort()).toEqual(['Gone report', 'Other report']);
    saveSettings(addon, other, { autoRefresh: '2' });
    expect(names()).toEqual(['Gone report']);
    addon.runtime.clock.advance(31 * 24 * HOUR);
    expect(names()).toEqual([]);
  });
});

describe('failures are never silent', () => {
  test('each failure is recorded; an opted-in owner gets one email after 3 in a row', async () => {
    const addon = start();
    saveSettings(addon, addon.spreadsheet, { autoRefresh: '1', emailOnFailure: true });
    await standin.queueFault({ status: 503, times: 1000 });
    hourPasses(addon);
    hourPasses(addon);
    expect(addon.runtime.mail).toHaveLength(0);
    hourPasses(addon);
    hourPasses(addon);
    const status = sidebarState(addon, addon.spreadsheet).status;
    expect(status.consecutiveFailures).toBe(4);
    expect(status.lastFailure).toMatchObject({
      trigger: 'scheduled',
      error: expect.stringMatching(/HTTP 503/),
    });
    expect(addon.runtime.mail).toHaveLength(1);
    expect(addon.runtime.mail[0]).toMatchObject({
      to: 'user@example.com',
      subject: expect.stringContaining('Dashboard'),
      body: expect.stringMatching(/last 3 scheduled refreshes.*failed[\s\S]*HTTP 503/),
    });
    expect(everythingVisible(addon)).not.toContain(API_KEY);
  });

  test('without opting in, no email', async () => {
    const addon = start();
    saveSettings(addon, addon.spreadsheet, { autoRefresh: '1' });
    await standin.queueFault({ status: 503, times: 1000 });
    for (let run = 0; run < 4; run++) hourPasses(addon);
    expect(addon.runtime.mail).toHaveLength(0);
    expect(sidebarState(addon, addon.spreadsheet).status.consecutiveFailures).toBe(4);
  });
});

describe('formulas', () => {
  test('a refresh re-evaluates INSTANTLY_ANALYTICS formulas with fresh data, formulas unchanged', async () => {
    const addon = start();
    const sheet = addon.spreadsheet.activeSheet();
    const formula = `=INSTANTLY_ANALYTICS("${campaigns[0].name}", "", "", "contacted_count", FALSE)`;
    sheet.getRange('D2').setFormula(formula);
    addon.runtime.spreadsheets.recalculate();
    expect(sheet.getRange('D2').getValue()).toBe(100);

    await standin.setCampaigns([
      createCampaign({
        id: campaigns[0].id,
        name: campaigns[0].name,
        totals: { contacted_count: 777 },
      }),
      ...campaigns.slice(1),
    ]);
    saveSettings(addon, addon.spreadsheet, { autoRefresh: '1' });
    addon.runtime.spreadsheets.recalculate();
    expect(sheet.getRange('D2').getValue()).toBe(100); // cached, as a custom function would be
    hourPasses(addon);
    expect(sheet.getRange('D2').getValue()).toBe(777);
    expect(sheet.getRange('D2').getFormula()).toBe(formula);
  });
});

describe('history', () => {
  const HISTORY = 'Instantly History';

  function dayWithData(contacted: number[]) {
    return standin.setCampaigns(
      campaigns.map((campaign, index) =>
        createCampaign({
          id: campaign.id,
          name: campaign.name,
          totals: { contacted_count: contacted[index], reply_count_unique: index + 1 },
        }),
      ),
    );
  }

  /** The history's own columns: the chart data starts after a blank column. */
  const historyRows = (addon: Addon) => {
    const [header, ...rows] = addon.spreadsheet.sheet(HISTORY).snapshot().values;
    const width = header.indexOf('');
    return rows.filter((row) => row[0] !== '').map((row) => row.slice(0, width));
  };
  const day = (value: unknown) =>
    value instanceof Date || Object.prototype.toString.call(value) === '[object Date]'
      ? (value as Date).toISOString().slice(0, 10)
      : String(value);

  test('one snapshot per campaign per day across three days; a second run the same day replaces that day', async () => {
    const addon = start();
    const settings = { keepHistory: true, chartMetric: 'reply_rate', chartSeries: 'campaigns' };
    saveSettings(addon, addon.spreadsheet, { ...settings, autoRefresh: '1' });
    const refreshNow = () =>
      addon.runtime.callFromClient('refreshNow', {
        dateRange: 'all_time',
        fields: ['campaign_name', 'contacted_count'],
        ...settings,
        autoRefresh: '1',
      });

    await dayWithData([10, 20, 30, 40]);
    refreshNow();
    const dayOne = historyRows(addon).map((row) => [...row]);
    expect(dayOne).toHaveLength(4);

    addon.runtime.clock.advance(24 * HOUR);
    await dayWithData([11, 21, 31, 41]);
    refreshNow();
    await dayWithData([12, 22, 32, 42]);
    hourPasses(addon); // the schedule runs again on the same day
    expect(historyRows(addon)).toHaveLength(8);

    addon.runtime.clock.advance(24 * HOUR);
    await dayWithData([13, 23, 33, 43]);
    refreshNow();

    const rows = historyRows(addon);
    expect(rows.map((row) => day(row[0]))).toEqual([
      ...Array(4).fill('2026-11-26'),
      ...Array(4).fill('2026-11-27'),
      ...Array(4).fill('2026-11-28'),
    ]);
    expect(rows.slice(0, 4)).toEqual(dayOne);
    const header = addon.spreadsheet.sheet(HISTORY).snapshot().values[0];
    const contacted = header.indexOf('Contacted');
    expect(rows.map((row) => row[contacted])).toEqual([
      10, 20, 30, 40, 12, 22, 32, 42, 13, 23, 33, 43,
    ]);
  });

  test('a line chart of the chosen metric sits beside the history and follows it', async () => {
    const addon = start();
    const settings = {
      keepHistory: true,
      chartMetric: 'contacted_count',
      chartSeries: 'total',
      dateRange: 'all_time',
      fields: ['campaign_name'],
    };
    await dayWithData([1, 2, 3, 4]);
    addon.runtime.callFromClient('refreshNow', settings);
    addon.runtime.clock.advance(24 * HOUR);
    await dayWithData([10, 20, 30, 40]);
    addon.runtime.callFromClient('refreshNow', settings);

    const snapshot = addon.spreadsheet.sheet(HISTORY).snapshot();
    expect(snapshot.charts).toHaveLength(1);
    const [chart] = snapshot.charts;
    expect(chart.type).toBe('LINE');
    const chartColumn = snapshot.values[0].indexOf('', 1) + 1;
    const chartData = snapshot.values
      .slice(0, 3)
      .map((row) => row.slice(chartColumn, chartColumn + 2));
    expect(chartData.map((row) => [day(row[0]), row[1]])).toEqual([
      ['Snapshot date', 'Total contacted'],
      ['2026-11-26', 10],
      ['2026-11-27', 100],
    ]);
    expect(chart.options.title).toBe('Contacted over time (total)');
    expect(addon.spreadsheet.sheet('Instantly Analytics').snapshot().values).toHaveLength(5);
  });

  test('history is off by default', async () => {
    const addon = start();
    addon.runtime.callFromClient('refreshNow', { dateRange: 'all_time' });
    expect(addon.spreadsheet.sheetList().map((sheet) => sheet.getName())).not.toContain(HISTORY);
  });
});
