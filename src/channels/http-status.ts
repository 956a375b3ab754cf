/** How an HTTP answer from a provider or receiver is treated: success, retry later, or give up. */
export function classifyStatus(status: number): 'ok' | 'retry' | 'permanent' {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 408 || status === 409 || status === 425 || status === 429 || status >= 500) return 'retry';
  return 'permanent';
}

/** How long nilai waits for a provider or receiver to answer (NILAI_SEND_TIMEOUT_MS, default 10 s, at most 15 s). */
export const sendTimeoutMs = (): number => {
  const v = Number(process.env.NILAI_SEND_TIMEOUT_MS);
  // At most 15 s: a dispatch job is presumed dead after 20 s (see jobs/queue.ts).
  return Number.isInteger(v) && v > 0 ? Math.min(v, 15_000) : 10_000;
};
