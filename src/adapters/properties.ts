/** Properties: the API key (document) and the API base URL (script). */

const API_KEY = 'INSTANTLY_API_KEY';
/** Only a script property (set by whoever deploys the script) may redirect requests. */
const BASE_URL = 'INSTANTLY_API_BASE_URL';

const DEFAULT_BASE_URL = 'https://api.instantly.ai';

type Properties = GoogleAppsScript.Properties.Properties;

/**
 * The key lives in document properties, so every editor's formulas and sidebar can use it
 * without ever seeing it. (A scheduled run cannot read them; see schedules.ts.)
 */
export function readApiKey(documentProperties: Properties): string | undefined {
  return documentProperties.getProperty(API_KEY) ?? undefined;
}

export function saveApiKey(documentProperties: Properties, key: string): void {
  documentProperties.setProperty(API_KEY, key);
}

export function removeApiKey(documentProperties: Properties): void {
  documentProperties.deleteProperty(API_KEY);
}

export function apiBaseUrl(): string {
  return PropertiesService.getScriptProperties().getProperty(BASE_URL) || DEFAULT_BASE_URL;
}
