/** PropertiesService: the API key (document), the API base URL (script), and user properties. */
import { DOCUMENT_PROPERTY_API_KEY, SCRIPT_PROPERTY_API_BASE_URL } from '../core/storage-keys';

const DEFAULT_BASE_URL = 'https://api.instantly.ai';

/**
 * The key lives in document properties, so every editor's formulas and sidebar can use it
 * without ever seeing it. (A scheduled run cannot read them; see workflows/schedule-registry.ts.)
 */
export function readApiKey(): string | undefined {
  return (
    PropertiesService.getDocumentProperties().getProperty(DOCUMENT_PROPERTY_API_KEY) ?? undefined
  );
}

export function saveApiKey(key: string): void {
  PropertiesService.getDocumentProperties().setProperty(DOCUMENT_PROPERTY_API_KEY, key);
}

export function removeApiKey(): void {
  PropertiesService.getDocumentProperties().deleteProperty(DOCUMENT_PROPERTY_API_KEY);
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
