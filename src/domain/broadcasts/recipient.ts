/**
 * Whether one contact of a broadcast gets the survey when its turn comes: the same opt-out and
 * recontact-cooldown rules as conversation surveys (domain/eligibility), and an address on the channel.
 */
import { withinCooldown } from '../eligibility.js';

export const BROADCAST_CHANNEL_TYPES = ['whatsapp', 'telegram', 'email'] as const;
export type BroadcastChannelType = (typeof BROADCAST_CHANNEL_TYPES)[number];

export const BROADCAST_SKIP_REASONS = ['opted_out', 'cooldown', 'no_address', 'cancelled'] as const;
export type BroadcastSkipReason = (typeof BROADCAST_SKIP_REASONS)[number];

export interface RecipientInput {
  channelType: BroadcastChannelType;
  contact: { optedOut: boolean; phone: string | null; email: string | null; handle: string | null; lastInvitationAt: Date | null };
  cooldownDays: number;
  now: Date;
}

export function decideRecipient(i: RecipientInput): { send: true } | { send: false; reason: BroadcastSkipReason } {
  const c = i.contact;
  if (c.optedOut) return { send: false, reason: 'opted_out' };
  if (withinCooldown(c.lastInvitationAt, i.cooldownDays, i.now)) return { send: false, reason: 'cooldown' };
  const address = { whatsapp: c.phone, telegram: c.handle && /^-?\d+$/.test(c.handle) ? c.handle : null, email: c.email }[i.channelType];
  if (!address) return { send: false, reason: 'no_address' };
  return { send: true };
}
