/** Broadcasts, their recipients and the per-channel pace (migration 0029). */
import { sql } from 'kysely';
import type { ContactTargeting } from '../domain/contacts/targeting.js';
import type { SurveyType } from '../domain/settings/schema.js';
import type { Db } from './db.js';
import type { BroadcastsTable } from './types.js';
import type { Insertable } from 'kysely';

const COUNTING = ['scheduled', 'sending', 'sent', 'delivered', 'answered', 'expired'];
const columns = ['id', 'name', 'channel_id', 'survey_type', 'audience', 'start_at', 'status', 'created_by', 'created_at', 'finished_at', 'cancelled_at'] as const;

export async function insertBroadcast(trx: Db, row: Insertable<BroadcastsTable>): Promise<string> {
  const r = await trx.insertInto('broadcasts').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** The recipients in audience order, in one statement (10,000 contacts are one round trip). */
export async function insertRecipients(trx: Db, broadcastId: string, contactIds: string[]): Promise<void> {
  if (!contactIds.length) return;
  await sql`insert into broadcast_recipients (broadcast_id, position, contact_id)
    select ${broadcastId}::uuid, t.ord::integer, t.id from unnest(${contactIds}::uuid[]) with ordinality t(id, ord)`.execute(trx);
}

export async function listBroadcasts(db: Db, workspaceId: string) {
  return db.selectFrom('broadcasts').select(columns).where('workspace_id', '=', workspaceId).orderBy('created_at', 'desc').orderBy('id').limit(200).execute();
}

export async function getBroadcast(db: Db, workspaceId: string, id: string, lock = false) {
  let q = db.selectFrom('broadcasts').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}
export type BroadcastRow = NonNullable<Awaited<ReturnType<typeof getBroadcast>>>;

const addressColumn = { whatsapp: 'phone', telegram: 'handle', email: 'email' } as const;

/** Contacts whose fields match every rule (none: all contacts), in creation order. */
export async function contactsMatching(db: Db, workspaceId: string, filter: ContactTargeting) {
  let q = db.selectFrom('contacts').select(['id', 'opted_out_at', 'phone', 'email', 'handle']).where('workspace_id', '=', workspaceId);
  for (const r of filter.rules) q = q.where(sql<boolean>`attributes ->> ${r.field} = any(${r.values}::text[])`);
  return q.orderBy('created_at').orderBy('id').execute();
}

/** Of these contacts, how many were surveyed within `days` (the recontact cooldown). */
export async function countInCooldown(db: Db, contactIds: string[], days: number): Promise<number> {
  if (!contactIds.length || days <= 0) return 0;
  const r = await sql<{ n: string }>`select count(distinct contact_id) as n from invitations
    where contact_id = any(${contactIds}::uuid[]) and status = any(${COUNTING}::text[]) and created_at > now() - make_interval(days => ${days})`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

export { addressColumn };

/** Broadcasts whose start has come and that still have work, oldest first. */
export async function dueBroadcastIds(db: Db, now: Date): Promise<string[]> {
  const rows = await db.selectFrom('broadcasts').select('id').where('status', 'in', ['scheduled', 'running']).where('start_at', '<=', now).orderBy('start_at').limit(100).execute();
  return rows.map((r) => r.id);
}

/** Locks a due broadcast for one pacing round; null when another process has it or it is no longer active. */
export async function lockActiveBroadcast(trx: Db, id: string) {
  const r = await trx.selectFrom('broadcasts').select(['id', 'workspace_id', 'channel_id', 'survey_type', 'status'])
    .where('id', '=', id).where('status', 'in', ['scheduled', 'running']).forUpdate().skipLocked().executeTakeFirst();
  return r ?? null;
}

export async function setBroadcastStatus(db: Db, id: string, status: 'running' | 'done' | 'cancelled'): Promise<void> {
  await db.updateTable('broadcasts').set({
    status,
    ...(status === 'done' && { finished_at: new Date() }),
    ...(status === 'cancelled' && { cancelled_at: new Date() }),
  }).where('id', '=', id).execute();
}

/** The channel's pace row, locked (created at its rate on first use). */
export async function lockPace(trx: Db, channelId: string, defaultPerMinute: number) {
  await trx.insertInto('broadcast_channel_pace').values({ channel_id: channelId, per_minute: defaultPerMinute }).onConflict((oc) => oc.column('channel_id').doNothing()).execute();
  return trx.selectFrom('broadcast_channel_pace').select(['per_minute', 'next_at']).where('channel_id', '=', channelId).forUpdate().executeTakeFirstOrThrow();
}

export async function setPace(db: Db, channelId: string, p: { perMinute?: number; nextAt?: Date }): Promise<void> {
  if (p.perMinute !== undefined) {
    await db.insertInto('broadcast_channel_pace').values({ channel_id: channelId, per_minute: p.perMinute })
      .onConflict((oc) => oc.column('channel_id').doUpdateSet({ per_minute: p.perMinute! })).execute();
  }
  if (p.nextAt) await db.updateTable('broadcast_channel_pace').set({ next_at: p.nextAt }).where('channel_id', '=', channelId).execute();
}

export async function getPace(db: Db, channelId: string) {
  return db.selectFrom('broadcast_channel_pace').select(['per_minute', 'next_at']).where('channel_id', '=', channelId).executeTakeFirst();
}

/** The next waiting recipients with what the decision needs (the contact, its latest survey). */
export async function nextPending(trx: Db, broadcastId: string, limit: number) {
  const rows = await sql<{ position: number; contact_id: string; opted_out_at: Date | null; phone: string | null; email: string | null; handle: string | null; locale: string | null; last_at: Date | null }>`
    select br.position, br.contact_id, c.opted_out_at, c.phone, c.email, c.handle, c.locale,
      (select max(i.created_at) from invitations i where i.contact_id = c.id and i.status = any(${COUNTING}::text[])) as last_at
    from broadcast_recipients br join contacts c on c.id = br.contact_id
    where br.broadcast_id = ${broadcastId}::uuid and br.status = 'pending'
    order by br.position limit ${limit}
    for update of br`.execute(trx);
  return rows.rows;
}

export async function markRecipient(trx: Db, broadcastId: string, position: number, r: { invitationId: string } | { skipReason: string }): Promise<void> {
  await trx.updateTable('broadcast_recipients')
    .set('invitationId' in r ? { status: 'queued', invitation_id: r.invitationId } : { status: 'skipped', skip_reason: r.skipReason })
    .where('broadcast_id', '=', broadcastId).where('position', '=', position).execute();
}

export async function hasPending(db: Db, broadcastId: string): Promise<boolean> {
  const r = await db.selectFrom('broadcast_recipients').select('position').where('broadcast_id', '=', broadcastId).where('status', '=', 'pending').limit(1).executeTakeFirst();
  return r !== undefined;
}

/** Cancels what has not gone out: waiting recipients (skipped: cancelled) and invitations not yet sent. */
export async function cancelBroadcastWork(trx: Db, broadcastId: string): Promise<void> {
  await trx.updateTable('broadcast_recipients').set({ status: 'skipped', skip_reason: 'cancelled' }).where('broadcast_id', '=', broadcastId).where('status', '=', 'pending').execute();
  await trx.updateTable('invitations').set({ status: 'cancelled', status_reason: 'The broadcast was cancelled.', updated_at: new Date() })
    .where('broadcast_id', '=', broadcastId).where('status', '=', 'scheduled').execute();
}

/**
 * Counted facts of one broadcast's report, read in one snapshot (a repeatable-read transaction): read
 * at once on separate connections, an answer committed between the reads was counted as answered but
 * not yet in the scores.
 */
export async function broadcastFacts(db: Db, broadcastId: string, surveyType: SurveyType) {
  const [recipients, invitations, scores] = await db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (trx) => [
    await trx.selectFrom('broadcast_recipients').select(['status', 'skip_reason', (eb) => eb.fn.countAll<string>().as('n')]).where('broadcast_id', '=', broadcastId).groupBy(['status', 'skip_reason']).execute(),
    await trx.selectFrom('invitations').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).where('broadcast_id', '=', broadcastId).groupBy('status').execute(),
    await trx.selectFrom('responses as r').innerJoin('invitations as i', 'i.id', 'r.invitation_id')
      .select(['r.score', 'r.scale_max', (eb) => eb.fn.countAll<string>().as('n')])
      .where('i.broadcast_id', '=', broadcastId).where('r.survey_type', '=', surveyType).groupBy(['r.score', 'r.scale_max']).execute(),
  ] as const);
  return {
    recipients: recipients.map((r) => ({ status: r.status, skipReason: r.skip_reason, n: Number(r.n) })),
    invitations: invitations.map((r) => ({ status: r.status, n: Number(r.n) })),
    scores: scores.map((r) => ({ score: r.score, n: Number(r.n) })),
    scaleMax: scores[0]?.scale_max ?? 5,
  };
}

/**
 * The contacts of an uploaded list, in one round trip each way: a row whose address (phone, email or
 * Telegram chat id) is a known contact's refreshes that contact (name, language, fields sent); any other
 * becomes a contact of its own (`csv:<column>:<address>`). Returns the contact ids in row order.
 */
export async function upsertListContacts(trx: Db, workspaceId: string, column: 'phone' | 'email' | 'handle', rows: { address: string; name: string | null; phone: string | null; email: string | null; handle: string | null; locale: string | null; attributes: Record<string, unknown> }[]): Promise<string[]> {
  if (!rows.length) return [];
  const addresses = rows.map((r) => r.address);
  const known = await sql<{ address: string; external_id: string }>`select distinct on (${sql.ref(column)}) ${sql.ref(column)} as address, external_id from contacts
    where workspace_id = ${workspaceId}::uuid and ${sql.ref(column)} = any(${addresses}::text[]) order by ${sql.ref(column)}, created_at`.execute(trx);
  const byAddress = new Map(known.rows.map((r) => [r.address, r.external_id]));
  const ext = rows.map((r) => byAddress.get(r.address) ?? `csv:${column}:${r.address}`);
  const res = await sql<{ id: string; external_id: string }>`
    insert into contacts (workspace_id, external_id, name, phone, email, handle, locale, attributes)
    select ${workspaceId}::uuid, t.ext, t.name, t.phone, t.email, t.handle, t.locale, t.attrs::jsonb
    from unnest(${ext}::text[], ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.phone)}::text[], ${rows.map((r) => r.email)}::text[],
                ${rows.map((r) => r.handle)}::text[], ${rows.map((r) => r.locale)}::text[], ${rows.map((r) => JSON.stringify(r.attributes))}::text[])
         t(ext, name, phone, email, handle, locale, attrs)
    on conflict (workspace_id, external_id) do update set
      name = coalesce(excluded.name, contacts.name), phone = coalesce(excluded.phone, contacts.phone), email = coalesce(excluded.email, contacts.email),
      handle = coalesce(excluded.handle, contacts.handle), locale = coalesce(excluded.locale, contacts.locale),
      attributes = contacts.attributes || excluded.attributes, updated_at = now()
    returning id, external_id`.execute(trx);
  const idOf = new Map(res.rows.map((r) => [r.external_id, r.id]));
  return ext.map((e) => idOf.get(e)!);
}
