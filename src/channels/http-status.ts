import { DEFAULT_SEND_TIMEOUT_MS, parseSendTimeoutMs } from '../config.js';

/** How an HTTP answer from a provider or receiver is treated: success, retry later, or give up. */
export function classifyStatus(status: number): 'ok' | 'retry' | 'permanent' {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 408 || status === 409 || status === 425 || status === 429 || status >= 500) return 'retry';
  return 'permanent';
}

/**
 * How long nilai waits for a provider or receiver to answer (NILAI_SEND_TIMEOUT_MS, default 10 s, at most
 * 15 s). Read at each send (tests change it); `loadConfig` refuses a wrong value at start.
 */
export const sendTimeoutMs = (): number => parseSendTimeoutMs(process.env.NILAI_SEND_TIMEOUT_MS) ?? DEFAULT_SEND_TIMEOUT_MS;
