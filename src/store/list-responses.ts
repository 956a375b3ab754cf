/** The responses query behind `GET /api/v1/responses`: filters and keyset pagination (newest first). */
import { sql } from 'kysely';
import type { SurveyType } from '../domain/settings/schema.js';
import type { Db } from './db.js';
import type { SurveySource } from './types.js';

export interface ResponseFilters {
  from?: Date;
  to?: Date;
  type?: SurveyType;
  channelId?: string;
  agentId?: string;
  divisionId?: string;
  tag?: string;
  scoreMin?: number;
  scoreMax?: number;
  hasFollowUp?: boolean;
  settingsVersion?: number;
  /** The conversation's resolve in force: nilai's auto resolve, or anyone else's. */
  resolvedBy?: 'auto' | 'agent';
  /** A contact field's value (responses joined to their contacts' current values). */
  contactField?: { key: string; value: string };
  source?: SurveySource;
}

export interface Cursor {
  answeredAt: Date;
  id: string;
}

export async function listResponses(db: Db, workspaceId: string, f: ResponseFilters, limit: number, after?: Cursor) {
  let q = db
    .selectFrom('responses as r')
    // Widget and link answers have no conversation, and anonymous ones no contact.
    .leftJoin('conversations as c', 'c.id', 'r.conversation_id')
    .leftJoin('contacts as ct', 'ct.id', 'r.contact_id')
    .leftJoin('channels as ch', 'ch.id', 'r.channel_id')
    .leftJoin('users as u', 'u.id', 'r.agent_id')
    .leftJoin('divisions as d', 'd.id', 'r.division_id')
    .select([
      'r.id', 'r.invitation_id', 'r.survey_type', 'r.score', 'r.scale_min', 'r.scale_max', 'r.follow_up_question', 'r.follow_up_text',
      'r.language', 'r.settings_version', 'r.answered_at', 'r.channel_id', 'r.agent_id', 'r.division_id', 'r.tags', 'r.source', 'r.page_url',
      'c.external_id as conversation_id', 'c.resolved_at', 'ct.external_id as contact_id', 'ct.name as contact_name', 'ct.phone as contact_phone', 'ct.email as contact_email', 'ct.attributes as contact_attributes',
      'ch.name as channel_name', 'ch.type as channel_type', 'u.name as agent_name', 'd.name as division_name',
    ])
    .where('r.workspace_id', '=', workspaceId);
  if (f.from) q = q.where('r.answered_at', '>=', f.from);
  if (f.to) q = q.where('r.answered_at', '<', f.to);
  if (f.type) q = q.where('r.survey_type', '=', f.type);
  if (f.channelId) q = q.where('r.channel_id', '=', f.channelId);
  if (f.agentId) q = q.where('r.agent_id', '=', f.agentId);
  if (f.divisionId) q = q.where('r.division_id', '=', f.divisionId);
  if (f.tag) q = q.where(sql<boolean>`${f.tag} = any(r.tags)`);
  if (f.scoreMin !== undefined) q = q.where('r.score', '>=', f.scoreMin);
  if (f.scoreMax !== undefined) q = q.where('r.score', '<=', f.scoreMax);
  if (f.hasFollowUp !== undefined) q = q.where('r.follow_up_text', f.hasFollowUp ? 'is not' : 'is', null);
  if (f.settingsVersion !== undefined) q = q.where('r.settings_version', '=', f.settingsVersion);
  if (f.resolvedBy) q = q.where('c.auto_resolved', '=', f.resolvedBy === 'auto');
  if (f.contactField) q = q.where(sql<string>`ct.attributes ->> ${f.contactField.key}`, '=', f.contactField.value);
  if (f.source) q = q.where('r.source', '=', f.source);
  if (after) q = q.where(sql<boolean>`(r.answered_at, r.id) < (${after.answeredAt}, ${after.id}::uuid)`);
  const rows = await q.orderBy('r.answered_at', 'desc').orderBy('r.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    invitationId: r.invitation_id,
    surveyType: r.survey_type,
    score: r.score,
    scale: { min: r.scale_min, max: r.scale_max },
    followUpQuestion: r.follow_up_question,
    followUpText: r.follow_up_text,
    language: r.language,
    settingsVersion: r.settings_version,
    answeredAt: r.answered_at.toISOString(),
    source: r.source,
    pageUrl: r.page_url,
    conversation: {
      id: r.conversation_id,
      resolvedAt: r.resolved_at?.toISOString() ?? null,
      channel: { id: r.channel_id, name: r.channel_name, type: r.channel_type },
      agent: r.agent_id ? { id: r.agent_id, name: r.agent_name } : null,
      division: r.division_id ? { id: r.division_id, name: r.division_name } : null,
      tags: r.tags,
      contact: r.contact_id ? { id: r.contact_id, name: r.contact_name, phone: r.contact_phone, email: r.contact_email, attributes: r.contact_attributes ?? {} } : null,
    },
  }));
}
export type ResponseItem = Awaited<ReturnType<typeof listResponses>>[number];
