/**
 * Website widget tickets: issued when the widget opens, required to answer, short-lived and signed, so
 * an answer needs a recent open from an allowed site (bots must run the widget's requests, rate-limited
 * per address). Each ticket answers once (its id is recorded when used: store/widget.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Keys } from './keys.js';

export interface TicketClaims {
  /** Random ticket id. */
  id: string;
  channelId: string;
  settingsVersion: number;
  language: string;
  surveyTypes: string[];
  /** The signed-in visitor's id, verified at open; null for anonymous visitors. */
  userId: string | null;
  attributes: Record<string, string> | null;
  /** Unix seconds. */
  expiresAt: number;
}

export function issueTicket(keys: Keys, claims: Omit<TicketClaims, 'id'>): { ticket: string; claims: TicketClaims } {
  const full: TicketClaims = { id: randomBytes(16).toString('base64url'), ...claims };
  const body = Buffer.from(JSON.stringify(full)).toString('base64url');
  return { ticket: `${body}.${keys.signWidgetTicket(body)}`, claims: full };
}

/** The ticket's claims when its signature holds and it has not expired; otherwise why not. */
export function readTicket(keys: Keys, ticket: string, now = Date.now()): TicketClaims | 'invalid' | 'expired' {
  const [body, sig, extra] = ticket.split('.');
  if (!body || !sig || extra !== undefined) return 'invalid';
  const expected = Buffer.from(keys.signWidgetTicket(body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  let claims: TicketClaims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TicketClaims;
  } catch {
    return 'invalid';
  }
  return claims.expiresAt * 1000 <= now ? 'expired' : claims;
}
