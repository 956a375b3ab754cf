/** How an HTTP answer from a provider or receiver is treated: success, retry later, or give up. */
export function classifyStatus(status: number): 'ok' | 'retry' | 'permanent' {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 408 || status === 409 || status === 425 || status === 429 || status >= 500) return 'retry';
  return 'permanent';
}

export const SEND_TIMEOUT_MS = 10_000;
