import { sql } from 'kysely';
import { named, prepared, statementCompiler, type Db } from './db.js';
import { sendVia, type Send } from './pipelined.js';
import { secretReads, type BatchedReads } from './batched-reads.js';
import type { InvitationsTable, InvitationStatus } from './types.js';
import type { Insertable } from 'kysely';

/** Statuses that count as "surveyed" for the already-surveyed and cooldown rules. */
const COUNTING: InvitationStatus[] = ['scheduled', 'sending', 'sent', 'delivered', 'answered', 'expired'];

export async function surveyHistory(db: Db, conversationId: string, contactId: string) {
  const r = await db
    .selectFrom('invitations')
    .select((eb) => [
      eb.fn.max('created_at').filterWhere('contact_id', '=', contactId).as('last_at'),
      eb.fn.countAll<number>().filterWhere('conversation_id', '=', conversationId).as('for_conversation'),
    ])
    .where((eb) => eb.or([eb('contact_id', '=', contactId), eb('conversation_id', '=', conversationId)]))
    .where('status', 'in', COUNTING)
    .executeTakeFirstOrThrow();
  return { alreadySurveyed: Number(r.for_conversation) > 0, lastInvitationAt: r.last_at ? new Date(r.last_at) : null };
}

export interface SurveyHistories {
  /** The newest counting invitation of each contact asked about. */
  lastAt: Map<string, Date>;
  /** Conversations asked about that have a counting invitation. */
  surveyed: Set<string>;
}

/** surveyHistory for a batch's conversations and contacts at once, in one statement. */
export async function surveyHistories(db: Db, conversationIds: string[], contactIds: string[]): Promise<SurveyHistories> {
  if (!conversationIds.length && !contactIds.length) return { lastAt: new Map(), surveyed: new Set() };
  return historiesOf(await sendVia(db)<HistoryRow>(sql`
    select 'contact' as kind, contact_id as id, max(created_at) as last_at from invitations
      where contact_id = any(${contactIds}::uuid[]) and status = any(${COUNTING}::text[]) group by contact_id
    union all
    select distinct 'conversation', conversation_id, null::timestamptz from invitations
      where conversation_id = any(${conversationIds}::uuid[]) and status = any(${COUNTING}::text[])`.compile(statementCompiler)));
}

/**
 * The same by the inbox ids of conversations and contacts of a workspace, sent on `send` without waiting
 * (behind the statement that locks and creates them: intake reads it in the same round trip). Each
 * contact's and conversation's invitations are read by a subquery of its own (their indexes, whatever
 * the plan): the statement is prepared, and its generic plan for the earlier form (invitations whose ids
 * are in `array(select …)`) cost 3-5 ms a batch of 25 conversations against under 0.8 ms custom-planned
 * (bench/events-batched-profile.ts, pg_stat_statements), and as a semi-join the planner scanned every
 * invitation.
 */
export function surveyHistoriesByInboxIds(send: Send, workspaceId: string, conversationIds: string[], contactIds: string[]): Promise<SurveyHistories> {
  return send<HistoryRow>(named('nilai_survey_histories', sql`
    select kind, id, last_at from (
      select 'contact' as kind, c.id, (select max(i.created_at) from invitations i where i.contact_id = c.id and i.status = any(${COUNTING}::text[])) as last_at
        from contacts c where c.workspace_id = ${workspaceId}::uuid and c.external_id = any(${contactIds}::text[])
      union all
      select 'conversation', c.id, (select max(i.created_at) from invitations i where i.conversation_id = c.id and i.status = any(${COUNTING}::text[]))
        from conversations c where c.workspace_id = ${workspaceId}::uuid and c.external_id = any(${conversationIds}::text[])
      offset 0
    ) h where last_at is not null`.compile(statementCompiler))).then(historiesOf);
}

type HistoryRow = { kind: 'contact' | 'conversation'; id: string; last_at: Date | null };

function historiesOf({ rows }: { rows: HistoryRow[] }): SurveyHistories {
  const out: SurveyHistories = { lastAt: new Map(), surveyed: new Set() };
  for (const r of rows) {
    if (r.kind === 'contact') out.lastAt.set(r.id, new Date(r.last_at!));
    else out.surveyed.add(r.id);
  }
  return out;
}

export async function insertInvitation(db: Db, row: Insertable<InvitationsTable>): Promise<void> {
  await insertInvitations(db, [row]);
}

/** A batch's invitations in one statement. */
export async function insertInvitations(db: Db, rows: Insertable<InvitationsTable>[]): Promise<void> {
  await sendInvitations(sendVia(db), rows);
}

/**
 * The same sent on `send` without waiting (store/pipelined). Rows of intake's shape (INTAKE_COLUMNS, as
 * services/invite makes them) go as one JSON parameter of one prepared statement, whatever their number:
 * a multi-row VALUES differs by row count, so PostgreSQL planned it on every batch (0.38 ms a statement
 * for a group of single events, pg_stat_statements). Any other shape goes as a multi-row INSERT.
 */
export function sendInvitations(send: Send, rows: Insertable<InvitationsTable>[]): Promise<unknown> {
  if (!rows.length) return Promise.resolve();
  if (!rows.every(hasIntakeShape)) return send(statementCompiler.insertInto('invitations').values(rows).compile());
  const json = JSON.stringify(rows.map((r) => ({ ...r, token_hash: (r.token_hash as Buffer).toString('hex') })));
  return send({ name: 'nilai_insert_invitations', sql: INSERT_INTAKE_INVITATIONS, parameters: [json] });
}

/** The columns of an invitation intake makes, with their types. */
const INTAKE_COLUMNS = {
  id: 'uuid', workspace_id: 'uuid', conversation_id: 'uuid', contact_id: 'uuid', channel_id: 'uuid', token_hash: 'text',
  survey_types: 'text[]', settings_version: 'integer', language: 'text', trigger: 'text', status: 'text',
  send_after: 'timestamptz', expires_at: 'timestamptz', agent_id: 'uuid', division_id: 'uuid', tags: 'text[]',
} as const;
const intakeKeys = Object.keys(INTAKE_COLUMNS);
const hasIntakeShape = (row: object) => {
  const keys = Object.keys(row);
  return keys.length === intakeKeys.length && keys.every((k) => k in INTAKE_COLUMNS) && Buffer.isBuffer((row as { token_hash?: unknown }).token_hash);
};
const INSERT_INTAKE_INVITATIONS = `insert into invitations (${intakeKeys.join(', ')})
  select ${intakeKeys.map((k) => (k === 'token_hash' ? "decode(token_hash, 'hex')" : k)).join(', ')}
  from jsonb_to_recordset($1::jsonb) as x(${Object.entries(INTAKE_COLUMNS).map(([k, t]) => `${k} ${t}`).join(', ')})`;

export interface SkipRow { workspace_id: string; conversation_id: string; channel_id: string; trigger: string; reason: string; settings_version: number }

/** A batch's recorded skips in one statement. */
export async function recordSkips(db: Db, rows: SkipRow[]): Promise<void> {
  await sendSkips(sendVia(db), rows);
}

/** The same sent on `send` without waiting (store/pipelined). */
export function sendSkips(send: Send, rows: SkipRow[]): Promise<unknown> {
  return rows.length ? send(statementCompiler.insertInto('survey_skips').values(rows).compile()) : Promise.resolve();
}

const REMINDER_DROPPED: Record<string, string> = { reopened: 'The conversation was reopened.', opted_out: 'The contact opted out of surveys.' };

/**
 * Cancels invitations not yet sent (a reopened conversation, an opted-out contact), and the reminders
 * not yet sent of those already sent. Returns the number of invitations cancelled.
 */
export async function cancelPending(db: Db, where: { conversationId?: string; contactId?: string }, reason: string): Promise<number> {
  let q = db.updateTable('invitations').set({ status: 'cancelled', status_reason: reason, updated_at: new Date() }).where('status', '=', 'scheduled');
  let reminders = db.updateTable('invitations').set({ reminder_status: 'skipped', reminder_reason: REMINDER_DROPPED[reason] ?? reason }).where('reminder_status', 'in', ['due', 'queued']);
  if (where.conversationId) {
    q = q.where('conversation_id', '=', where.conversationId);
    reminders = reminders.where('conversation_id', '=', where.conversationId);
  }
  if (where.contactId) {
    q = q.where('contact_id', '=', where.contactId);
    reminders = reminders.where('contact_id', '=', where.contactId);
  }
  const r = await q.executeTakeFirst();
  await reminders.execute();
  return Number(r.numUpdatedRows);
}

/** cancelPending for several conversations at once (two statements): the number cancelled per conversation. */
export async function cancelPendingOf(db: Db, conversationIds: string[], reason: string): Promise<Map<string, number>> {
  const counts = new Map(conversationIds.map((id) => [id, 0]));
  if (!conversationIds.length) return counts;
  const rows = await db.updateTable('invitations').set({ status: 'cancelled', status_reason: reason, updated_at: new Date() })
    .where('status', '=', 'scheduled').where('conversation_id', 'in', conversationIds).returning('conversation_id').execute();
  for (const r of rows) counts.set(r.conversation_id!, (counts.get(r.conversation_id!) ?? 0) + 1);
  await db.updateTable('invitations').set({ reminder_status: 'skipped', reminder_reason: REMINDER_DROPPED[reason] ?? reason })
    .where('reminder_status', 'in', ['due', 'queued']).where('conversation_id', 'in', conversationIds).execute();
  return counts;
}

const invitationColumns = [
  'id', 'workspace_id', 'conversation_id', 'contact_id', 'channel_id', 'survey_types', 'settings_version', 'language', 'trigger', 'status',
  'status_reason', 'send_after', 'expires_at', 'attempts', 'sent_at', 'delivered_at', 'opened_at', 'answered_at', 'created_at', 'chat_address',
  'agent_id', 'division_id', 'tags', 'reminder_status', 'reminder_due_at', 'reminded_at', 'reminder_reason', 'source', 'page_url', 'broadcast_id',
] as const;

export type InvitationRow = Awaited<ReturnType<typeof getInvitation>>;

/**
 * The columns a survey in progress needs (its page, its answers, a chat reply to it): about half of the
 * invitation's, so the page's read parses 2 timestamps instead of 8 (measured, 15 rows a statement:
 * 222 µs of node's CPU against 277-349 µs with every column, and 298 µs against 363-396 µs until the answer).
 */
export const surveyColumns = [
  'id', 'workspace_id', 'conversation_id', 'contact_id', 'channel_id', 'survey_types', 'settings_version', 'language', 'status',
  'expires_at', 'opened_at', 'agent_id', 'division_id', 'tags', 'source', 'page_url',
] as const satisfies readonly (typeof invitationColumns)[number][];

export type SurveyInvitation = Pick<NonNullable<InvitationRow>, (typeof surveyColumns)[number]>;

export async function getInvitation(db: Db, id: string, lock = false) {
  let q = db.selectFrom('invitations').select(invitationColumns).where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findInvitationByToken(db: Db, tokenHash: Buffer, lock = false) {
  let q = db.selectFrom('invitations').select(invitationColumns).where('token_hash', '=', tokenHash);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * The survey page's one lookup: invitations by their token hashes (unique index) with their answers so
 * far, gathered by the same statement (responses by invitation: unique index). One statement (prepared)
 * for all the page views that arrive together (BatchedReads).
 */
const surveysByTokens = prepared('surveys_by_tokens', (db, tokenHashes: Buffer[]) => db
  .selectFrom('invitations')
  .select(surveyColumns)
  .select(sql<string>`encode(token_hash, 'hex')`.as('token_hex'))
  .select((eb) => eb.fn.coalesce(
    eb.selectFrom('responses')
      .select(sql<AnswerRow[]>`json_agg(json_build_object('survey_type', survey_type, 'score', score, 'follow_up_text', follow_up_text, 'follow_up_skipped', follow_up_skipped))`.as('a'))
      .whereRef('responses.invitation_id', '=', 'invitations.id'),
    sql<AnswerRow[]>`'[]'::json`,
  ).as('answers'))
  .where('token_hash', '=', sql<Buffer>`any(${tokenHashes}::bytea[])`), [[]]);

type SurveyRow = Awaited<ReturnType<typeof surveysByTokens>>[number];
const surveyReads = new WeakMap<Db, BatchedReads<string, SurveyRow>>();

/**
 * The invitation a survey link's token opens, with its answers so far. Views of one link that arrive
 * together are one key of the batch (store/batched-reads secretReads), so its token is hashed once for
 * them all, and they share the row read (nothing changes it: callers read it only).
 */
export async function findSurveyByToken(db: Db, token: string): Promise<{ invitation: SurveyInvitation; answers: AnswerRow[] } | undefined> {
  let reads = surveyReads.get(db);
  if (!reads) surveyReads.set(db, (reads = secretReads((hashes) => surveysByTokens(db, hashes), (r) => r.token_hex)));
  const row = await reads.load(token);
  return row && { invitation: row, answers: row.answers };
}

export interface AnswerRow { survey_type: 'csat' | 'ces' | 'nps'; score: number; follow_up_text: string | null; follow_up_skipped: boolean }

export async function setInvitationStatus(
  db: Db,
  id: string,
  status: InvitationStatus,
  extra: { reason?: string | null; sentAt?: Date; deliveredAt?: Date; answeredAt?: Date; attempts?: number; chatAddress?: string; /** Change it only while it is in this status. */ onlyFrom?: InvitationStatus } = {},
): Promise<void> {
  let q = db
    .updateTable('invitations')
    .set({
      status,
      ...(extra.reason !== undefined && { status_reason: extra.reason }),
      ...(extra.sentAt && { sent_at: extra.sentAt }),
      ...(extra.deliveredAt && { delivered_at: extra.deliveredAt }),
      ...(extra.answeredAt && { answered_at: extra.answeredAt }),
      ...(extra.attempts !== undefined && { attempts: extra.attempts }),
      ...(extra.chatAddress !== undefined && { chat_address: extra.chatAddress }),
      updated_at: new Date(),
    })
    .where('id', '=', id);
  if (extra.onlyFrom) q = q.where('status', '=', extra.onlyFrom);
  await q.execute();
}

export async function markOpened(db: Db, id: string): Promise<void> {
  await db.updateTable('invitations').set({ opened_at: sql`coalesce(opened_at, now())` }).where('id', '=', id).execute();
}

/** Invitations whose link lifetime is over become `expired` (idempotent; safe from several processes). */
export async function expireInvitations(db: Db, now = new Date()): Promise<number> {
  const r = await db
    .updateTable('invitations')
    .set({ status: 'expired', updated_at: now })
    .where('status', 'in', ['scheduled', 'sending', 'sent', 'delivered'])
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function listConversationInvitations(db: Db, conversationId: string) {
  return db.selectFrom('invitations').select(invitationColumns).where('conversation_id', '=', conversationId).orderBy('created_at').execute();
}

export async function listConversationSkips(db: Db, conversationId: string) {
  return db.selectFrom('survey_skips').select(['trigger', 'reason', 'settings_version', 'created_at']).where('conversation_id', '=', conversationId).orderBy('created_at').execute();
}

/** The newest invitation sent to a chat address on a channel that may still take answers. */
export async function findOpenChatInvitation(db: Db, channelId: string, address: string, lock = false) {
  let q = db.selectFrom('invitations').select(invitationColumns)
    .where('channel_id', '=', channelId).where('chat_address', '=', address)
    .where('status', 'in', ['sent', 'delivered', 'answered']).where('expires_at', '>', new Date())
    .orderBy('created_at', 'desc').limit(1);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The contact of the newest invitation sent to a chat address, whatever its state. */
export async function contactOfChatAddress(db: Db, channelId: string, address: string) {
  return db.selectFrom('invitations').select(['contact_id', 'language'])
    .where('channel_id', '=', channelId).where('chat_address', '=', address)
    .orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

/** Marks a sent invitation delivered (never moves an answered or final one back). */
export async function markDelivered(db: Db, id: string, at = new Date()): Promise<void> {
  await db.updateTable('invitations').set({ status: 'delivered', delivered_at: at, updated_at: at }).where('id', '=', id).where('status', '=', 'sent').execute();
}

/** A provider reported that the survey never reached the customer. */
export async function markUndeliverable(db: Db, id: string, reason: string): Promise<void> {
  await db.updateTable('invitations').set({ status: 'failed', status_reason: reason, updated_at: new Date() }).where('id', '=', id).where('status', 'in', ['sent', 'delivered']).execute();
}
