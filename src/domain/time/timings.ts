/**
 * Conversation timings (DESIGN section 2), each in wall-clock and business milliseconds:
 * - first response: first customer message → the first agent message after it; none when the customer
 *   never wrote (an outbound conversation: an agent's first message answers nobody);
 * - average response: mean wait of the customer, each wait running from a customer message that follows
 *   an agent message (or opens the conversation) to the next agent message (summed by the fold);
 * - resolution: opening → resolve in force.
 * And whether they met the SLA policy's targets: null is "not applicable" (no target, or nothing to
 * measure, such as the first response of a conversation without a customer message), which reports
 * leave out of the SLA share rather than counting it as met.
 */
import { businessMillis, type Schedule } from './business-time.js';

export interface TimedConversation {
  openedAt: string | null;
  firstCustomerMessageAt: string | null;
  firstAgentResponseAt: string | null;
  resolvedAt: string | null;
  /** The customer's answered waits (domain/conversations/fold): how many and their sum. */
  waits: { count: number; wallMs: number; businessMs: number };
}

export interface Duration {
  wallMs: number;
  businessMs: number;
}

export interface Timings {
  firstResponse: Duration | null;
  averageResponse: Duration | null;
  resolution: Duration | null;
}

export interface SlaPolicy {
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  /** Measure the targets in business time (office hours) rather than wall-clock time. */
  businessHours: boolean;
}

/** Each target met (true), missed (false) or not applicable (null). */
export interface SlaOutcome {
  firstResponseMet: boolean | null;
  resolutionMet: boolean | null;
}

/**
 * Spans longer than this are not measured (null): business time costs work per week of the span, and
 * no conversation lasts this long. Events are accepted at most 20 years apart (EVENT_WINDOW_LIMITS), so
 * only events stored before that bound existed can reach it.
 */
export const MAX_TIMED_SPAN_MS = 25 * 366 * 86_400_000;

/** `from` → `to` in wall and business time; null when either is missing or unreadable, `to` is before `from`, or the span is too long to measure. */
export function measuredSpan(from: string | null, to: string | null, schedule: Schedule): Duration | null {
  if (!from || !to) return null;
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (!Number.isFinite(a) || !Number.isFinite(b) || b < a || b - a > MAX_TIMED_SPAN_MS) return null;
  return { wallMs: b - a, businessMs: businessMillis(a, b, schedule) };
}

export function conversationTimings(c: TimedConversation, schedule: Schedule): Timings {
  const { count, wallMs, businessMs } = c.waits;
  return {
    firstResponse: measuredSpan(c.firstCustomerMessageAt, c.firstAgentResponseAt, schedule),
    averageResponse: count ? { wallMs: Math.round(wallMs / count), businessMs: Math.round(businessMs / count) } : null,
    resolution: c.resolvedAt ? measuredSpan(c.openedAt, c.resolvedAt, schedule) : null,
  };
}

export function slaOutcome(t: Timings, policy: SlaPolicy | null): SlaOutcome {
  const met = (d: Duration | null, minutes: number | null | undefined) => {
    if (!d || !minutes) return null;
    return (policy!.businessHours ? d.businessMs : d.wallMs) <= minutes * 60_000;
  };
  return { firstResponseMet: met(t.firstResponse, policy?.firstResponseMinutes), resolutionMet: met(t.resolution, policy?.resolutionMinutes) };
}
