/**
 * Every campaign, including those that have never sent: Instantly's analytics leave them out, so
 * the add-on merges GET /api/v2/campaigns into the custom function's all-campaigns table, the
 * report and the sidebar, and caches that list per spreadsheet for an hour. The built bundle in
 * the local Apps Script runtime, against the Instantly stand-in.
 */
import { ANALYTICS_PATH } from '../../dev/standin/server';
import {
  CAMPAIGN_STATUS,
  createCampaign,
  fixtureWorkspace,
  type StandinCampaign,
} from '../../dev/standin/workspace';
import type { RefreshResult } from '../../src/core/refresh';
import type { CampaignOption } from '../../src/core/sidebar-api';
import {
  type Addon,
  API_KEY,
  analytics,
  analyticsRequests,
  formulaError,
  KEY_PROPERTY,
  listFetches,
  listRequests,
  startAddon,
  useStandin,
} from '../support/addon';

const MINUTE = 60_000;
const SENT = fixtureWorkspace(3);
const DRAFT = createCampaign({ name: 'Spring launch (draft)', status: CAMPAIGN_STATUS.draft });
/** Active, but nothing has gone out yet. */
const JUST_LAUNCHED = createCampaign({ name: 'Just launched', status: CAMPAIGN_STATUS.active });
const CAMPAIGNS = [...SENT, DRAFT, JUST_LAUNCHED];
const REPORT_SHEET = 'Instantly Analytics';
const JANUARY = { start: '2025-01-01', end: '2025-01-31' };

/**
 * 250 campaigns, every fifth a draft that has never sent: three pages of the list (100, 100 and
 * 50) and the empty page after them.
 */
function workspaceOfPages(): StandinCampaign[] {
  return fixtureWorkspace(250).map((campaign, index) =>
    index % 5 === 4 ? { ...campaign, status: CAMPAIGN_STATUS.draft, daily: {} } : campaign,
  );
}

const standin = useStandin(CAMPAIGNS);

const start = (options: Partial<Parameters<typeof startAddon>[0]> = {}): Addon =>
  startAddon({ standinUrl: standin.url, now: '2026-11-26T12:00:00Z', ...options });

/** Refresh now from the sidebar, which must succeed for the test to go on. */
function refreshed(addon: Addon, settings: Record<string, unknown> = {}): RefreshResult {
  const result = addon.runtime.callFromClient('refreshNow', {
    sheetName: REPORT_SHEET,
    dateRange: 'custom',
    startDate: JANUARY.start,
    endDate: JANUARY.end,
    fields: ['campaign_name', 'campaign_status', 'contacted_count', 'open_rate'],
    ...settings,
  }) as RefreshResult;
  expect(result.outcome).toEqual(expect.objectContaining({ ok: true }));
  return result;
}

/** The report's rows below its header. */
const reportRows = (addon: Addon) =>
  addon.spreadsheet
    .sheet(REPORT_SHEET)
    .snapshot()
    .values.slice(1)
    .filter((row) => row[0] !== '');

/** The campaigns Instantly's analytics answer with, asked directly. */
async function namesInAnalytics(): Promise<string[]> {
  const response = await fetch(`${standin.url}${ANALYTICS_PATH}`, {
    headers: { authorization: `Bearer ${API_KEY}` },
  });
  const rows = (await response.json()) as { campaign_name: string }[];
  return rows.map((row) => row.campaign_name);
}

describe('a campaign that has never sent', () => {
  test('is left out of Instantly’s analytics', async () => {
    expect(await namesInAnalytics()).toEqual(SENT.map((campaign) => campaign.name));
  });

  test('is in the all-campaigns table with zero counts and its real status', () => {
    const table = analytics(start());
    expect(table.slice(1).map((row) => row[0])).toEqual(CAMPAIGNS.map((campaign) => campaign.name));
    const zeros = [0, 0, 0, '', 0, '', 0, '', 0, '', 0, 0];
    expect(table.slice(-2)).toEqual([
      [DRAFT.name, 'Draft', ...zeros],
      [JUST_LAUNCHED.name, 'Active', ...zeros],
    ]);
    const everyKind = 'campaign_id,campaign_is_evergreen,leads_count,total_opportunity_value';
    expect(analytics(start(), DRAFT.id, '', '', everyKind, false)).toEqual([
      [DRAFT.id, false, 0, 0],
    ]);
  });

  test('resolves by name in any case, and by id, in a formula, for any date range', () => {
    const addon = start();
    const fields = 'campaign_name,campaign_status,contacted_count,reply_rate';
    const draftRow = [DRAFT.name, 'Draft', 0, ''];
    expect(analytics(addon, 'SPRING launch (Draft)', '', '', fields, false)).toEqual([draftRow]);
    expect(analytics(addon, DRAFT.id, 'last_30_days', '', fields, false)).toEqual([draftRow]);
    const mixed = [[JUST_LAUNCHED.name], [SENT[1].id], [DRAFT.id.toUpperCase()]];
    expect(analytics(addon, mixed, '', '', 'campaign_name', false)).toEqual([
      [JUST_LAUNCHED.name],
      [SENT[1].name],
      [DRAFT.name],
    ]);
  });

  test('is in the report of every campaign, and when chosen', async () => {
    const addon = start();
    const draftRow = [DRAFT.name, 'Draft', 0, ''];

    expect(refreshed(addon).outcome.rows).toBe(CAMPAIGNS.length);
    expect(reportRows(addon).map((row) => row[0])).toEqual(CAMPAIGNS.map((c) => c.name));
    expect(reportRows(addon)).toContainEqual(draftRow);

    const chosen = [DRAFT.id, SENT[1].id];
    expect(refreshed(addon, { campaignIds: chosen }).outcome.rows).toBe(2);
    expect(reportRows(addon)).toEqual([draftRow, [SENT[1].name, 'Active', 200, 0.4]]);
    expect(refreshed(addon, { campaignIds: [DRAFT.id] }).outcome.rows).toBe(1);
    expect(reportRows(addon)).toEqual([draftRow]);
    // Asked for by id, like any chosen campaign; Instantly answers without it.
    const [, chosenRequest] = await analyticsRequests(standin);
    expect(chosenRequest.query.ids).toEqual(chosen);
  });

  test('is listed in the sidebar with its status', () => {
    const options = start().runtime.callFromClient('listCampaigns') as CampaignOption[];
    expect(options).toEqual(
      [
        ...SENT.map((campaign) => ({ id: campaign.id, name: campaign.name, status: 'Active' })),
        { id: DRAFT.id, name: DRAFT.name, status: 'Draft' },
        { id: JUST_LAUNCHED.id, name: JUST_LAUNCHED.name, status: 'Active' },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
  });
});

describe('the campaign list is cached per spreadsheet for an hour, renewed by Refresh now', () => {
  test('formulas fetch it once an hour, while the analytics follow their 5-minute window', async () => {
    const addon = start();
    analytics(addon);
    expect([(await analyticsRequests(standin)).length, await listFetches(standin)]).toEqual([1, 1]);
    addon.runtime.clock.advance(30 * MINUTE);
    analytics(addon);
    expect([(await analyticsRequests(standin)).length, await listFetches(standin)]).toEqual([2, 1]);
    addon.runtime.clock.advance(31 * MINUTE);
    analytics(addon);
    expect([(await analyticsRequests(standin)).length, await listFetches(standin)]).toEqual([3, 2]);
  });

  test('each spreadsheet has its own', async () => {
    const addon = start();
    analytics(addon);
    const other = addon.runtime.createSpreadsheet({ name: 'Another team' });
    addon.runtime.documentProperties(other.getId()).setProperty(KEY_PROPERTY, API_KEY);
    analytics(addon);
    expect(await listFetches(standin)).toBe(2);
  });

  test('a campaign created since shows after Refresh now, which renews the list for formulas too', async () => {
    const addon = start();
    analytics(addon);
    const created = createCampaign({ name: 'Created since', status: CAMPAIGN_STATUS.draft });
    await standin.setCampaigns([...CAMPAIGNS, created]);
    // Within the hour, the cached list does not know it yet.
    expect(formulaError(addon, created.name)).toContain('"Created since"');

    refreshed(addon);

    expect(reportRows(addon)).toContainEqual([created.name, 'Draft', 0, '']);
    expect(await listFetches(standin)).toBe(2);
    expect(analytics(addon, created.name, '', '', 'campaign_name,campaign_status', false)).toEqual([
      [created.name, 'Draft'],
    ]);
    expect(await listFetches(standin)).toBe(2);
  });

  test('the sidebar shares it with formulas', async () => {
    const addon = start();
    analytics(addon);
    addon.runtime.callFromClient('listCampaigns');
    expect(await listFetches(standin)).toBe(1);
  });
});

describe('a recalculation of 50 cells over the same range, 250 campaigns', () => {
  /** 50 one-cell formulas over January: names, ids and drafts among them. */
  function dashboard(addon: Addon, campaigns: StandinCampaign[]): void {
    const sheet = addon.spreadsheet.activeSheet();
    for (let cell = 0; cell < 50; cell++) {
      const campaign = campaigns[cell * 5 + (cell % 5)];
      const asked = cell % 2 === 0 ? campaign.name : campaign.id;
      sheet
        .getRange(cell + 1, 1)
        .setFormula(
          `=INSTANTLY_ANALYTICS("${asked}", "${JANUARY.start}", "${JANUARY.end}", "contacted_count", FALSE)`,
        );
    }
  }

  test('costs one analytics request and one list fetch when cold, nothing when warm', async () => {
    const campaigns = workspaceOfPages();
    await standin.setCampaigns(campaigns);
    const addon = start();
    dashboard(addon, campaigns);

    addon.runtime.spreadsheets.recalculate({ all: true });

    const values = addon.spreadsheet.activeSheet().getRange(1, 1, 50, 1).getValues().flat();
    expect(values).toEqual(
      Array.from({ length: 50 }, (_, cell) =>
        cell % 5 === 4 ? 0 : 100 * (cell * 5 + (cell % 5) + 1),
      ),
    );
    expect(await analyticsRequests(standin)).toHaveLength(1);
    expect(await listRequests(standin)).toHaveLength(4);
    expect(await listFetches(standin)).toBe(1);

    await standin.clearRequests();
    addon.runtime.clock.advance(MINUTE);
    addon.runtime.spreadsheets.recalculate({ all: true });
    expect(await standin.requests()).toEqual([]);

    addon.runtime.clock.advance(5 * MINUTE);
    addon.runtime.spreadsheets.recalculate({ all: true });
    expect(await analyticsRequests(standin)).toHaveLength(1);
    expect(await listRequests(standin)).toEqual([]);
  });
});

describe('a list of several pages', () => {
  test('is followed page by page to the empty one, and merged whole', async () => {
    const campaigns = workspaceOfPages();
    await standin.setCampaigns(campaigns);
    const addon = start();

    const table = analytics(
      addon,
      '',
      '',
      '',
      'campaign_id,campaign_status,contacted_count',
      false,
    );

    const pages = await listRequests(standin);
    expect(pages.map((page) => page.query)).toEqual([
      { limit: '100' },
      { limit: '100', starting_after: campaigns[99].id },
      { limit: '100', starting_after: campaigns[199].id },
      { limit: '100', starting_after: campaigns[249].id },
    ]);
    expect(table).toHaveLength(250);
    expect(new Set(table.map((row) => row[0]))).toEqual(new Set(campaigns.map((c) => c.id)));
    const drafts = campaigns.filter((_, index) => index % 5 === 4);
    expect(table.filter((row) => row[1] === 'Draft')).toEqual(
      drafts.map((draft) => [draft.id, 'Draft', 0]),
    );
    const last = campaigns[249];
    expect(analytics(addon, last.name, '', '', 'campaign_name,campaign_status', false)).toEqual([
      [last.name, 'Draft'],
    ]);
  });
});
