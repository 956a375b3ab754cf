import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { invalid } from '../../domain/errors.js';
import { periodParams } from '../../domain/time/instant.js';
import { getWorkspace } from '../../store/workspaces.js';
import { literals } from '../../domain/settings/schema.js';
import { SURVEY_SOURCES } from '../../domain/channels/config.js';
import { listResponses, type Cursor, type ResponseFilters, type ResponseItem } from '../../store/list-responses.js';
import { principalOf } from '../plugins/auth.js';
import { FIELD_KEY_PATTERN, type ContactField } from '../../domain/contacts/fields.js';
import { contactMasker, maskAttributes, type ContactMasker } from '../../services/contact-view.js';
import { listContactFields } from '../../store/contact-fields.js';
import { AttributesSchema } from './contacts.js';
import type { Column } from '../../lib/export-table.js';
import { sendExport } from '../send-export.js';
import { errors, INT4_MAX, Nullable, Timestamp } from '../schemas.js';

const Query = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 40, description: 'Answered at or after this instant (RFC 3339), or from the start of this day (YYYY-MM-DD, in the workspace time zone, like the reports).' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'Answered before this instant (RFC 3339), or up to the end of this day (YYYY-MM-DD, workspace time zone, the day included).' })),
  type: Type.Optional(literals(['csat', 'ces', 'nps'] as const)),
  channelId: Type.Optional(Type.String({ format: 'uuid' })),
  agentId: Type.Optional(Type.String({ format: 'uuid' })),
  divisionId: Type.Optional(Type.String({ format: 'uuid' })),
  tag: Type.Optional(Type.String({ maxLength: 100 })),
  scoreMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
  scoreMax: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
  hasFollowUp: Type.Optional(Type.Boolean({ description: 'Only responses with (true) or without (false) follow-up text.' })),
  settingsVersion: Type.Optional(Type.Integer({ minimum: 1, maximum: INT4_MAX })),
  resolvedBy: Type.Optional(literals(['auto', 'agent'] as const)),
  source: Type.Optional(Type.Unsafe<(typeof SURVEY_SOURCES)[number]>({ type: 'string', enum: [...SURVEY_SOURCES], description: 'Where the survey came from: a resolved conversation, the website widget, a link, a broadcast.' })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page.' })),
  format: Type.Optional(literals(['json', 'csv', 'xlsx'] as const)),
  contactField: Type.Optional(Type.String({ pattern: FIELD_KEY_PATTERN, description: 'A contact field key; with `contactValue`, only responses whose contact has that value now.' })),
  contactValue: Type.Optional(Type.String({ maxLength: 100 })),
});

const Ref = Type.Object({ id: Type.String(), name: Nullable(Type.String()) });
const Response = Type.Object({
  id: Type.String(), invitationId: Type.String(), surveyType: Type.String(), score: Type.Integer(),
  scale: Type.Object({ min: Type.Integer(), max: Type.Integer() }),
  followUpQuestion: Nullable(Type.String()), followUpText: Nullable(Type.String()), language: Type.String(), settingsVersion: Type.Integer(), answeredAt: Timestamp,
  source: literals(SURVEY_SOURCES),
  pageUrl: Nullable(Type.String({ description: 'widget: the page the answer was given on (without query string).' })),
  conversation: Type.Object({
    id: Nullable(Type.String({ description: 'null for widget and link answers.' })), resolvedAt: Nullable(Timestamp),
    channel: Type.Object({ id: Type.String(), name: Nullable(Type.String()), type: Nullable(Type.String()) }),
    agent: Nullable(Ref), division: Nullable(Ref), tags: Type.Array(Type.String()),
    contact: Nullable(Type.Object({ id: Type.String(), name: Nullable(Type.String()), phone: Nullable(Type.String()), email: Nullable(Type.String()), attributes: AttributesSchema }, { description: 'Phone and email masked for the roles the contact masking names.' })),
  }),
}, { title: 'SurveyResponse' });

const encodeCursor = (r: ResponseItem) => Buffer.from(JSON.stringify([r.answeredAt, r.id])).toString('base64url');
function decodeCursor(s: string): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [string, string];
    const answeredAt = new Date(at);
    if (Number.isNaN(answeredAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error();
    return { answeredAt, id };
  } catch {
    throw invalid([{ path: 'query.cursor', message: 'is not a cursor from this API' }]);
  }
}

export const RESPONSE_COLUMNS: Column<ResponseItem>[] = [
  ['answered_at', (r) => r.answeredAt], ['survey_type', (r) => r.surveyType], ['score', (r) => r.score], ['scale_min', (r) => r.scale.min], ['scale_max', (r) => r.scale.max],
  ['follow_up_question', (r) => r.followUpQuestion], ['follow_up_text', (r) => r.followUpText], ['language', (r) => r.language],
  ['conversation_id', (r) => r.conversation.id], ['resolved_at', (r) => r.conversation.resolvedAt], ['channel', (r) => r.conversation.channel.name],
  ['channel_type', (r) => r.conversation.channel.type], ['agent', (r) => r.conversation.agent?.name], ['division', (r) => r.conversation.division?.name],
  ['tags', (r) => r.conversation.tags.join(', ')], ['contact_id', (r) => r.conversation.contact?.id], ['contact_name', (r) => r.conversation.contact?.name],
  ['settings_version', (r) => r.settingsVersion], ['response_id', (r) => r.id], ['source', (r) => r.source], ['page_url', (r) => r.pageUrl],
  ['contact_phone', (r) => r.conversation.contact?.phone], ['contact_email', (r) => r.conversation.contact?.email],
];

/** The export's columns: the fixed ones, then one per visible contact field (`contact.tier`). */
const columnsWith = (fields: ContactField[]): Column<ResponseItem>[] => [
  ...RESPONSE_COLUMNS,
  ...fields.filter((f) => !f.hidden).map((f): Column<ResponseItem> => [`contact.${f.key}`, (r) => r.conversation.contact?.attributes[f.key]]),
];

/** A response as the caller may see it (contact masking). */
const masked = (r: ResponseItem, m: ContactMasker): ResponseItem => {
  const c = r.conversation.contact;
  return m.masked && c
    ? { ...r, conversation: { ...r.conversation, contact: { id: m.text(c.id)!, name: m.text(c.name), phone: m.phone(c.phone), email: m.email(c.email), attributes: maskAttributes(c.attributes, m) } } }
    : r;
};

function contactFilter(key: string | undefined, value: string | undefined) {
  if (key === undefined && value === undefined) return undefined;
  if (key === undefined || value === undefined) throw invalid([{ path: key === undefined ? 'query.contactField' : 'query.contactValue', message: 'contactField and contactValue go together' }]);
  return { key, value };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  app.get('/api/v1/responses', {
    config: { auth: 'agent' },
    schema: {
      tags: ['Responses'],
      summary: 'Survey responses with their conversation dimensions; CSV or XLSX export',
      description: 'Newest first. Pass `nextCursor` as `cursor` for the next page. With `format=csv` or `format=xlsx` (or `Accept: text/csv` / the XLSX media type) every matching response is streamed as one file (CSV in UTF-8 with BOM). Agents see only their own responses.',
      querystring: Query,
      response: { 200: Type.Object({ items: Type.Array(Response), nextCursor: Nullable(Type.String()) }), ...errors(422) },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const q = req.query;
    const period = q.from !== undefined || q.to !== undefined ? periodParams({ from: q.from, to: q.to }, (await getWorkspace(db, p.workspaceId)).timeZone) : {};
    const filters: ResponseFilters = {
      ...period,
      type: q.type, channelId: q.channelId, divisionId: q.divisionId, tag: q.tag,
      agentId: p.role === 'agent' ? (p.userId ?? '00000000-0000-0000-0000-000000000000') : q.agentId,
      scoreMin: q.scoreMin, scoreMax: q.scoreMax, hasFollowUp: q.hasFollowUp, settingsVersion: q.settingsVersion, resolvedBy: q.resolvedBy, source: q.source,
      contactField: contactFilter(q.contactField, q.contactValue),
    };
    const m = await contactMasker(db, p);
    const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
    const accept = req.headers.accept ?? '';
    const format = q.format ?? (accept.includes('text/csv') ? 'csv' : accept.includes('spreadsheetml') ? 'xlsx' : 'json');
    if (format === 'json') {
      const items = await listResponses(db, p.workspaceId, filters, q.limit, cursor);
      return { items: items.map((r) => masked(r, m)), nextCursor: items.length === q.limit ? encodeCursor(items.at(-1)!) : null };
    }
    // Read in pages of 1,000 as the client consumes the file.
    async function* all() {
      let after = cursor;
      for (;;) {
        const page = await listResponses(db, p.workspaceId, filters, 1000, after);
        for (const r of page) yield masked(r, m);
        if (page.length < 1000) return;
        after = { answeredAt: new Date(page.at(-1)!.answeredAt), id: page.at(-1)!.id };
      }
    }
    return sendExport(reply, format, 'nilai-responses', columnsWith(await listContactFields(db, p.workspaceId)), all(), 'Responses');
  });
};

export default routes;
