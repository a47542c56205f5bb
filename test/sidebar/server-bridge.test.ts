/**
 * The bridge over a stand-in google.script.run that behaves as Apps Script's does: a runner whose
 * handlers receive a server function's result or error.
 */
import type { ReportSettings } from '../../src/core/settings';
import {
  getSidebarState,
  refreshNow,
  saveApiKeyFromSidebar,
  testConnection,
} from '../../src/sidebar/server-bridge';

type Answer = { value: unknown } | { error: Error };

/** Installs a google.script.run whose functions answer from `answers`; returns the calls made. */
function standIn(answers: Record<string, Answer>): { name: string; args: unknown[] }[] {
  const calls: { name: string; args: unknown[] }[] = [];
  const runner = (
    onSuccess: (value: unknown) => void = () => {},
    onFailure: (error: Error) => void = () => {},
  ): Record<string, unknown> => {
    const functions = Object.fromEntries(
      Object.entries(answers).map(([name, answer]) => [
        name,
        (...args: unknown[]) => {
          calls.push({ name, args });
          if ('error' in answer) onFailure(answer.error);
          else onSuccess(answer.value);
        },
      ]),
    );
    return {
      ...functions,
      withSuccessHandler: (handler: (value: unknown) => void) => runner(handler, onFailure),
      withFailureHandler: (handler: (error: Error) => void) => runner(onSuccess, handler),
    };
  };
  Object.assign(globalThis, { google: { script: { run: runner() } } });
  return calls;
}

afterEach(() => {
  Reflect.deleteProperty(globalThis, 'google');
});

test('resolves with what the server function returned', async () => {
  const result = { ok: true, message: 'Connected.' };
  const calls = standIn({ testConnection: { value: result } });
  await expect(testConnection()).resolves.toEqual(result);
  expect(calls).toEqual([{ name: 'testConnection', args: [] }]);
});

test('passes the arguments on to the server function', async () => {
  const calls = standIn({
    saveApiKeyFromSidebar: { value: { ok: true, message: 'Saved.', keyHint: '••••abcd' } },
    refreshNow: { value: { scheduledByYou: false } },
  });
  const settings = { sheetName: 'Report' } as ReportSettings;
  await saveApiKeyFromSidebar('key-123');
  await refreshNow(settings);
  expect(calls).toEqual([
    { name: 'saveApiKeyFromSidebar', args: ['key-123'] },
    { name: 'refreshNow', args: [settings] },
  ]);
});

test('rejects with the error the server function threw', async () => {
  const error = new Error('Exception: Quota exceeded.');
  standIn({ getSidebarState: { error } });
  await expect(getSidebarState()).rejects.toBe(error);
});

test('a server function the add-on lacks rejects and calls nothing', async () => {
  const calls = standIn({});
  await expect(getSidebarState()).rejects.toThrow(
    'The add-on has no server function getSidebarState.',
  );
  expect(calls).toEqual([]);
});
