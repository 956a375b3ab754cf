/** PostgreSQL error codes nilai reacts to. */
export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';
/** Failures of concurrency, not of the request: the same request can succeed when sent again. */
export const TRANSIENT = new Set(['40001' /* serialization_failure */, '40P01' /* deadlock_detected */, '55P03' /* lock_not_available */]);

export function pgCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/** Runs `fn`; a unique violation becomes the error from `onDuplicate`. */
export async function onUnique<T>(fn: () => Promise<T>, onDuplicate: () => Error): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (pgCode(err) === UNIQUE_VIOLATION) throw onDuplicate();
    throw err;
  }
}
