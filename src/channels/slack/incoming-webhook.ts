/**
 * Posts a Block Kit message to a Slack incoming webhook. Slack answers `200 ok` as plain text, and a
 * refusal as a short code in the body: 400 `invalid_payload` / `invalid_blocks`, 403 `action_prohibited`,
 * 404 `no_service` (the webhook was removed or its app uninstalled), 410 `channel_is_archived`, and 429
 * with Retry-After when rate limited (docs.slack.dev/messaging/sending-messages-using-incoming-webhooks,
 * "Handling errors"). A 429 or 5xx is thrown for the job to retry; a refusal is returned in words.
 * The URL is the credential (its path is the secret), so it never appears in a reason or an error.
 */
import type { SlackMessage } from '../../domain/slack/blocks.js';
import { redactError, redactSecrets } from '../../lib/redact.js';
import { callProvider } from '../provider-http.js';

const WORDS: Record<string, string> = {
  invalid_blocks: 'Slack refused the message blocks (invalid_blocks)',
  invalid_payload: 'Slack could not read the message (invalid_payload)',
  no_service: 'this webhook no longer exists in Slack (no_service): create a new incoming webhook and paste its URL',
  channel_is_archived: "the webhook's Slack channel is archived (channel_is_archived)",
  action_prohibited: 'a Slack admin has restricted posting to this channel (action_prohibited)',
  posting_to_general_channel_denied: 'only admins may post to this channel (posting_to_general_channel_denied)',
};

/** The parts of a webhook URL that are its secret, for redaction. */
export const slackUrlSecrets = (url: string): string[] => {
  try {
    const u = new URL(url);
    return [url, u.pathname, ...u.pathname.split('/').filter((s) => s.length >= 6 && s !== 'services')];
  } catch {
    return [url];
  }
};

/** How a stored webhook URL is shown: its host and the last 4 characters of its secret. */
export function slackUrlHint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}/…${u.pathname.slice(-4)}`;
  } catch {
    return '…';
  }
}

/** Whether a URL can be an incoming webhook (https; http only to this machine, for tests and local relays). */
export const isSlackWebhookUrl = (url: string): boolean => {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname));
  } catch {
    return false;
  }
};

export type SlackPostResult = { ok: true } | { ok: false; reason: string };

export async function postToSlack(url: string, message: SlackMessage): Promise<SlackPostResult> {
  const secrets = slackUrlSecrets(url);
  try {
    const r = await callProvider('Slack', url, {
      body: message,
      reasonOf: (_json, status) => (status === 404 ? WORDS.no_service! : null),
    });
    if (r.ok) return { ok: true };
    const code = /\(HTTP \d+\): (\w+)$/.exec(r.reason)?.[1];
    return { ok: false, reason: redactSecrets(code && WORDS[code] ? `Slack refused it (HTTP ${r.status}): ${WORDS[code]}` : r.reason, secrets) };
  } catch (err) {
    throw redactError(err, secrets);
  }
}
