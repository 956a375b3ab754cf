/**
 * Conversation state folded from its events in `occurredAt` order (ties: arrival order), so events that
 * arrive late or out of order give the same state as if they had arrived in order.
 *
 * The state keeps aggregates, not the message list, so an event costs the same at message 5 and at
 * message 5,000: `applyEvents` adds new events to the stored state when they come after the newest one
 * applied (the usual case), and answers null (refold the whole log with `foldConversation`) when one
 * comes earlier, or when the office hours the business times were counted in are no longer the ones
 * in force for the conversation. Both give the same state (test/domain/conversation.test.ts).
 */
import { createHash } from 'node:crypto';
import { mergeContact, type Contact } from './contact.js';
import type { ConversationEvent, Sender } from './event-schema.js';
import type { Schedule } from '../time/business-time.js';
import { measuredSpan } from '../time/timings.js';

export interface StoredEvent {
  seq: number;
  event: ConversationEvent;
}

export interface ConversationState {
  status: 'open' | 'resolved';
  channelId: string;
  /** Merged over the events in time order (mergeContact). */
  contact: Contact;
  agentId: string | null;
  divisionId: string | null;
  tags: string[];
  openedAt: string | null;
  firstCustomerMessageAt: string | null;
  /** First agent message after the first customer message; null while the customer has not written (nothing to respond to). */
  firstAgentResponseAt: string | null;
  /** The resolve in force (null while open). */
  resolvedAt: string | null;
  resolveEventId: string | null;
  /** The `survey` flag of the resolve in force. */
  surveyFlag: boolean | undefined;
  reopenCount: number;
  /** Messages per sender (targeting's minimum of customer messages, "an agent wrote"). */
  messageCounts: Record<Sender, number>;
  /** The customer's last message (WhatsApp's 24-hour window, auto resolve). */
  lastCustomerMessageAt: string | null;
  lastAgentMessageAt: string | null;
  /** The customer's first message since the last agent message: null when nobody waits (average response, idle rule). */
  waitingSince: string | null;
  /** The customer's answered waits: how many and their sum, wall and business (average response). */
  waits: { count: number; wallMs: number; businessMs: number };
  /** The newest event applied, by (occurredAt, seq): an event before it means a refold. */
  newest: { atMs: number; seq: number };
  /** The office hours `waits.businessMs` was counted in (scheduleKey). */
  scheduleKey: string;
}

/** Office hours by division (the workspace's when none). */
export type ScheduleFor = (divisionId: string | null) => Schedule;

const scheduleKeys = new WeakMap<Schedule, string>();

/**
 * A schedule's fingerprint (SHA-256 of its zone, openings and holidays, 128 bits in base64url), once per
 * schedule object: every conversation's stored state carries it, and the schedule itself was most of the
 * state's bytes (states stored with the whole schedule as their key refold once, on their next event).
 */
export function scheduleKey(s: Schedule): string {
  let key = scheduleKeys.get(s);
  if (key === undefined) {
    key = createHash('sha256').update(JSON.stringify([s.timeZone, s.weekly, s.holidays])).digest('base64url').slice(0, 22);
    scheduleKeys.set(s, key);
  }
  return key;
}

const timeOf = (e: StoredEvent) => Date.parse(e.event.occurredAt);
const byTime = (a: StoredEvent, b: StoredEvent) => {
  const d = timeOf(a) - timeOf(b);
  return d !== 0 ? d : a.seq - b.seq;
};

/** The division in force after `sorted` (time order) on top of `known`. */
function lastDivision(known: string | null, sorted: readonly StoredEvent[]): string | null {
  let d = known;
  for (const { event } of sorted) if (event.conversation.divisionId !== undefined) d = event.conversation.divisionId;
  return d;
}

function initialState(first: ConversationEvent, schedule: Schedule): ConversationState {
  return {
    status: 'open',
    channelId: first.conversation.channelId,
    contact: { id: first.conversation.contact.id },
    agentId: null,
    divisionId: null,
    tags: [],
    openedAt: null,
    firstCustomerMessageAt: null,
    firstAgentResponseAt: null,
    resolvedAt: null,
    resolveEventId: null,
    surveyFlag: undefined,
    reopenCount: 0,
    messageCounts: { customer: 0, agent: 0, bot: 0 },
    lastCustomerMessageAt: null,
    lastAgentMessageAt: null,
    waitingSince: null,
    waits: { count: 0, wallMs: 0, businessMs: 0 },
    newest: { atMs: -Infinity, seq: -Infinity },
    scheduleKey: scheduleKey(schedule),
  };
}

/** One event on top of `s` (mutated), which holds every event before it. */
function apply(s: ConversationState, stored: StoredEvent, schedule: Schedule): void {
  const e = stored.event;
  const c = e.conversation;
  s.channelId = c.channelId;
  s.contact = mergeContact(s.contact, c.contact);
  if (c.agentId !== undefined) s.agentId = c.agentId;
  if (c.divisionId !== undefined) s.divisionId = c.divisionId;
  if (c.tags !== undefined) s.tags = [...new Set(c.tags)];
  s.openedAt ??= e.occurredAt;
  s.newest = { atMs: timeOf(stored), seq: stored.seq };
  switch (e.type) {
    case 'message.created': {
      const sender = e.message?.sender ?? 'customer';
      s.messageCounts[sender] += 1;
      if (sender === 'customer') {
        s.firstCustomerMessageAt ??= e.occurredAt;
        s.lastCustomerMessageAt = e.occurredAt;
        s.waitingSince ??= e.occurredAt;
      }
      if (sender === 'agent') {
        if (s.firstCustomerMessageAt !== null) s.firstAgentResponseAt ??= e.occurredAt;
        s.lastAgentMessageAt = e.occurredAt;
        if (s.waitingSince !== null) {
          const wait = measuredSpan(s.waitingSince, e.occurredAt, schedule);
          if (wait) s.waits = { count: s.waits.count + 1, wallMs: s.waits.wallMs + wait.wallMs, businessMs: s.waits.businessMs + wait.businessMs };
          s.waitingSince = null;
        }
      }
      break;
    }
    case 'conversation.resolved':
      s.status = 'resolved';
      s.resolvedAt = e.occurredAt;
      s.resolveEventId = e.id;
      s.surveyFlag = e.survey;
      break;
    case 'conversation.reopened':
      if (s.status === 'resolved') s.reopenCount += 1;
      s.status = 'open';
      s.resolvedAt = null;
      s.resolveEventId = null;
      s.surveyFlag = undefined;
      break;
    default:
      break;
  }
}

/** The state of all of a conversation's events (any order), business times in its division's office hours. */
export function foldConversation(events: readonly StoredEvent[], scheduleFor: ScheduleFor): ConversationState {
  if (events.length === 0) throw new RangeError('a conversation needs at least one event');
  const sorted = [...events].sort(byTime);
  const schedule = scheduleFor(lastDivision(null, sorted));
  const s = initialState(sorted[0]!.event, schedule);
  for (const e of sorted) apply(s, e, schedule);
  return s;
}

/**
 * `known` (the state of the events before) with `fresh` added, or null when that needs a refold: an
 * event older than the newest applied, or other office hours now in force for the conversation.
 */
export function applyEvents(known: ConversationState, fresh: readonly StoredEvent[], scheduleFor: ScheduleFor): ConversationState | null {
  const sorted = [...fresh].sort(byTime);
  const first = sorted[0];
  if (!first) return known;
  if (!(timeOf(first) > known.newest.atMs || (timeOf(first) === known.newest.atMs && first.seq > known.newest.seq))) return null;
  const schedule = scheduleFor(lastDivision(known.divisionId, sorted));
  if (scheduleKey(schedule) !== known.scheduleKey) return null;
  const s: ConversationState = structuredClone(known);
  for (const e of sorted) apply(s, e, schedule);
  return s;
}

type Counted = { messageCounts: { customer: number; agent: number } };
export const customerMessageCount = (s: Counted): number => s.messageCounts.customer;
/** Whether any agent (not bot) wrote in the conversation. */
export const hasAgentMessage = (s: Counted): boolean => s.messageCounts.agent > 0;
