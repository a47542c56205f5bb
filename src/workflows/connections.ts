/**
 * The spreadsheet's connected workspaces: adding, replacing and removing keys, and what
 * follows from it (the cache of that workspace, the schedule's copies of the keys).
 */
import { checkApiKey } from '../core/api-key';
import { UserFacingError } from '../core/errors';
import type { ReportSettings } from '../core/settings';
import type { ActionResult } from '../core/sidebar-api';
import {
  type Connection,
  maskKey,
  parseStoredConnections,
  unidentifiedConnection,
  withConnection,
} from '../core/workspaces';
import { renewCacheScopes } from '../services/cache';
import {
  readApiKey,
  readConnectionRecords,
  removeApiKey,
  removeConnectionRecord,
  saveConnectionRecord,
} from '../services/properties';
import { newId } from '../services/utilities';
import { clientWithKey } from './instantly-access';
import { claimSchedule, releaseSchedule } from './schedule-ownership';
import { loadSettings, storeSettings } from './spreadsheet-records';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** The first version's key, until one request names its workspace. */
const LEGACY_ID = 'legacy';

/** Every connected workspace, in the order added; the first version's key among them. */
export function loadConnections(): Connection[] {
  const stored = parseStoredConnections(readConnectionRecords()).map(
    ({ id, name, apiKey }): Connection => ({ id, name, apiKey }),
  );
  const legacy = readApiKey();
  const known = legacy !== undefined && stored.some((connection) => connection.apiKey === legacy);
  return legacy && !known ? [unidentifiedConnection(LEGACY_ID, legacy), ...stored] : stored;
}

/** The connections a report includes: those chosen in the sidebar, or all of them. */
export function includedConnections(settings: ReportSettings): Connection[] {
  const all = loadConnections();
  const chosen = all.filter((connection) => settings.workspaceIds.includes(connection.id));
  return chosen.length > 0 ? chosen : all;
}

/** Every connected key, for removing from any text that may reach a person or a log. */
export function connectedKeys(): string[] {
  return loadConnections().map((connection) => connection.apiKey);
}

/**
 * The first version's key moves to a connection of its own once one request names its
 * workspace (at the first interactive moment); a key Instantly refuses stays as it is.
 */
export function identifyLegacyKey(spreadsheet: Spreadsheet, deadline: number): void {
  const legacy = readApiKey();
  if (!legacy) return;
  const check = checkApiKey(clientWithKey(legacy, deadline));
  if (!check.save) return;
  const connection = check.workspace
    ? { ...check.workspace, apiKey: legacy }
    : unidentifiedConnection(newId(), legacy);
  storeConnection(connection);
  removeApiKey();
  renewCacheScopes(spreadsheet.getId(), [LEGACY_ID, connection.id]);
}

/**
 * Saves a key once one request names its workspace: a new workspace is added, a connected one
 * gets its key replaced (never a duplicate). A key without a paid plan is saved unnamed.
 */
export function connectKey(spreadsheet: Spreadsheet, key: string, deadline: number): ActionResult {
  const check = checkApiKey(clientWithKey(key, deadline));
  if (!check.save) return { ok: false, message: check.message };
  // The first version's key is identified now too: by this very check when it is the same key.
  if (readApiKey() === key) removeApiKey();
  else identifyLegacyKey(spreadsheet, deadline);
  const existing = loadConnections();
  const sameKey = existing.find((connection) => connection.apiKey === key);
  const connection = check.workspace
    ? { ...check.workspace, apiKey: key }
    : unidentifiedConnection(sameKey?.id ?? newId(), key);
  const { replaced } = withConnection(existing, connection);
  // A key belongs to one workspace only: an earlier connection with it goes.
  if (sameKey && sameKey.id !== connection.id) removeConnectionRecord(sameKey.id);
  storeConnection(connection);
  // Responses cached under the old key must not be served under the new one.
  renewCacheScopes(spreadsheet.getId(), [LEGACY_ID, connection.id]);
  const done = check.workspace
    ? `Key saved: ${replaced ? 'it replaces the key of' : 'connected'} "${connection.name}" (key ${maskKey(key)}).`
    : check.message;
  return { ok: true, message: done + scheduleWithKeys(spreadsheet) };
}

function storeConnection(connection: Connection): void {
  const record = { ...connection, addedAt: addedAtOf(connection.id) };
  saveConnectionRecord(connection.id, JSON.stringify(record));
}

/** A replaced key keeps its workspace's place in the list. */
function addedAtOf(id: string): string {
  const stored = parseStoredConnections(readConnectionRecords());
  return stored.find((connection) => connection.id === id)?.addedAt ?? new Date().toISOString();
}

/** The editor who changes a key takes the schedule over, so scheduled runs use these keys. */
function scheduleWithKeys(spreadsheet: Spreadsheet): string {
  const settings = loadSettings(spreadsheet);
  if (settings.autoRefresh === 'off') return '';
  try {
    claimSchedule(spreadsheet, settings, includedConnections(settings));
    return ' Auto-refresh now runs with these keys.';
  } catch (error) {
    return ` Auto-refresh keeps its previous keys: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Removes one workspace's key (its cache goes with it). No scheduled run may go on with a
 * removed key: the schedule continues with the others' keys, or, with none left, turns off.
 */
export function disconnect(spreadsheet: Spreadsheet, workspaceId: string): ActionResult {
  const removed = loadConnections().find((connection) => connection.id === workspaceId);
  if (!removed) throw new UserFacingError('That workspace is no longer connected.');
  if (workspaceId === LEGACY_ID) removeApiKey();
  else removeConnectionRecord(workspaceId);
  renewCacheScopes(spreadsheet.getId(), [workspaceId]);
  const saved = loadSettings(spreadsheet);
  const settings = {
    ...saved,
    workspaceIds: saved.workspaceIds.filter((id) => id !== workspaceId),
  };
  const message = `Removed "${removed.name}" from this spreadsheet.`;
  if (loadConnections().length > 0) {
    storeSettings(spreadsheet, settings);
    return { ok: true, message: message + scheduleWithKeys(spreadsheet) };
  }
  if (settings.autoRefresh === 'off') {
    storeSettings(spreadsheet, settings);
    return { ok: true, message };
  }
  releaseSchedule(spreadsheet);
  storeSettings(spreadsheet, { ...settings, autoRefresh: 'off' });
  return { ok: true, message: `${message} No workspace is left, so Auto-refresh is off.` };
}

/** The menu's Remove API key: every key goes, and so does Auto-refresh. */
export function disconnectAll(spreadsheet: Spreadsheet): ActionResult {
  const connections = loadConnections();
  removeApiKey();
  for (const connection of connections) removeConnectionRecord(connection.id);
  renewCacheScopes(
    spreadsheet.getId(),
    connections.map((connection) => connection.id),
  );
  const removed =
    connections.length > 1
      ? `The API keys of ${connections.length} workspaces were removed from this spreadsheet`
      : 'The API key was removed from this spreadsheet';
  const settings = { ...loadSettings(spreadsheet), workspaceIds: [] };
  if (settings.autoRefresh === 'off') {
    storeSettings(spreadsheet, settings);
    return { ok: true, message: `${removed}.` };
  }
  releaseSchedule(spreadsheet);
  storeSettings(spreadsheet, { ...settings, autoRefresh: 'off' });
  return { ok: true, message: `${removed}, and Auto-refresh is off.` };
}
