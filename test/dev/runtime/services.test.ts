import { runtimeWith } from './helpers';

/** Runs `body` as a function of the bundle and returns what it returns or the error's text. */
const EVAL = `
function evaluate(body) {
  try { return new Function(body)(); } catch (e) { return String(e); }
}
`;
const runtime = (options = {}) => runtimeWith(EVAL, { now: '2026-01-05T00:00:00Z', ...options });

describe('PropertiesService', () => {
  it('refuses values over 9 KB, counted in UTF-8 bytes', () => {
    const rt = runtime();
    const set = (value: string) =>
      rt.call(
        'evaluate',
        `PropertiesService.getScriptProperties().setProperty('k', ${JSON.stringify(value)}); return 'ok';`,
      );
    expect(set('x'.repeat(9216))).toBe('ok');
    expect(set('x'.repeat(9217))).toBe('Exception: Argument too large: value');
    expect(set('é'.repeat(4609))).toBe('Exception: Argument too large: value');
    expect(rt.scriptProperties.getProperty('k')).toHaveLength(9216);
  });

  it('keeps document properties per spreadsheet, and none without an active one', () => {
    const rt = runtime();
    const first = rt.createSpreadsheet({ name: 'First' });
    rt.call('evaluate', "PropertiesService.getDocumentProperties().setProperty('mode', 'daily')");
    rt.createSpreadsheet({ name: 'Second' });
    expect(
      rt.call('evaluate', "return PropertiesService.getDocumentProperties().getProperty('mode')"),
    ).toBeNull();
    expect(rt.documentProperties(first.getId()).getProperty('mode')).toBe('daily');
    rt.setActiveSpreadsheet(null);
    expect(rt.call('evaluate', 'return PropertiesService.getDocumentProperties()')).toBeNull();
  });

  it('returns objects of the bundle realm and replaces all on request', () => {
    const rt = runtime({ scriptProperties: { a: '1', b: '2' } });
    expect(
      rt.call(
        'evaluate',
        'var p = PropertiesService.getScriptProperties().getProperties(); return [p instanceof Object, p.a];',
      ),
    ).toEqual([true, '1']);
    rt.call('evaluate', 'PropertiesService.getUserProperties().setProperties({ c: 3 }, true)');
    rt.call('evaluate', 'PropertiesService.getScriptProperties().setProperties({ c: 3 }, true)');
    expect(rt.scriptProperties.getKeys()).toEqual(['c']);
    expect(rt.userProperties.getProperty('c')).toBe('3');
  });
});

describe('CacheService', () => {
  it('expires entries on the virtual clock, 10 minutes by default and 6 hours at most', () => {
    const rt = runtime();
    rt.call(
      'evaluate',
      "var c = CacheService.getScriptCache(); c.put('short', 'a', 60); c.put('default', 'b'); c.put('long', 'c', 99999);",
    );
    const get = (key: string) =>
      rt.call('evaluate', `return CacheService.getScriptCache().get('${key}')`);
    rt.clock.advance(59_000);
    expect(get('short')).toBe('a');
    rt.clock.advance(2_000);
    expect(get('short')).toBeNull();
    expect(get('default')).toBe('b');
    rt.clock.advance(600_000);
    expect(get('default')).toBeNull();
    rt.clock.advance(21_600_000 - 661_000 - 1);
    expect(get('long')).toBe('c');
    rt.clock.advance(1);
    expect(get('long')).toBeNull();
  });

  it('refuses keys over 250 characters and values over 100 KB', () => {
    const rt = runtime();
    const put = (key: string, length: number) =>
      rt.call(
        'evaluate',
        `CacheService.getScriptCache().put('${key}', 'v'.repeat(${length})); return 'ok';`,
      );
    expect(put('k'.repeat(250), 1)).toBe('ok');
    expect(put('k'.repeat(251), 1)).toBe('Exception: Argument too large: key');
    expect(put('k', 102_400)).toBe('ok');
    expect(put('k', 102_401)).toBe('Exception: Argument too large: value');
  });

  it('counts reads and writes per key, and can be emptied by the test', () => {
    const rt = runtime();
    rt.call(
      'evaluate',
      "var c = CacheService.getUserCache(); c.putAll({ a: '1', b: '2' }); return c.getAll(['a', 'b', 'z']);",
    );
    expect(rt.cache.stats).toEqual({ gets: 3, hits: 2, puts: 2, removes: 0 });
    rt.cache.clear();
    expect(rt.call('evaluate', "return CacheService.getUserCache().get('a')")).toBeNull();
    expect(rt.call('evaluate', 'return CacheService.getDocumentCache()')).toBeNull();
  });
});

describe('LockService', () => {
  const TRY_LOCK =
    'var lock = LockService.getScriptLock(); return [lock.tryLock(5000), lock.hasLock()];';

  it('fails after waiting out the timeout while another execution holds the lock', () => {
    const rt = runtime();
    expect(rt.call('evaluate', TRY_LOCK)).toEqual([true, true]);
    rt.holdLock('script');
    const before = rt.clock.now();
    expect(rt.call('evaluate', TRY_LOCK)).toEqual([false, false]);
    expect(rt.clock.now() - before).toBe(5000);
    expect(rt.call('evaluate', 'LockService.getScriptLock().waitLock(1000)')).toBe(
      'Exception: Lock timeout: another process was holding the lock for too long.',
    );
    rt.releaseHeldLock('script');
    expect(rt.call('evaluate', TRY_LOCK)).toEqual([true, true]);
  });

  it('holds document locks per spreadsheet and releases locks when the execution ends', () => {
    const rt = runtimeWith(
      `${EVAL} var kept; function take() { kept = LockService.getDocumentLock(); kept.waitLock(10); return kept.hasLock(); }
       function stillHeld() { return kept.hasLock(); }`,
    );
    const busy = rt.createSpreadsheet();
    rt.holdLock('document', busy.getId());
    expect(rt.call('evaluate', 'return LockService.getDocumentLock().tryLock(10)')).toBe(false);
    rt.createSpreadsheet();
    expect(rt.call('take')).toBe(true);
    expect(rt.call('stillHeld')).toBe(false);
    rt.setActiveSpreadsheet(null);
    expect(rt.call('evaluate', 'return LockService.getDocumentLock()')).toBeNull();
  });
});

describe('Utilities', () => {
  const format = (rt: ReturnType<typeof runtime>, iso: string, zone: string, pattern: string) =>
    rt.call(
      'evaluate',
      `return Utilities.formatDate(new Date('${iso}'), '${zone}', ${JSON.stringify(pattern)})`,
    );

  it('formats dates in any zone with Java patterns', () => {
    const rt = runtime();
    const instant = '2026-03-29T23:30:00Z';
    expect(format(rt, instant, 'Europe/Berlin', 'yyyy-MM-dd HH:mm Z')).toBe(
      '2026-03-30 01:30 +0200',
    );
    expect(format(rt, instant, 'America/Los_Angeles', 'yyyy-MM-dd HH:mm Z')).toBe(
      '2026-03-29 16:30 -0700',
    );
    expect(format(rt, instant, 'America/Los_Angeles', 'EEE, d MMM yy h:mm a z')).toBe(
      'Sun, 29 Mar 26 4:30 PM PDT',
    );
    expect(format(rt, instant, 'Europe/Berlin', "yyyy-MM-dd'T'HH:mm:ssXXX")).toBe(
      '2026-03-30T01:30:00+02:00',
    );
    expect(format(rt, instant, 'Etc/UTC', "yyyy-MM-dd'T'HH:mm:ss'Z' XXX")).toBe(
      '2026-03-29T23:30:00Z Z',
    );
    expect(format(rt, instant, 'GMT+5:30', 'HH:mm EEEE MMMM')).toBe('05:00 Monday March');
    expect(format(rt, instant, 'Europe/Berlin', "h 'o''clock'")).toBe("1 o'clock");
  });

  it("tells 'YYYY' (week year) from 'yyyy' as Java does", () => {
    const rt = runtime();
    expect(format(rt, '2025-12-29T12:00:00Z', 'Etc/UTC', 'yyyy YYYY w')).toBe('2025 2026 1');
    expect(format(rt, '2026-01-05T12:00:00Z', 'Etc/UTC', 'D u')).toBe('5 1');
  });

  it('refuses unknown zones and pattern letters', () => {
    const rt = runtime();
    expect(format(rt, '2026-01-05', 'Mars/Olympus', 'yyyy')).toBe(
      'Exception: Invalid argument: timeZone',
    );
    expect(format(rt, '2026-01-05', 'Etc/UTC', 'yyyy-bb')).toBe(
      'Exception: Invalid argument: yyyy-bb',
    );
  });

  const parse = (rt: ReturnType<typeof runtime>, text: string, zone: string, pattern: string) =>
    rt.call(
      'evaluate',
      `var d = Utilities.parseDate(${JSON.stringify(text)}, '${zone}', ${JSON.stringify(pattern)});
       return d instanceof Date ? d.toISOString() : d;`,
    );

  it('parses a day as midnight of it in the zone, east and west of UTC', () => {
    const rt = runtime();
    expect(parse(rt, '2026-03-29', 'Pacific/Auckland', 'yyyy-MM-dd')).toBe(
      '2026-03-28T11:00:00.000Z',
    );
    expect(parse(rt, '2026-03-29', 'America/Los_Angeles', 'yyyy-MM-dd')).toBe(
      '2026-03-29T07:00:00.000Z',
    );
    expect(parse(rt, '2026-03-29', 'Etc/UTC', 'yyyy-MM-dd')).toBe('2026-03-29T00:00:00.000Z');
    // Berlin's clocks go forward at 02:00 that day: midnight is still before the change.
    expect(parse(rt, '2026-03-29', 'Europe/Berlin', 'yyyy-MM-dd')).toBe('2026-03-28T23:00:00.000Z');
  });

  it('reads times, abutting fields and literals; rolls over like a lenient SimpleDateFormat', () => {
    const rt = runtime();
    expect(parse(rt, '20260105 1730', 'Etc/UTC', 'yyyyMMdd HHmm')).toBe('2026-01-05T17:30:00.000Z');
    expect(parse(rt, "5 o'clock 2026-1-5", 'Etc/UTC', "H 'o''clock' yyyy-M-d")).toBe(
      '2026-01-05T05:00:00.000Z',
    );
    expect(parse(rt, '2026-02-30', 'Etc/UTC', 'yyyy-MM-dd')).toBe('2026-03-02T00:00:00.000Z');
    expect(parse(rt, '2026-01-05T09:00', 'Etc/UTC', 'yyyy-MM-dd')).toBe('2026-01-05T00:00:00.000Z');
  });

  it('refuses text that does not follow the pattern, unknown zones and letters', () => {
    const rt = runtime();
    expect(parse(rt, '05/01/2026', 'Etc/UTC', 'yyyy-MM-dd')).toBe(
      'Exception: Unparseable date: "05/01/2026"',
    );
    expect(parse(rt, '2026-01', 'Etc/UTC', 'yyyy-MM-dd')).toBe(
      'Exception: Unparseable date: "2026-01"',
    );
    expect(parse(rt, '2026-01-05', 'Mars/Olympus', 'yyyy-MM-dd')).toBe(
      'Exception: Invalid argument: timeZone',
    );
    expect(parse(rt, '2026-01-05', 'Etc/UTC', 'yyyy-bb')).toBe(
      'Exception: Invalid argument: yyyy-bb',
    );
    expect(parse(rt, 'Mon 2026', 'Etc/UTC', 'EEE yyyy')).toBe(
      "Error: not implemented in the local runtime: Utilities.parseDate with the letter 'E'",
    );
  });

  it('deals in signed bytes: blobs, base64 and digests', () => {
    const rt = runtime();
    expect(
      rt.call(
        'evaluate',
        "var b = Utilities.newBlob('é').getBytes(); return [b, b instanceof Array];",
      ),
    ).toEqual([[-61, -87], true]);
    expect(rt.call('evaluate', 'return Utilities.base64Encode([-61, -87])')).toBe('w6k=');
    expect(rt.call('evaluate', "return Utilities.base64Decode('w6k=')")).toEqual([-61, -87]);
    expect(rt.call('evaluate', 'return Utilities.base64EncodeWebSafe([-5, -1])')).toBe('-_8=');
    expect(rt.call('evaluate', "return Utilities.base64DecodeWebSafe('-_8=')")).toEqual([-5, -1]);
    expect(
      rt.call(
        'evaluate',
        "return Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, 'abc').slice(0, 4)",
      ),
    ).toEqual([-70, 120, 22, -65]);
    expect(
      rt.call(
        'evaluate',
        "return Utilities.newBlob([104, 105], 'text/plain', 'a.txt').getDataAsString()",
      ),
    ).toBe('hi');
  });

  it('gzips and ungzips blobs', () => {
    const rt = runtime();
    expect(
      rt.call(
        'evaluate',
        `var zipped = Utilities.gzip(Utilities.newBlob('héllo', 'text/plain', 'a.txt'));
         return [zipped.getContentType(), zipped.getName(), zipped.getBytes().slice(0, 2),
                 Utilities.ungzip(zipped).getDataAsString()];`,
      ),
    ).toEqual(['application/x-gzip', 'a.txt.gz', [31, -117], 'héllo']);
  });

  it('sleeps on the virtual clock', () => {
    const rt = runtime();
    rt.call('evaluate', 'Utilities.sleep(30000)');
    expect(new Date(rt.clock.now()).toISOString()).toBe('2026-01-05T00:00:30.000Z');
    expect(rt.call('evaluate', 'Utilities.sleep(300001)')).toBe(
      'Exception: Invalid argument: milliseconds',
    );
  });

  it('with realSleep, also waits for real, as Apps Script does', () => {
    const waited = (options: { realSleep?: boolean }) => {
      const rt = runtime(options);
      const started = performance.now();
      rt.call('evaluate', 'Utilities.sleep(300)');
      expect(new Date(rt.clock.now()).toISOString()).toBe('2026-01-05T00:00:00.300Z');
      return performance.now() - started;
    };
    expect(waited({ realSleep: true })).toBeGreaterThanOrEqual(290);
    expect(waited({})).toBeLessThan(290);
  });

  it('formats strings and parses CSV', () => {
    const rt = runtime();
    expect(
      rt.call(
        'evaluate',
        "return Utilities.formatString('%s has %03d items (%.1f%%)', 'x', 7, 12.345)",
      ),
    ).toBe('x has 007 items (12.3%)');
    expect(rt.call('evaluate', 'return Utilities.parseCsv(\'a,"b,c"\\n"d ""e""",f\')')).toEqual([
      ['a', 'b,c'],
      ['d "e"', 'f'],
    ]);
    expect(rt.call('evaluate', 'return /^[0-9a-f-]{36}$/.test(Utilities.getUuid())')).toBe(true);
  });
});

describe('Session, Logger, console and MailApp', () => {
  it('tells the zone and the user, hiding the email from custom functions', () => {
    const rt = runtime({ scriptTimeZone: 'Europe/Berlin', userEmail: 'ann@example.com' });
    const who =
      'return [Session.getScriptTimeZone(), Session.getActiveUser().getEmail(), Session.getEffectiveUser().getEmail()]';
    expect(rt.call('evaluate', who)).toEqual([
      'Europe/Berlin',
      'ann@example.com',
      'ann@example.com',
    ]);
    expect(rt.callAsCustomFunction('evaluate', who)).toEqual([
      'Europe/Berlin',
      '',
      'ann@example.com',
    ]);
    const scoped = runtimeWith(EVAL, {
      manifest: { oauthScopes: [] },
      userEmail: 'ann@example.com',
    });
    expect(scoped.call('evaluate', 'return Session.getActiveUser().getEmail()')).toBe('');
  });

  it('captures Logger and console output without printing it', () => {
    const rt = runtime();
    rt.call(
      'evaluate',
      "Logger.log('%s fetched %d rows', 'refresh', 12); Logger.log({ a: 1 }); console.warn('careful', { b: [1] });",
    );
    expect(rt.logs).toEqual(['refresh fetched 12 rows', '{"a":1}', 'careful { b: [ 1 ] }']);
    expect(rt.logEntries.map((entry) => entry.level)).toEqual(['logger', 'logger', 'warn']);
    expect(rt.call('evaluate', 'return Logger.getLog()')).toBe(
      'refresh fetched 12 rows\n{"a":1}\n',
    );
  });

  it('records mail against the daily quota and refuses it in custom functions', () => {
    const rt = runtime();
    rt.call('evaluate', "MailApp.sendEmail('a@example.com', 'Report', 'Body')");
    rt.call(
      'evaluate',
      "MailApp.sendEmail({ to: 'b@example.com, c@example.com', subject: 'S', htmlBody: '<b>x</b>' })",
    );
    expect(rt.mail).toMatchObject([
      { to: 'a@example.com', subject: 'Report', body: 'Body' },
      { to: 'b@example.com, c@example.com', htmlBody: '<b>x</b>' },
    ]);
    expect(rt.call('evaluate', 'return MailApp.getRemainingDailyQuota()')).toBe(97);
    expect(
      rt.callAsCustomFunction('evaluate', "MailApp.sendEmail('a@example.com', 's', 'b')"),
    ).toBe(
      'Exception: You do not have permission to call MailApp.sendEmail. Required permissions: https://www.googleapis.com/auth/script.send_mail',
    );
    expect(rt.call('evaluate', "MailApp.sendEmail({ subject: 'S', body: 'B' })")).toBe(
      'Exception: Failed to send email: no recipient',
    );
  });
});
