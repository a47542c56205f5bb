/** PropertiesService: the API key (document), the API base URL (script), and user properties. */
import {
  DOCUMENT_PROPERTY_API_KEY,
  DOCUMENT_PROPERTY_WORKSPACE_PREFIX,
  SCRIPT_PROPERTY_API_BASE_URL,
} from '../core/storage-keys';

const DEFAULT_BASE_URL = 'https://api.instantly.ai';

/**
 * Keys live in document properties, so every editor's formulas and sidebar can use them
 * without ever seeing them. (A scheduled run cannot read them; see workflows/schedule-registry.ts.)
 * This is the first version's single key.
 */
export function readApiKey(): string | undefined {
  return (
    PropertiesService.getDocumentProperties().getProperty(DOCUMENT_PROPERTY_API_KEY) ?? undefined
  );
}

export function removeApiKey(): void {
  PropertiesService.getDocumentProperties().deleteProperty(DOCUMENT_PROPERTY_API_KEY);
}

/** Every stored connection's JSON, one per connected workspace. */
export function readConnectionRecords(): string[] {
  const all = PropertiesService.getDocumentProperties().getProperties();
  return Object.keys(all)
    .filter((key) => key.startsWith(DOCUMENT_PROPERTY_WORKSPACE_PREFIX))
    .map((key) => all[key]);
}

export function saveConnectionRecord(workspaceId: string, json: string): void {
  PropertiesService.getDocumentProperties().setProperty(
    DOCUMENT_PROPERTY_WORKSPACE_PREFIX + workspaceId,
    json,
  );
}

export function removeConnectionRecord(workspaceId: string): void {
  PropertiesService.getDocumentProperties().deleteProperty(
    DOCUMENT_PROPERTY_WORKSPACE_PREFIX + workspaceId,
  );
}

/** Only a script property (set by whoever deploys the script) may redirect requests. */
export function apiBaseUrl(): string {
  return (
    PropertiesService.getScriptProperties().getProperty(SCRIPT_PROPERTY_API_BASE_URL) ||
    DEFAULT_BASE_URL
  );
}

/** This user's properties for this add-on: reachable from a scheduled run, unlike the document's. */
export function userProperties(): GoogleAppsScript.Properties.Properties {
  return PropertiesService.getUserProperties();
}
