import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConversationEvent } from '../../src/domain/conversations/event-schema.js';
import { contactUpdate } from '../../src/domain/conversations/contact.js';
import { DEFAULT_EVENT_WINDOW, eventTime } from '../../src/domain/conversations/event-time.js';
import { applyEvents, foldConversation as foldWith, type ConversationState, type StoredEvent } from '../../src/domain/conversations/fold.js';
import { readInstant } from '../../src/domain/time/instant.js';
import { ALWAYS_OPEN, type Schedule } from '../../src/domain/time/business-time.js';
import { conversationTimings, slaOutcome, type SlaPolicy } from '../../src/domain/time/timings.js';
import { decideSurvey, type EligibilityInput } from '../../src/domain/eligibility.js';
import { defaultSurveySettings } from '../../src/domain/settings/defaults.js';

const CH = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const T0 = Date.parse('2026-11-20T08:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
let seq = 0;
function ev(type: ConversationEvent['type'], min: number, extra: Partial<ConversationEvent> = {}, conv: Partial<ConversationEvent['conversation']> = {}): StoredEvent {
  seq += 1;
  return { seq, event: { id: `e${seq}`, type, occurredAt: at(min), conversation: { id: 'c1', channelId: CH, contact: { id: 'k1' }, ...conv }, ...extra } };
}
const foldConversation = (events: readonly StoredEvent[]) => foldWith(events, () => ALWAYS_OPEN());
const msg = (sender: 'customer' | 'agent' | 'bot', min: number) => ev('message.created', min, { message: { sender } });

describe('foldConversation', () => {
  it('derives timings: first customer message, first agent response after it, resolution', () => {
    const s = foldConversation([ev('conversation.opened', 0), msg('agent', 1), msg('customer', 2), msg('bot', 3), msg('agent', 5), msg('agent', 6), ev('conversation.resolved', 9)]);
    expect(s).toMatchObject({ status: 'resolved', openedAt: at(0), firstCustomerMessageAt: at(2), firstAgentResponseAt: at(5), resolvedAt: at(9), reopenCount: 0 });
    expect(s).toMatchObject({ messageCounts: { customer: 1, agent: 3, bot: 1 }, lastCustomerMessageAt: at(2), lastAgentMessageAt: at(6), waitingSince: null, waits: { count: 1, wallMs: 3 * 60_000 } });
  });

  it('gives an outbound conversation (the customer never wrote) no first response', () => {
    expect(foldConversation([msg('agent', 1), ev('conversation.resolved', 2)]).firstAgentResponseAt).toBeNull();
  });

  it('follows resolve / reopen cycles and keeps the latest attributes', () => {
    const s = foldConversation([
      ev('conversation.opened', 0, {}, { tags: ['a'] }),
      ev('conversation.assigned', 1, {}, { agentId: 'u1' }),
      ev('conversation.resolved', 5, { survey: false }),
      ev('conversation.reopened', 6),
      ev('conversation.assigned', 7, {}, { agentId: 'u2', divisionId: 'd1', tags: ['b', 'b'] }),
      ev('conversation.resolved', 9, { survey: true }),
    ]);
    expect(s).toMatchObject({ status: 'resolved', agentId: 'u2', divisionId: 'd1', tags: ['b'], reopenCount: 1, resolvedAt: at(9), surveyFlag: true });
  });

  it('gives the same state whatever order the events arrive in (property)', () => {
    const base = [ev('conversation.opened', 0), msg('customer', 1), msg('agent', 2), ev('conversation.resolved', 4), ev('conversation.reopened', 5), msg('customer', 6), msg('agent', 7), ev('conversation.resolved', 8)];
    const expected = foldConversation(base);
    fc.assert(
      fc.property(fc.shuffledSubarray(base, { minLength: base.length, maxLength: base.length }), (shuffled) => {
        // Arrival order changes the sequence numbers, not the occurrence times.
        const arrived = shuffled.map((e, i) => ({ seq: i, event: e.event }));
        // Only the bookkeeping of the newest event applied (its arrival number) may differ.
        expect({ ...foldConversation(arrived), newest: null }).toEqual({ ...expected, newest: null });
      }),
    );
  });
});

describe('incremental fold', () => {
  const weekdays = (timeZone: string, start: string, end: string): Schedule => ({
    timeZone,
    weekly: { mon: [{ start, end }], tue: [{ start, end }], wed: [{ start, end }], thu: [{ start, end }], fri: [{ start, end }], sat: [], sun: [] },
    holidays: ['2026-11-23'],
  });
  const schedules: Record<string, Schedule> = { d1: weekdays('Asia/Jakarta', '09:00', '17:00'), d2: weekdays('Asia/Makassar', '08:00', '12:00') };
  const scheduleFor = (d: string | null) => (d && schedules[d]) || ALWAYS_OPEN();
  const event = fc.record({
    type: fc.constantFrom('conversation.opened', 'message.created', 'message.created', 'message.created', 'conversation.assigned', 'conversation.resolved', 'conversation.reopened') as fc.Arbitrary<ConversationEvent['type']>,
    // Few distinct minutes, so events at the same instant (ordered by arrival) are common.
    min: fc.integer({ min: 0, max: 4000 }).map((m) => m - (m % 7)),
    sender: fc.constantFrom('customer', 'agent', 'bot') as fc.Arbitrary<'customer' | 'agent' | 'bot'>,
    survey: fc.option(fc.boolean(), { nil: undefined }),
    agentId: fc.option(fc.constantFrom('u1', 'u2', null), { nil: undefined }),
    divisionId: fc.option(fc.constantFrom('d1', 'd2', null), { freq: 4, nil: undefined }),
    tags: fc.option(fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }), { nil: undefined }),
    contact: fc.record({ id: fc.constantFrom('k1', 'k1', 'k2'), name: fc.option(fc.constantFrom('Sari', 'Budi', ''), { nil: undefined }) }),
  });
  // The events as they arrive (any order), cut into batches of 1 to 4.
  const arrivals = fc.array(event, { minLength: 1, maxLength: 40 }).chain((events) =>
    fc.tuple(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: events.length, maxLength: events.length })));

  it('gives the state of a full refold, whatever the arrival order and batches (property)', () => {
    fc.assert(fc.property(arrivals, ([arrived, sizes]) => {
      const log: StoredEvent[] = arrived.map((e, i) => {
        const conversation: ConversationEvent['conversation'] = { id: 'c1', channelId: CH, contact: e.contact, ...(e.agentId !== undefined && { agentId: e.agentId }), ...(e.divisionId !== undefined && { divisionId: e.divisionId }), ...(e.tags && { tags: e.tags }) };
        const extra = e.type === 'message.created' ? { message: { sender: e.sender } } : e.type === 'conversation.resolved' && e.survey !== undefined ? { survey: e.survey } : {};
        return { seq: i + 1, event: { id: `e${i}`, type: e.type, occurredAt: at(e.min), conversation, ...extra } };
      });
      let stored: ConversationState | null = null;
      for (let i = 0, b = 0; i < log.length; i += sizes[b++]!) {
        const batch = log.slice(i, i + sizes[b]!);
        const next: ConversationState = (stored && applyEvents(stored, batch, scheduleFor)) || foldWith(log.slice(0, i + batch.length), scheduleFor);
        stored = JSON.parse(JSON.stringify(next)) as ConversationState; // as the conversation row keeps it
      }
      const full = foldWith(log, scheduleFor);
      expect(stored).toEqual(JSON.parse(JSON.stringify(full)));
      expect(conversationTimings(stored!, scheduleFor(stored!.divisionId))).toEqual(conversationTimings(full, scheduleFor(full.divisionId)));
    }), { numRuns: 300 });
  });

  it('applies events after the newest without a refold, and asks for one for an earlier event or other office hours', () => {
    const first = foldWith([ev('conversation.opened', 0), msg('customer', 1)], scheduleFor);
    expect(applyEvents(first, [msg('agent', 3)], scheduleFor)).toMatchObject({ waits: { count: 1, wallMs: 2 * 60_000 }, waitingSince: null });
    expect(applyEvents(first, [msg('agent', 3), msg('agent', 0)], scheduleFor)).toBeNull();
    expect(applyEvents(first, [ev('conversation.assigned', 4, {}, { divisionId: 'd1' })], scheduleFor)).toBeNull();
  });
});

describe('contact fields over a conversation', () => {
  const contactOf = (c: object, min: number) => ev('message.created', min, { message: { sender: 'customer' } }, { contact: { id: 'k1', ...c } });

  it('merges the fields in time order whatever the arrival order; left out or empty keeps, a new value replaces', () => {
    const events = [contactOf({ name: 'Sari', locale: 'en-US' }, 0), contactOf({}, 1), contactOf({ name: '', email: 'sari@pelanggan.test' }, 2), contactOf({ name: 'Sari Dewi' }, 3)];
    const expected = { id: 'k1', name: 'Sari Dewi', locale: 'en-US', email: 'sari@pelanggan.test' };
    expect(foldConversation(events).contact).toEqual(expected);
    expect(foldConversation([...events].reverse().map((e, i) => ({ ...e, seq: i }))).contact).toEqual(expected);
  });

  it('starts afresh when the contact id changes', () => {
    const s = foldConversation([contactOf({ name: 'Sari', email: 'sari@pelanggan.test' }, 0), ev('message.created', 1, { message: { sender: 'customer' } }, { contact: { id: 'k2', name: 'Budi' } })]);
    expect(s.contact).toEqual({ id: 'k2', name: 'Budi' });
  });

  it('stores only what new events send, at its latest value in the conversation', () => {
    const merged = { id: 'k1', name: 'Sari Dewi', locale: 'en-US', email: 'sari@pelanggan.test' };
    // A late event with the old name and a phone: the phone is new, the name stays the latest one.
    expect(contactUpdate(merged, [contactOf({ name: 'Sari', phone: '+62812' }, 1).event])).toEqual({ id: 'k1', name: 'Sari Dewi' });
    expect(contactUpdate({ ...merged, phone: '+62812' }, [contactOf({ name: 'Sari', phone: '+62812' }, 1).event])).toEqual({ id: 'k1', name: 'Sari Dewi', phone: '+62812' });
    expect(contactUpdate(merged, [contactOf({}, 5).event])).toEqual({ id: 'k1' });
  });
});

describe('event times', () => {
  const now = Date.parse('2026-11-23T09:00:00Z');

  it('reads RFC 3339 in any offset into one canonical UTC form', () => {
    expect(eventTime('2026-11-23T16:00:00+07:00', DEFAULT_EVENT_WINDOW, now)).toEqual({ occurredAt: '2026-11-23T09:00:00.000Z', ms: now });
    expect(eventTime('2026-11-23t08:59:59.999999999z', DEFAULT_EVENT_WINDOW, now)).toEqual({ occurredAt: '2026-11-23T08:59:59.999Z', ms: now - 1 });
    expect(eventTime('2024-02-29T23:30:00-00:30', DEFAULT_EVENT_WINDOW, now)).toMatchObject({ occurredAt: '2024-03-01T00:00:00.000Z' });
  });

  it.each([
    ['2016-12-31T23:59:60Z', 'must not be a leap second (23:59:60); send 23:59:59'],
    ['2026-02-30T10:00:00Z', 'must be a real date (2026-02-30 does not exist)'],
    ['2025-02-29T10:00:00Z', 'must be a real date (2025-02-29 does not exist)'],
    ['2026-11-23T24:00:00Z', 'must be a real time of day (24:00:00 does not exist)'],
    ['2026-11-23T09:00:00+24:00', 'must have a UTC offset from -23:59 to +23:59'],
    ['2026-11-23T09:00:00', 'must be a date-time such as 2026-11-23T09:00:00Z or 2026-11-23T16:00:00+07:00'],
  ])('refuses %s', (text, problem) => {
    expect(eventTime(text, DEFAULT_EVENT_WINDOW, now)).toEqual({ problem });
  });

  it('accepts from max age ago to max ahead, and nothing outside', () => {
    const w = { maxAgeDays: 10, maxAheadMinutes: 5 };
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(eventTime(iso(now - 10 * 86_400_000), w, now)).toHaveProperty('occurredAt');
    expect(eventTime(iso(now - 10 * 86_400_000 - 1), w, now)).toEqual({ problem: 'must be at most 10 days ago (not before 2026-11-13T09:00:00.000Z)' });
    expect(eventTime(iso(now + 5 * 60_000), w, now)).toHaveProperty('occurredAt');
    expect(eventTime(iso(now + 5 * 60_000 + 1), w, now)).toHaveProperty('problem');
    expect(eventTime('0001-01-01T00:00:00Z', w, now)).toHaveProperty('problem');
  });

  it('reads every instant of years 1–9999 in any offset as Date.parse does (property)', () => {
    const offset = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });
    fc.assert(fc.property(fc.date({ min: new Date('0001-01-02T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true }), offset, (d, off) => {
      const local = new Date(d.getTime() + off * 60_000).toISOString();
      const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
      const text = `${local.slice(0, 23)}${off < 0 ? '-' : '+'}${pad(Math.abs(off) / 60)}:${pad(Math.abs(off) % 60)}`;
      expect(readInstant(text)).toEqual({ ms: d.getTime() });
      expect(Date.parse(text)).toBe(d.getTime());
    }));
  });

  it('leaves spans nothing can last unmeasured, and unreadable times too', () => {
    const t = conversationTimings({ openedAt: '0001-01-01T00:00:00.000Z', firstCustomerMessageAt: '2016-12-31T23:59:60Z', firstAgentResponseAt: '2026-11-23T09:00:00.000Z', resolvedAt: '9999-12-31T23:59:59.000Z', waits: { count: 0, wallMs: 0, businessMs: 0 } }, ALWAYS_OPEN());
    expect(t).toEqual({ firstResponse: null, averageResponse: null, resolution: null });
  });
});

describe('first response and its SLA', () => {
  const policy: SlaPolicy = { firstResponseMinutes: 15, resolutionMinutes: 60, businessHours: false };
  const outcome = (events: StoredEvent[]) => {
    const timings = conversationTimings(foldConversation(events), ALWAYS_OPEN());
    return { timings, sla: slaOutcome(timings, policy) };
  };

  it('exists only after a customer message: an outbound conversation has none, and its SLA target is not applicable (not met)', () => {
    const outbound = outcome([ev('conversation.opened', 0), msg('agent', 1), msg('agent', 3), ev('conversation.resolved', 10)]);
    expect(outbound.timings.firstResponse).toBeNull();
    expect(outbound.sla).toEqual({ firstResponseMet: null, resolutionMet: true });
    const answered = outcome([ev('conversation.opened', 0), msg('agent', 1), msg('customer', 2), msg('agent', 20), ev('conversation.resolved', 30)]);
    expect(answered.timings.firstResponse!.wallMs).toBe(18 * 60_000);
    expect(answered.sla).toEqual({ firstResponseMet: false, resolutionMet: true });
  });

  it('never starts before the first customer message nor ends before it (property)', () => {
    // Distinct minutes: messages at the same instant are ordered by arrival, which this model leaves out.
    const senders = fc.uniqueArray(fc.tuple(fc.constantFrom('customer' as const, 'agent' as const, 'bot' as const), fc.integer({ min: 1, max: 500 })), { maxLength: 12, selector: ([, min]) => min });
    fc.assert(fc.property(senders, (messages) => {
      const events = [ev('conversation.opened', 0), ...messages.map(([sender, min]) => msg(sender, min)), ev('conversation.resolved', 600)];
      const state = foldConversation(events);
      const { timings, sla } = outcome(events);
      const customerAt = messages.filter(([sender]) => sender === 'customer').map(([, min]) => min);
      if (customerAt.length === 0) {
        expect(timings.firstResponse).toBeNull();
        expect(sla.firstResponseMet).toBeNull();
        return;
      }
      const first = Math.min(...customerAt);
      expect(state.firstCustomerMessageAt).toBe(at(first));
      const reply = messages.filter(([sender, min]) => sender === 'agent' && min > first).map(([, min]) => min);
      expect(timings.firstResponse?.wallMs ?? null).toBe(reply.length ? (Math.min(...reply) - first) * 60_000 : null);
      expect(sla.firstResponseMet).toBe(reply.length ? Math.min(...reply) - first <= 15 : null);
    }));
  });
});

function input(over: { trigger?: 'resolve' | 'manual'; settings?: (s: ReturnType<typeof defaultSurveySettings>) => void; conversation?: Partial<EligibilityInput['conversation']>; contact?: Partial<EligibilityInput['contact']>; now?: Date } = {}): EligibilityInput {
  const settings = defaultSurveySettings();
  over.settings?.(settings);
  return {
    trigger: over.trigger ?? 'resolve',
    settings,
    conversation: { id: 'c1', tags: [], customerMessages: 1, status: 'resolved', channelId: CH, resolvedAt: new Date(T0), surveyFlag: undefined, hasAgentMessage: true, alreadySurveyed: false, ...over.conversation },
    contact: { optedOut: false, locale: 'en', lastInvitationAt: null, ...over.contact },
    now: over.now ?? new Date(T0 + 60_000),
  };
}

describe('decideSurvey', () => {
  it('sends the enabled types of the channel, in the contact language, after the delay, valid for the expiry', () => {
    const d = decideSurvey(input({ settings: (s) => { s.nps.enabled = true; s.sending.delayMinutes = 15; s.sending.expiryHours = 48; } }));
    expect(d).toEqual({ send: true, types: ['csat', 'nps'], language: 'en', sendAfter: new Date(T0 + 16 * 60_000), expiresAt: new Date(T0 + 16 * 60_000 + 48 * 3600_000) });
  });

  it.each([
    ['not_resolved', input({ conversation: { status: 'open' } })],
    ['no_survey_for_channel', input({ settings: (s) => { s.csat.channelScope = 'selected'; s.csat.channelIds = [OTHER]; } })],
    ['no_survey_for_channel', input({ settings: (s) => { s.csat.enabled = false; } })],
    ['manual_not_requested', input({ settings: (s) => { s.sending.method = 'manual'; } })],
    ['suppressed_by_inbox', input({ conversation: { surveyFlag: false } })],
    ['opted_out', input({ contact: { optedOut: true } })],
    ['no_agent_message', input({ conversation: { hasAgentMessage: false } })],
    ['already_surveyed', input({ conversation: { alreadySurveyed: true } })],
    ['cooldown', input({ contact: { lastInvitationAt: new Date(T0 - 6 * 86400_000) } })],
    ['resolved_too_long_ago', input({ now: new Date(T0 + 25 * 3600_000) })],
  ])('skips with reason %s', (reason, i) => {
    expect(decideSurvey(i)).toEqual({ send: false, reason });
  });

  it('sends after the cooldown has passed, and with cooldown 0 always', () => {
    expect(decideSurvey(input({ contact: { lastInvitationAt: new Date(T0 - 7 * 86400_000) } })).send).toBe(true);
    expect(decideSurvey(input({ settings: (s) => { s.sending.cooldownDays = 0; }, contact: { lastInvitationAt: new Date(T0) } })).send).toBe(true);
  });

  it('lets an agent send manually whatever the method, without the delay, but never to an opted-out contact', () => {
    const manual = decideSurvey(input({ trigger: 'manual', settings: (s) => { s.sending.method = 'manual'; s.sending.delayMinutes = 30; }, now: new Date(T0 + 48 * 3600_000) }));
    expect(manual).toMatchObject({ send: true, sendAfter: new Date(T0 + 48 * 3600_000) });
    expect(decideSurvey(input({ trigger: 'manual', contact: { optedOut: true } }))).toEqual({ send: false, reason: 'opted_out' });
    expect(decideSurvey(input({ settings: (s) => { s.sending.method = 'manual'; }, conversation: { surveyFlag: true } })).send).toBe(true);
  });

  it('never sends to an opted-out contact or twice for one conversation, whatever else holds (property)', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.constantFrom('resolve' as const, 'manual' as const), fc.constantFrom('automatic' as const, 'manual' as const), fc.option(fc.boolean(), { nil: undefined }), fc.integer({ min: 0, max: 30 }), (optedOut, alreadySurveyed, trigger, method, surveyFlag, cooldownDays) => {
        const d = decideSurvey(input({ trigger, settings: (s) => { s.sending.method = method; s.sending.cooldownDays = cooldownDays; }, conversation: { alreadySurveyed, surveyFlag }, contact: { optedOut } }));
        if (optedOut || alreadySurveyed) expect(d.send).toBe(false);
        if (d.send) expect(d.expiresAt.getTime()).toBeGreaterThan(d.sendAfter.getTime());
      }),
    );
  });
});
