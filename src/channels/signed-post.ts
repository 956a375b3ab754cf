/**
 * A POST signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`):
 * used for the web channel's survey callbacks and for outgoing webhooks. 2xx is accepted; 408/409/425/
 * 429/5xx and network errors are temporary (thrown, for the job to retry); anything else is a refusal.
 * Errors are redacted (the URL's user:password, the secret, the signature a receiver may echo).
 */
import { Webhook } from 'standardwebhooks';
import { redactSecrets, secretsOfUrl } from '../lib/redact.js';
import { classifyStatus, sendTimeoutMs } from './http-status.js';

export async function postSigned(url: string, secret: string, id: string, body: string): Promise<{ ok: true } | { ok: false; status: number; error: string }> {
  const at = new Date();
  const signature = new Webhook(secret).sign(id, at, body);
  const clean = (text: string) => redactSecrets(text, [secret, signature, ...secretsOfUrl(url)]);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'nilai',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      signal: AbortSignal.timeout(sendTimeoutMs()),
      redirect: 'manual',
    });
  } catch (err) {
    throw new Error(clean(`${url} unreachable: ${(err as Error).message}`));
  }
  const text = clean(await res.text().catch(() => '')).slice(0, 200);
  const kind = classifyStatus(res.status);
  if (kind === 'ok') return { ok: true };
  if (kind === 'retry') throw new Error(clean(`${url} answered HTTP ${res.status} ${text}`.trim()));
  return { ok: false, status: res.status, error: `HTTP ${res.status}${text ? `: ${text}` : ''}` };
}
