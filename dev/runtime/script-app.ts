/**
 * ScriptApp and its triggers, with the limits an editor add-on meets: at most 20 triggers per
 * user, time-driven ones no more often than hourly, and one trigger of each type per user per
 * document. Time triggers keep their next run on the virtual clock; the runtime fires them.
 */
import {
  enumOf,
  exception,
  invalidArgument,
  notImplemented,
  type RuntimeEnv,
  realmArray,
  requirePermission,
  SCOPES,
  timeOf,
} from './env';
import { epochFromWallClock, isKnownTimeZone, wallClockAt, wallClockMs } from './time-zone';

type Trigger = GoogleAppsScript.Script.Trigger;
type ScriptApp = GoogleAppsScript.Script.ScriptApp;

export const MAX_TRIGGERS_PER_USER = 20;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const ALLOWED_EVERY_HOURS = [1, 2, 4, 6, 8, 12];
const WEEKDAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];
/** How far ahead a wall-clock schedule is searched (a monthly one on the 31st may skip months). */
const SEARCH_DAYS = 400;

const ENUMS = {
  AuthMode: enumOf('NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL'),
  AuthorizationStatus: enumOf('REQUIRED', 'NOT_REQUIRED'),
  EventType: enumOf(
    'CLOCK',
    'ON_OPEN',
    'ON_EDIT',
    'ON_FORM_SUBMIT',
    'ON_CHANGE',
    'ON_EVENT_UPDATED',
  ),
  InstallationSource: enumOf('APPS_MARKETPLACE_DOMAIN_ADD_ON', 'NONE', 'WEB_STORE_ADD_ON'),
  TriggerSource: enumOf('SPREADSHEETS', 'CLOCK', 'FORMS', 'DOCUMENTS', 'CALENDAR'),
  WeekDay: enumOf(...WEEKDAYS),
};

export type TriggerEventType = 'CLOCK' | 'ON_OPEN' | 'ON_EDIT' | 'ON_CHANGE' | 'ON_FORM_SUBMIT';

/** When a time-driven trigger runs: a period, or wall-clock rules in `timeZone`, or once. */
export interface ClockSchedule {
  everyHours?: number;
  everyDays?: number;
  everyWeeks?: number;
  onMonthDay?: number;
  /** 0 = Sunday. */
  onWeekDay?: number;
  atHour?: number;
  nearMinute?: number;
  /** A one-shot trigger's time (after, at, atDate). */
  once?: number;
  timeZone: string;
}

export interface TriggerRecord {
  uid: string;
  handler: string;
  eventType: TriggerEventType;
  source: 'CLOCK' | 'SPREADSHEETS';
  sourceId: string | null;
  /** The spreadsheet that was active when it was created: an add-on's triggers belong to one. */
  documentId: string | null;
  owner: string;
  /** Made by the test (addForeign), not by the bundle. */
  foreign: boolean;
  schedule: ClockSchedule | null;
  /** Next run on the virtual clock; null once a one-shot trigger has run. */
  nextRunAt: number | null;
}

/** What the creator of a trigger decides. */
type NewTrigger = Omit<TriggerRecord, 'uid' | 'owner' | 'foreign' | 'nextRunAt'>;

export interface ForeignTriggerOptions {
  owner?: string;
  documentId?: string | null;
  schedule?: Partial<ClockSchedule>;
}

export interface TriggersFake {
  ScriptApp: ScriptApp;
  /** Live list of every trigger of the script, all users. */
  triggers: readonly TriggerRecord[];
  addForeign(handler: string, options?: ForeignTriggerOptions): TriggerRecord;
  find(uid: string): TriggerRecord | undefined;
  /** The current user's time-driven triggers whose next run has come. */
  due(): TriggerRecord[];
  /** Moves a trigger that just ran to its next run. */
  markRun(record: TriggerRecord): void;
}

export function createTriggers(env: RuntimeEnv): TriggersFake {
  const triggers: TriggerRecord[] = [];
  let lastUid = 1_000_000_000;

  const ownTriggers = () => triggers.filter((record) => record.owner === env.userEmail);

  const refuseBeyondLimits = (eventType: TriggerEventType, documentId: string | null) => {
    const mine = ownTriggers();
    if (mine.length >= MAX_TRIGGERS_PER_USER) {
      throw exception(
        env.realm,
        'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
      );
    }
    const sameKind = mine.some(
      (record) =>
        documentId !== null && record.documentId === documentId && record.eventType === eventType,
    );
    if (sameKind) {
      const kind = eventType === 'CLOCK' ? 'time-based' : eventType.slice(3).toLowerCase();
      throw exception(
        env.realm,
        `This add-on has created too many ${kind} triggers in this document for this Google user account.`,
      );
    }
  };

  const store = (fields: NewTrigger, owner: string, foreign: boolean): TriggerRecord => {
    const nextRunAt = fields.schedule ? firstRun(fields.schedule, env.clock.now()) : null;
    const record: TriggerRecord = { ...fields, uid: String(++lastUid), owner, foreign, nextRunAt };
    triggers.push(record);
    return record;
  };

  const add = (fields: NewTrigger): Trigger => {
    refuseBeyondLimits(fields.eventType, fields.documentId);
    return new FakeTrigger(store(fields, env.userEmail, false));
  };

  const ScriptApp = {
    ...(ENUMS as unknown as Pick<
      ScriptApp,
      | 'AuthMode'
      | 'AuthorizationStatus'
      | 'EventType'
      | 'InstallationSource'
      | 'TriggerSource'
      | 'WeekDay'
    >),
    newTrigger(functionName: string) {
      requirePermission(env, 'ScriptApp.newTrigger', SCOPES.scriptApp);
      if (typeof functionName !== 'string' || functionName === '') {
        throw invalidArgument(env.realm, 'functionName');
      }
      const documentId = env.activeSpreadsheetId();
      return {
        timeBased: () =>
          new ClockBuilder(env, (schedule) =>
            add({
              handler: functionName,
              eventType: 'CLOCK',
              source: 'CLOCK',
              sourceId: null,
              documentId,
              schedule,
            }),
          ),
        forSpreadsheet: (spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet | string) => {
          const spreadsheetId = typeof spreadsheet === 'string' ? spreadsheet : spreadsheet.getId();
          return spreadsheetBuilder((eventType) =>
            add({
              handler: functionName,
              eventType,
              source: 'SPREADSHEETS',
              sourceId: spreadsheetId,
              documentId: spreadsheetId,
              schedule: null,
            }),
          );
        },
        forDocument: () => notImplemented('TriggerBuilder.forDocument'),
        forForm: () => notImplemented('TriggerBuilder.forForm'),
        forUserCalendar: () => notImplemented('TriggerBuilder.forUserCalendar'),
      } as GoogleAppsScript.Script.TriggerBuilder;
    },
    getProjectTriggers() {
      requirePermission(env, 'ScriptApp.getProjectTriggers', SCOPES.scriptApp);
      return realmArray(
        env.realm,
        ownTriggers().map((record) => new FakeTrigger(record)),
      );
    },
    getUserTriggers(document: { getId(): string }) {
      requirePermission(env, 'ScriptApp.getUserTriggers', SCOPES.scriptApp);
      const documentId = document.getId();
      const inDocument = ownTriggers().filter((record) => record.documentId === documentId);
      return realmArray(
        env.realm,
        inDocument.map((record) => new FakeTrigger(record)),
      );
    },
    deleteTrigger(trigger: Trigger) {
      requirePermission(env, 'ScriptApp.deleteTrigger', SCOPES.scriptApp);
      const index = triggers.findIndex((record) => record.uid === trigger.getUniqueId());
      if (index >= 0) triggers.splice(index, 1);
    },
    getOAuthToken: () => `ya29.local-runtime-token-for-${env.userEmail}`,
    getIdentityToken: () => '',
    getScriptId: () => env.scriptId,
    getInstallationSource: () => 'NONE' as unknown as GoogleAppsScript.Script.InstallationSource,
    getAuthorizationInfo: () =>
      ({
        getAuthorizationStatus: () => 'NOT_REQUIRED',
        getAuthorizationUrl: () => null,
      }) as unknown as GoogleAppsScript.Script.AuthorizationInfo,
    requireAllScopes: () => undefined,
    requireScopes: () => undefined,
    invalidateAuth: () => undefined,
  } as unknown as ScriptApp;

  return {
    ScriptApp,
    triggers,
    addForeign(handler, { owner = env.userEmail, documentId = null, schedule = {} } = {}) {
      const fullSchedule = { everyHours: 1, timeZone: env.scriptTimeZone(), ...schedule };
      const fields: NewTrigger = {
        handler,
        eventType: 'CLOCK',
        source: 'CLOCK',
        sourceId: null,
        documentId,
        schedule: fullSchedule,
      };
      return store(fields, owner, true);
    },
    find: (uid) => triggers.find((record) => record.uid === uid),
    due: () =>
      ownTriggers().filter(
        (record) =>
          record.source === 'CLOCK' &&
          record.nextRunAt !== null &&
          record.nextRunAt <= env.clock.now(),
      ),
    markRun(record) {
      record.nextRunAt = record.schedule
        ? runAfter(record.schedule, record.nextRunAt, env.clock.now())
        : null;
    },
  };
}

class FakeTrigger implements Trigger {
  constructor(private readonly record: TriggerRecord) {}

  getUniqueId(): string {
    return this.record.uid;
  }
  getHandlerFunction(): string {
    return this.record.handler;
  }
  getEventType(): GoogleAppsScript.Script.EventType {
    return this.record.eventType as unknown as GoogleAppsScript.Script.EventType;
  }
  getTriggerSource(): GoogleAppsScript.Script.TriggerSource {
    return this.record.source as unknown as GoogleAppsScript.Script.TriggerSource;
  }
  getTriggerSourceId(): string {
    return this.record.sourceId as string;
  }
}

function spreadsheetBuilder(
  create: (eventType: TriggerEventType) => Trigger,
): GoogleAppsScript.Script.SpreadsheetTriggerBuilder {
  let eventType: TriggerEventType | undefined;
  const builder: GoogleAppsScript.Script.SpreadsheetTriggerBuilder = {
    onOpen: () => choose('ON_OPEN'),
    onEdit: () => choose('ON_EDIT'),
    onChange: () => choose('ON_CHANGE'),
    onFormSubmit: () => choose('ON_FORM_SUBMIT'),
    create: () => {
      if (!eventType)
        throw new Error('Choose onOpen, onEdit, onChange or onFormSubmit before create()');
      return create(eventType);
    },
  };
  const choose = (chosen: TriggerEventType) => {
    eventType = chosen;
    return builder;
  };
  return builder;
}

class ClockBuilder implements GoogleAppsScript.Script.ClockTriggerBuilder {
  private readonly schedule: ClockSchedule;

  constructor(
    private readonly env: RuntimeEnv,
    private readonly createTrigger: (schedule: ClockSchedule) => Trigger,
  ) {
    this.schedule = { timeZone: env.scriptTimeZone() };
  }

  everyMinutes(): this {
    throw exception(
      this.env.realm,
      'Add-ons may not create time-based triggers that run more frequently than once per hour.',
    );
  }
  everyHours(n: number): this {
    if (!ALLOWED_EVERY_HOURS.includes(n)) {
      throw exception(
        this.env.realm,
        `Invalid argument: everyHours(${n}) accepts 1, 2, 4, 6, 8 or 12`,
      );
    }
    return this.set({ everyHours: n });
  }
  everyDays(n: number): this {
    return this.set({ everyDays: this.integer(n, 'days', 1, 365) });
  }
  everyWeeks(n: number): this {
    return this.set({ everyWeeks: this.integer(n, 'weeks', 1, 52) });
  }
  onWeekDay(day: GoogleAppsScript.Base.Weekday): this {
    const index = WEEKDAYS.indexOf(String(day));
    if (index < 0) throw invalidArgument(this.env.realm, 'day');
    return this.set({ onWeekDay: index });
  }
  onMonthDay(day: number): this {
    return this.set({ onMonthDay: this.integer(day, 'day', 1, 31) });
  }
  atHour(hour: number): this {
    return this.set({ atHour: this.integer(hour, 'hour', 0, 23) });
  }
  nearMinute(minute: number): this {
    return this.set({ nearMinute: this.integer(minute, 'minute', 0, 59) });
  }
  inTimezone(timezone: string): this {
    if (typeof timezone !== 'string' || !isKnownTimeZone(timezone)) {
      throw invalidArgument(this.env.realm, 'timezone');
    }
    return this.set({ timeZone: timezone });
  }
  after(durationMilliseconds: number): this {
    const duration = this.integer(
      durationMilliseconds,
      'durationMilliseconds',
      0,
      Number.MAX_SAFE_INTEGER,
    );
    return this.set({ once: this.env.clock.now() + duration });
  }
  at(date: Date): this {
    return this.set({ once: timeOf(date) });
  }
  atDate(year: number, month: number, day: number): this {
    const midnight = wallClockMs(year, month - 1, day);
    return this.set({ once: epochFromWallClock(midnight, this.schedule.timeZone) });
  }
  create(): Trigger {
    const { everyHours, everyDays, everyWeeks, onMonthDay, once } = this.schedule;
    if (
      [everyHours, everyDays, everyWeeks, onMonthDay, once].every((value) => value === undefined)
    ) {
      throw exception(this.env.realm, 'Invalid argument: the time-based trigger has no schedule');
    }
    return this.createTrigger({ ...this.schedule });
  }

  private set(fields: Partial<ClockSchedule>): this {
    Object.assign(this.schedule, fields);
    return this;
  }

  private integer(value: number, name: string, min: number, max: number): number {
    if (!Number.isInteger(value) || value < min || value > max)
      throw invalidArgument(this.env.realm, name);
    return value;
  }
}

/** Fixed periods, for schedules that do not pin a time of day. */
function periodMs(schedule: ClockSchedule): number | undefined {
  if (schedule.everyHours) return schedule.everyHours * HOUR_MS;
  if (schedule.atHour !== undefined || schedule.onWeekDay !== undefined) return undefined;
  if (schedule.everyDays) return schedule.everyDays * DAY_MS;
  if (schedule.everyWeeks) return schedule.everyWeeks * 7 * DAY_MS;
  return undefined;
}

function firstRun(schedule: ClockSchedule, now: number): number {
  if (schedule.once !== undefined) return schedule.once;
  return periodMs(schedule) !== undefined
    ? now + (periodMs(schedule) as number)
    : nextWallClockRun(schedule, now);
}

/** The next run after one that was due at `scheduled`, skipping runs missed before `now`. */
function runAfter(schedule: ClockSchedule, scheduled: number | null, now: number): number | null {
  if (schedule.once !== undefined) return null;
  const period = periodMs(schedule);
  if (period !== undefined) {
    let next = (scheduled ?? now) + period;
    while (next <= now) next += period;
    return next;
  }
  const skippedDays = (schedule.everyDays ?? 1) - 1 + ((schedule.everyWeeks ?? 1) - 1) * 7;
  return nextWallClockRun(schedule, Math.max(now, (scheduled ?? now) + skippedDays * DAY_MS));
}

/** The first time after `after` at the schedule's hour and minute, on a day the schedule allows. */
function nextWallClockRun(schedule: ClockSchedule, after: number): number {
  const start = wallClockAt(after, schedule.timeZone);
  for (let dayOffset = 0; dayOffset <= SEARCH_DAYS; dayOffset++) {
    const wallMs = wallClockMs(
      start.year,
      start.monthIndex,
      start.day + dayOffset,
      schedule.atHour ?? 0,
      schedule.nearMinute ?? 0,
    );
    const candidate = epochFromWallClock(wallMs, schedule.timeZone);
    const day = new Date(wallMs);
    const allowed =
      (schedule.onWeekDay === undefined || day.getUTCDay() === schedule.onWeekDay) &&
      (schedule.onMonthDay === undefined || day.getUTCDate() === schedule.onMonthDay);
    if (allowed && candidate > after) return candidate;
  }
  throw new Error(`No run of the schedule within ${SEARCH_DAYS} days: ${JSON.stringify(schedule)}`);
}
