import { sql } from 'kysely';
import type { ConversationEvent } from '../domain/conversations/event-schema.js';
import type { ConversationState, StoredEvent } from '../domain/conversations/fold.js';
import type { SlaOutcome, Timings } from '../domain/time/timings.js';
import { named, statementCompiler, type Db } from './db.js';
import { sendVia, type Send } from './pipelined.js';
import type { Attributes } from '../domain/contacts/fields.js';

type Contact = Omit<ConversationEvent['conversation']['contact'], 'attributes'>;

/** Contact field values to set and keys to remove. */
export interface AttributesUpdate {
  set: Attributes;
  clear: string[];
}

/** A contact as intake reads and writes it: its fields and whether it opted out. */
export interface ContactRow {
  id: string;
  externalId: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  locale: string | null;
  handle: string | null;
  optedOut: boolean;
  attributes: Attributes;
}

/** The fields a contact is created with (lockBatch). */
export type NewContactFields = Pick<ContactRow, 'name' | 'phone' | 'email' | 'locale' | 'handle' | 'attributes'>;

/**
 * A locked contact after one upsert (as upsertContact does it in SQL): fields sent replace, fields not
 * sent are kept; attribute keys cleared are removed, then the ones set are merged in.
 */
export function mergeContact(row: ContactRow, c: Contact, attrs: AttributesUpdate): ContactRow {
  const attributes: Attributes = { ...row.attributes };
  for (const k of attrs.clear) delete attributes[k];
  Object.assign(attributes, attrs.set);
  return {
    ...row,
    name: c.name ?? row.name, phone: c.phone ?? row.phone, email: c.email ?? row.email, locale: c.locale ?? row.locale, handle: c.handle ?? row.handle, attributes,
  };
}

/** Whether a merged contact has the fields of the row as locked (no UPDATE needed). */
export function sameContact(a: ContactRow, b: ContactRow): boolean {
  if (a.name !== b.name || a.phone !== b.phone || a.email !== b.email || a.locale !== b.locale || a.handle !== b.handle) return false;
  const keys = Object.keys(a.attributes);
  return keys.length === Object.keys(b.attributes).length && keys.every((k) => Object.hasOwn(b.attributes, k) && a.attributes[k] === b.attributes[k]);
}

/**
 * The UPDATE of a batch's contacts as merged (mergeContact). The ids also as an array: joined only to
 * the recordset (estimated at 100 rows), the planner chose a hash join over a sequential scan of all the
 * contacts (EXPLAIN, 5,000 contacts: 0.6 of the statement's 1.1 ms, and growing with the table); `any`
 * on the key makes it an index scan of the batch's rows.
 */
function contactsUpdate(rows: ContactRow[]) {
  const list = rows.map((r) => ({ id: r.id, name: r.name, phone: r.phone, email: r.email, locale: r.locale, handle: r.handle, attributes: r.attributes }));
  return sql`
    update contacts c set name = n.name, phone = n.phone, email = n.email, locale = n.locale, handle = n.handle, attributes = n.attributes, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) n(id uuid, name text, phone text, email text, locale text, handle text, attributes jsonb)
    where c.id = n.id and c.id = any(${rows.map((r) => r.id)}::uuid[])`;
}


/** Creates or refreshes a contact by its inbox id; fields not sent are kept. */
export async function upsertContact(db: Db, workspaceId: string, c: Contact, attrs: AttributesUpdate = { set: {}, clear: [] }): Promise<{ id: string; optedOut: boolean; locale: string | null; attributes: Attributes }> {
  const r = await db
    .insertInto('contacts')
    .values({ workspace_id: workspaceId, external_id: c.id, name: c.name ?? null, phone: c.phone ?? null, email: c.email ?? null, locale: c.locale ?? null, handle: c.handle ?? null, attributes: JSON.stringify(attrs.set) })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'external_id']).doUpdateSet((eb) => ({
        name: eb.fn.coalesce('excluded.name', 'contacts.name'),
        phone: eb.fn.coalesce('excluded.phone', 'contacts.phone'),
        email: eb.fn.coalesce('excluded.email', 'contacts.email'),
        locale: eb.fn.coalesce('excluded.locale', 'contacts.locale'),
        handle: eb.fn.coalesce('excluded.handle', 'contacts.handle'),
        // Fields sent are set, fields sent as null removed, the others kept.
        attributes: sql`(contacts.attributes - ${attrs.clear}::text[]) || ${JSON.stringify(attrs.set)}::jsonb`,
        updated_at: new Date(),
      })),
    )
    .returning(['id', 'opted_out_at', 'locale', 'attributes'])
    .executeTakeFirstOrThrow();
  return { id: r.id, optedOut: r.opted_out_at !== null, locale: r.locale, attributes: r.attributes };
}

/**
 * Conversation rows (created on their first event), locked until the transaction ends in the order
 * given, with their folded state (null: new, or folded before states were kept): one statement, whose
 * no-op update on conflict takes each row lock. Intake no longer uses it (a row would be written twice:
 * lockBatch locks without a write); the demo loader does.
 */
async function lockConversations(db: Db, workspaceId: string, rows: { externalId: string; channelId: string; contactId: string }[]): Promise<Map<string, { id: string; foldState: ConversationState | null; created: boolean }>> {
  if (!rows.length) return new Map();
  const r = await db
    .insertInto('conversations')
    .values(rows.map((c) => ({ workspace_id: workspaceId, external_id: c.externalId, channel_id: c.channelId, contact_id: c.contactId, status: 'open' as const })))
    .onConflict((oc) => oc.columns(['workspace_id', 'external_id']).doUpdateSet({ updated_at: sql`conversations.updated_at` }))
    // xmax 0: inserted by this statement (a row that existed is updated, which sets xmax). A row this
    // transaction inserted and then updated has xmax 0 too: it has a fold state by then (a second
    // batch in one group commit), so a row without one is the only kind counted as created.
    .returning(['id', 'external_id', 'fold_state', sql<boolean>`xmax = 0 and fold_state is null`.as('created')])
    .execute();
  return new Map(r.map((c) => [c.external_id, { id: c.id, foldState: (c.fold_state as ConversationState | null) ?? null, created: c.created }]));
}

/** One conversation's row, as lockConversations. */
export async function lockConversation(db: Db, workspaceId: string, externalId: string, channelId: string, contactId: string): Promise<{ id: string; foldState: ConversationState | null; created: boolean }> {
  return (await lockConversations(db, workspaceId, [{ externalId, channelId, contactId }])).get(externalId)!;
}

/**
 * Inserts the events of a batch not seen before (by event id), each into its conversation, in one
 * statement; returns the new ones with their arrival order (`seq`), by conversation id.
 */
export async function insertNewEventsOf(db: Db, workspaceId: string, events: { conversationId: string; event: ConversationEvent }[]): Promise<Map<string, StoredEvent[]>> {
  if (!events.length) return new Map();
  const rows = await db
    .insertInto('events')
    .values(events.map(({ conversationId, event: e }) => ({ workspace_id: workspaceId, event_id: e.id, conversation_id: conversationId, type: e.type, occurred_at: e.occurredAt, payload: JSON.stringify(e) })))
    .onConflict((oc) => oc.columns(['workspace_id', 'event_id']).doNothing())
    .returning(['event_id', 'seq', 'conversation_id'])
    .execute();
  return storedByConversation(rows, events);
}

/** The events an INSERT stored (its RETURNING rows), in arrival order (`seq`), by conversation id. */
function storedByConversation(rows: { event_id: string; seq: number | string; conversation_id: string }[], sent: { event: ConversationEvent }[]): Map<string, StoredEvent[]> {
  const byId = new Map(sent.map((e) => [e.event.id, e.event]));
  const stored = new Map<string, StoredEvent[]>();
  for (const r of [...rows].sort((x, y) => Number(x.seq) - Number(y.seq))) {
    const list = stored.get(r.conversation_id) ?? [];
    list.push({ seq: Number(r.seq), event: byId.get(r.event_id)! });
    stored.set(r.conversation_id, list);
  }
  return stored;
}

/** Inserts events not seen before (by event id) and returns the new ones with their arrival order (`seq`). */
export async function insertNewEvents(db: Db, workspaceId: string, conversationId: string, events: ConversationEvent[]): Promise<StoredEvent[]> {
  return (await insertNewEventsOf(db, workspaceId, events.map((event) => ({ conversationId, event })))).get(conversationId) ?? [];
}

/**
 * A conversation's events, each with `occurredAt` as PostgreSQL read it: an event stored before times
 * were checked at intake may carry text other layers read differently (a leap second is NaN to
 * Date.parse), and the column is the one reading every later step must agree with.
 */
export async function loadEvents(db: Db, conversationId: string): Promise<StoredEvent[]> {
  return (await loadEventsOf(db, [conversationId])).get(conversationId) ?? [];
}

/** The events of several conversations (as loadEvents), in one statement, by conversation id. */
export async function loadEventsOf(db: Db, conversationIds: string[]): Promise<Map<string, StoredEvent[]>> {
  const logs = new Map<string, StoredEvent[]>();
  if (!conversationIds.length) return logs;
  const rows = await db.selectFrom('events').select(['conversation_id', 'seq', 'payload', 'occurred_at'])
    .where('conversation_id', '=', sql<string>`any(${conversationIds}::uuid[])`)
    .orderBy('conversation_id').orderBy('occurred_at').orderBy('seq').execute();
  for (const r of rows) {
    const event = r.payload as ConversationEvent;
    const at = r.occurred_at.getTime();
    const list = logs.get(r.conversation_id) ?? [];
    list.push({ seq: Number(r.seq), event: Number.isFinite(at) ? { ...event, occurredAt: new Date(at).toISOString() } : event });
    logs.set(r.conversation_id, list);
  }
  return logs;
}

/** A conversation's messages in time order (the conversation page), read from its events. */
export async function conversationMessages(db: Db, conversationId: string): Promise<{ at: string; sender: string }[]> {
  const rows = await db.selectFrom('events')
    .select(['occurred_at', sql<string | null>`payload->'message'->>'sender'`.as('sender')])
    .where('conversation_id', '=', conversationId).where('type', '=', 'message.created')
    .orderBy('occurred_at').orderBy('seq').execute();
  return rows.map((r) => ({ at: r.occurred_at.toISOString(), sender: r.sender ?? 'customer' }));
}

export interface FoldedConversation {
  id: string;
  /** The inbox's id of the conversation (the row's key with the workspace). */
  externalId: string;
  contactId: string;
  state: ConversationState;
  timings: Timings;
  sla: SlaOutcome;
  /** What the new events were, for the auto-resolve bookkeeping (store/inbox-actions noteResolveOrigin); absent: none. */
  fresh?: { resolve: boolean; customer: boolean; reopen: boolean };
  /** The row's auto-resolve fields as locked (lockBatch); absent: a new row. */
  locked?: Pick<LockedConversation, 'autoResolveRequestedAt' | 'autoResolved'>;
}

/** A conversation row as intake locks it: its id, folded state and auto-resolve fields. */
export interface LockedConversation {
  id: string;
  foldState: ConversationState | null;
  autoResolveRequestedAt: string | null;
  autoResolved: boolean;
  /** It has an allocation row (waiting for or holding an agent), as locked. */
  queued: boolean;
}

/** What lockBatch answers: the contacts and existing conversations locked, and the new events stored. */
export interface LockedBatch {
  contacts: Map<string, ContactRow & { created: boolean }>;
  /** The existing conversations by inbox id (a conversation not here is new: its events carry the id the batch chose). */
  conversations: Map<string, LockedConversation>;
  /** The events not seen before, with their arrival order, by conversation id. */
  stored: Map<string, StoredEvent[]>;
}

/**
 * Locks a batch's rows and stores its new events in one statement: the contacts (in id order; created
 * with `newContacts`' fields when new, else without), then the existing conversations (in id order, locked without a write: the
 * batch writes each once, saveConversationStates), then the events
 * not seen before, each into its conversation (an existing one's id, else `newId`). Each step reads all
 * of the one before (the counts), so every contact lock is taken before any conversation lock, and every
 * lock before any event is inserted (two batches sending one event id never wait for each other's
 * event while holding a lock the other needs). Every intake takes contact locks in one order before any
 * conversation lock, so two batches sharing contacts in crossed order wait for each other instead of
 * deadlocking.
 */
export async function lockBatch(send: Send, workspaceId: string, input: { contactIds: string[]; newContacts?: Map<string, NewContactFields>; conversationIds: string[]; events: { externalId: string; newId: string; event: ConversationEvent }[] }): Promise<LockedBatch> {
  const contactIds = [...new Set(input.contactIds)].sort();
  const newFields = contactIds.map((id) => input.newContacts?.get(id));
  const column = (k: Exclude<keyof NewContactFields, 'attributes'>) => newFields.map((f) => f?.[k] ?? null);
  const events = input.events.map(({ externalId, newId, event: e }, ord) => ({ ord, event_id: e.id, conversation: externalId, new_id: newId, type: e.type, occurred_at: e.occurredAt, payload: e }));
  const r = await send<{ k: unknown[] | null; c: unknown[] | null; e: unknown[] | null }>(named('nilai_lock_batch', sql`
    with k as (
      insert into contacts (workspace_id, external_id, name, phone, email, locale, handle, attributes)
      select ${workspaceId}::uuid, x, n, p, m, l, h, coalesce(a, '{}')
      from unnest(${contactIds}::text[], ${column('name')}::text[], ${column('phone')}::text[], ${column('email')}::text[], ${column('locale')}::text[], ${column('handle')}::text[], ${newFields.map((f) => (f ? JSON.stringify(f.attributes) : null))}::jsonb[]) with ordinality u(x, n, p, m, l, h, a, ord) order by ord
      on conflict (workspace_id, external_id) do update set external_id = excluded.external_id
      -- xmax 0: inserted by this statement (a row that existed is updated, which sets xmax).
      returning id, external_id, name, phone, email, locale, handle, opted_out_at is not null as opted_out, attributes, xmax = 0 as created
    ), c as (
      select id, external_id, fold_state, auto_resolve_requested_at, auto_resolved,
             exists (select from conversation_allocations a where a.conversation_id = conversations.id) as queued
      from conversations
      where workspace_id = ${workspaceId}::uuid and external_id = any(${input.conversationIds}::text[]) and (select count(*) from k) >= 0
      order by external_id for update
    ), e as (
      insert into events (workspace_id, event_id, conversation_id, type, occurred_at, payload)
      select ${workspaceId}::uuid, x.event_id, coalesce(c.id, x.new_id), x.type, x.occurred_at, x.payload
      from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) x(ord integer, event_id text, conversation text, new_id uuid, type text, occurred_at timestamptz, payload jsonb)
           left join c on c.external_id = x.conversation
      where (select count(*) from c) >= 0
      order by x.ord
      on conflict (workspace_id, event_id) do nothing
      returning event_id, seq, conversation_id
    )
    select (select json_agg(k) from k) as k, (select json_agg(c) from c) as c, (select json_agg(e) from e) as e`.compile(statementCompiler)));
  const row = r.rows[0]!;
  type K = { id: string; external_id: string; name: string | null; phone: string | null; email: string | null; locale: string | null; handle: string | null; opted_out: boolean; attributes: ContactRow['attributes']; created: boolean };
  type C = { id: string; external_id: string; fold_state: ConversationState | null; auto_resolve_requested_at: string | null; auto_resolved: boolean; queued: boolean };
  type E = { event_id: string; seq: number; conversation_id: string };
  const contacts = new Map(((row.k ?? []) as K[]).map((k) => [k.external_id, {
    id: k.id, externalId: k.external_id, name: k.name, phone: k.phone, email: k.email, locale: k.locale, handle: k.handle, optedOut: k.opted_out, attributes: k.attributes, created: k.created,
  }]));
  const conversations = new Map(((row.c ?? []) as C[]).map((c) => [c.external_id, {
    id: c.id, foldState: c.fold_state ?? null, autoResolveRequestedAt: c.auto_resolve_requested_at === null ? null : new Date(c.auto_resolve_requested_at).toISOString(), autoResolved: c.auto_resolved, queued: c.queued,
  }]));
  return { contacts, conversations, stored: storedByConversation((row.e ?? []) as E[], input.events) };
}

/**
 * Another transaction created a conversation this batch took for new (a concurrent first batch of the
 * same conversation, in another process or group): the batch must run again, and then finds the row.
 */
export class ConversationCreatedMeanwhile extends Error {
  constructor() {
    super('A conversation of the batch was created by a concurrent transaction; the batch runs again.');
  }
}

/**
 * The folded states of a batch's conversations, each row written once: inserted when new (under the id
 * the batch chose, which its events already carry), else updated, in one statement (both rollup triggers
 * count it, migrations 0038 and 0045). With the auto-resolve bookkeeping of noteResolveOrigin, computed
 * from the locked row: a fresh resolve is nilai's when nilai asked for it (and the mark is spent); a
 * fresh customer message or a reopen withdraws the request. Returns the conversations whose resolve in
 * force is an auto resolve that these events made. `contacts`: the batch's merged contacts, written by
 * the same statement (contactsUpdate). Throws ConversationCreatedMeanwhile when a row taken for new
 * exists under another id (the batch rolls back and runs again).
 */
export async function saveConversationStates(db: Db, workspaceId: string, list: FoldedConversation[], contacts: ContactRow[] = []): Promise<Set<string>> {
  const { auto, written } = sendConversationStates(sendVia(db), workspaceId, list, contacts);
  try {
    await written;
  } catch (err) {
    throw createdMeanwhile(err) ? new ConversationCreatedMeanwhile() : err;
  }
  return auto;
}

/** SQLSTATE of the statement of sendConversationStates when a row taken for new was created meanwhile (migration 0054). */
const CREATED_MEANWHILE = 'NL409';

/** Whether `err` says a conversation of the batch was created by a concurrent transaction (run the batch again). */
export const createdMeanwhile = (err: unknown): boolean => err instanceof ConversationCreatedMeanwhile || (err as { code?: string } | null)?.code === CREATED_MEANWHILE;

/**
 * saveConversationStates's statement, sent on `send` without waiting (store/pipelined): answers the
 * auto-resolved conversations at once (worked out from the locked rows) and the statement's answer, which
 * fails with SQLSTATE NL409 (createdMeanwhile) when a row taken for new exists under another id.
 */
export function sendConversationStates(send: Send, workspaceId: string, list: FoldedConversation[], contacts: ContactRow[] = []): { auto: Set<string>; written: Promise<unknown> } {
  if (!list.length) return { auto: new Set(), written: contacts.length ? send(contactsUpdate(contacts).compile(statementCompiler)) : Promise.resolve() };
  const auto = new Set<string>();
  // In inbox id order, as the locks were taken: two batches inserting the same new conversations wait
  // for each other in one order (no deadlock).
  const ordered = [...list].sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
  const rows = ordered.map(({ id, externalId, contactId, state: s, timings: t, sla, fresh: f, locked }) => {
    const noted = !!f && (f.resolve || f.customer || f.reopen);
    const onlyResolve = noted && f.resolve && !f.customer && !f.reopen;
    const requestedAt = locked?.autoResolveRequestedAt ?? null;
    const autoResolved = noted && (f.resolve || f.reopen) ? onlyResolve && requestedAt !== null : locked?.autoResolved ?? false;
    if (onlyResolve && autoResolved) auto.add(id);
    return {
      id,
      external_id: externalId,
      frt_ms: t.firstResponse?.wallMs ?? null,
      frt_business_ms: t.firstResponse?.businessMs ?? null,
      art_ms: t.averageResponse?.wallMs ?? null,
      art_business_ms: t.averageResponse?.businessMs ?? null,
      resolution_ms: t.resolution?.wallMs ?? null,
      resolution_business_ms: t.resolution?.businessMs ?? null,
      sla_first_response_met: sla.firstResponseMet,
      sla_resolution_met: sla.resolutionMet,
      channel_id: s.channelId,
      contact_id: contactId,
      agent_id: s.agentId,
      division_id: s.divisionId,
      tags: s.tags,
      status: s.status,
      opened_at: s.openedAt,
      first_customer_message_at: s.firstCustomerMessageAt,
      first_agent_response_at: s.firstAgentResponseAt,
      resolved_at: s.resolvedAt,
      reopen_count: s.reopenCount,
      last_customer_message_at: s.lastCustomerMessageAt,
      last_agent_message_at: s.lastAgentMessageAt,
      customer_waiting_since: s.waitingSince,
      customer_messages: s.messageCounts.customer,
      agent_messages: s.messageCounts.agent,
      fold_state: s,
      auto_resolve_requested_at: noted ? null : requestedAt,
      auto_resolved: autoResolved,
    };
  });
  // The rows as one jsonb array, read back with the table's own column types (jsonb_populate_recordset).
  // The contacts' UPDATE (contactsUpdate) rides along in the same statement, a round trip less: the rows
  // are locked already (lockBatch), and neither statement reads the other's table.
  const withContacts = contacts.length ? sql`with saved_contacts as (${contactsUpdate(contacts)})` : sql`with nothing as (select)`;
  const columns = ['frt_ms', 'frt_business_ms', 'art_ms', 'art_business_ms', 'resolution_ms', 'resolution_business_ms', 'sla_first_response_met', 'sla_resolution_met',
    'channel_id', 'contact_id', 'agent_id', 'division_id', 'tags', 'status', 'opened_at', 'first_customer_message_at', 'first_agent_response_at', 'resolved_at',
    'reopen_count', 'last_customer_message_at', 'last_agent_message_at', 'customer_waiting_since', 'customer_messages', 'agent_messages', 'fold_state',
    'auto_resolve_requested_at', 'auto_resolved'];
  const names = sql.join(columns.map((c) => sql.ref(c)));
  const fromNew = sql.join(columns.map((c) => sql.ref(`n.${c}`)));
  const set = sql.join(columns.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`));
  // A row found by the lock conflicts under its own id and is updated; a row taken for new but created
  // meanwhile by another transaction conflicts under another id: not updated, so not returned.
  // The count of rows written is checked by the statement itself (nilai_expect_count raises): the COMMIT
  // may be on its way behind it already.
  const written = send(named(contacts.length ? 'nilai_save_states_contacts' : 'nilai_save_states', sql`${withContacts}, saved as (
    insert into conversations as c (id, workspace_id, external_id, ${names})
    select n.id, ${workspaceId}::uuid, n.external_id, ${fromNew} from jsonb_populate_recordset(null::conversations, ${JSON.stringify(rows)}::jsonb) n
    on conflict (workspace_id, external_id) do update set ${set}, updated_at = now()
    where c.id = excluded.id
    returning c.id)
    select nilai_expect_count((select count(*) from saved), ${rows.length}, 'a conversation of the batch was created by a concurrent transaction', ${CREATED_MEANWHILE})`.compile(statementCompiler)));
  return { auto, written };
}

/** One conversation's folded state (as saveConversationStates, without auto-resolve bookkeeping). */
export async function saveConversationState(db: Db, workspaceId: string, c: Omit<FoldedConversation, 'fresh' | 'locked'>): Promise<void> {
  await saveConversationStates(db, workspaceId, [c]);
}

export interface ConversationRow {
  id: string;
  externalId: string;
  channelId: string;
  contactId: string;
  agentId: string | null;
  divisionId: string | null;
  tags: string[];
  status: 'open' | 'resolved';
  openedAt: string | null;
  firstCustomerMessageAt: string | null;
  firstAgentResponseAt: string | null;
  resolvedAt: string | null;
  reopenCount: number;
  messageCounts: { customer: number; agent: number };
  autoResolved: boolean;
}

export async function findConversation(db: Db, workspaceId: string, externalId: string, lock = false): Promise<ConversationRow | null> {
  let q = db.selectFrom('conversations')
    .select(['id', 'external_id', 'channel_id', 'contact_id', 'agent_id', 'division_id', 'tags', 'status', 'opened_at', 'first_customer_message_at', 'first_agent_response_at', 'resolved_at', 'reopen_count', 'customer_messages', 'agent_messages', 'auto_resolved'])
    .where('workspace_id', '=', workspaceId).where('external_id', '=', externalId);
  if (lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) return null;
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: r.id,
    externalId: r.external_id,
    channelId: r.channel_id,
    contactId: r.contact_id,
    agentId: r.agent_id,
    divisionId: r.division_id,
    tags: r.tags,
    status: r.status,
    openedAt: iso(r.opened_at),
    firstCustomerMessageAt: iso(r.first_customer_message_at),
    firstAgentResponseAt: iso(r.first_agent_response_at),
    resolvedAt: iso(r.resolved_at),
    reopenCount: r.reopen_count,
    messageCounts: { customer: r.customer_messages, agent: r.agent_messages },
    autoResolved: r.auto_resolved,
  };
}

export async function getContact(db: Db, id: string) {
  return db.selectFrom('contacts').select(['id', 'external_id', 'name', 'phone', 'email', 'locale', 'handle', 'opted_out_at', 'attributes']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** Sets or clears a contact's opt-out; returns null for an unknown contact. */
export async function setOptOut(db: Db, workspaceId: string, externalId: string, optedOut: boolean) {
  return db
    .updateTable('contacts')
    .set({ opted_out_at: optedOut ? sql`coalesce(opted_out_at, now())` : null, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('external_id', '=', externalId)
    .returning(['id', 'external_id', 'opted_out_at'])
    .executeTakeFirst();
}

/** Opts a contact out by nilai id (kept at the first opt-out time). */
export async function optOutContact(db: Db, contactId: string): Promise<void> {
  await db.updateTable('contacts').set({ opted_out_at: sql`coalesce(opted_out_at, now())`, updated_at: new Date() }).where('id', '=', contactId).execute();
}

/** A contact by its address in a chat channel: a WhatsApp number (the digits it may have been given as), a Telegram chat id, or the conversation it wrote in. */
export async function findContactByChatAddress(db: Db, workspaceId: string, by: { phones: string[] } | { handle: string } | { conversation: string }) {
  if ('conversation' in by) {
    return db.selectFrom('conversations').select('contact_id as id').where('workspace_id', '=', workspaceId).where('external_id', '=', by.conversation).executeTakeFirst();
  }
  let q = db.selectFrom('contacts').select(['id']).where('workspace_id', '=', workspaceId);
  q = 'phones' in by ? q.where(sql<string>`regexp_replace(phone, '\\D', '', 'g')`, 'in', by.phones) : q.where('handle', '=', by.handle);
  return q.orderBy('updated_at', 'desc').limit(1).executeTakeFirst();
}
