/** Outgoing webhook endpoints (secret encrypted, never returned) and their deliveries. */
import { sql } from 'kysely';
import type { SurveyType } from '../domain/settings/schema.js';
import type { Db } from './db.js';

export const WEBHOOK_EVENTS = ['response.created', 'response.follow_up', 'action.requested'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEvent[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  /** The newest delivery's state, if any. */
  lastDelivery: { status: string; at: string; error: string | null } | null;
}

const columns = ['e.id', 'e.url', 'e.events', 'e.enabled', 'e.created_at', 'e.updated_at'] as const;

function endpoints(db: Db, workspaceId: string) {
  return db.selectFrom('webhook_endpoints as e').select(columns)
    .select((eb) => eb.selectFrom('webhook_deliveries as d').select(sql<unknown>`json_build_object('status', d.status, 'at', d.created_at, 'error', d.last_error)`.as('x'))
      .whereRef('d.endpoint_id', '=', 'e.id').orderBy('d.created_at', 'desc').limit(1).as('last'))
    .where('e.workspace_id', '=', workspaceId);
}

type Row = { id: string; url: string; events: string[]; enabled: boolean; created_at: Date; updated_at: Date; last: unknown };
const toEndpoint = (r: Row): WebhookEndpoint => {
  const last = r.last as { status: string; at: string; error: string | null } | null;
  return {
    id: r.id, url: r.url, events: r.events as WebhookEvent[], enabled: r.enabled, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
    lastDelivery: last ? { status: last.status, at: new Date(last.at).toISOString(), error: last.error } : null,
  };
};

export async function listWebhookEndpoints(db: Db, workspaceId: string): Promise<WebhookEndpoint[]> {
  return (await endpoints(db, workspaceId).orderBy('e.created_at').execute()).map(toEndpoint);
}

export async function getWebhookEndpoint(db: Db, workspaceId: string, id: string): Promise<WebhookEndpoint | null> {
  const r = await endpoints(db, workspaceId).where('e.id', '=', id).executeTakeFirst();
  return r ? toEndpoint(r) : null;
}

export async function createWebhookEndpoint(db: Db, workspaceId: string, f: { url: string; events: WebhookEvent[]; enabled: boolean; secretEncrypted: string }): Promise<string> {
  const r = await db.insertInto('webhook_endpoints').values({ workspace_id: workspaceId, url: f.url, events: f.events, enabled: f.enabled, secret_encrypted: f.secretEncrypted }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateWebhookEndpoint(db: Db, workspaceId: string, id: string, f: { url?: string; events?: WebhookEvent[]; enabled?: boolean }): Promise<boolean> {
  const r = await db.updateTable('webhook_endpoints')
    .set({ ...(f.url !== undefined && { url: f.url }), ...(f.events !== undefined && { events: f.events }), ...(f.enabled !== undefined && { enabled: f.enabled }), updated_at: new Date() })
    .where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function deleteWebhookEndpoint(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return (await db.deleteFrom('webhook_endpoints').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst()).numDeletedRows > 0n;
}

/** One pending delivery per enabled endpoint subscribed to `type`; returns their ids. */
export async function createWebhookDeliveries(db: Db, workspaceId: string, type: WebhookEvent, payload: unknown): Promise<string[]> {
  const rows = await db.insertInto('webhook_deliveries')
    .columns(['workspace_id', 'endpoint_id', 'event_type', 'payload'])
    .expression((eb) => eb.selectFrom('webhook_endpoints')
      .select([sql.lit(workspaceId).as('workspace_id'), 'id', sql.lit(type).as('event_type'), sql`${JSON.stringify(payload)}::jsonb`.as('payload')])
      .where('workspace_id', '=', workspaceId).where('enabled', '=', true).where(sql<boolean>`${type} = any(events)`))
    .returning('id').execute();
  return rows.map((r) => r.id);
}

export async function loadWebhookDelivery(db: Db, id: string) {
  return db.selectFrom('webhook_deliveries as d').innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select(['d.id', 'd.event_type', 'd.payload', 'd.status', 'd.attempts', 'd.created_at', 'e.url', 'e.secret_encrypted', 'e.enabled'])
    .where('d.id', '=', id).executeTakeFirst();
}

export async function finishWebhookDelivery(db: Db, id: string, outcome: { status: 'pending' | 'delivered' | 'failed'; error: string | null }): Promise<void> {
  await db.updateTable('webhook_deliveries')
    .set({ status: outcome.status, last_error: outcome.error, attempts: sql`attempts + 1`, ...(outcome.status !== 'pending' && { finished_at: new Date() }) })
    .where('id', '=', id).execute();
}

export async function listWebhookDeliveries(db: Db, workspaceId: string, endpointId: string, limit = 50) {
  const rows = await db.selectFrom('webhook_deliveries').select(['id', 'event_type', 'status', 'attempts', 'last_error', 'created_at', 'finished_at'])
    .where('workspace_id', '=', workspaceId).where('endpoint_id', '=', endpointId).orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, type: r.event_type, status: r.status, attempts: r.attempts, error: r.last_error, createdAt: r.created_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null }));
}

/** A response as webhooks carry it: the answer with its conversation's ids as the inbox knows them. */
export async function responseEventPayload(db: Db, invitationId: string, surveyType: SurveyType) {
  const r = await db.selectFrom('responses as r')
    .innerJoin('conversations as c', 'c.id', 'r.conversation_id')
    .innerJoin('contacts as k', 'k.id', 'c.contact_id')
    .select(['r.id', 'r.invitation_id', 'r.survey_type', 'r.score', 'r.scale_min', 'r.scale_max', 'r.follow_up_question', 'r.follow_up_text', 'r.follow_up_skipped',
      'r.language', 'r.settings_version', 'r.answered_at', 'c.external_id', 'r.channel_id', 'r.agent_id', 'r.division_id', 'r.tags', 'k.external_id as contact_id'])
    .where('r.invitation_id', '=', invitationId).where('r.survey_type', '=', surveyType).executeTakeFirstOrThrow();
  return {
    id: r.id, invitationId: r.invitation_id, surveyType: r.survey_type, score: r.score, scale: { min: r.scale_min, max: r.scale_max },
    followUp: { question: r.follow_up_question, text: r.follow_up_text, skipped: r.follow_up_skipped },
    language: r.language, settingsVersion: r.settings_version, answeredAt: r.answered_at.toISOString(),
    conversation: { id: r.external_id, channelId: r.channel_id, agentId: r.agent_id, divisionId: r.division_id, tags: r.tags },
    contact: { id: r.contact_id },
  };
}

/** Whether any enabled endpoint of the workspace listens to `type` (skips building payloads nobody wants). */
export async function hasWebhookSubscribers(db: Db, workspaceId: string, type: WebhookEvent): Promise<boolean> {
  const r = await db.selectFrom('webhook_endpoints').select('id').where('workspace_id', '=', workspaceId).where('enabled', '=', true)
    .where(sql<boolean>`${type} = any(events)`).limit(1).executeTakeFirst();
  return r !== undefined;
}

export async function webhookSecretEncrypted(db: Db, id: string): Promise<string> {
  return (await db.selectFrom('webhook_endpoints').select('secret_encrypted').where('id', '=', id).executeTakeFirstOrThrow()).secret_encrypted;
}

/** The enabled endpoints subscribed to `type`, with what signing a POST to them needs. */
export async function subscribedEndpoints(db: Db, workspaceId: string, type: WebhookEvent) {
  return db.selectFrom('webhook_endpoints').select(['id', 'url', 'secret_encrypted']).where('workspace_id', '=', workspaceId).where('enabled', '=', true)
    .where(sql<boolean>`${type} = any(events)`).orderBy('created_at').execute();
}
