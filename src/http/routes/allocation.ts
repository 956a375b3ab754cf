/** Settings → Agent management: allocation, workload and idle rule per division. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { MAX_CHATWOOT_INBOXES, MAX_IDLE_MINUTES, MAX_WORKLOAD } from '../../domain/allocation/settings.js';
import { assignThroughApi } from '../../services/allocation-assign.js';
import { getAllocationSettings, putAllocationSettings } from '../../services/allocation-settings.js';
import { putAgentAvailability } from '../../services/agent-availability.js';
import { principalOf } from '../plugins/auth.js';
import { errors, INT4_MAX, Nullable } from '../schemas.js';

const Settings = {
  enabled: Type.Boolean({ description: 'Auto allocation: nilai assigns the division\'s new conversations, queueing them while no agent is free.' }),
  method: Type.Union([Type.Literal('round_robin'), Type.Literal('least_open')], { description: 'round_robin: each available agent in turn; least_open: the available agent with fewest open chats.' }),
  workloadLimit: Nullable(Type.Integer({ minimum: 1, maximum: MAX_WORKLOAD, description: 'Most open chats per agent (null: no limit).' })),
  workloadScope: Type.Union([Type.Literal('all_channels'), Type.Literal('per_channel')], { description: 'The limit counts chats over all channels, or in each channel.' }),
  takeoverAllowed: Type.Boolean({ description: 'Agents may assign an unassigned conversation to themselves.' }),
  reassignAllowed: Type.Boolean({ description: 'Agents may reassign a conversation to another agent.' }),
  idleMinutes: Nullable(Type.Integer({ minimum: 1, maximum: MAX_IDLE_MINUTES, description: 'Idle rule: a customer waiting longer without an agent reply goes to another available agent (null: off).' })),
  chatwootTeamId: Nullable(Type.Integer({ minimum: 1, maximum: INT4_MAX, description: 'The Chatwoot team of the division; assignments set it too (null: none).' })),
};
const InboxIds = Type.Array(Type.Integer({ minimum: 1, maximum: INT4_MAX }), { maxItems: MAX_CHATWOOT_INBOXES, description: 'The Chatwoot inbox ids whose conversations belong to the division (each inbox to one division); empty: none.' });
const DivisionSettings = Type.Object({ divisionId: Type.String(), divisionName: Type.String(), ...Settings, chatwootInboxIds: InboxIds }, { title: 'DivisionAllocation' });
const Document = Type.Object({ divisions: Type.Array(DivisionSettings) }, { title: 'AllocationSettings' });
const tags = ['Automation'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, jobs } = app;
  app.get('/api/v1/automation/allocation', {
    config: { auth: 'supervisor' },
    schema: { tags, summary: 'Agent allocation, workload and idle rule of every division', response: { 200: Document, ...errors() } },
  }, async (req) => getAllocationSettings(db, principalOf(req).workspaceId));

  app.put('/api/v1/automation/allocation', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Save the allocation settings of the divisions listed (the others keep theirs)',
      body: Type.Object({ divisions: Type.Array(Type.Object({ divisionId: Type.String({ maxLength: 200 }), ...Settings, chatwootInboxIds: Type.Optional({ ...InboxIds, description: `${InboxIds.description} Left out: kept as saved.` }) }, { additionalProperties: false }), { maxItems: 1000 }) }, { additionalProperties: false }),
      response: { 200: Document, ...errors() },
    },
  }, async (req) => putAllocationSettings(db, jobs, principalOf(req).workspaceId, req.body.divisions));

  app.post('/api/v1/automation/allocation/conversations/:id/assign', {
    config: { auth: 'agent' },
    schema: {
      tags, summary: 'Take an unassigned conversation (takeover) or give it to another agent (reassign), as the division allows',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'The conversation id your inbox sends in events.' }) }),
      body: Type.Object({ userId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
      response: { 202: Type.Object({ conversationId: Type.String(), userId: Type.String(), kind: Type.Union([Type.Literal('takeover'), Type.Literal('reassign')]), actionId: Type.String() }), ...errors(404, 409) },
    },
  }, async (req, reply) => reply.status(202).send(await assignThroughApi({ db, keys: app.keys, jobs, publicUrl: app.config.publicUrl }, principalOf(req), req.params.id, req.body.userId)));

  app.put('/api/v1/agents/:id/availability', {
    config: { auth: 'agent' },
    schema: {
      tags, summary: 'Report an agent\'s availability (events-API inboxes: auto allocation assigns only online agents)',
      description: 'Agents set their own; supervisors and admins anyone\'s. An agent never reported counts as online. Chatwoot conversations use Chatwoot\'s availability instead.',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'The nilai user id of the agent.' }) }),
      body: Type.Object({ availability: Type.Union([Type.Literal('online'), Type.Literal('busy'), Type.Literal('offline')]) }, { additionalProperties: false }),
      response: { 200: Type.Object({ userId: Type.String(), availability: Type.String(), updatedAt: Type.String({ format: 'date-time' }) }, { title: 'AgentAvailability' }), ...errors(403, 404) },
    },
  }, async (req) => putAgentAvailability(db, jobs, principalOf(req), req.params.id, req.body.availability));
};

export default routes;
