import { runtimeWith } from './helpers';

const CODE = `
function evaluate(body) {
  try { return new Function(body)(); } catch (e) { return String(e); }
}
function installHourly() {
  return ScriptApp.newTrigger('refresh').timeBased().everyHours(1).create().getUniqueId();
}
function removeOwnTriggers() {
  ScriptApp.getProjectTriggers()
    .filter(function (t) { return t.getHandlerFunction() === 'refresh'; })
    .forEach(function (t) { ScriptApp.deleteTrigger(t); });
}
function refresh(e) {
  var runs = JSON.parse(PropertiesService.getScriptProperties().getProperty('runs') || '[]');
  runs.push({ authMode: String(e.authMode), uid: e.triggerUid, at: new Date().toISOString(),
              noSpreadsheet: SpreadsheetApp.getActive() === null,
              noDocumentProperties: PropertiesService.getDocumentProperties() === null });
  PropertiesService.getScriptProperties().setProperty('runs', JSON.stringify(runs));
}
`;
const runtime = () =>
  runtimeWith(CODE, { now: '2026-01-05T10:00:00Z', userEmail: 'ann@example.com' });
const runsOf = (rt: ReturnType<typeof runtime>) =>
  JSON.parse(rt.scriptProperties.getProperty('runs') ?? '[]');

describe('ScriptApp triggers', () => {
  it('creates an hourly trigger that belongs to the active spreadsheet', () => {
    const rt = runtime();
    const spreadsheet = rt.createSpreadsheet();
    const uid = rt.call('installHourly');
    expect(
      rt.call(
        'evaluate',
        `var t = ScriptApp.getProjectTriggers()[0];
         return [t.getUniqueId(), t.getHandlerFunction(), String(t.getEventType()), String(t.getTriggerSource()),
                 t.getEventType() === ScriptApp.EventType.CLOCK, ScriptApp.getUserTriggers(SpreadsheetApp.getActive()).length];`,
      ),
    ).toEqual([uid, 'refresh', 'CLOCK', 'CLOCK', true, 1]);
    expect(rt.triggers).toMatchObject([
      { uid, handler: 'refresh', documentId: spreadsheet.getId(), foreign: false },
    ]);
  });

  it('allows no trigger more often than hourly, and only the documented hour steps', () => {
    const rt = runtime();
    expect(
      rt.call('evaluate', "ScriptApp.newTrigger('refresh').timeBased().everyMinutes(30)"),
    ).toBe(
      'Exception: Add-ons may not create time-based triggers that run more frequently than once per hour.',
    );
    expect(
      rt.call('evaluate', "ScriptApp.newTrigger('refresh').timeBased().everyHours(3)"),
    ).toMatch(/^Exception: Invalid argument/);
    expect(rt.call('evaluate', "ScriptApp.newTrigger('refresh').timeBased().atHour(24)")).toBe(
      'Exception: Invalid argument: hour',
    );
  });

  it('allows one time-based trigger per user per document', () => {
    const rt = runtime();
    rt.createSpreadsheet();
    rt.call('installHourly');
    expect(rt.call('evaluate', 'return installHourly()')).toBe(
      'Exception: This add-on has created too many time-based triggers in this document for this Google user account.',
    );
    rt.createSpreadsheet();
    expect(typeof rt.call('installHourly')).toBe('string');
  });

  it('refuses a 21st trigger of the user', () => {
    const rt = runtime();
    for (let index = 0; index < 20; index++) rt.addForeignTrigger(`old${index}`);
    rt.addForeignTrigger('someoneElses', { owner: 'bob@example.com' });
    expect(rt.call('evaluate', 'return installHourly()')).toBe(
      'Exception: This script has too many triggers. Triggers must be deleted from the script before more can be added.',
    );
  });

  it("lists foreign triggers of the user but not other users', and leaves them to code that filters", () => {
    const rt = runtime();
    rt.createSpreadsheet();
    const foreign = rt.addForeignTrigger('legacyHandler');
    rt.addForeignTrigger('refresh', { owner: 'bob@example.com' });
    rt.call('installHourly');
    expect(rt.call('evaluate', 'return ScriptApp.getProjectTriggers().length')).toBe(2);
    rt.call('removeOwnTriggers');
    expect(rt.triggers.map((trigger) => [trigger.uid === foreign, trigger.owner])).toEqual([
      [true, 'ann@example.com'],
      [false, 'bob@example.com'],
    ]);
  });

  it('fires due time triggers with no active spreadsheet, once per period however late', () => {
    const rt = runtime();
    const spreadsheet = rt.createSpreadsheet();
    const uid = rt.call('installHourly') as string;
    expect(rt.fireTimeTrigger()).toEqual([]);
    rt.clock.advance(3_600_000);
    expect(rt.fireTimeTrigger()).toEqual([uid]);
    rt.clock.advance(3 * 3_600_000);
    rt.fireTimeTrigger();
    expect(rt.fireTimeTrigger()).toEqual([]);
    expect(runsOf(rt)).toEqual([
      {
        authMode: 'FULL',
        uid,
        at: '2026-01-05T11:00:00.000Z',
        noSpreadsheet: true,
        noDocumentProperties: true,
      },
      {
        authMode: 'FULL',
        uid,
        at: '2026-01-05T14:00:00.000Z',
        noSpreadsheet: true,
        noDocumentProperties: true,
      },
    ]);
    expect(rt.lastExecution()).toMatchObject({ name: 'refresh', kind: 'timeTrigger' });
    // The test's active spreadsheet is back once the trigger run is over.
    expect(rt.call('evaluate', 'return SpreadsheetApp.getActive().getId()')).toBe(
      spreadsheet.getId(),
    );
    rt.fireTimeTrigger(uid);
    expect(runsOf(rt)).toHaveLength(3);
  });

  it('schedules daily triggers at an hour of their zone', () => {
    const rt = runtime();
    rt.call(
      'evaluate',
      "ScriptApp.newTrigger('refresh').timeBased().everyDays(1).atHour(9).inTimezone('Europe/Berlin').create()",
    );
    expect(new Date(rt.triggers[0].nextRunAt ?? 0).toISOString()).toBe('2026-01-06T08:00:00.000Z');
  });

  it('reports a missing handler after running the others', () => {
    const rt = runtime();
    rt.addForeignTrigger('deletedHandler');
    rt.call('installHourly');
    rt.clock.advance(3_600_000);
    expect(() => rt.fireTimeTrigger()).toThrow('Script function not found: deletedHandler');
    expect(runsOf(rt)).toHaveLength(1);
  });

  it('is out of reach of custom functions', () => {
    const rt = runtime();
    expect(rt.callAsCustomFunction('evaluate', 'return installHourly()')).toBe(
      'Exception: You do not have permission to call ScriptApp.newTrigger. Required permissions: https://www.googleapis.com/auth/script.scriptapp',
    );
  });
});
