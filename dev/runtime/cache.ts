/**
 * CacheService with Apps Script's limits; entries expire on the virtual clock. Counters let tests
 * see how often the bundle reads and writes (one count per key).
 */
import { exception, invalidArgument, type RuntimeEnv, realmObject, storeMap } from './env';

type Cache = GoogleAppsScript.Cache.Cache;

export const MAX_CACHE_KEY_LENGTH = 250;
export const MAX_CACHE_VALUE_BYTES = 100 * 1024;
export const DEFAULT_CACHE_TTL_SECONDS = 600;
export const MAX_CACHE_TTL_SECONDS = 21_600;

export interface CacheStats {
  /** Keys looked up, hits or not. */
  gets: number;
  hits: number;
  /** Keys written. */
  puts: number;
  removes: number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

export class FakeCache implements Cache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly env: RuntimeEnv,
    private readonly stats: CacheStats,
  ) {}

  get(key: string): string | null {
    return this.read(this.checkKey(key));
  }
  /** For tests: every live entry, e.g. to check that no key or value holds a secret. */
  liveEntries(): [key: string, value: string][] {
    const now = this.env.clock.now();
    return [...this.entries]
      .filter(([, entry]) => entry.expiresAt > now)
      .map(([key, entry]) => [key, entry.value]);
  }
  getAll(keys: string[]): { [key: string]: string } {
    const found: Record<string, string> = {};
    for (const key of Array.from(keys, (key) => this.checkKey(key))) {
      const value = this.read(key);
      if (value !== null) found[key] = value;
    }
    return realmObject(this.env.realm, found);
  }
  put(key: string, value: string, expirationInSeconds = DEFAULT_CACHE_TTL_SECONDS): void {
    this.putAll({ [this.checkKey(key)]: value }, expirationInSeconds);
  }
  /** Checks every entry before storing any. */
  putAll(values: { [key: string]: string }, expirationInSeconds = DEFAULT_CACHE_TTL_SECONDS): void {
    const expiresAt = this.env.clock.now() + ttlSeconds(expirationInSeconds) * 1000;
    const checked = Object.entries(values).map(
      ([key, value]) => [this.checkKey(key), this.checkValue(value)] as const,
    );
    for (const [key, value] of checked) {
      this.entries.set(key, { value, expiresAt });
      this.stats.puts++;
    }
  }
  remove(key: string): void {
    this.removeAll([key]);
  }
  removeAll(keys: string[]): void {
    for (const key of Array.from(keys, (key) => this.checkKey(key))) {
      this.entries.delete(key);
      this.stats.removes++;
    }
  }

  /** Drops every entry, as Apps Script may do at any time. */
  clear(): void {
    this.entries.clear();
  }

  private read(key: string): string | null {
    this.stats.gets++;
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.env.clock.now()) {
      this.entries.delete(key);
      return null;
    }
    this.stats.hits++;
    return entry.value;
  }

  private checkKey(key: unknown): string {
    if (key === null || key === undefined) throw invalidArgument(this.env.realm, 'key');
    const text = String(key);
    if (text.length > MAX_CACHE_KEY_LENGTH)
      throw exception(this.env.realm, 'Argument too large: key');
    return text;
  }

  private checkValue(value: unknown): string {
    if (value === null || value === undefined) throw invalidArgument(this.env.realm, 'value');
    const text = String(value);
    if (Buffer.byteLength(text, 'utf8') > MAX_CACHE_VALUE_BYTES) {
      throw exception(this.env.realm, 'Argument too large: value');
    }
    return text;
  }
}

/** Between 1 s and the 6 h maximum. */
function ttlSeconds(requested: number): number {
  return Math.min(
    Math.max(Number(requested) || DEFAULT_CACHE_TTL_SECONDS, 1),
    MAX_CACHE_TTL_SECONDS,
  );
}

export interface CacheFake {
  CacheService: GoogleAppsScript.Cache.CacheService;
  stats: CacheStats;
  script: FakeCache;
  user(email: string): FakeCache;
  document(spreadsheetId: string): FakeCache;
  /** Empties every cache. */
  clear(): void;
  resetStats(): void;
}

export function createCache(env: RuntimeEnv): CacheFake {
  const stats: CacheStats = { gets: 0, hits: 0, puts: 0, removes: 0 };
  const all: FakeCache[] = [];
  const newCache = () => {
    const cache = new FakeCache(env, stats);
    all.push(cache);
    return cache;
  };
  const script = newCache();
  const user = storeMap(newCache);
  const document = storeMap(newCache);

  const CacheService: GoogleAppsScript.Cache.CacheService = {
    getScriptCache: () => script,
    getUserCache: () => user(env.userEmail),
    getDocumentCache() {
      const spreadsheetId = env.activeSpreadsheetId();
      return spreadsheetId === null ? null : document(spreadsheetId);
    },
  };
  return {
    CacheService,
    stats,
    script,
    user,
    document,
    clear: () => {
      for (const cache of all) cache.clear();
    },
    resetStats: () => Object.assign(stats, { gets: 0, hits: 0, puts: 0, removes: 0 }),
  };
}
