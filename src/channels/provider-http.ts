/**
 * One request to a provider API, classified: success (with the parsed JSON), a permanent refusal (with
 * the provider's own reason), or a temporary failure thrown for the job system to retry. A 429 whose
 * Retry-After (header or Telegram's `parameters.retry_after`) is short is waited out once in place.
 * Every reason and error is redacted (lib/redact): a proxy's error page may echo the request, whose
 * path (Telegram's bot token) and headers (access tokens) carry the channel's secrets.
 */
import { redactSecrets, secretsOfUrl } from '../lib/redact.js';
import { httpRequest, type HttpAnswer } from './http-client.js';
import { classifyStatus, sendTimeoutMs } from './http-status.js';

export class TemporarySendError extends Error {}

export type ProviderResult = { ok: true; status: number; json: any } | { ok: false; permanent: true; status: number; reason: string };

export interface ProviderRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
  /** The provider's words for a failure, from its error body. */
  reasonOf: (json: any, status: number) => string | null;
  /** Errors a provider reports with a 4xx status that are in fact temporary (WhatsApp throughput limits). */
  temporary?: (json: any) => boolean;
}

const MAX_INLINE_WAIT_S = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function retryAfterSeconds(res: HttpAnswer, json: any): number | null {
  const header = [res.headers['retry-after']].flat()[0] ?? null;
  const fromBody = json?.parameters?.retry_after;
  const s = header !== null && /^\d+$/.test(header.trim()) ? Number(header) : typeof fromBody === 'number' ? fromBody : null;
  return s === null ? null : Math.max(0, s);
}

/** What a request carries that must not be repeated: header values, the URL's password, a /bot<token>/ path. */
function secretsOfRequest(url: string, req: ProviderRequest): string[] {
  const fromHeaders = Object.entries(req.headers ?? {}).filter(([k]) => !/^(content-type|user-agent|accept)$/i.test(k)).flatMap(([, v]) => [v, v.replace(/^\w+\s+/, '')]);
  const botToken = /\/bot([^/?#]+)\//.exec(url)?.[1];
  return [...fromHeaders, ...secretsOfUrl(url), ...(botToken ? [botToken, decodeURIComponent(botToken)] : [])];
}

export async function callProvider(name: string, url: string, req: ProviderRequest, waitedOnce = false): Promise<ProviderResult> {
  const clean = (text: string) => redactSecrets(text, secretsOfRequest(url, req));
  let res: HttpAnswer;
  try {
    res = await httpRequest(url, {
      method: req.method ?? (req.body === undefined ? 'GET' : 'POST'),
      headers: { 'user-agent': 'nilai', ...(req.body !== undefined && { 'content-type': 'application/json' }), ...req.headers },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      timeoutMs: sendTimeoutMs(),
    });
  } catch (err) {
    const e = err as Error;
    throw new TemporarySendError(clean(`${name} unreachable: ${e.name === 'TimeoutError' ? `no answer within ${sendTimeoutMs() / 1000} s` : e.message}`));
  }
  const { text } = res;
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  const kind = classifyStatus(res.status);
  if (kind === 'ok' && json?.ok !== false) return { ok: true, status: res.status, json };
  // Redacted before it is cut, so a cut cannot leave half a secret behind.
  const reason = req.reasonOf(json, res.status) ?? (clean(text).slice(0, 200) || `HTTP ${res.status}`);
  if (res.status === 429) {
    const wait = retryAfterSeconds(res, json);
    if (wait !== null && wait <= MAX_INLINE_WAIT_S && !waitedOnce) {
      await sleep(wait * 1000);
      return callProvider(name, url, req, true);
    }
  }
  if (kind === 'retry' || (req.temporary?.(json) ?? false)) throw new TemporarySendError(clean(`${name} answered HTTP ${res.status}: ${reason}`));
  return { ok: false, permanent: true, status: res.status, reason: clean(`${name} refused it (HTTP ${res.status}): ${reason}`) };
}
