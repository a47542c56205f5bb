/** LockService, and a refresh lease that also holds across runs that opened a spreadsheet by id. */
import { METADATA_REFRESH_LEASE } from '../core/storage-keys';
import { readRecord, removeRecord, writeRecord } from './developer-metadata';

/** Runs work under the document lock; without a document (no lock available) it just runs. */
export function withDocumentLock<T>(waitMilliseconds: number, onBusy: () => T, work: () => T): T {
  const lock = LockService.getDocumentLock();
  if (!lock) return work();
  if (!lock.tryLock(waitMilliseconds)) return onBusy();
  try {
    return work();
  } finally {
    lock.releaseLock();
  }
}

/** Longer than any run may last (6 minutes), so a crashed run's lease lapses on its own. */
const LEASE_MILLISECONDS = 7 * 60_000;
const POLL_MILLISECONDS = 500;

interface Lease {
  readonly until: number;
}

/**
 * A document lock is only available with an active spreadsheet, which a scheduled run lacks.
 * So a refresh takes a lease recorded on the spreadsheet; LockService (the document lock, or
 * the script lock for a moment when there is no document) makes taking it atomic.
 */
export function withRefreshLease<T>(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  waitMilliseconds: number,
  onBusy: () => T,
  work: () => T,
): T {
  const giveUpAt = Date.now() + waitMilliseconds;
  while (!tryTakeLease(spreadsheet)) {
    if (Date.now() >= giveUpAt) return onBusy();
    Utilities.sleep(POLL_MILLISECONDS);
  }
  try {
    return work();
  } finally {
    removeRecord(spreadsheet, METADATA_REFRESH_LEASE);
  }
}

function tryTakeLease(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): boolean {
  const lock = LockService.getDocumentLock() ?? LockService.getScriptLock();
  if (!lock.tryLock(POLL_MILLISECONDS)) return false;
  try {
    const lease = readRecord<Lease>(spreadsheet, METADATA_REFRESH_LEASE);
    if (lease && lease.until > Date.now()) return false;
    writeRecord(spreadsheet, METADATA_REFRESH_LEASE, { until: Date.now() + LEASE_MILLISECONDS });
    return true;
  } finally {
    lock.releaseLock();
  }
}
