/**
 * How far from now an event's `occurredAt` may lie. Business time and the conversation fold take work
 * in proportion to a conversation's span, so it is bounded where events come in: a client cannot make
 * one conversation cost minutes (`0001-01-01` → now, or a resolve dated `9999-12-31`).
 */
import { canonicalInstant, readInstant } from '../time/instant.js';

export interface EventWindow {
  /** Oldest accepted `occurredAt`, in days before now (NILAI_EVENT_MAX_AGE_DAYS). */
  maxAgeDays: number;
  /** Latest accepted `occurredAt`, in minutes after now: the inbox's clock may run a little ahead (NILAI_EVENT_MAX_AHEAD_MINUTES). */
  maxAheadMinutes: number;
}

/** Three years back (a year of history to import, with room), five minutes ahead. */
export const DEFAULT_EVENT_WINDOW: EventWindow = { maxAgeDays: 1096, maxAheadMinutes: 5 };

/** What the configuration may set: the longest conversation span stays well under the timings limit (25 years). */
export const EVENT_WINDOW_LIMITS: EventWindow = { maxAgeDays: 7305, maxAheadMinutes: 1440 };

export type EventTime = { occurredAt: string; ms: number } | { problem: string };

/** An `occurredAt` in canonical form, or why it is refused (as a field error message). */
export function eventTime(text: string, w: EventWindow, nowMs: number): EventTime {
  const r = readInstant(text);
  if ('problem' in r) return r;
  const oldest = nowMs - w.maxAgeDays * 86_400_000;
  const latest = nowMs + w.maxAheadMinutes * 60_000;
  if (r.ms < oldest) return { problem: `must be at most ${w.maxAgeDays} days ago (not before ${canonicalInstant(oldest)})` };
  if (r.ms > latest) return { problem: `must not be more than ${w.maxAheadMinutes} minutes ahead of nilai's clock (now ${canonicalInstant(nowMs)}): check the inbox's clock and time zone` };
  return { occurredAt: canonicalInstant(r.ms), ms: r.ms };
}
