/** Integrations (HTTP request, Google Sheets) of a workspace and their deliveries (the delivery log). */
import { sql } from 'kysely';
import type { Db } from './db.js';

export const INTEGRATION_KINDS = ['http', 'sheets'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];
/** The events an integration can listen to; the same names as outgoing webhooks use, plus `alert`. */
export const INTEGRATION_EVENTS = ['response.created', 'response.follow_up', 'alert'] as const;
export type IntegrationEvent = (typeof INTEGRATION_EVENTS)[number];
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface IntegrationRow {
  id: string;
  workspaceId: string;
  kind: IntegrationKind;
  name: string;
  enabled: boolean;
  events: IntegrationEvent[];
  config: Record<string, unknown>;
  /** The secrets (JSON of name → value), encrypted; services decrypt and mask them. */
  secretsEncrypted: string | null;
  createdAt: string;
  updatedAt: string;
  lastDelivery: { status: DeliveryStatus; at: string; error: string | null } | null;
}

function integrations(db: Db) {
  return db.selectFrom('integrations as i').selectAll('i')
    .select((eb) => eb.selectFrom('integration_deliveries as d').select(sql<unknown>`json_build_object('status', d.status, 'at', d.created_at, 'error', d.last_error)`.as('x'))
      .whereRef('d.integration_id', '=', 'i.id').orderBy('d.created_at', 'desc').limit(1).as('last'));
}

type Row = { id: string; workspace_id: string; kind: IntegrationKind; name: string; enabled: boolean; events: string[]; config: unknown; secrets_encrypted: string | null; created_at: Date; updated_at: Date; last: unknown };
const toRow = (r: Row): IntegrationRow => {
  const last = r.last as { status: DeliveryStatus; at: string; error: string | null } | null;
  return {
    id: r.id, workspaceId: r.workspace_id, kind: r.kind, name: r.name, enabled: r.enabled, events: r.events as IntegrationEvent[], config: (r.config ?? {}) as Record<string, unknown>,
    secretsEncrypted: r.secrets_encrypted, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
    lastDelivery: last ? { status: last.status, at: new Date(last.at).toISOString(), error: last.error } : null,
  };
};

export async function listIntegrations(db: Db, workspaceId: string): Promise<IntegrationRow[]> {
  return (await integrations(db).where('i.workspace_id', '=', workspaceId).orderBy('i.created_at').execute()).map(toRow);
}

export async function getIntegration(db: Db, workspaceId: string, id: string): Promise<IntegrationRow | null> {
  const r = await integrations(db).where('i.workspace_id', '=', workspaceId).where('i.id', '=', id).executeTakeFirst();
  return r ? toRow(r) : null;
}

export async function createIntegration(db: Db, workspaceId: string, f: { kind: IntegrationKind; name: string; enabled: boolean; events: IntegrationEvent[]; config: unknown; secretsEncrypted: string | null }): Promise<string> {
  const r = await db.insertInto('integrations').values({
    workspace_id: workspaceId, kind: f.kind, name: f.name, enabled: f.enabled, events: f.events, config: JSON.stringify(f.config), secrets_encrypted: f.secretsEncrypted,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateIntegration(db: Db, workspaceId: string, id: string, f: { name?: string; enabled?: boolean; events?: IntegrationEvent[]; config?: unknown; secretsEncrypted?: string | null }): Promise<boolean> {
  const r = await db.updateTable('integrations').set({
    ...(f.name !== undefined && { name: f.name }), ...(f.enabled !== undefined && { enabled: f.enabled }), ...(f.events !== undefined && { events: f.events }),
    ...(f.config !== undefined && { config: JSON.stringify(f.config) }), ...(f.secretsEncrypted !== undefined && { secrets_encrypted: f.secretsEncrypted }), updated_at: new Date(),
  }).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function deleteIntegration(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return (await db.deleteFrom('integrations').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst()).numDeletedRows > 0n;
}

/** Whether any enabled integration of the workspace listens to `type` (skips the insert when none). */
export async function hasIntegrationSubscribers(db: Db, workspaceId: string, type: IntegrationEvent): Promise<boolean> {
  const r = await db.selectFrom('integrations').select('id').where('workspace_id', '=', workspaceId).where('enabled', '=', true)
    .where(sql<boolean>`${type} = any(events)`).limit(1).executeTakeFirst();
  return r !== undefined;
}

/** One pending delivery per enabled integration of the workspace listening to `type`; returns their ids. */
export async function createIntegrationDeliveries(db: Db, workspaceId: string, type: IntegrationEvent, subjectKey: string | null, payload: unknown): Promise<string[]> {
  const rows = await db.insertInto('integration_deliveries').columns(['workspace_id', 'integration_id', 'event_type', 'subject_key', 'payload'])
    .expression(db.selectFrom('integrations')
      .select([sql.lit(workspaceId).as('workspace_id'), 'id', sql.lit(type).as('event_type'), sql`${subjectKey}::text`.as('subject_key'), sql`${JSON.stringify(payload)}::jsonb`.as('payload')])
      .where('workspace_id', '=', workspaceId).where('enabled', '=', true).where(sql<boolean>`${type} = any(events)`))
    .returning('id').execute();
  return rows.map((r) => r.id);
}

/** A copy of a delivery as a new pending one (one-click replay); null if unknown in the workspace. */
export async function replayIntegrationDelivery(db: Db, workspaceId: string, integrationId: string, deliveryId: string): Promise<string | null> {
  const r = await db.insertInto('integration_deliveries').columns(['workspace_id', 'integration_id', 'event_type', 'subject_key', 'payload', 'replay_of'])
    .expression(db.selectFrom('integration_deliveries').select(['workspace_id', 'integration_id', 'event_type', 'subject_key', 'payload', 'id'])
      .where('workspace_id', '=', workspaceId).where('integration_id', '=', integrationId).where('id', '=', deliveryId))
    .returning('id').executeTakeFirst();
  return r?.id ?? null;
}

export async function loadIntegrationDelivery(db: Db, id: string) {
  return db.selectFrom('integration_deliveries').select(['id', 'workspace_id', 'integration_id', 'event_type', 'subject_key', 'payload', 'status', 'attempts', 'created_at'])
    .where('id', '=', id).executeTakeFirst();
}

/** What an earlier delivered delivery of the same subject gave back (the Sheets row of the answer), or null. */
export async function earlierResult(db: Db, integrationId: string, subjectKey: string, beforeId: string): Promise<unknown> {
  const r = await db.selectFrom('integration_deliveries').select('result').where('integration_id', '=', integrationId).where('subject_key', '=', subjectKey)
    .where('status', '=', 'delivered').where('result', 'is not', null).where('id', '<>', beforeId).orderBy('created_at', 'asc').limit(1).executeTakeFirst();
  return r?.result ?? null;
}

export async function finishIntegrationDelivery(db: Db, id: string, o: { status: DeliveryStatus; error: string | null; request?: unknown; response?: unknown; result?: unknown }): Promise<void> {
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  await db.updateTable('integration_deliveries').set({
    status: o.status, last_error: o.error, attempts: sql`attempts + 1`,
    ...(o.request !== undefined && { request: json(o.request) }), ...(o.response !== undefined && { response: json(o.response) }),
    ...(o.result !== undefined && { result: json(o.result) }), ...(o.status !== 'pending' && { finished_at: new Date() }),
  }).where('id', '=', id).execute();
}

export interface DeliveryLogEntry {
  id: string;
  event: string;
  status: DeliveryStatus;
  attempts: number;
  error: string | null;
  request: unknown;
  response: unknown;
  replayOf: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export async function listIntegrationDeliveries(db: Db, workspaceId: string, integrationId: string, limit = 50): Promise<DeliveryLogEntry[]> {
  const rows = await db.selectFrom('integration_deliveries').select(['id', 'event_type', 'status', 'attempts', 'last_error', 'request', 'response', 'replay_of', 'created_at', 'finished_at'])
    .where('workspace_id', '=', workspaceId).where('integration_id', '=', integrationId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, event: r.event_type, status: r.status, attempts: r.attempts, error: r.last_error, request: r.request ?? null, response: r.response ?? null, replayOf: r.replay_of,
    createdAt: r.created_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null,
  }));
}

/** The newest answer of the workspace (for "send a test with the last answer"), or null. */
export async function lastAnswer(db: Db, workspaceId: string): Promise<{ invitationId: string; surveyType: string } | null> {
  const r = await db.selectFrom('responses').select(['invitation_id', 'survey_type']).where('workspace_id', '=', workspaceId).orderBy('answered_at', 'desc').limit(1).executeTakeFirst();
  return r ? { invitationId: r.invitation_id, surveyType: r.survey_type } : null;
}
