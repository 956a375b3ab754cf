/**
 * When auto resolve is due: the conversation is open, an agent answered after the customer's last
 * message (a customer waiting for an answer is never closed on), and since that last customer message
 * (or the opening, if the customer never wrote) `afterMinutes` passed on the chosen clock.
 */
import { businessMillis, type Schedule } from '../time/business-time.js';
import type { AutoResolveSettings } from './settings.js';

export interface IdleConversation {
  openedAt: string | null;
  messages: readonly { at: string; sender: string }[];
}

export function autoResolveDue(c: IdleConversation, s: Pick<AutoResolveSettings, 'afterMinutes' | 'clock'>, schedule: Schedule, nowMs: number): boolean {
  const sorted = [...c.messages].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const lastCustomer = sorted.filter((m) => m.sender === 'customer').at(-1);
  const answered = sorted.some((m) => m.sender === 'agent' && (!lastCustomer || Date.parse(m.at) >= Date.parse(lastCustomer.at)));
  if (!answered) return false;
  const from = Date.parse(lastCustomer?.at ?? c.openedAt ?? sorted[0]?.at ?? '');
  if (!Number.isFinite(from) || from > nowMs) return false;
  const idle = s.clock === 'business' ? businessMillis(from, nowMs, schedule) : nowMs - from;
  return idle >= s.afterMinutes * 60_000;
}
