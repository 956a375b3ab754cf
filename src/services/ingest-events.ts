/**
 * `POST /api/v1/events`: applies a batch of conversation events in one transaction. A 2xx is sent only
 * after the commit, so an acknowledged event (and the invitation it caused) is never lost.
 */
import type { ConversationEvent } from '../domain/conversations/event-schema.js';
import { contactUpdate } from '../domain/conversations/contact.js';
import { DEFAULT_EVENT_WINDOW, eventTime, type EventWindow } from '../domain/conversations/event-time.js';
import { applyEvents, customerMessageCount, foldConversation, hasAgentMessage } from '../domain/conversations/fold.js';
import { settingsForDivision } from '../domain/settings/division-settings.js';
import { invalid, type ErrorDetail } from '../domain/errors.js';
import { checkAttributes, type ContactField } from '../domain/contacts/fields.js';
import { listContactFields } from '../store/contact-fields.js';
import type { AttributesUpdate } from '../store/conversations.js';
import type { Jobs } from '../jobs/queue.js';
import type { Keys } from '../lib/keys.js';
import { liveChannelIds } from '../store/channels.js';
import { insertNewEventsOf, loadEvents, lockConversations, saveConversationStates, upsertContact, lockContacts } from '../store/conversations.js';
import type { Transact } from '../store/group-commit.js';
import type { Db } from '../store/db.js';
import { existingDivisionIds, existingUserIds } from '../store/divisions.js';
import { cancelPending } from '../store/invitations.js';
import { getCurrentSettings } from '../store/survey-settings.js';
import { loadTimePolicies } from '../store/time-policies.js';
import { conversationTimings, slaOutcome } from '../domain/time/timings.js';
import { decideAndInvite } from './invite.js';
import { requestLabelAdded } from '../domain/eligibility.js';
import type { SurveySettings } from '../domain/settings/schema.js';
import type { ConversationState } from '../domain/conversations/fold.js';
import { surveyHistory } from '../store/invitations.js';
import type { Metrics } from '../lib/metrics.js';
import { maybeAutoReply } from './auto-responder.js';
import { resolveOrigin } from './auto-resolve.js';
import { noteForAllocation } from './allocation.js';
import { batchReads } from './intake-reads.js';

export interface IngestDeps {
  db: Db;
  keys: Keys;
  jobs: Jobs;
  /** How far from now `occurredAt` may lie (default DEFAULT_EVENT_WINDOW). */
  eventWindow?: EventWindow;
  /** Counts the events taken in. */
  metrics?: Metrics;
  /** Runs the batch's unit of work in a transaction (default its own; the route passes group commit for single events). */
  transact?: Transact;
}

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
async function checkEvents(db: Db, workspaceId: string, events: ConversationEvent[], window: EventWindow, nowMs: number, pathOf: (i: number) => string): Promise<{ checked: ConversationEvent[]; fields: ContactField[] }> {
  const channels = await liveChannelIds(db, workspaceId);
  const userIds = [...new Set(events.flatMap((e) => (e.conversation.agentId ? [e.conversation.agentId] : [])))];
  const users = await existingUserIds(db, workspaceId, userIds);
  const divisionIds = [...new Set(events.flatMap((e) => (e.conversation.divisionId ? [e.conversation.divisionId] : [])))];
  const divisions = await existingDivisionIds(db, workspaceId, divisionIds);
  const fields = events.some((e) => e.conversation.contact.attributes) ? await listContactFields(db, workspaceId) : [];
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
  return { checked, fields };
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
 * A request label added to a conversation resolved earlier (issue 15: Chatwoot's `conversation_updated`
 * with a label change) asks for its survey now, decided as at a resolve (eligibility, the link's life
 * since the resolve); once: nothing when the conversation has a survey already.
 */
async function labelAskedAfterResolve(trx: Db, settings: SurveySettings, conversationId: string, tagsBefore: string[] | null, fresh: ReadonlySet<string>, state: ConversationState, contactId: string): Promise<boolean> {
  if (state.status !== 'resolved' || !state.resolveEventId || fresh.has(state.resolveEventId)) return false;
  if (!tagsBefore || !requestLabelAdded(settings.sending, tagsBefore, state.tags)) return false;
  return !(await surveyHistory(trx, conversationId, contactId)).alreadySurveyed;
}

export async function ingestEvents(deps: IngestDeps, workspaceId: string, input: ConversationEvent[], batch: boolean) {
  const now = new Date();
  const { checked: events, fields } = await checkEvents(deps.db, workspaceId, input, deps.eventWindow ?? DEFAULT_EVENT_WINDOW, now.getTime(), (i) => (batch ? `${i}.` : ''));
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
  const transact: Transact = deps.transact ?? ((work) => deps.db.transaction().execute(work));
  await transact(async (trx) => {
    outcomes.length = 0; // a group commit may run this unit again (store/group-commit.ts)
    applied.clear();
    const { settings, version } = await getCurrentSettings(trx, workspaceId);
    const policies = await loadTimePolicies(trx, workspaceId);
    // A fixed order of locks (contacts, then conversations, each by id) keeps concurrent batches from
    // deadlocking.
    const contactIds = await lockContacts(trx, workspaceId, events.map((e) => e.conversation.contact.id));
    const newestOf = (group: ConversationEvent[]) => group.reduce((a, b) => (Date.parse(b.occurredAt) >= Date.parse(a.occurredAt) ? b : a));
    const externalIds = [...groups.keys()].sort();
    const locked = await lockConversations(trx, workspaceId, externalIds.map((externalId) => {
      const newest = newestOf(groups.get(externalId)!);
      return { externalId, channelId: newest.conversation.channelId, contactId: contactIds.get(newest.conversation.contact.id)! };
    }));
    const conversationOf = (externalId: string) => locked.get(externalId)!;
    const stored = await insertNewEventsOf(trx, workspaceId, externalIds.flatMap((externalId) => groups.get(externalId)!.map((event) => ({ conversationId: conversationOf(externalId).id, event }))));
    // Cooldown and "already surveyed" look at the contact's earlier invitations, so the conversations of
    // a batch are decided in the order their latest events happened, not in id order.
    const newestMs = new Map(externalIds.map((id) => [id, Date.parse(newestOf(groups.get(id)!).occurredAt)]));
    const byTime = externalIds.filter((id) => stored.has(conversationOf(id).id)).sort((a, b) => newestMs.get(a)! - newestMs.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
    const reads = batchReads(trx, workspaceId);

    // First every conversation's new state (and its contact), saved in one statement; then what they cause.
    const folded = [];
    for (const externalId of byTime) {
      const { id: conversationId, foldState } = conversationOf(externalId);
      const freshStored = stored.get(conversationId)!;
      const fresh = new Set(freshStored.map((e) => e.event.id));
      fresh.forEach((id) => applied.add(id));
      // New events on top of the stored state; the whole log only when one arrived before the newest applied.
      // The tags before the new events (a request label added after the resolve): the stored state's.
      let tagsBefore = foldState?.tags ?? null;
      let state = foldState && applyEvents(foldState, freshStored, policies.scheduleFor);
      if (!state) {
        const log = await loadEvents(trx, conversationId);
        state = foldConversation(log, policies.scheduleFor);
        const prior = log.filter((e) => !fresh.has(e.event.id));
        if (!foldState && prior.length) tagsBefore = foldConversation(prior, policies.scheduleFor).tags;
      }
      // The fields the new events send, at their latest value over the conversation: a name or locale
      // only the first event of a batch carries is kept, and a late event does not bring back an old one.
      const freshEvents = freshStored.map((e) => e.event);
      const contact = await upsertContact(trx, workspaceId, contactUpdate(state.contact, freshEvents), attributesUpdate(fields, freshEvents, state.contact.id));
      const timings = conversationTimings(state, policies.scheduleFor(state.divisionId));
      folded.push({ externalId, conversationId, fresh, freshEvents, tagsBefore, state, contact, timings, sla: slaOutcome(timings, policies.slaFor(state.divisionId)) });
    }
    await saveConversationStates(trx, folded.map((f) => ({ id: f.conversationId, contactId: f.contact.id, state: f.state, timings: f.timings, sla: f.sla })));

    for (const { externalId, conversationId, fresh, freshEvents: newEvents, tagsBefore, state, contact } of folded) {
      const outcome: ConversationOutcome = { conversationId: externalId, status: state.status };
      const customerWrote = newEvents.some((e) => e.type === 'message.created' && e.message?.sender === 'customer');
      // Inbox automation (docs/automation.md): whether a new resolve was nilai's auto resolve; the auto reply.
      const surveyFlag = await resolveOrigin(trx, workspaceId, conversationId, state, { resolve: state.status === 'resolved' && !!state.resolveEventId && fresh.has(state.resolveEventId), customer: customerWrote, reopen: newEvents.some((e) => e.type === 'conversation.reopened') }, reads.autoResolve);
      await maybeAutoReply(trx, deps.jobs, { workspaceId, conversationId, state, contact, customerWrote, surveySettings: settings, policies, now, responder: reads.autoResponder });
      await noteForAllocation(trx, deps.jobs, workspaceId, conversationId, state, reads.allocatingDivision);
      const freshResolve = state.status === 'resolved' && !!state.resolveEventId && fresh.has(state.resolveEventId);
      if (freshResolve || (await labelAskedAfterResolve(trx, settingsForDivision(settings, state.divisionId), conversationId, tagsBefore, fresh, state, contact.id))) {
        const r = await decideAndInvite(trx, deps, {
          workspaceId,
          trigger: 'resolve',
          settings: settingsForDivision(settings, state.divisionId),
          settingsVersion: version,
          conversation: { id: conversationId, ...state, surveyFlag, hasAgentMessage: hasAgentMessage(state), customerMessages: customerMessageCount(state) },
          contact,
          now,
        });
        if ('invitationId' in r) outcome.invitation = { id: r.invitationId, sendAfter: r.sendAfter.toISOString() };
        else outcome.skipped = r.skipped.reason;
      }
      if (state.status === 'open' && newEvents.some((e) => e.type === 'conversation.reopened')) {
        outcome.cancelledInvitations = await cancelPending(trx, { conversationId }, 'reopened');
      }
      outcomes.push(outcome);
    }
  });
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
