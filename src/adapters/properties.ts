/** What the add-on keeps in properties: the API key, the API base URL, the cache generation. */

const API_KEY = 'INSTANTLY_API_KEY';
const CACHE_GENERATION = 'INSTANTLY_CACHE_GENERATION';
/** Only a script property (set by whoever deploys the script) may redirect requests. */
const BASE_URL = 'INSTANTLY_API_BASE_URL';

export const DEFAULT_BASE_URL = 'https://api.instantly.ai';

/**
 * The key lives in document properties, so every editor's formulas and the scheduled run
 * of this spreadsheet can use it without ever seeing it.
 */
export function readApiKey(
  documentProperties: GoogleAppsScript.Properties.Properties,
): string | undefined {
  return documentProperties.getProperty(API_KEY) ?? undefined;
}

export function saveApiKey(
  documentProperties: GoogleAppsScript.Properties.Properties,
  key: string,
): void {
  documentProperties.setProperty(API_KEY, key);
  renewCacheGeneration(documentProperties);
}

export function removeApiKey(documentProperties: GoogleAppsScript.Properties.Properties): void {
  documentProperties.deleteProperty(API_KEY);
  renewCacheGeneration(documentProperties);
}

export function cacheGeneration(
  documentProperties: GoogleAppsScript.Properties.Properties,
): string {
  return documentProperties.getProperty(CACHE_GENERATION) ?? '0';
}

/** Makes every cached response unreachable, e.g. after a key change or a refresh. */
export function renewCacheGeneration(
  documentProperties: GoogleAppsScript.Properties.Properties,
): void {
  documentProperties.setProperty(CACHE_GENERATION, Utilities.getUuid().slice(0, 8));
}

export function apiBaseUrl(): string {
  return PropertiesService.getScriptProperties().getProperty(BASE_URL) || DEFAULT_BASE_URL;
}
