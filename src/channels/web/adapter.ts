/**
 * The web / generic channel: POSTs the invitation (link + structured survey) to the channel's callback
 * URL, signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The
 * webhook-id is the same on every retry, so a receiver that drops repeated ids shows the survey once.
 */
import { Webhook } from 'standardwebhooks';
import type { ChannelAdapter, SendResult } from '../types.js';
import { classifyStatus, sendTimeoutMs } from '../http-status.js';

export const webAdapter: ChannelAdapter = {
  async send(survey, { channel, credentials, idempotencyKey }) {
    const url = channel.config.callbackUrl;
    const secret = credentials.signingSecret;
    if (!url) return { ok: false, permanent: true, reason: 'The web channel has no callback URL.' };
    if (!secret) return { ok: false, permanent: true, reason: 'The web channel has no signing secret.' };
    const { chat: _chat, lastCustomerMessageAt: _last, ...data } = survey;
    return post(url, secret, idempotencyKey, JSON.stringify({ type: 'survey.invitation', data }));
  },

  /** Sends a signed `ping`; any 2xx answer means the receiver is there and reachable. */
  async test({ channel, credentials }) {
    const url = channel.config.callbackUrl;
    if (!url || !credentials.signingSecret) return { ok: false, detail: 'The web channel has no callback URL or signing secret.' };
    try {
      const r = await post(url, credentials.signingSecret, `ping_${Date.now()}`, JSON.stringify({ type: 'ping', data: { channelId: channel.id } }));
      return r.ok ? { ok: true, detail: `${url} accepted a signed ping.` } : { ok: false, detail: r.reason };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  },
};

async function post(url: string, secret: string, idempotencyKey: string, body: string): Promise<SendResult> {
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
      signal: AbortSignal.timeout(sendTimeoutMs()),
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
}
