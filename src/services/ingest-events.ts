/**
 * `POST /api/v1/events`: applies a batch of conversation events in one transaction. A 2xx is sent only
 * after the commit, so an acknowledged event (and the invitation it caused) is never lost.
 */
import type { ConversationEvent } from '../domain/conversations/event-schema.js';
import { contactUpdate, mergeContact as mergeSent, type Contact } from '../domain/conversations/contact.js';
import { DEFAULT_EVENT_WINDOW, eventTime, type EventWindow } from '../domain/conversations/event-time.js';
import { applyEvents, customerMessageCount, foldConversation, hasAgentMessage } from '../domain/conversations/fold.js';
import { settingsForDivision } from '../domain/settings/division-settings.js';
import { invalid, type ErrorDetail } from '../domain/errors.js';
import { checkAttributes, type ContactField } from '../domain/contacts/fields.js';
import type { AttributesUpdate } from '../store/conversations.js';
import type { Jobs } from '../jobs/queue.js';
import type { Keys } from '../lib/keys.js';
import { randomUUID } from 'node:crypto';
import { createdMeanwhile, loadEventsOf, lockBatch, mergeContact, sameContact, sendConversationStates, upsertContact, type ContactRow, type NewContactFields } from '../store/conversations.js';
import { pipedTransaction, type Send } from '../store/pipelined.js';
import type { Db } from '../store/db.js';
import { existingDivisionIds, existingUserIds } from '../store/divisions.js';
import { cancelPendingOf, surveyHistories, surveyHistoriesByInboxIds } from '../store/invitations.js';
import { conversationTimings, slaOutcome } from '../domain/time/timings.js';
import { decideInvite, sendInvites, type InviteWrites } from './invite.js';
import { requestLabelAdded } from '../domain/eligibility.js';
import type { SurveySettings } from '../domain/settings/schema.js';
import type { ConversationState } from '../domain/conversations/fold.js';
import type { Metrics } from '../lib/metrics.js';
import { maybeAutoReply } from './auto-responder.js';
import { surveyFlagOf } from './auto-resolve.js';
import { noteForAllocations } from './allocation.js';
import { batchReads } from './intake-reads.js';
import { intakeConfig, type IntakeConfig } from './intake-config.js';

export interface IngestDeps {
  db: Db;
  keys: Keys;
  jobs: Jobs;
  /** How far from now `occurredAt` may lie (default DEFAULT_EVENT_WINDOW). */
  eventWindow?: EventWindow;
  /** Counts the events taken in. */
  metrics?: Metrics;
}

/** What eligibility and the auto reply read of a contact. */
type IntakeContact = Pick<ContactRow, 'id' | 'optedOut' | 'locale' | 'attributes'>;

export interface EventResult {
  id: string;
  status: 'applied' | 'duplicate';
}

export interface ConversationOutcome {
  conversationId: string;
  status: 'open' | 'resolved';
  invitation?: { id: string; sendAfter: string };
  skipped?: string;
  cancelledInvitations?: number;
}

/**
 * Every field error of the events at once (times out of bounds or unreadable, references to nothing),
 * or the events with `occurredAt` in canonical UTC form.
 */
async function checkEvents(db: Db, workspaceId: string, config: IntakeConfig, events: ConversationEvent[], window: EventWindow, nowMs: number, pathOf: (i: number) => string): Promise<ConversationEvent[]> {
  const { channels, fields } = config;
  const userIds = [...new Set(events.flatMap((e) => (e.conversation.agentId ? [e.conversation.agentId] : [])))];
  const users = await existingUserIds(db, workspaceId, userIds);
  const divisionIds = [...new Set(events.flatMap((e) => (e.conversation.divisionId ? [e.conversation.divisionId] : [])))];
  const divisions = await existingDivisionIds(db, workspaceId, divisionIds);
  const details: ErrorDetail[] = [];
  const checked = events.map((e, i) => {
    const c = e.conversation;
    const time = eventTime(e.occurredAt, window, nowMs);
    if ('problem' in time) details.push({ path: `${pathOf(i)}occurredAt`, message: time.problem });
    if (!channels.has(c.channelId)) details.push({ path: `${pathOf(i)}conversation.channelId`, message: 'No such channel in this workspace.' });
    if (c.agentId && !users.has(c.agentId)) details.push({ path: `${pathOf(i)}conversation.agentId`, message: 'No such user in this workspace.' });
    if (c.divisionId && !divisions.has(c.divisionId)) details.push({ path: `${pathOf(i)}conversation.divisionId`, message: 'No such division in this workspace.' });
    if (e.type === 'message.created' && !e.message) details.push({ path: `${pathOf(i)}message`, message: 'A message.created event needs message.sender.' });
    if (c.contact.attributes) details.push(...checkAttributes(fields, c.contact.attributes, `${pathOf(i)}conversation.contact.attributes`).problems);
    return 'problem' in time ? e : { ...e, occurredAt: time.occurredAt };
  });
  if (details.length) throw invalid(details, `${details.length} event field${details.length === 1 ? ' is' : 's are'} invalid.`);
  return checked;
}

/**
 * The contact field values new events send, applied in event time order (a later event's value wins
 * within the batch); values are already checked, so nothing is dropped here.
 */
function attributesUpdate(fields: ContactField[], events: ConversationEvent[], contactId: string): AttributesUpdate {
  const update: AttributesUpdate = { set: {}, clear: [] };
  const ordered = events.filter((e) => e.conversation.contact.id === contactId && e.conversation.contact.attributes).sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  for (const e of ordered) {
    const r = checkAttributes(fields, e.conversation.contact.attributes!, '');
    for (const k of r.clear) {
      delete update.set[k];
      if (!update.clear.includes(k)) update.clear.push(k);
    }
    for (const [k, v] of Object.entries(r.set)) {
      update.set[k] = v;
      update.clear = update.clear.filter((c) => c !== k);
    }
  }
  return update;
}

/**
 * The fields each contact of a batch gets when this batch creates it: what the merge below would give
 * a new contact (each conversation's fold of the contact, in the order of `byTime`, its events in time
 * order), so lockBatch inserts a new contact with them and the merge finds nothing to write — one write
 * of the row instead of an INSERT and an UPDATE. Only a shortcut: an existing contact is merged as ever,
 * and should this differ from the merge, the merge's UPDATE puts it right.
 */
function fieldsIfNew(fields: ContactField[], groups: Map<string, ConversationEvent[]>, order: string[]): Map<string, NewContactFields> {
  const out = new Map<string, NewContactFields>();
  for (const externalId of order) {
    const events = groups.get(externalId)!;
    const sorted = events.map((event, i) => ({ event, i })).sort((a, b) => Date.parse(a.event.occurredAt) - Date.parse(b.event.occurredAt) || a.i - b.i).map((x) => x.event);
    const folded = sorted.reduce<Contact | null>((known, e) => mergeSent(known, e.conversation.contact), null)!;
    const row = out.get(folded.id) ?? { name: null, phone: null, email: null, locale: null, handle: null, attributes: {} };
    const { id: _id, externalId: _externalId, optedOut: _optedOut, ...merged } = mergeContact({ ...row, id: '', externalId: folded.id, optedOut: false }, contactUpdate(folded, events), attributesUpdate(fields, events, folded.id));
    out.set(folded.id, merged);
  }
  return out;
}

/**
 * A request label added to a conversation resolved earlier (issue 15: Chatwoot's `conversation_updated`
 * with a label change) asks for its survey now, decided as at a resolve (eligibility, the link's life
 * since the resolve); once: not when the conversation has a survey already (checked by the caller).
 */
function labelAddedAfterResolve(settings: SurveySettings, tagsBefore: string[] | null, fresh: ReadonlySet<string>, state: ConversationState): boolean {
  if (state.status !== 'resolved' || !state.resolveEventId || fresh.has(state.resolveEventId)) return false;
  return !!tagsBefore && requestLabelAdded(settings.sending, tagsBefore, state.tags);
}

/** A request's events, checked, with the configuration they were checked against. */
export interface CheckedBatch {
  workspaceId: string;
  config: IntakeConfig;
  events: ConversationEvent[];
  now: Date;
  /**
   * Another batch ran earlier in the same transaction (a group commit of several configurations): rows
   * it inserted look inserted by this batch too, so no row counts as new (applyBatch reads what a new
   * contact or conversation could not have).
   */
  afterOthers?: boolean;
}

/** Reads the workspace's configuration and checks the events against it (every field error at once). */
export async function checkBatch(deps: Pick<IngestDeps, 'db' | 'eventWindow'>, workspaceId: string, input: ConversationEvent[], batch: boolean, knownVersion?: string): Promise<CheckedBatch> {
  const now = new Date();
  const config = await intakeConfig(deps.db, workspaceId, knownVersion);
  const events = await checkEvents(deps.db, workspaceId, config, input, deps.eventWindow ?? DEFAULT_EVENT_WINDOW, now.getTime(), (i) => (batch ? `${i}.` : ''));
  return { workspaceId, config, events, now };
}

/** What a batch did: the event ids stored by it, and per conversation its outcome and its causes. */
export interface AppliedBatch {
  applied: Set<string>;
  outcomes: ConversationOutcome[];
  /** Per conversation (inbox id): the event of the batch that caused its invitation or skip, and its reopen. */
  causes: Map<string, { resolveEventId: string | null; reopenEventId: string | null }>;
}

/** `knownVersion`: the workspace's config_version read at the start of the request (services/intake-config). */
export async function ingestEvents(deps: IngestDeps, workspaceId: string, input: ConversationEvent[], batch: boolean, knownVersion?: string) {
  const checked = await checkBatch(deps, workspaceId, input, batch, knownVersion);
  const { applied, outcomes } = await retryingRace(() => pipedTransaction(deps.db, (trx, send) => applyBatch(trx, send, deps, checked)));
  return resultsOf(deps, checked.events, applied, outcomes);
}

/**
 * Runs `work` (a whole transaction) again when a conversation it took for new was created meanwhile by
 * another transaction (store/conversations createdMeanwhile): the next run finds the row.
 */
export async function retryingRace<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!createdMeanwhile(err) || attempt >= 3) throw err;
    }
  }
}

/**
 * Applies checked events in the caller's transaction `trx`. Safe to run again in a new transaction (a
 * group commit does, store/group-commit.ts): everything it does is in `trx`.
 *
 * Pipelined (store/pipelined.ts): the statements whose answers it needs go through `trx` or are awaited;
 * its writes are sent on `send` and never awaited, so they go with the COMMIT behind them. In all: one
 * round trip for the locks, the new events and the survey histories, one for the writes and the COMMIT
 * (more only for a refold, an auto reply, allocation or a reopen). A write that fails makes the
 * transaction fail (its caller's pipedTransaction).
 */
export async function applyBatch(trx: Db, send: Send, deps: Pick<IngestDeps, 'keys' | 'jobs'>, { workspaceId, config, events, now, afterOthers }: CheckedBatch): Promise<AppliedBatch> {
  const { fields, policies, current: { settings, version } } = config;
  const groups = new Map<string, ConversationEvent[]>();
  const seen = new Set<string>();
  for (const e of events) {
    if (seen.has(e.id)) continue; // the same event twice in one batch counts once
    seen.add(e.id);
    const group = groups.get(e.conversation.id);
    if (group) group.push(e);
    else groups.set(e.conversation.id, [e]);
  }

  const outcomes: ConversationOutcome[] = [];
  const applied = new Set<string>();
  const causes: AppliedBatch['causes'] = new Map();
  // A fixed order of locks (contacts, then conversations, each by id) keeps concurrent batches from
  // deadlocking. The existing conversations are locked; a new one gets its id here, its events are
  // stored under it, and its row is written (once) with its folded state by saveConversationStates
  // (migration 0045). One statement (store/conversations lockBatch).
  const newestOf = (group: ConversationEvent[]) => group.reduce((a, b) => (Date.parse(b.occurredAt) >= Date.parse(a.occurredAt) ? b : a));
  const externalIds = [...groups.keys()].sort();
  const newIds = new Map(externalIds.map((externalId) => [externalId, randomUUID()]));
  const contactIds = events.map((e) => e.conversation.contact.id);
  const newestMs = new Map(externalIds.map((id) => [id, Date.parse(newestOf(groups.get(id)!).occurredAt)]));
  const inTimeOrder = (ids: string[]) => ids.sort((a, b) => newestMs.get(a)! - newestMs.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
  const locking = lockBatch(send, workspaceId, {
    contactIds,
    newContacts: fieldsIfNew(fields, groups, inTimeOrder([...externalIds])),
    conversationIds: externalIds,
    events: externalIds.flatMap((externalId) => groups.get(externalId)!.map((event) => ({ externalId, newId: newIds.get(externalId)!, event }))),
  });
  // The survey histories behind the locks, in the same round trip, when an event may ask for a survey (a
  // resolve, or tags: a request label): read by inbox id, as the locks have not answered yet.
  const early = events.some((e) => e.type === 'conversation.resolved' || e.conversation.tags) ? surveyHistoriesByInboxIds(send, workspaceId, externalIds, contactIds) : null;
  early?.catch(() => undefined); // awaited below when needed; the transaction fails with it anyway
  const { contacts, conversations: found, stored } = await locking;
  const locked = new Map(externalIds.map((externalId) => {
    const row = found.get(externalId);
    return [externalId, row ? { ...row, created: false } : { id: newIds.get(externalId)!, foldState: null, autoResolveRequestedAt: null, autoResolved: false, queued: false, created: true }];
  }));
  const conversationOf = (externalId: string) => locked.get(externalId)!;
  // Rows this batch inserted: a new contact has no invitations yet, a new conversation neither, nor an
  // allocation (only this batch could have queued it, at its end).
  const newContacts = new Set(afterOthers ? [] : [...contacts.values()].filter((c) => c.created).map((c) => c.id));
  const newConversations = new Set([...locked.values()].filter((c) => c.created).map((c) => c.id));
  // Cooldown and "already surveyed" look at the contact's earlier invitations, so the conversations of
  // a batch are decided in the order their latest events happened, not in id order.
  const byTime = inTimeOrder(externalIds.filter((id) => stored.has(conversationOf(id).id)));
  const reads = batchReads(config);

  // New events on top of the stored state; the whole log only when one arrived before the newest
  // applied, or the conversation has no stored state: those logs in one read for the batch (a conversation
  // this batch created has no events but the batch's own: no need to read them back).
  // These loops need no round trip per conversation: they give the event loop a turn now and then, so
  // a batch of heavy conversations (business time over years) does not hold up other requests.
  let yieldedAt = performance.now();
  const breathe = async () => {
    if (performance.now() - yieldedAt > 10) {
      await new Promise((r) => setImmediate(r));
      yieldedAt = performance.now();
    }
  };
  const incremental = new Map<string, ConversationState | null>();
  for (const externalId of byTime) {
    await breathe();
    const { id, foldState } = conversationOf(externalId);
    incremental.set(externalId, foldState && applyEvents(foldState, stored.get(id)!, policies.scheduleFor));
  }
  const logs = await loadEventsOf(trx, byTime.filter((id) => !incremental.get(id) && !conversationOf(id).created).map((id) => conversationOf(id).id));
  // First every conversation's new state and its contact (each contact merged in memory from its locked
  // row, in the order above), saved in one statement each; then what they cause.
  const merged = new Map<string, ContactRow>();
  const folded = [];
  for (const externalId of byTime) {
    await breathe();
    const { id: conversationId, foldState, created } = conversationOf(externalId);
    const freshStored = stored.get(conversationId)!;
    const fresh = new Set(freshStored.map((e) => e.event.id));
    fresh.forEach((id) => applied.add(id));
    // The tags before the new events (a request label added after the resolve): the stored state's.
    let tagsBefore = foldState?.tags ?? null;
    let state = incremental.get(externalId);
    if (!state) {
      const log = created ? freshStored : logs.get(conversationId) ?? [];
      state = foldConversation(log, policies.scheduleFor);
      const prior = log.filter((e) => !fresh.has(e.event.id));
      if (!foldState && prior.length) tagsBefore = foldConversation(prior, policies.scheduleFor).tags;
    }
    // The fields the new events send, at their latest value over the conversation: a name or locale
    // only the first event of a batch carries is kept, and a late event does not bring back an old one.
    const freshEvents = freshStored.map((e) => e.event);
    const update = contactUpdate(state.contact, freshEvents);
    const attrs = attributesUpdate(fields, freshEvents, state.contact.id);
    const before = merged.get(state.contact.id) ?? contacts.get(state.contact.id);
    let contact: IntakeContact;
    if (before) merged.set(state.contact.id, (contact = mergeContact(before, update, attrs)));
    else contact = await upsertContact(trx, workspaceId, update, attrs); // a contact only earlier events name (a refold): alone
    const timings = conversationTimings(state, policies.scheduleFor(state.divisionId));
    const freshResolve = state.status === 'resolved' && !!state.resolveEventId && fresh.has(state.resolveEventId);
    const flags = { resolve: freshResolve, customer: freshEvents.some((e) => e.type === 'message.created' && e.message?.sender === 'customer'), reopen: freshEvents.some((e) => e.type === 'conversation.reopened') };
    causes.set(externalId, { resolveEventId: freshResolve ? state.resolveEventId : null, reopenEventId: [...freshEvents].reverse().find((e) => e.type === 'conversation.reopened')?.id ?? null });
    const division = settingsForDivision(settings, state.divisionId);
    const labelAsks = !freshResolve && labelAddedAfterResolve(division, tagsBefore, fresh, state);
    folded.push({ externalId, conversationId, created, flags, labelAsks, division, state, contact, timings, sla: slaOutcome(timings, policies.slaFor(state.divisionId)) });
  }
  const { auto: autoResolved } = sendConversationStates(send, workspaceId, folded.map((f) => ({
    id: f.conversationId, externalId: f.externalId, contactId: f.contact.id, state: f.state, timings: f.timings, sla: f.sla, fresh: f.flags, locked: f.created ? undefined : conversationOf(f.externalId),
  })), [...merged].filter(([externalId, row]) => !sameContact(row, contacts.get(externalId)!)).map(([, row]) => row)); // unchanged contacts are not written
  // Only a conversation with an allocation row as locked has one to release (rows are queued under the lock).
  await noteForAllocations(trx, deps.jobs, workspaceId, folded.map((f) => ({ conversationId: f.conversationId, state: f.state, queuedBefore: conversationOf(f.externalId).queued })), reads.allocatingDivision);

  // Surveys: every history the batch needs in one read, then kept up to date in memory as the batch's
  // own invitations are decided (a contact's second conversation of a batch meets the cooldown).
  const asking = folded.filter((f) => f.flags.resolve || f.labelAsks);
  // The early read covers the batch's contacts; a refold's contact that only earlier events name is read now.
  const lockedContacts = new Set([...contacts.values()].map((c) => c.id));
  const history = early && asking.every((f) => lockedContacts.has(f.contact.id))
    ? await early
    : await surveyHistories(trx, asking.map((f) => f.conversationId).filter((id) => !newConversations.has(id)), asking.map((f) => f.contact.id).filter((id) => !newContacts.has(id)));
  const writes: InviteWrites = { invitations: [], skips: [] };
  const reopened: { outcome: ConversationOutcome; conversationId: string }[] = [];
  for (const { externalId, conversationId, flags, labelAsks, division, state, contact } of folded) {
    const outcome: ConversationOutcome = { conversationId: externalId, status: state.status };
    // Inbox automation (docs/automation.md): whether a new resolve was nilai's auto resolve; the auto reply.
    const surveyFlag = await surveyFlagOf(autoResolved.has(conversationId), state, reads.autoResolve);
    await maybeAutoReply(trx, deps.jobs, { workspaceId, conversationId, state, contact, customerWrote: flags.customer, surveySettings: settings, policies, now, responder: reads.autoResponder });
    if (flags.resolve || (labelAsks && !history.surveyed.has(conversationId))) {
      const r = decideInvite(deps.keys, {
        workspaceId,
        trigger: 'resolve',
        settings: division,
        settingsVersion: version,
        conversation: { id: conversationId, ...state, surveyFlag, hasAgentMessage: hasAgentMessage(state), customerMessages: customerMessageCount(state) },
        contact,
        now,
      }, { alreadySurveyed: history.surveyed.has(conversationId), lastInvitationAt: history.lastAt.get(contact.id) ?? null }, writes);
      if ('invitationId' in r) {
        outcome.invitation = { id: r.invitationId, sendAfter: r.sendAfter.toISOString() };
        history.surveyed.add(conversationId);
        const last = history.lastAt.get(contact.id);
        if (!last || last < now) history.lastAt.set(contact.id, now);
      } else outcome.skipped = r.skipped.reason;
    }
    if (state.status === 'open' && flags.reopen) reopened.push({ outcome, conversationId });
    outcomes.push(outcome);
  }
  // Not awaited: the transaction's COMMIT goes right behind them (a failure fails the transaction).
  for (const answer of sendInvites(send, deps.jobs, writes)) answer.catch(() => undefined);
  const cancelled = await cancelPendingOf(trx, reopened.map((r) => r.conversationId), 'reopened');
  for (const r of reopened) r.outcome.cancelledInvitations = cancelled.get(r.conversationId) ?? 0;
  return { applied, outcomes, causes };
}

/** The answer to a request: each event applied or a duplicate, and the conversations' outcomes. */
export function resultsOf(deps: Pick<IngestDeps, 'metrics'>, events: ConversationEvent[], applied: ReadonlySet<string>, outcomes: ConversationOutcome[]) {
  // The same id twice in one batch: only its first occurrence is "applied".
  const reported = new Set<string>();
  const results = events.map((e): EventResult => {
    const first = !reported.has(e.id);
    reported.add(e.id);
    return { id: e.id, status: first && applied.has(e.id) ? 'applied' : 'duplicate' };
  });
  for (const r of results) deps.metrics?.eventsIngested.inc({ status: r.status });
  return { results, conversations: outcomes };
}
