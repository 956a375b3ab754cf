/**
 * Integrations (Settings → Integrations): an HTTP request to any CRM (and, as kinds are added, Google
 * Sheets) on `response.created`, `response.follow_up` and `alert`; each event is a delivery queued with
 * the answer, retried, logged with masked request and response excerpts, and replayable.
 * Admins change them; supervisors may read them and their delivery log.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { literals } from '../../domain/settings/schema.js';
import { testIntegration } from '../../services/integrations/deliver.js';
import { addIntegration, changeIntegration, findIntegration, integrationView, replayDelivery } from '../../services/integrations/manage.js';
import { deleteIntegration, INTEGRATION_EVENTS, INTEGRATION_KINDS, listIntegrationDeliveries, listIntegrations } from '../../store/integrations.js';
import { principalOf } from '../plugins/auth.js';
import { errors, IdParams, NoContent, Nullable, Timestamp } from '../schemas.js';

const tags = ['Integrations'];
const Events = Type.Array(literals(INTEGRATION_EVENTS), { minItems: 1, uniqueItems: true, description: '`response.created`: a customer gave a rating; `response.follow_up`: they answered or skipped the follow-up; `alert`: the rating matched an alert rule.' });
const Config = Type.Record(Type.String(), Type.Unknown(), { description: 'The kind\'s settings. http: `{ method, url, headers: { name: template }, body: template }` (LiquidJS; variables in docs/integrations.md).' });
const SecretsChange = Type.Record(Type.String({ maxLength: 64 }), Nullable(Type.String({ maxLength: 20_000 })), { description: 'Secrets by name (templates read `{{ secrets.name }}`), stored encrypted; on change a value replaces, null removes, names left out stay.' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Integration = Type.Object({
  id: Type.String(), kind: Type.String(), name: Type.String(), enabled: Type.Boolean(), events: Type.Array(Type.String()), config: Type.Record(Type.String(), Type.Unknown()),
  secrets: Type.Record(Type.String(), Type.String(), { description: 'Which secrets are set, masked. Never the values.' }),
  createdAt: Timestamp, updatedAt: Timestamp,
  lastDelivery: Nullable(Type.Object({ status: Type.String(), at: Timestamp, error: Nullable(Type.String()) })),
}, { title: 'Integration' });
const RequestExcerpt = Nullable(Type.Object({ method: Type.String(), url: Type.String(), headers: Type.Record(Type.String(), Type.String()), body: Type.String() }));
const ResponseExcerpt = Nullable(Type.Object({ status: Nullable(Type.Integer()), body: Type.String() }));
const Delivery = Type.Object({
  id: Type.String(), event: Type.String(), status: Type.String(), attempts: Type.Integer(), error: Nullable(Type.String()),
  request: RequestExcerpt, response: ResponseExcerpt, replayOf: Nullable(Type.String()), createdAt: Timestamp, finishedAt: Nullable(Timestamp),
}, { title: 'IntegrationDelivery' });
const DeliveryParams = Type.Object({ id: Type.String(), deliveryId: Type.String() });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, keys, jobs } = app;
  const deps = { db, keys, jobs, publicUrl: app.config.publicUrl };

  app.get('/api/v1/integrations', {
    config: { auth: 'supervisor' },
    schema: { tags, summary: 'List integrations (secrets masked)', response: { 200: Type.Object({ items: Type.Array(Integration) }), ...errors() } },
  }, async (req) => ({ items: (await listIntegrations(db, principalOf(req).workspaceId)).map((i) => integrationView(keys, i)) }));

  app.get('/api/v1/integrations/:id', {
    config: { auth: 'supervisor' },
    schema: { tags, summary: 'One integration (secrets masked)', params: IdParams, response: { 200: Integration, ...errors(404) } },
  }, async (req) => integrationView(keys, await findIntegration(db, principalOf(req).workspaceId, req.params.id)));

  app.post('/api/v1/integrations', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Add an integration',
      description: 'Settings are checked by the kind; a template that does not parse is a 422 naming its field (`config.body`, `config.headers.X-Api-Key`).',
      body: Type.Object({ kind: literals(INTEGRATION_KINDS), name: Name, enabled: Type.Optional(Type.Boolean()), events: Events, config: Config, secrets: Type.Optional(SecretsChange) }, { additionalProperties: false }),
      response: { 201: Integration, ...errors(422) },
    },
  }, async (req, reply) => reply.status(201).send(integrationView(keys, await addIntegration(deps, principalOf(req).workspaceId, req.body))));

  app.patch('/api/v1/integrations/:id', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Change an integration (also enable / disable)', params: IdParams,
      body: Type.Object({ name: Type.Optional(Name), enabled: Type.Optional(Type.Boolean()), events: Type.Optional(Events), config: Type.Optional(Config), secrets: Type.Optional(SecretsChange) }, { additionalProperties: false }),
      response: { 200: Integration, ...errors(404, 422) },
    },
  }, async (req) => integrationView(keys, await changeIntegration(deps, principalOf(req).workspaceId, req.params.id, req.body)));

  app.delete('/api/v1/integrations/:id', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Remove an integration (its delivery log and pending deliveries too)', params: IdParams, response: { 204: NoContent, ...errors(404) } },
  }, async (req, reply) => {
    const ws = principalOf(req).workspaceId;
    await findIntegration(db, ws, req.params.id);
    await deleteIntegration(db, ws, req.params.id);
    return reply.status(204).send(null);
  });

  app.post('/api/v1/integrations/:id/test', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Send a test with the last answer', params: IdParams,
      description: 'Renders the integration with the workspace\'s newest answer (a sample answer when there is none: `sample` true), sends it now and returns the request and the answer (secrets masked). Not written to the delivery log.',
      response: { 200: Type.Object({ ok: Type.Boolean(), sample: Type.Boolean(), error: Nullable(Type.String()), request: RequestExcerpt, response: ResponseExcerpt }), ...errors(404) },
    },
  }, async (req) => testIntegration(deps, await findIntegration(db, principalOf(req).workspaceId, req.params.id)));

  app.get('/api/v1/integrations/:id/deliveries', {
    config: { auth: 'supervisor' },
    schema: { tags, summary: 'The delivery log: the newest 50 deliveries', params: IdParams, response: { 200: Type.Object({ items: Type.Array(Delivery) }), ...errors(404) } },
  }, async (req) => {
    const ws = principalOf(req).workspaceId;
    await findIntegration(db, ws, req.params.id);
    return { items: (await listIntegrationDeliveries(db, ws, req.params.id)) as never[] };
  });

  app.post('/api/v1/integrations/:id/deliveries/:deliveryId/replay', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Replay a delivery', params: DeliveryParams,
      description: 'Queues a new delivery of the same event and answer (`replayOf` names the original), rendered with the answer as it is now.',
      response: { 201: Type.Object({ id: Type.String() }), ...errors(404, 409) },
    },
  }, async (req, reply) => reply.status(201).send({ id: await replayDelivery(deps, principalOf(req).workspaceId, req.params.id, req.params.deliveryId) }));
};

export default routes;
