/**
 * Logger and console: everything the bundle logs lands in `logs` (plain strings) and `entries`
 * (with the level); nothing is printed.
 */
import { formatWithOptions } from 'node:util';
import type { VirtualClock } from './clock';
import { formatString } from './utilities';

export type LogLevel = 'logger' | 'log' | 'info' | 'warn' | 'error' | 'debug';

export interface LogEntry {
  level: LogLevel;
  message: string;
}

export interface LoggingFake {
  Logger: GoogleAppsScript.Base.Logger;
  console: Console;
  logs: string[];
  entries: LogEntry[];
  /** Empties both logs in place. */
  clear(): void;
}

/** Logger.log prints one value as text, objects as JSON; a format string like formatString. */
function loggerMessage(data: unknown, values: unknown[]): string {
  if (values.length > 0) return formatString(String(data), ...values);
  if (typeof data === 'object' && data !== null) return JSON.stringify(data);
  return String(data);
}

export function createLogging(clock: VirtualClock): LoggingFake {
  const logs: string[] = [];
  const entries: LogEntry[] = [];
  const timers = new Map<string, number>();
  const record = (level: LogLevel, message: string) => {
    logs.push(message);
    entries.push({ level, message });
  };
  const consoleMethod =
    (level: LogLevel) =>
    (...args: unknown[]) =>
      record(level, formatWithOptions({ colors: false, depth: 4 }, ...args));

  const Logger: GoogleAppsScript.Base.Logger = {
    log(data: unknown, ...values: unknown[]) {
      record('logger', loggerMessage(data, values));
      return Logger;
    },
    getLog: () =>
      entries
        .filter((entry) => entry.level === 'logger')
        .map((entry) => `${entry.message}\n`)
        .join(''),
    clear: () => {
      for (let index = entries.length - 1; index >= 0; index--) {
        if (entries[index].level === 'logger') {
          entries.splice(index, 1);
          logs.splice(index, 1);
        }
      }
    },
  };

  const fakeConsole = {
    log: consoleMethod('log'),
    info: consoleMethod('info'),
    warn: consoleMethod('warn'),
    error: consoleMethod('error'),
    debug: consoleMethod('debug'),
    time: (label = 'default') => {
      timers.set(label, clock.now());
    },
    timeEnd: (label = 'default') => {
      const started = timers.get(label);
      timers.delete(label);
      if (started !== undefined) record('log', `${label}: ${clock.now() - started}ms`);
    },
  } as unknown as Console;

  return {
    Logger,
    console: fakeConsole,
    logs,
    entries,
    clear: () => {
      logs.length = 0;
      entries.length = 0;
    },
  };
}
