/**
 * The virtual clock, and the Date the bundle sees: `new Date()` and `Date.now()` read the clock,
 * and local time (getHours, setDate, toString, `new Date(2026, 0, 5)`, 'YYYY-MM-DDTHH:mm'
 * strings) is in the script's time zone, as in Apps Script, whatever the zone of this process.
 */
import vm from 'node:vm';
import {
  epochFromWallClock,
  formatOffset,
  type WallClock,
  wallClockAt,
  wallClockMs,
  zoneName,
} from './time-zone';

export interface VirtualClock {
  now(): number;
  advance(ms: number): void;
  set(date: Date | string | number): void;
}

export function createClock(start: Date | string | number = Date.now()): VirtualClock {
  let current = toEpoch(start);
  return {
    now: () => current,
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`The clock only moves forward (got ${ms} ms)`);
      current += ms;
    },
    set(date) {
      current = toEpoch(date);
    },
  };
}

function toEpoch(date: Date | string | number): number {
  const epochMs = typeof date === 'number' ? date : new Date(date).getTime();
  if (Number.isNaN(epochMs)) throw new RangeError(`Not a date: ${String(date)}`);
  return epochMs;
}

/** Date-only ISO strings are UTC by the spec; strings naming a zone or offset are absolute. */
const ABSOLUTE_DATE_STRING =
  /^[+-]?\d{4,6}(-\d{2}(-\d{2})?)?$|\d(Z|[+-]\d{2}(:?\d{2})?)$|\b(GMT|UTC|UT|[ECMP][SD]T)\b/i;

type WallField = keyof Omit<WallClock, 'weekday' | 'offsetMinutes'>;
const WALL_FIELDS: WallField[] = [
  'year',
  'monthIndex',
  'day',
  'hour',
  'minute',
  'second',
  'millisecond',
];

/** Setters of local fields: the first field each sets, and how many it takes. */
const LOCAL_SETTERS: Record<string, { first: number; count: number }> = {
  setFullYear: { first: 0, count: 3 },
  setMonth: { first: 1, count: 2 },
  setDate: { first: 2, count: 1 },
  setHours: { first: 3, count: 4 },
  setMinutes: { first: 4, count: 3 },
  setSeconds: { first: 5, count: 2 },
  setMilliseconds: { first: 6, count: 1 },
};

const LOCAL_GETTERS: Record<string, (wall: WallClock) => number> = {
  getFullYear: (wall) => wall.year,
  getYear: (wall) => wall.year - 1900,
  getMonth: (wall) => wall.monthIndex,
  getDate: (wall) => wall.day,
  getDay: (wall) => wall.weekday,
  getHours: (wall) => wall.hour,
  getMinutes: (wall) => wall.minute,
  getSeconds: (wall) => wall.second,
  getMilliseconds: (wall) => wall.millisecond,
  getTimezoneOffset: (wall) => 0 - wall.offsetMinutes,
};

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Installs the virtual Date as the context's global `Date` and returns it. It shares the
 * context's Date.prototype (patched for local time), so dates made by either constructor pass
 * `instanceof Date` in the bundle.
 */
export function installVirtualDate(
  context: vm.Context,
  clock: VirtualClock,
  timeZone: () => string,
): DateConstructor {
  const RealDate: DateConstructor = vm.runInContext('Date', context);
  const prototype = RealDate.prototype;
  const epochOf = (date: Date) => prototype.getTime.call(date);
  const fromWallMs = (wallMs: number) =>
    Number.isFinite(wallMs) ? epochFromWallClock(wallMs, timeZone()) : Number.NaN;

  const parseLocal = (text: string): number => {
    if (ABSOLUTE_DATE_STRING.test(text.trim())) return Date.parse(text);
    // Parsed in this process's zone, then its wall clock is read again in the script's zone.
    const processLocal = new Date(text);
    if (Number.isNaN(processLocal.getTime())) return Number.NaN;
    return fromWallMs(
      wallClockMs(
        processLocal.getFullYear(),
        processLocal.getMonth(),
        processLocal.getDate(),
        processLocal.getHours(),
        processLocal.getMinutes(),
        processLocal.getSeconds(),
        processLocal.getMilliseconds(),
      ),
    );
  };

  const constructorTime = (args: unknown[]): unknown => {
    if (args.length === 0) return clock.now();
    if (args.length === 1) return typeof args[0] === 'string' ? parseLocal(args[0]) : args[0];
    const fields = args.slice(0, 7).map(Number);
    if (fields.some(Number.isNaN)) return Number.NaN;
    const [year, monthIndex, ...rest] = fields;
    const fullYear = year >= 0 && year <= 99 ? 1900 + Math.trunc(year) : year;
    return fromWallMs(wallClockMs(fullYear, monthIndex, ...rest));
  };

  function VirtualDate(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return String(new RealDate(clock.now()));
    return Reflect.construct(RealDate, [constructorTime(args)], new.target);
  }
  Object.setPrototypeOf(VirtualDate, RealDate);
  Object.defineProperty(VirtualDate, 'name', { value: 'Date' });
  Object.defineProperty(VirtualDate, 'length', { value: 7 });
  Object.defineProperty(VirtualDate, 'prototype', { value: prototype, writable: false });
  Object.defineProperty(VirtualDate, 'now', { value: () => clock.now(), writable: true });
  Object.defineProperty(VirtualDate, 'parse', {
    value: (text: unknown) => parseLocal(String(text)),
    writable: true,
  });
  defineMethod(prototype, 'constructor', VirtualDate);
  patchLocalTime(prototype, epochOf, fromWallMs, timeZone);
  Object.defineProperty(context, 'Date', {
    value: VirtualDate,
    writable: true,
    configurable: true,
  });
  return VirtualDate as unknown as DateConstructor;
}

function defineMethod(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, configurable: true });
}

function patchLocalTime(
  prototype: Date,
  epochOf: (date: Date) => number,
  fromWallMs: (wallMs: number) => number,
  timeZone: () => string,
): void {
  const wallOf = (date: Date) => wallClockAt(epochOf(date), timeZone());
  const isInvalid = (date: Date) => Number.isNaN(epochOf(date));

  for (const [name, read] of Object.entries(LOCAL_GETTERS)) {
    defineMethod(prototype, name, function (this: Date) {
      return isInvalid(this) ? Number.NaN : read(wallOf(this));
    });
  }

  for (const [name, { first, count }] of Object.entries(LOCAL_SETTERS)) {
    defineMethod(prototype, name, function (this: Date, ...args: unknown[]) {
      // Only setFullYear revives an invalid date, from 1970-01-01 local time.
      if (isInvalid(this) && name !== 'setFullYear') return Number.NaN;
      const wall = isInvalid(this) ? wallClockAt(fromWallMs(0), timeZone()) : wallOf(this);
      const fields = WALL_FIELDS.map((field) => wall[field]);
      args.slice(0, count).forEach((value, index) => {
        fields[first + index] = Number(value);
      });
      const epochMs = fields.some(Number.isNaN)
        ? Number.NaN
        : fromWallMs(wallClockMs(fields[0], fields[1], ...fields.slice(2)));
      return prototype.setTime.call(this, epochMs);
    });
  }

  const dateText = (date: Date) => {
    const wall = wallOf(date);
    const day = String(wall.day).padStart(2, '0');
    const year = String(wall.year).padStart(4, '0');
    return `${WEEKDAYS[wall.weekday]} ${MONTHS[wall.monthIndex]} ${day} ${year}`;
  };
  const timeText = (date: Date) => {
    const wall = wallOf(date);
    const clockTime = [wall.hour, wall.minute, wall.second]
      .map((value) => String(value).padStart(2, '0'))
      .join(':');
    const name = zoneName(epochOf(date), timeZone(), 'long');
    return `${clockTime} GMT${formatOffset(wall.offsetMinutes)} (${name})`;
  };
  const unlessInvalid = (format: (date: Date) => string) =>
    function (this: Date) {
      return isInvalid(this) ? 'Invalid Date' : format(this);
    };
  defineMethod(prototype, 'toDateString', unlessInvalid(dateText));
  defineMethod(prototype, 'toTimeString', unlessInvalid(timeText));
  defineMethod(
    prototype,
    'toString',
    unlessInvalid((date) => `${dateText(date)} ${timeText(date)}`),
  );

  for (const name of ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString'] as const) {
    const original = prototype[name];
    defineMethod(prototype, name, function (this: Date, locales?: string, options?: object) {
      return original.call(this, locales, { timeZone: timeZone(), ...options });
    });
  }
}
