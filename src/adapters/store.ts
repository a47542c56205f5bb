/** The sidebar's settings, the last refresh and the table shapes, per spreadsheet. */
import { type RefreshOutcome, type RefreshStatus, recordOutcome } from '../core/refresh';
import { parseSavedSettings, type ReportSettings } from '../core/settings';
import type { TableShape } from './sheet';

const SETTINGS = 'INSTANTLY_REPORT_SETTINGS';
const LAST_REFRESH = 'INSTANTLY_LAST_REFRESH';
const TABLE_SHAPES = 'INSTANTLY_TABLE_SHAPES';

type Properties = GoogleAppsScript.Properties.Properties;

function readJson<T>(properties: Properties, key: string): T | undefined {
  const json = properties.getProperty(key);
  if (!json) return undefined;
  try {
    return JSON.parse(json) as T;
  } catch {
    return undefined;
  }
}

export function loadSettings(properties: Properties): ReportSettings {
  return parseSavedSettings(properties.getProperty(SETTINGS));
}

export function storeSettings(properties: Properties, settings: ReportSettings): void {
  properties.setProperty(SETTINGS, JSON.stringify(settings));
}

export function loadRefreshStatus(properties: Properties): RefreshStatus {
  return readJson<RefreshStatus>(properties, LAST_REFRESH) ?? { consecutiveFailures: 0 };
}

export function recordRefresh(properties: Properties, outcome: RefreshOutcome): RefreshStatus {
  const status = recordOutcome(loadRefreshStatus(properties), outcome);
  properties.setProperty(LAST_REFRESH, JSON.stringify(status));
  return status;
}

export function loadTableShape(properties: Properties, sheetName: string): TableShape | undefined {
  return readJson<Record<string, TableShape>>(properties, TABLE_SHAPES)?.[sheetName];
}

export function storeTableShape(
  properties: Properties,
  sheetName: string,
  shape: TableShape,
): void {
  const shapes = readJson<Record<string, TableShape>>(properties, TABLE_SHAPES) ?? {};
  properties.setProperty(TABLE_SHAPES, JSON.stringify({ ...shapes, [sheetName]: shape }));
}
