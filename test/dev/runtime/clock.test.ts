import vm from 'node:vm';
import { createClock, installVirtualDate } from '../../../dev/runtime/clock';

/** A bare context with the virtual Date, local time in `timeZone`. */
function contextOn(start: string, timeZone: string) {
  const context = vm.createContext({});
  const clock = createClock(start);
  installVirtualDate(context, clock, () => timeZone);
  return { clock, run: <T>(code: string) => vm.runInContext(code, context) as T };
}

describe('virtual clock', () => {
  it('moves only when told to', () => {
    const clock = createClock('2026-01-05T00:00:00Z');
    clock.advance(1500);
    expect(new Date(clock.now()).toISOString()).toBe('2026-01-05T00:00:01.500Z');
    clock.set('2026-02-01T00:00:00Z');
    expect(clock.now()).toBe(Date.parse('2026-02-01T00:00:00Z'));
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.set('not a date')).toThrow(RangeError);
  });

  it('is what new Date() and Date.now() read in the bundle', () => {
    const { clock, run } = contextOn('2026-01-05T12:00:00Z', 'Etc/UTC');
    expect(run('new Date().toISOString()')).toBe('2026-01-05T12:00:00.000Z');
    clock.advance(60_000);
    expect(run('Date.now()')).toBe(Date.parse('2026-01-05T12:01:00Z'));
    expect(run('typeof Date()')).toBe('string');
    expect(run('new Date(0).getTime()')).toBe(0);
  });

  it('keeps instanceof and constructor working for every date of the realm', () => {
    const { run } = contextOn('2026-01-05T12:00:00Z', 'Etc/UTC');
    expect(run('new Date() instanceof Date')).toBe(true);
    expect(run('new (Object.getPrototypeOf(Date))(0) instanceof Date')).toBe(true);
    expect(run('new Date().constructor === Date')).toBe(true);
    expect(run('Date.UTC(2026, 0, 5)')).toBe(Date.UTC(2026, 0, 5));
  });
});

describe('local time in the script time zone', () => {
  const instant = '2026-03-29T23:30:00Z';

  it.each([
    ['Europe/Berlin', 30, 1, -120],
    ['America/Los_Angeles', 29, 16, 420],
    ['Etc/UTC', 29, 23, 0],
  ])('reads %s wall clocks', (timeZone, day, hour, offset) => {
    const { run } = contextOn(instant, timeZone);
    expect(
      run('[new Date().getDate(), new Date().getHours(), new Date().getTimezoneOffset()]'),
    ).toEqual([day, hour, offset]);
  });

  it('builds dates from local fields and zone-less strings', () => {
    const { run } = contextOn(instant, 'America/Los_Angeles');
    expect(run('new Date(2026, 0, 5).toISOString()')).toBe('2026-01-05T08:00:00.000Z');
    expect(run("new Date('2026-01-05T10:00:00').toISOString()")).toBe('2026-01-05T18:00:00.000Z');
    expect(run("new Date('2026-01-05').toISOString()")).toBe('2026-01-05T00:00:00.000Z');
    expect(run("new Date('2026-01-05T10:00:00Z').toISOString()")).toBe('2026-01-05T10:00:00.000Z');
    expect(run("Date.parse('Jan 5, 2026 10:00')")).toBe(Date.parse('2026-01-05T18:00:00Z'));
  });

  it('sets local fields across a daylight saving change', () => {
    const { run } = contextOn(instant, 'Europe/Berlin');
    // 29 March 2026: Berlin moves from +01:00 to +02:00 at 02:00.
    expect(run('var d = new Date(2026, 2, 29); d.setHours(3); d.toISOString()')).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    expect(run('var d = new Date(2026, 2, 29, 2, 30); d.getHours()')).toBe(3);
    expect(
      run('var d = new Date(2026, 0, 31); d.setMonth(1); d.getMonth() + "/" + d.getDate()'),
    ).toBe('2/3');
  });

  it('prints dates as V8 does in that zone', () => {
    const { run } = contextOn('2026-07-01T10:00:00Z', 'Europe/Berlin');
    expect(run('String(new Date())')).toBe(
      'Wed Jul 01 2026 12:00:00 GMT+0200 (Central European Summer Time)',
    );
    expect(run('new Date(NaN).toString()')).toBe('Invalid Date');
    expect(run("new Date().toLocaleTimeString('en-GB')")).toBe('12:00:00');
  });
});
