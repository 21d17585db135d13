/**
 * A Web Lock per take, held by the tab that has the take in hand (recording it, or transcribing what it kept), so
 * that two tabs of one browser never recover the same kept speech twice. Resolves to the function that releases
 * the lock, or null when `ifAvailable` and another tab holds it. Where Web Locks are missing, every tab may go ahead.
 */
export function holdLock(takeId: string, options: { ifAvailable?: boolean } = {}): Promise<(() => void) | null> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return Promise.resolve(() => undefined);
  return new Promise((resolve) => {
    locks
      .request(`dictation-bar:take:${takeId}`, { ifAvailable: options.ifAvailable ?? false }, (lock) => {
        if (!lock) {
          resolve(null);
          return undefined;
        }
        // Held until released: the lock's callback returns a promise that settles then.
        return new Promise<void>((release) => resolve(() => release()));
      })
      .catch(() => resolve(() => undefined));
  });
}

/**
 * Takes the lock for a new take without waiting: the lock arrives asynchronously, and a take already finished by then
 * lets it go at once. Sets `take.release`.
 */
export function lockTake(take: { id: string; release: () => void }): void {
  let finished = false;
  take.release = () => (finished = true);
  void holdLock(take.id).then((release) => {
    if (finished) release?.();
    else if (release) take.release = release;
  });
}
