/**
 * A POST signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`):
 * used for the web channel's survey callbacks and for outgoing webhooks. 2xx is accepted; 408/409/425/
 * 429/5xx and network errors are temporary (thrown, for the job to retry); anything else is a refusal.
 * Errors are redacted (the URL's user:password, the secret, the signature a receiver may echo).
 */
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { redactSecrets, secretsOfUrl } from '../lib/redact.js';
import { httpRequest, type HttpAnswer } from './http-client.js';
import { classifyStatus, sendTimeoutMs } from './http-status.js';

export async function postSigned(url: string, secret: string, id: string, body: string): Promise<{ ok: true } | { ok: false; status: number; error: string }> {
  const at = new Date();
  const signature = sign(secret, id, at, body);
  const clean = (text: string) => redactSecrets(text, [secret, signature, ...secretsOfUrl(url)]);
  let res: HttpAnswer;
  try {
    res = await httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'nilai',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      timeoutMs: sendTimeoutMs(),
    });
  } catch (err) {
    throw new Error(clean(`${url} unreachable: ${(err as Error).message}`));
  }
  const kind = classifyStatus(res.status);
  if (kind === 'ok') return { ok: true };
  const text = clean(res.text).slice(0, 200);
  if (kind === 'retry') throw new Error(clean(`${url} answered HTTP ${res.status} ${text}`.trim()));
  return { ok: false, status: res.status, error: `HTTP ${res.status}${text ? `: ${text}` : ''}` };
}

/** Secrets checked and decoded (standardwebhooks refuses a malformed one), by secret: few per process. */
const keys = new Map<string, Buffer>();
const MAX_KEYS = 1_000;

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` as standardwebhooks signs, with node:crypto's HMAC. */
function sign(secret: string, id: string, at: Date, body: string): string {
  let key = keys.get(secret);
  if (!key) {
    new Webhook(secret); // throws on a secret standardwebhooks could not use either
    key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
    if (keys.size >= MAX_KEYS) keys.clear();
    keys.set(secret, key);
  }
  return `v1,${createHmac('sha256', key).update(`${id}.${Math.floor(at.getTime() / 1000)}.${body}`).digest('base64')}`;
}
