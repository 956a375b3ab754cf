/**
 * Per-type channel configuration. `web` delivers surveys to the inbox's callback URL (signed like
 * Standard Webhooks); the provider channels get their credentials with their adapters.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { ErrorDetail } from '../errors.js';

export const ChannelConfig = Type.Object(
  {
    callbackUrl: Type.Optional(Type.String({ maxLength: 2000, description: 'web: where nilai POSTs each survey invitation.' })),
  },
  { additionalProperties: false },
);
export type ChannelConfig = Static<typeof ChannelConfig>;

export function validateChannelConfig(type: string, config: ChannelConfig): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  if (type === 'web') {
    if (!config.callbackUrl) issues.push({ path: 'config.callbackUrl', message: 'A web channel needs the callback URL that receives survey invitations.' });
    else if (!isHttpUrl(config.callbackUrl)) issues.push({ path: 'config.callbackUrl', message: 'Must be an http or https URL.' });
  } else if (config.callbackUrl !== undefined) {
    issues.push({ path: 'config.callbackUrl', message: `A ${type} channel has no callback URL.` });
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
