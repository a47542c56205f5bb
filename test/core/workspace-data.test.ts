import type { BatchTransport, HttpRequest } from '../../src/core/api-client';
import { tagged } from '../../src/core/campaigns';
import { DAILY_FIELDS } from '../../src/core/daily';
import { forWorkspaces, pickFields, splitWorkspace } from '../../src/core/fields';
import { runRefresh } from '../../src/core/refresh';
import { failureNote } from '../../src/core/report';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { stepsCall } from '../../src/core/steps';
import { keptRows } from '../../src/core/table';
import {
  campaignsAcross,
  chooseSources,
  eachWorkspace,
  fetchAcross,
  freshCampaignsAcross,
  prefetchAcross,
  WorkspacesFailed,
} from '../../src/core/workspace-data';
import { instantlyOverview } from '../../src/core/workspace-formulas';
import {
  parseStoredConnections,
  unidentifiedConnection,
  type Workspace,
} from '../../src/core/workspaces';
import {
  apiError,
  campaign,
  clientOptions,
  connectedSource,
  respondingTransport,
  response,
  sharedCache,
} from './fakes';
import { errorOf } from './thrown';

const ACME: Workspace = { id: 'w-acme', name: 'Acme Outbound' };
const GLOBEX: Workspace = { id: 'w-globex', name: 'Globex Sales' };

/**
 * Two workspaces sharing one cache and one transport (UrlFetchApp), each with its own key: the
 * answer depends on the key a request carries.
 */
function twoWorkspaces(answer: (workspace: Workspace) => ReturnType<typeof response>) {
  const shared = sharedCache();
  const keyOf = (workspace: Workspace) => `key-${workspace.id}`;
  const transport = respondingTransport((request) =>
    answer(
      [ACME, GLOBEX].find(
        (one) => request.headers.Authorization === `Bearer ${keyOf(one)}`,
      ) as Workspace,
    ),
  );
  const sources = [ACME, GLOBEX].map((workspace) =>
    connectedSource(
      clientOptions(transport, { apiKey: keyOf(workspace) }),
      { ...shared, generation: `g-${workspace.id}` },
      workspace,
    ),
  );
  const sentWith = (workspace: Workspace) =>
    transport.requests.filter(
      (request) => request.headers.Authorization === `Bearer ${keyOf(workspace)}`,
    );
  return { sources, sentWith };
}

describe('fetchAcross', () => {
  test('each call goes with its own workspace’s key, and is cached under that workspace', () => {
    const { sources, sentWith } = twoWorkspaces(() => response(200, []));
    const calls = sources.map((source) => ({
      source,
      call: stepsCall({ range: {}, includeOpportunities: false }),
    }));
    fetchAcross(calls);
    for (const workspace of [ACME, GLOBEX]) expect(sentWith(workspace)).toHaveLength(1);
    const keys = [...sources[0].shared.cache.store.keys()].join(' ');
    expect(keys).toContain('g-w-acme');
    expect(keys).toContain('g-w-globex');
    expect(keys).not.toContain('key-');
  });

  test('a failing workspace is named; the other one’s answers are cached all the same', () => {
    const { sources, sentWith } = twoWorkspaces((workspace) =>
      workspace === GLOBEX ? apiError(401, 'Unauthorized', 'Invalid API key') : response(200, []),
    );
    const calls = sources.map((source) => ({
      source,
      call: stepsCall({ range: {}, includeOpportunities: false }),
    }));
    const error = errorOf(() => fetchAcross(calls));
    expect(error).toBeInstanceOf(WorkspacesFailed);
    expect((error as WorkspacesFailed).failures.map((failure) => failure.workspace)).toEqual([
      GLOBEX,
    ]);
    expect(error.message).toMatch(/^Globex Sales: Instantly rejected the API key/);
    expect(() => fetchAcross(calls.slice(0, 1))).not.toThrow();
    expect(sentWith(ACME)).toHaveLength(1);
  });

  test('with one workspace, its message as it is', () => {
    const { sources } = twoWorkspaces(() => apiError(401, 'Unauthorized', 'Invalid API key'));
    const error = errorOf(() =>
      eachWorkspace(sources.slice(0, 1), () => {
        throw new Error('Instantly rejected the API key.');
      }),
    );
    expect(error.message).toBe('Instantly rejected the API key.');
  });
});

describe('choosing workspaces and campaigns', () => {
  const lists: Record<string, object> = {
    [ACME.id]: {
      items: [
        { id: 'c-1', name: 'Shared' },
        { id: 'c-2', name: 'Acme only' },
      ],
    },
    [GLOBEX.id]: { items: [{ id: 'c-3', name: 'Shared' }] },
  };

  test('names resolve across workspaces; a name in two is an error naming both', () => {
    const { sources } = twoWorkspaces((workspace) => response(200, lists[workspace.id]));
    expect(campaignsAcross(sources, ['acme ONLY'])?.map(({ source }) => source.workspace)).toEqual([
      ACME,
    ]);
    expect(errorOf(() => campaignsAcross(sources, ['Shared'])).message).toBe(
      'The campaign "Shared" is in more than one workspace: "Acme Outbound", "Globex Sales". ' +
        'Name the workspace in the workspace argument.',
    );
    const globex = chooseSources(sources, ['globex sales']);
    expect(
      campaignsAcross(globex, ['Shared'])?.map(({ campaign: row }) => row.campaign_id),
    ).toEqual(['c-3']);
    expect(campaignsAcross(sources, [])).toBeUndefined();
  });

  test('an unknown workspace name lists the connected ones', () => {
    const { sources } = twoWorkspaces(() => response(200, {}));
    expect(errorOf(() => chooseSources(sources, ['Initech'])).message).toBe(
      'No connected workspace is called "Initech". Connected: "Acme Outbound", "Globex Sales".',
    );
  });
});

describe('fields of several workspaces', () => {
  test('the default columns start with the workspace only when several are connected', () => {
    expect(forWorkspaces(DAILY_FIELDS, 1)).toBe(DAILY_FIELDS);
    expect(forWorkspaces(DAILY_FIELDS, 2).defaults).toEqual([
      'workspace_name',
      ...DAILY_FIELDS.defaults,
    ]);
    expect(forWorkspaces(DAILY_FIELDS, 2).all).toBe(DAILY_FIELDS.all);
  });

  test('splitWorkspace puts the workspace apart, wherever it was asked for', () => {
    const [workspace, others] = splitWorkspace(
      pickFields(DAILY_FIELDS, ['sent', 'workspace_name', 'contacted']),
    );
    expect(workspace.map((field) => field.label)).toEqual(['Workspace']);
    expect(others.map((field) => field.name)).toEqual(['sent', 'contacted']);
  });
});

describe('INSTANTLY_OVERVIEW of several workspaces', () => {
  test('a row per workspace, then their sum', () => {
    const { sources } = twoWorkspaces((workspace) =>
      response(200, { contacted_count: workspace === ACME ? 10 : 30, reply_count_unique: 3 }),
    );
    const table = instantlyOverview(
      { fields: 'workspace_name,contacted_count,reply_rate' },
      { today: '2026-11-26', toIsoDate: () => '', sources },
    );
    expect(table).toEqual([
      ['Workspace', 'Contacted', 'Reply rate'],
      ['Acme Outbound', 10, 0.3],
      ['Globex Sales', 30, 0.1],
      ['All workspaces', 40, 6 / 40],
    ]);
  });
});

describe('connections as stored', () => {
  test('in the order added; an unreadable record is skipped', () => {
    const records = [
      JSON.stringify({ id: 'b', name: 'B', apiKey: 'kb', addedAt: '2026-02-01T00:00:00Z' }),
      'not json',
      JSON.stringify({ id: 'c', name: '', apiKey: 'kc', addedAt: '2026-01-01T00:00:00Z' }),
      JSON.stringify({ id: 'a', name: 'A', apiKey: 'ka', addedAt: '2026-01-01T00:00:00Z' }),
    ];
    expect(parseStoredConnections(records).map((connection) => connection.id)).toEqual(['a', 'b']);
  });

  test('a key without a named workspace is shown by its last 4 characters only', () => {
    expect(unidentifiedConnection('x', 'secret-key-000001234')).toEqual({
      id: 'x',
      name: 'Workspace ••••1234',
      apiKey: 'secret-key-000001234',
    });
  });
});

describe('a previous table’s rows of failed workspaces', () => {
  const previous = [
    ['Workspace', 'Campaign', 'Contacted', 'Gone'],
    ['Acme Outbound', '=Acme', 10, 'x'],
    ['Globex Sales', 'Globex one', 20, 'y'],
    ['Globex Sales', '+1 555', 30, 'z'],
  ];

  test('matched by header, text escaped again, only the failed workspaces’ rows', () => {
    expect(
      keptRows(previous, ['Workspace', 'Contacted', 'Campaign', 'New'], ['Globex Sales']),
    ).toEqual([
      ["'Globex Sales", 20, "'Globex one", ''],
      ["'Globex Sales", 30, "'+1 555", ''],
    ]);
  });

  test('a previous table without a Workspace column keeps nothing', () => {
    expect(keptRows([['Campaign'], ['A']], ['Workspace', 'Campaign'], ['Globex Sales'])).toEqual(
      [],
    );
    expect(keptRows(previous, ['Workspace'], [])).toEqual([]);
  });

  test('the note names each failed workspace and why', () => {
    expect(failureNote([])).toBe('');
    expect(failureNote([{ name: 'Globex Sales', error: 'Instantly rejected the API key.' }])).toBe(
      '\nNot refreshed (rows kept from the previous refresh):\nGlobex Sales: Instantly rejected the API key.',
    );
  });
});

describe('runRefresh with a workspace that fails', () => {
  function services(failing: Workspace[]) {
    const attempts: string[][] = [];
    const published: unknown[] = [];
    return {
      attempts,
      published,
      fake: {
        today: '2026-11-26',
        nowIso: '2026-11-26T12:00:00Z',
        trigger: 'manual' as const,
        workspaces: [ACME, GLOBEX],
        loadCampaigns: (_query: unknown, workspaces: readonly Workspace[]) => {
          attempts.push(workspaces.map((workspace) => workspace.name));
          const bad = workspaces.filter((workspace) => failing.includes(workspace));
          if (bad.length > 0) {
            throw new WorkspacesFailed(
              bad.map((workspace) => ({ workspace, message: 'Instantly rejected the API key.' })),
              true,
            );
          }
          return workspaces.flatMap((workspace, index) => tagged([campaign(index + 1)], workspace));
        },
        loadOutcomes: () => [],
        extraSheets: [],
        publish: (report: { values: unknown[][] }, context: { failed: unknown }) => {
          published.push({ header: report.values[0], failed: context.failed });
        },
      },
    };
  }

  test('the refresh starts over without it, writes the others, and names it', () => {
    const { fake, attempts, published } = services([GLOBEX]);
    const outcome = runRefresh({ ...DEFAULT_SETTINGS, fields: ['campaign_name'] }, fake);
    expect(attempts).toEqual([['Acme Outbound', 'Globex Sales'], ['Acme Outbound']]);
    expect(outcome).toMatchObject({
      ok: true,
      rows: 1,
      failedWorkspaces: [{ name: 'Globex Sales', error: 'Instantly rejected the API key.' }],
    });
    // The Workspace column stays, so the kept rows line up.
    expect(published).toEqual([
      {
        header: ['Workspace', 'Campaign'],
        failed: [{ name: 'Globex Sales', error: 'Instantly rejected the API key.' }],
      },
    ]);
  });

  test('every workspace failing fails the refresh, naming each, and publishes nothing', () => {
    const { fake, published } = services([ACME, GLOBEX]);
    const outcome = runRefresh(DEFAULT_SETTINGS, fake);
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toBe(
      'Acme Outbound: Instantly rejected the API key. Globex Sales: Instantly rejected the API key.',
    );
    expect(published).toEqual([]);
  });
});

describe('workspaces side by side', () => {
  /** Two workspaces of 150 listed campaigns each; every batch UrlFetchApp.fetchAll sends is kept. */
  function batchedWorkspaces() {
    const batches: HttpRequest[][] = [];
    const listed = (workspace: Workspace) =>
      Array.from({ length: 150 }, (_, index) => ({
        id: `${workspace.id}-c${index}`,
        name: `${workspace.name} ${index}`,
        status: 1,
      }));
    const answer = (request: HttpRequest) => {
      const workspace = [ACME, GLOBEX].find(
        (one) => request.headers.Authorization === `Bearer key-${one.id}`,
      ) as Workspace;
      const url = new URL(request.url);
      if (url.pathname !== '/api/v2/campaigns') return response(200, []);
      const all = listed(workspace);
      const after = url.searchParams.get('starting_after');
      const start = after ? all.findIndex((item) => item.id === after) + 1 : 0;
      const items = all.slice(start, start + 100);
      const last = items[items.length - 1];
      return response(200, last ? { items, next_starting_after: last.id } : { items: [] });
    };
    const batch: BatchTransport = (requests) => {
      batches.push([...requests]);
      return requests.map(answer);
    };
    const shared = sharedCache();
    const sources = [ACME, GLOBEX].map((workspace) =>
      connectedSource(
        clientOptions((request) => batch([request])[0], {
          apiKey: `key-${workspace.id}`,
          batchTransport: batch,
        }),
        { ...shared, generation: `g-${workspace.id}` },
        workspace,
      ),
    );
    const paths = () =>
      batches.map((requests) => requests.map((request) => new URL(request.url).pathname));
    return { sources, batches, paths };
  }

  test('campaign lists go page by page, both workspaces in each batch; analytics together', () => {
    const { sources, paths } = batchedWorkspaces();
    prefetchAcross(sources, { range: {}, includeLeads: false });
    const list = '/api/v2/campaigns';
    const analytics = '/api/v2/campaigns/analytics';
    expect(paths()).toEqual([
      [list, list],
      [list, list],
      [list, list],
      [analytics, analytics],
    ]);
    // Then each workspace's own reads find everything in the cache.
    expect(campaignsAcross(sources, ['Globex Sales 149'])?.[0].source.workspace).toEqual(GLOBEX);
    expect(paths()).toHaveLength(4);
  });

  test('a warm cache is read without taking the lock', () => {
    const { sources } = batchedWorkspaces();
    const query = { range: {}, includeLeads: false };
    let locks = 0;
    const counting = sources.map((source) => ({
      ...source,
      shared: {
        ...source.shared,
        exclusively: <T>(work: () => T) => {
          locks++;
          return work();
        },
      },
    }));
    prefetchAcross(counting, query);
    expect(locks).toBe(1);
    prefetchAcross(counting, query);
    expect(locks).toBe(1);
  });

  test('one workspace: nothing is fetched ahead, as before workspaces', () => {
    const { sources, batches } = batchedWorkspaces();
    prefetchAcross(sources.slice(0, 1), { range: {}, includeLeads: false });
    expect(batches).toEqual([]);
  });

  test('a refresh asks every workspace for its analytics in one batch', () => {
    const { sources, paths } = batchedWorkspaces();
    const rows = freshCampaignsAcross(sources, { range: {}, includeLeads: false }, false);
    expect(rows).toHaveLength(300);
    expect(paths().at(-1)).toEqual(['/api/v2/campaigns/analytics', '/api/v2/campaigns/analytics']);
    expect(new Set(rows.map((row) => row.workspace_name))).toEqual(
      new Set([ACME.name, GLOBEX.name]),
    );
  });
});
