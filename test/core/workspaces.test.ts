import { findCampaigns } from '../../src/core/campaigns';
import { UserFacingError } from '../../src/core/errors';
import { MalformedResponseError } from '../../src/core/response';
import {
  type Connection,
  chooseWorkspaces,
  currentWorkspaceCall,
  withConnection,
} from '../../src/core/workspaces';

const acme: Connection = { id: 'w-acme', name: 'Acme Outbound', apiKey: 'key-acme-0001' };
const globex: Connection = { id: 'w-globex', name: 'Globex Sales', apiKey: 'key-globex-002' };
const initech: Connection = { id: 'w-initech', name: 'Initech', apiKey: 'key-initech-03' };

describe('currentWorkspaceCall', () => {
  test('asks GET /api/v2/workspaces/current and reads the id and name', () => {
    expect(currentWorkspaceCall.path).toBe('/api/v2/workspaces/current');
    expect(currentWorkspaceCall.params).toEqual([]);
    expect(
      currentWorkspaceCall.parse(JSON.stringify({ id: 'w1', name: ' Acme ', owner: 'u1' })),
    ).toEqual({ id: 'w1', name: 'Acme' });
  });

  test('a workspace without a name is still told apart by its id', () => {
    expect(currentWorkspaceCall.parse('{"id":"w1","name":""}')).toEqual({
      id: 'w1',
      name: 'Unnamed workspace',
    });
  });

  test.each(['nope', '[]', '{"name":"no id"}'])('rejects %s as malformed', (body) => {
    expect(() => currentWorkspaceCall.parse(body)).toThrow(MalformedResponseError);
  });
});

describe('withConnection', () => {
  test('adds a new workspace at the end', () => {
    expect(withConnection([acme], globex)).toEqual({
      connections: [acme, globex],
      replaced: false,
    });
  });

  test('a key of a connected workspace replaces its key, in place', () => {
    const newKey = { ...acme, apiKey: 'key-acme-0002', name: 'Acme (renamed)' };
    expect(withConnection([acme, globex], newKey)).toEqual({
      connections: [newKey, globex],
      replaced: true,
    });
  });
});

describe('chooseWorkspaces', () => {
  const all = [acme, globex, initech];

  test('none named: every connected workspace', () => {
    expect(chooseWorkspaces(all, [])).toEqual(all);
  });

  test('by name, case-insensitive, in the order named, each once', () => {
    expect(chooseWorkspaces(all, ['initech', 'ACME OUTBOUND', 'Initech'])).toEqual([initech, acme]);
  });

  test('an unknown name lists the connected ones', () => {
    expect(() => chooseWorkspaces(all, ['Umbrella'])).toThrow(
      'No connected workspace is called "Umbrella". Connected: "Acme Outbound", "Globex Sales", "Initech".',
    );
  });

  test('no workspace connected says how to connect one', () => {
    expect(() => chooseWorkspaces([], [])).toThrow(UserFacingError);
    expect(() => chooseWorkspaces([], [])).toThrow(/Set API key/);
  });
});

describe('findCampaigns across workspaces', () => {
  const campaigns = [
    { id: 'c1', name: 'Launch', workspace: acme },
    { id: 'c2', name: 'Follow-up', workspace: acme },
    { id: 'c3', name: 'Launch', workspace: globex },
    { id: 'c4', name: 'Renewals', workspace: globex },
  ];

  test('ids and unique names resolve in the workspace that has them', () => {
    expect(findCampaigns(campaigns, ['renewals', 'c1'])).toEqual([campaigns[3], campaigns[0]]);
  });

  test('a name in two workspaces is an error naming both', () => {
    expect(() => findCampaigns(campaigns, ['launch'])).toThrow(
      'The campaign "launch" is in more than one workspace: "Acme Outbound", "Globex Sales". ' +
        'Name the workspace in the workspace argument.',
    );
  });

  test('an id is never ambiguous', () => {
    expect(findCampaigns(campaigns, ['c3'])).toEqual([campaigns[2]]);
  });

  test('a name twice in one workspace is the first of them, as in one workspace', () => {
    const twice = [...campaigns, { id: 'c5', name: 'Follow-up', workspace: acme }];
    expect(findCampaigns(twice, ['Follow-up'])).toEqual([campaigns[1]]);
  });
});
