/** A Chatwoot channel's agents: who each is credited to in reports, and the admin's explicit mapping. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { listChatwootAgents, mapChatwootAgent } from '../../services/chatwoot-agents.js';
import { principalOf } from '../plugins/auth.js';
import { errors, IdParams, Nullable, Timestamp } from '../schemas.js';

const Agent = Type.Object(
  {
    agentId: Type.Integer({ description: 'The Chatwoot user id.' }),
    name: Nullable(Type.String()),
    email: Nullable(Type.String({ description: 'From the agent\'s own messages (Chatwoot sends an assignee without email).' })),
    lastSeenAt: Nullable(Timestamp),
    mappedUserId: Nullable(Type.String({ format: 'uuid', description: 'The nilai user an admin mapped this agent to.' })),
    user: Nullable(Type.Object({ id: Type.String(), name: Type.String() }, { description: 'Who the agent\'s messages and conversations are credited to; null: nobody (map the agent).' })),
    match: Nullable(Type.Union([Type.Literal('mapped'), Type.Literal('email'), Type.Literal('name')])),
  },
  { title: 'ChatwootAgent' },
);
const AgentParams = Type.Object({ id: IdParams.properties.id, agentId: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'The Chatwoot user id.' }) });
const tags = ['Channels'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.get('/api/v1/channels/:id/chatwoot-agents', {
    config: { auth: 'supervisor' },
    schema: {
      tags, summary: 'Chatwoot agents seen in this channel\'s webhooks, and who each is credited to',
      description: 'An agent is credited to the nilai user an admin mapped it to, else the user with its email, else the only user with its name. Unmatched agents (`user: null`) come first.',
      params: IdParams, response: { 200: Type.Object({ items: Type.Array(Agent) }), ...errors(404) },
    },
  }, async (req) => ({ items: await listChatwootAgents(db, principalOf(req).workspaceId, req.params.id) }));

  app.put('/api/v1/channels/:id/chatwoot-agents/:agentId', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Map a Chatwoot agent id to a nilai user (null removes the mapping)',
      description: 'Applies to messages and resolves received from now on; conversations already folded keep their agent.',
      params: AgentParams,
      body: Type.Object({ userId: Nullable(Type.String({ format: 'uuid' })) }, { additionalProperties: false }),
      response: { 200: Agent, ...errors(404, 422) },
    },
  }, async (req) => mapChatwootAgent(db, principalOf(req).workspaceId, req.params.id, req.params.agentId, req.body.userId));
};

export default routes;
