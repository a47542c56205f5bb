/** LockService: one fetch or refresh per document at a time. */

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
