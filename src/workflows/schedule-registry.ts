/**
 * This user's scheduled spreadsheets, in user properties (one entry each, so no value nears
 * the 9 KB limit). A scheduled run has no active spreadsheet and so no document properties:
 * each entry carries what that run needs, including copies of the keys of the workspaces the
 * report includes, readable only by this user's runs of this add-on.
 */
import type { LocalTime, Schedule } from '../core/schedule-timing';
import {
  USER_PROPERTY_DROPPED_SCHEDULES,
  USER_PROPERTY_SCHEDULE_PREFIX,
} from '../core/storage-keys';
import { type Connection, unidentifiedConnection } from '../core/workspaces';
import { userProperties } from '../services/properties';

/** Enough to explain recent drops without growing forever. */
const MAX_DROPPED = 10;
const DROPPED_DAYS = 30;

const scheduleKey = (spreadsheetId: string) => USER_PROPERTY_SCHEDULE_PREFIX + spreadsheetId;

export interface ScheduleEntry {
  readonly spreadsheetId: string;
  /** Matches the spreadsheet's record of its schedule owner while this user owns it. */
  readonly scheduleId: string;
  readonly spreadsheetName: string;
  readonly timeZone: string;
  readonly schedule: Schedule;
  /** The included workspaces and their keys. */
  readonly workspaces?: readonly Connection[];
  /** The first version's single key: entries saved before several workspaces. */
  readonly apiKey?: string;
  readonly lastRun?: LocalTime;
}

export interface DroppedSchedule {
  readonly spreadsheetId: string;
  readonly spreadsheetName: string;
  readonly reason: string;
  readonly at: string;
}

export function listSchedules(): ScheduleEntry[] {
  const all = userProperties().getProperties();
  return Object.keys(all)
    .filter((key) => key.startsWith(USER_PROPERTY_SCHEDULE_PREFIX))
    .map((key) => JSON.parse(all[key]) as ScheduleEntry);
}

export function findSchedule(spreadsheetId: string): ScheduleEntry | undefined {
  const json = userProperties().getProperty(scheduleKey(spreadsheetId));
  return json ? (JSON.parse(json) as ScheduleEntry) : undefined;
}

/** Scheduling a spreadsheet again clears the record of having dropped it. */
export function saveSchedule(entry: ScheduleEntry): void {
  userProperties().setProperty(scheduleKey(entry.spreadsheetId), JSON.stringify(entry));
  const dropped = listDropped();
  const others = dropped.filter((drop) => drop.spreadsheetId !== entry.spreadsheetId);
  if (others.length < dropped.length)
    userProperties().setProperty(USER_PROPERTY_DROPPED_SCHEDULES, JSON.stringify(others));
}

export function removeSchedule(spreadsheetId: string): void {
  userProperties().deleteProperty(scheduleKey(spreadsheetId));
}

/** A spreadsheet that is gone or no longer shared stops being scheduled, with the reason kept. */
export function dropSchedule(entry: ScheduleEntry, reason: string): void {
  removeSchedule(entry.spreadsheetId);
  const dropped: DroppedSchedule = {
    spreadsheetId: entry.spreadsheetId,
    spreadsheetName: entry.spreadsheetName,
    reason,
    at: new Date().toISOString(),
  };
  userProperties().setProperty(
    USER_PROPERTY_DROPPED_SCHEDULES,
    JSON.stringify([dropped, ...listDropped()].slice(0, MAX_DROPPED)),
  );
}

/** Drops of the last 30 days: old news after that. */
export function listDropped(): DroppedSchedule[] {
  const json = userProperties().getProperty(USER_PROPERTY_DROPPED_SCHEDULES);
  const since = Date.now() - DROPPED_DAYS * 24 * 60 * 60_000;
  return json
    ? (JSON.parse(json) as DroppedSchedule[]).filter((drop) => Date.parse(drop.at) >= since)
    : [];
}

/** The workspaces a scheduled run reads, with the owner's copies of their keys. */
export function scheduledConnections(entry: ScheduleEntry): readonly Connection[] {
  if (entry.workspaces) return entry.workspaces;
  return entry.apiKey ? [unidentifiedConnection('legacy', entry.apiKey)] : [];
}
