import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notFound } from '../../domain/errors.js';
import { isUuid } from '../../lib/secret-token.js';
import { deleteDivisionChecked, saveDivisionChecked } from '../../services/divisions.js';
import { getDivision, listDivisions } from '../../store/divisions.js';
import { principalOf } from '../plugins/auth.js';
import { errors, IdParams, NoContent, Nullable, Timestamp } from '../schemas.js';

const Ids = Type.Array(Type.String({ format: 'uuid' }), { maxItems: 1000, uniqueItems: true });
const Fields = {
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  supervisorId: Nullable(Type.String({ format: 'uuid' })),
  agentIds: Ids,
  channelIds: Ids,
};
const Division = Type.Object({ id: Type.String(), ...Fields, createdAt: Timestamp, updatedAt: Timestamp }, { title: 'Division' });
const tags = ['Divisions'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  const find = async (ws: string, id: string) => {
    const d = isUuid(id) ? await getDivision(db, ws, id) : null;
    if (!d) throw notFound('Division');
    return d;
  };

  app.get('/api/v1/divisions', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'List divisions', response: { 200: Type.Object({ items: Type.Array(Division) }), ...errors() } },
  }, async (req) => ({ items: await listDivisions(db, principalOf(req).workspaceId) }));

  app.get('/api/v1/divisions/:id', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'One division', params: IdParams, response: { 200: Division, ...errors(404) } },
  }, async (req) => find(principalOf(req).workspaceId, req.params.id));

  app.post('/api/v1/divisions', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Create a division: a supervisor leading agents on some channels',
      body: Type.Object({ name: Fields.name, supervisorId: Type.Optional(Fields.supervisorId), agentIds: Type.Optional(Ids), channelIds: Type.Optional(Ids) }, { additionalProperties: false }),
      response: { 201: Division, ...errors(409, 422) },
    },
  }, async (req, reply) => {
    const b = req.body;
    const d = await saveDivisionChecked(db, principalOf(req).workspaceId, null, { name: b.name, supervisorId: b.supervisorId ?? null, agentIds: b.agentIds ?? [], channelIds: b.channelIds ?? [] });
    return reply.status(201).send(d!);
  });

  app.patch('/api/v1/divisions/:id', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Change a division (fields left out stay as they are)', params: IdParams,
      body: Type.Partial(Type.Object(Fields), { additionalProperties: false }),
      response: { 200: Division, ...errors(404, 409, 422) },
    },
  }, async (req) => {
    const ws = principalOf(req).workspaceId;
    const current = await find(ws, req.params.id);
    const merged = { name: current.name, supervisorId: current.supervisorId, agentIds: current.agentIds, channelIds: current.channelIds, ...req.body };
    return (await saveDivisionChecked(db, ws, current.id, merged)) ?? Promise.reject(notFound('Division'));
  });

  app.delete('/api/v1/divisions/:id', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Delete a division', description: '409 while the survey settings in force set fields for it (divisionOverrides): reset those first.', params: IdParams, response: { 204: NoContent, ...errors(404, 409) } },
  }, async (req, reply) => {
    const ws = principalOf(req).workspaceId;
    await find(ws, req.params.id);
    await deleteDivisionChecked(db, ws, req.params.id);
    return reply.status(204).send(null);
  });
};

export default routes;
