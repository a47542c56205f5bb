/**
 * PropertiesService: one store for the script, one per user, one per spreadsheet. Document
 * properties exist only with an active spreadsheet (null in a time-driven run, as in Apps Script).
 */
import {
  exception,
  invalidArgument,
  type RuntimeEnv,
  realmArray,
  realmObject,
  storeMap,
} from './env';

type Properties = GoogleAppsScript.Properties.Properties;

export const MAX_PROPERTY_VALUE_BYTES = 9 * 1024;
export const MAX_PROPERTY_STORE_BYTES = 500 * 1024;

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

export class FakeProperties implements Properties {
  private readonly values = new Map<string, string>();

  constructor(private readonly env: RuntimeEnv) {}

  getProperty(key: string): string | null {
    return this.values.get(String(key)) ?? null;
  }
  getProperties(): { [key: string]: string } {
    return realmObject(this.env.realm, Object.fromEntries(this.values));
  }
  getKeys(): string[] {
    return realmArray(this.env.realm, this.values.keys());
  }
  setProperty(key: string, value: string): Properties {
    return this.write([[key, value]], false);
  }
  setProperties(properties: { [key: string]: string }, deleteAllOthers = false): Properties {
    if (properties === null || typeof properties !== 'object') {
      throw invalidArgument(this.env.realm, 'properties');
    }
    return this.write(Object.entries(properties), deleteAllOthers);
  }
  deleteProperty(key: string): Properties {
    this.values.delete(String(key));
    return this;
  }
  deleteAllProperties(): Properties {
    this.values.clear();
    return this;
  }

  /** Checks every entry before storing any, so a refused call changes nothing. */
  private write(entries: Array<[string, unknown]>, replaceAll: boolean): Properties {
    const next = new Map(replaceAll ? [] : this.values);
    for (const [key, value] of entries) {
      if (key === null || key === undefined || key === '')
        throw invalidArgument(this.env.realm, 'key');
      if (value === null || value === undefined) throw invalidArgument(this.env.realm, 'value');
      const text = String(value);
      if (byteLength(text) > MAX_PROPERTY_VALUE_BYTES) {
        throw exception(this.env.realm, 'Argument too large: value');
      }
      next.set(String(key), text);
    }
    const total = [...next].reduce(
      (sum, [key, value]) => sum + byteLength(key) + byteLength(value),
      0,
    );
    if (total > MAX_PROPERTY_STORE_BYTES) {
      throw exception(
        this.env.realm,
        'You have exceeded the property storage quota. Please remove some properties and try again.',
      );
    }
    this.values.clear();
    for (const [key, value] of next) this.values.set(key, value);
    return this;
  }
}

export interface PropertiesFake {
  PropertiesService: GoogleAppsScript.Properties.PropertiesService;
  script: FakeProperties;
  user(email: string): FakeProperties;
  document(spreadsheetId: string): FakeProperties;
}

export function createProperties(env: RuntimeEnv): PropertiesFake {
  const script = new FakeProperties(env);
  const user = storeMap(() => new FakeProperties(env));
  const document = storeMap(() => new FakeProperties(env));

  const PropertiesService: GoogleAppsScript.Properties.PropertiesService = {
    getScriptProperties: () => script,
    getUserProperties: () => user(env.userEmail),
    getDocumentProperties() {
      const spreadsheetId = env.activeSpreadsheetId();
      return (spreadsheetId === null ? null : document(spreadsheetId)) as Properties;
    },
  };
  return { PropertiesService, script, user, document };
}
