/**
 * The web / generic channel: POSTs the invitation (link + structured survey) to the channel's callback
 * URL, signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The
 * webhook-id is the same on every retry, so a receiver that drops repeated ids shows the survey once.
 */
import { Webhook } from 'standardwebhooks';
import type { ChannelAdapter } from '../types.js';
import { classifyStatus, SEND_TIMEOUT_MS } from '../http-status.js';

export const webAdapter: ChannelAdapter = {
  async send(survey, { channel, secret, idempotencyKey }) {
    const url = channel.config.callbackUrl;
    if (!url) return { ok: false, permanent: true, reason: 'The web channel has no callback URL.' };
    if (!secret) return { ok: false, permanent: true, reason: 'The web channel has no signing secret.' };
    const body = JSON.stringify({ type: 'survey.invitation', data: survey });
    const timestamp = new Date();
    const signature = new Webhook(secret).sign(idempotencyKey, timestamp, body);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'nilai',
          'webhook-id': idempotencyKey,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        redirect: 'manual',
      });
    } catch (err) {
      return Promise.reject(new Error(`callback ${url} unreachable: ${(err as Error).message}`));
    }
    const text = (await res.text().catch(() => '')).slice(0, 200);
    const kind = classifyStatus(res.status);
    if (kind === 'ok') return { ok: true, delivered: true };
    if (kind === 'retry') return Promise.reject(new Error(`callback answered HTTP ${res.status} ${text}`.trim()));
    return { ok: false, permanent: true, reason: `The callback answered HTTP ${res.status}${text ? `: ${text}` : ''}` };
  },
};
