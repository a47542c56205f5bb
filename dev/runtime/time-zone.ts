/**
 * Wall-clock arithmetic in any time zone, through Intl. Accepts IANA ids and the 'GMT+hh:mm' /
 * 'UTC-h' ids Apps Script takes; an unknown id means GMT, as Java's TimeZone.getTimeZone has it.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const FIXED_OFFSET_ID = /^(?:GMT|UTC|UT)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/i;

/** Local time of an instant; `monthIndex` and `weekday` count from 0 as JS Date does. */
export interface WallClock {
  year: number;
  monthIndex: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday. */
  weekday: number;
  /** Minutes east of UTC (Berlin in winter: 60). */
  offsetMinutes: number;
}

type Zone = { kind: 'fixed'; offsetMinutes: number } | { kind: 'iana'; id: string };

const zones = new Map<string, Zone>();
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function resolveZone(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = parseZone(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}

function parseZone(timeZone: string): Zone {
  const fixed = FIXED_OFFSET_ID.exec(timeZone.trim());
  if (fixed) {
    const [, sign = '+', hours = '0', minutes = '0'] = fixed;
    const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
    return { kind: 'fixed', offsetMinutes };
  }
  return isIanaZone(timeZone)
    ? { kind: 'iana', id: timeZone }
    : { kind: 'fixed', offsetMinutes: 0 };
}

export function isIanaZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Whether Apps Script would accept the id (an IANA zone or a GMT offset). */
export function isKnownTimeZone(timeZone: string): boolean {
  return FIXED_OFFSET_ID.test(timeZone.trim()) || isIanaZone(timeZone);
}

function offsetFormat(id: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(id, format);
  }
  return format;
}

export function offsetMinutesAt(epochMs: number, timeZone: string): number {
  const zone = resolveZone(timeZone);
  if (zone.kind === 'fixed') return zone.offsetMinutes;
  const parts: Record<string, number> = {};
  for (const part of offsetFormat(zone.id).formatToParts(epochMs)) {
    parts[part.type] = Number(part.value);
  }
  const wallAsUtc = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  const wholeSeconds = Math.floor(epochMs / 1000) * 1000;
  return Math.round((wallAsUtc - wholeSeconds) / MINUTE_MS);
}

export function wallClockAt(epochMs: number, timeZone: string): WallClock {
  const offsetMinutes = offsetMinutesAt(epochMs, timeZone);
  const shifted = new Date(epochMs + offsetMinutes * MINUTE_MS);
  return {
    year: shifted.getUTCFullYear(),
    monthIndex: shifted.getUTCMonth(),
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
    weekday: shifted.getUTCDay(),
    offsetMinutes,
  };
}

/** Wall-clock fields as milliseconds "as if UTC"; out-of-range fields roll over like Date's. */
export function wallClockMs(
  year: number,
  monthIndex: number,
  day = 1,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  date.setUTCHours(hour, minute, second, millisecond);
  return date.getTime();
}

/**
 * The instant showing `wallMs` on the zone's clocks. Like JS Date: an ambiguous time (clocks set
 * back) is the earlier instant, a skipped one (clocks set forward) is moved past the gap.
 */
export function epochFromWallClock(wallMs: number, timeZone: string): number {
  const offsetBefore = offsetMinutesAt(wallMs - DAY_MS, timeZone);
  const offsetAfter = offsetMinutesAt(wallMs + DAY_MS, timeZone);
  const candidates = [offsetBefore, offsetAfter]
    .map((offset) => wallMs - offset * MINUTE_MS)
    .filter((epochMs) => wallMs - offsetMinutesAt(epochMs, timeZone) * MINUTE_MS === epochMs);
  if (candidates.length === 0) return wallMs - offsetBefore * MINUTE_MS;
  return Math.min(...candidates);
}

/** '+0100' / '+01:00' style offsets. */
export function formatOffset(offsetMinutes: number, separator = ''): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  const minutes = String(absolute % 60).padStart(2, '0');
  return `${sign}${hours}${separator}${minutes}`;
}

/**
 * The zone's name at an instant, as Java prints it: 'PST', 'CET', 'GMT+01:00' for short and
 * 'Pacific Standard Time' for long.
 */
export function zoneName(epochMs: number, timeZone: string, style: 'short' | 'long'): string {
  const zone = resolveZone(timeZone);
  const gmtName = `GMT${formatOffset(offsetMinutesAt(epochMs, timeZone), ':')}`;
  if (zone.kind === 'fixed') return zone.offsetMinutes === 0 ? 'GMT' : gmtName;
  // en-US knows American abbreviations, en-GB European ones; both fall back to 'GMT+1'.
  for (const locale of ['en-US', 'en-GB']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone.id, timeZoneName: style })
      .formatToParts(epochMs)
      .find((part) => part.type === 'timeZoneName')?.value;
    if (name && !/^GMT[+-]/.test(name)) return name;
  }
  return gmtName;
}
