/**
 * Per-type channel configuration. `web` delivers surveys to the inbox's callback URL (signed like
 * Standard Webhooks); `email` sends them through the channel's SMTP server from its sender address.
 * Credentials are write-only: stored encrypted, never returned.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { ErrorDetail } from '../errors.js';

export const ChannelConfig = Type.Object(
  {
    callbackUrl: Type.Optional(Type.String({ maxLength: 2000, description: 'web: where nilai POSTs each survey invitation.' })),
    from: Type.Optional(Type.String({ maxLength: 300, description: 'email: the sender, e.g. "Toko Nusantara <cs@example.com>".' })),
  },
  { additionalProperties: false },
);
export type ChannelConfig = Static<typeof ChannelConfig>;

export const ChannelCredentials = Type.Object(
  {
    smtpUrl: Type.Optional(Type.String({ maxLength: 2000, description: 'email: smtp(s)://user:password@host:port — stored encrypted, never shown again.' })),
  },
  { additionalProperties: false },
);
export type ChannelCredentials = Static<typeof ChannelCredentials>;

const SENDER = /^(?:[^<>]*<)?[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+>?$/;

/** Problems with the credentials of a channel type; `required` when creating (not when changing). */
export function validateChannelCredentials(type: string, c: ChannelCredentials | undefined, required: boolean): ErrorDetail[] {
  if (type === 'email') {
    if (!c?.smtpUrl) return required ? [{ path: 'credentials.smtpUrl', message: 'An email channel needs the SMTP server, e.g. smtps://user:password@smtp.example.com:465.' }] : [];
    return /^smtps?:\/\/[^/\s]+/.test(c.smtpUrl) ? [] : [{ path: 'credentials.smtpUrl', message: 'Must start with smtp:// or smtps://.' }];
  }
  return c?.smtpUrl !== undefined ? [{ path: 'credentials.smtpUrl', message: `A ${type} channel has no SMTP server.` }] : [];
}

export function validateChannelConfig(type: string, config: ChannelConfig): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  if (type === 'web') {
    if (!config.callbackUrl) issues.push({ path: 'config.callbackUrl', message: 'A web channel needs the callback URL that receives survey invitations.' });
    else if (!isHttpUrl(config.callbackUrl)) issues.push({ path: 'config.callbackUrl', message: 'Must be an http or https URL.' });
  } else if (config.callbackUrl !== undefined) {
    issues.push({ path: 'config.callbackUrl', message: `A ${type} channel has no callback URL.` });
  }
  if (type === 'email') {
    if (!config.from) issues.push({ path: 'config.from', message: 'An email channel needs the sender address surveys come from.' });
    else if (!SENDER.test(config.from.trim())) issues.push({ path: 'config.from', message: 'Must be an address such as cs@example.com or "Support <cs@example.com>".' });
  } else if (config.from !== undefined) {
    issues.push({ path: 'config.from', message: `A ${type} channel has no sender address.` });
  }
  return issues;
}

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
