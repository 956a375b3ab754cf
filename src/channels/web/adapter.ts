/**
 * The web / generic channel: POSTs the invitation (link + structured survey) to the channel's callback
 * URL, signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The
 * webhook-id is the same on every retry, so a receiver that drops repeated ids shows the survey once.
 */
import { renderSurveyCallback } from '../../domain/render/survey-callback.js';
import { postSigned } from '../signed-post.js';
import type { ChannelAdapter, SendResult } from '../types.js';

export const webAdapter: ChannelAdapter = {
  async send(survey, { channel, credentials, idempotencyKey }) {
    const url = channel.config.callbackUrl;
    const secret = credentials.signingSecret;
    if (!url) return { ok: false, permanent: true, reason: 'The web channel has no callback URL.' };
    if (!secret) return { ok: false, permanent: true, reason: 'The web channel has no signing secret.' };
    return post(url, secret, idempotencyKey, JSON.stringify(renderSurveyCallback(survey)));
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
  const r = await postSigned(url, secret, idempotencyKey, body);
  return r.ok ? { ok: true, delivered: true } : { ok: false, permanent: true, reason: `The callback answered ${r.error}` };
}
