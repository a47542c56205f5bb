/**
 * Plain-data records kept on the spreadsheet itself as developer metadata, visible only to
 * this script project. Unlike document properties they are reachable from a run that opened
 * the spreadsheet by id, which is how the scheduled refresh works.
 */

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

function find(spreadsheet: Spreadsheet, key: string) {
  return spreadsheet.getDeveloperMetadata().find((entry) => entry.getKey() === key);
}

export function readRecord<T>(spreadsheet: Spreadsheet, key: string): T | undefined {
  const json = find(spreadsheet, key)?.getValue();
  if (!json) return undefined;
  try {
    return JSON.parse(json) as T;
  } catch {
    return undefined;
  }
}

export function writeRecord(spreadsheet: Spreadsheet, key: string, value: unknown): void {
  const json = JSON.stringify(value);
  const existing = find(spreadsheet, key);
  if (existing) existing.setValue(json);
  else {
    spreadsheet.addDeveloperMetadata(key, json, SpreadsheetApp.DeveloperMetadataVisibility.PROJECT);
  }
}

export function removeRecord(spreadsheet: Spreadsheet, key: string): void {
  find(spreadsheet, key)?.remove();
}
