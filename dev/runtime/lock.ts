/**
 * LockService. The runtime runs one execution at a time, so "another process" is simulated: the
 * test marks a lock as held elsewhere, and tryLock then waits out its timeout on the virtual clock
 * and fails. Locks an execution takes are released when it ends.
 */
import { exception, type RuntimeEnv } from './env';

export type LockKind = 'script' | 'user' | 'document';

const LOCK_TIMEOUT_MESSAGE = 'Lock timeout: another process was holding the lock for too long.';

export interface LockFake {
  LockService: GoogleAppsScript.Lock.LockService;
  /** Marks the lock as held by another execution; `id` is the spreadsheet id or user email. */
  hold(kind: LockKind, id?: string): void;
  release(kind: LockKind, id?: string): void;
  /** Called when an execution ends. */
  releaseExecutionLocks(): void;
}

export function createLocks(env: RuntimeEnv): LockFake {
  const heldElsewhere = new Set<string>();
  /** Lock objects of the current execution that hold their lock, by lock key. */
  const heldHere = new Map<string, Set<FakeLock>>();

  class FakeLock implements GoogleAppsScript.Lock.Lock {
    constructor(private readonly key: string) {}

    tryLock(timeoutInMillis: number): boolean {
      if (heldElsewhere.has(this.key)) {
        env.clock.advance(Math.max(0, Number(timeoutInMillis) || 0));
        return false;
      }
      const holders = heldHere.get(this.key) ?? new Set<FakeLock>();
      holders.add(this);
      heldHere.set(this.key, holders);
      return true;
    }
    waitLock(timeoutInMillis: number): void {
      if (!this.tryLock(timeoutInMillis)) throw exception(env.realm, LOCK_TIMEOUT_MESSAGE);
    }
    hasLock(): boolean {
      return heldHere.get(this.key)?.has(this) ?? false;
    }
    releaseLock(): void {
      const holders = heldHere.get(this.key);
      holders?.delete(this);
      if (holders?.size === 0) heldHere.delete(this.key);
    }
  }

  const keyOf = (kind: LockKind, id?: string): string => {
    const owner = id ?? (kind === 'user' ? env.userEmail : env.activeSpreadsheetId());
    if (kind === 'script') return 'script';
    if (!owner) throw new Error(`holdLock('${kind}') needs an id: there is no active spreadsheet`);
    return `${kind}:${owner}`;
  };

  const LockService: GoogleAppsScript.Lock.LockService = {
    getScriptLock: () => new FakeLock(keyOf('script')),
    getUserLock: () => new FakeLock(keyOf('user')),
    getDocumentLock() {
      const spreadsheetId = env.activeSpreadsheetId();
      return (
        spreadsheetId === null ? null : new FakeLock(keyOf('document', spreadsheetId))
      ) as GoogleAppsScript.Lock.Lock;
    },
  };

  return {
    LockService,
    hold: (kind, id) => heldElsewhere.add(keyOf(kind, id)),
    release: (kind, id) => heldElsewhere.delete(keyOf(kind, id)),
    releaseExecutionLocks: () => heldHere.clear(),
  };
}
