/**
 * Connected Instantly workspaces. An agency runs one workspace per client, each with its own
 * keys and its own rate limit; a spreadsheet may connect any number of them.
 */
import type { ApiCall } from './api-call';
import { UserFacingError } from './errors';
import { MalformedResponseError } from './response';

export const WORKSPACE_PATH = '/api/v2/workspaces/current';

export interface Workspace {
  readonly id: string;
  readonly name: string;
}

/** A workspace and the key it is read with. Stored in document properties, never shown. */
export interface Connection extends Workspace {
  readonly apiKey: string;
}

export const currentWorkspaceCall: ApiCall<Workspace> = {
  path: WORKSPACE_PATH,
  params: [],
  parse: (body) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new MalformedResponseError('not JSON');
    }
    const workspace = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
      string,
      unknown
    >;
    if (typeof workspace.id !== 'string' || !workspace.id) {
      throw new MalformedResponseError('the workspace has no id');
    }
    const name = typeof workspace.name === 'string' ? workspace.name.trim() : '';
    return { id: workspace.id, name: name || 'Unnamed workspace' };
  },
};

/** Adds a connection, or replaces the key of the workspace it belongs to (never a duplicate). */
export function withConnection(
  connections: readonly Connection[],
  added: Connection,
): { readonly connections: Connection[]; readonly replaced: boolean } {
  const replaced = connections.some((connection) => connection.id === added.id);
  return {
    connections: replaced
      ? connections.map((connection) => (connection.id === added.id ? added : connection))
      : [...connections, added],
    replaced,
  };
}

/** Short keys are hidden entirely; longer ones show their last 4 characters to tell them apart. */
export function maskKey(key: string | undefined): string | null {
  if (!key) return null;
  return key.length >= 12 ? `••••${key.slice(-4)}` : '••••';
}

/**
 * A key Instantly accepted without naming its workspace (no paid plan answers 402), or the first
 * version's key before it is identified: named by its masked key, so a person can tell it apart.
 */
export function unidentifiedConnection(id: string, apiKey: string): Connection {
  return { id, name: `Workspace ${maskKey(apiKey)}`, apiKey };
}

/** What is stored per connection: the connection, and when it was added (to list them in order). */
export interface StoredConnection extends Connection {
  readonly addedAt: string;
}

/** Stored connections in the order they were added; an unreadable one is skipped. */
export function parseStoredConnections(records: readonly string[]): StoredConnection[] {
  const connections = records.flatMap((json) => {
    try {
      const value = JSON.parse(json) as Partial<StoredConnection>;
      const { id, name, apiKey, addedAt } = value;
      const valid = [id, name, apiKey].every((text) => typeof text === 'string' && text);
      return valid
        ? [
            {
              id,
              name,
              apiKey,
              addedAt: typeof addedAt === 'string' ? addedAt : '',
            } as StoredConnection,
          ]
        : [];
    } catch {
      return [];
    }
  });
  return connections.sort((a, b) => a.addedAt.localeCompare(b.addedAt));
}

export const listNames = (workspaces: readonly Workspace[]) =>
  workspaces.map((workspace) => `"${workspace.name}"`).join(', ');

/**
 * The workspaces a formula or report names (case-insensitive); none named means every
 * connected workspace. An unknown name is an error listing the connected ones.
 */
export function chooseWorkspaces<T extends Workspace>(
  connected: readonly T[],
  wanted: readonly string[],
): T[] {
  if (connected.length === 0) {
    throw new UserFacingError(
      'No Instantly workspace is connected to this spreadsheet. Add an API key with Extensions › Instantly Analytics › Set API key…',
    );
  }
  if (wanted.length === 0) return [...connected];
  const byName = new Map(connected.map((workspace) => [workspace.name.toLowerCase(), workspace]));
  const unknown = wanted.filter((name) => !byName.has(name.toLowerCase()));
  if (unknown.length > 0) {
    throw new UserFacingError(
      `No connected workspace is called ${unknown.map((name) => `"${name}"`).join(', ')}. ` +
        `Connected: ${listNames(connected)}.`,
    );
  }
  const chosen = wanted.map((name) => byName.get(name.toLowerCase()) as T);
  return chosen.filter((workspace, index) => chosen.indexOf(workspace) === index);
}
