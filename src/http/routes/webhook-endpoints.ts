/**
 * Outgoing webhooks: subscribe a URL to events (`response.created` when a customer rates,
 * `response.follow_up` when they answer or skip the follow-up); nilai POSTs each, signed the Standard
 * Webhooks way with the endpoint's secret (shown once), retrying failures; the deliveries are listed.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { isHttpUrl } from '../../domain/channels/config.js';
import { invalid, notFound } from '../../domain/errors.js';
import { literals } from '../../domain/settings/schema.js';
import { isUuid } from '../../lib/secret-token.js';
import { postSigned } from '../../channels/signed-post.js';
import { webhookBody } from '../../services/webhook-events.js';
import {
  createWebhookEndpoint, deleteWebhookEndpoint, getWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints, updateWebhookEndpoint, WEBHOOK_EVENTS, webhookSecretEncrypted,
} from '../../store/webhooks.js';
import { principalOf } from '../plugins/auth.js';
import { errors, IdParams, NoContent, Nullable, Timestamp } from '../schemas.js';

const tags = ['Webhooks'];
const Events = Type.Array(literals(WEBHOOK_EVENTS), { minItems: 1, uniqueItems: true, description: '`response.created`: a customer gave a rating; `response.follow_up`: they answered or skipped the follow-up question; `action.requested`: nilai asks an events-API inbox to act on a conversation (post a message, resolve, assign; docs/automation.md).' });
const Url = Type.String({ minLength: 1, maxLength: 2000 });
const Endpoint = Type.Object({
  id: Type.String(), url: Type.String(), events: Type.Array(Type.String()), enabled: Type.Boolean(), createdAt: Timestamp, updatedAt: Timestamp,
  lastDelivery: Nullable(Type.Object({ status: Type.String(), at: Timestamp, error: Nullable(Type.String()) })),
}, { title: 'WebhookEndpoint' });
const Secret = Type.String({ description: 'Standard Webhooks secret (whsec_…) to verify what nilai sends; shown only here.' });
const checkUrl = (url: string | undefined) => {
  if (url !== undefined && !isHttpUrl(url)) throw invalid([{ path: 'url', message: 'Must be an http or https URL.' }]);
};

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, keys } = app;
  const find = async (workspaceId: string, id: string) => {
    const e = isUuid(id) ? await getWebhookEndpoint(db, workspaceId, id) : null;
    if (!e) throw notFound('Webhook');
    return e;
  };

  app.get('/api/v1/webhooks', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'List webhook endpoints (never their secret)', response: { 200: Type.Object({ items: Type.Array(Endpoint) }), ...errors() } },
  }, async (req) => ({ items: await listWebhookEndpoints(db, principalOf(req).workspaceId) }));

  app.post('/api/v1/webhooks', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Subscribe a URL to events',
      description: 'Each event is POSTed as `{ "type", "timestamp", "data" }` with `webhook-id` (the same on every retry: drop repeats), `webhook-timestamp` and `webhook-signature` (Standard Webhooks, with the `secret` returned once here). 2xx is delivered; 408/409/425/429/5xx and timeouts are retried with backoff for about an hour; other answers fail the delivery.',
      body: Type.Object({ url: Url, events: Events, enabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 201: Type.Intersect([Endpoint, Type.Object({ secret: Secret })]), ...errors(422) },
    },
  }, async (req, reply) => {
    const ws = principalOf(req).workspaceId;
    checkUrl(req.body.url);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const id = await createWebhookEndpoint(db, ws, { url: req.body.url, events: req.body.events, enabled: req.body.enabled ?? true, secretEncrypted: keys.encrypt(secret) });
    return reply.status(201).send({ ...(await find(ws, id)), secret });
  });

  app.patch('/api/v1/webhooks/:id', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Change a webhook endpoint', params: IdParams,
      body: Type.Object({ url: Type.Optional(Url), events: Type.Optional(Events), enabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: Endpoint, ...errors(404, 422) },
    },
  }, async (req) => {
    const ws = principalOf(req).workspaceId;
    await find(ws, req.params.id);
    checkUrl(req.body.url);
    await updateWebhookEndpoint(db, ws, req.params.id, req.body);
    return find(ws, req.params.id);
  });

  app.delete('/api/v1/webhooks/:id', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Remove a webhook endpoint (its pending deliveries are dropped)', params: IdParams, response: { 204: NoContent, ...errors(404) } },
  }, async (req, reply) => {
    const ws = principalOf(req).workspaceId;
    await find(ws, req.params.id);
    await deleteWebhookEndpoint(db, ws, req.params.id);
    return reply.status(204).send(null);
  });

  app.post('/api/v1/webhooks/:id/test', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Send a signed `ping` now', params: IdParams,
      response: { 200: Type.Object({ ok: Type.Boolean(), detail: Type.String() }), ...errors(404) },
    },
  }, async (req) => {
    const ws = principalOf(req).workspaceId;
    const e = await find(ws, req.params.id);
    try {
      const r = await postSigned(e.url, keys.decrypt(await webhookSecretEncrypted(db, e.id)), `ping_${Date.now()}`, webhookBody('ping', new Date(), { webhookId: e.id }));
      return r.ok ? { ok: true, detail: `${e.url} accepted a signed ping.` } : { ok: false, detail: `${e.url} refused it: ${r.error}` };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  });

  app.get('/api/v1/webhooks/:id/deliveries', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'The newest 50 deliveries of an endpoint', params: IdParams,
      response: {
        200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), type: Type.String(), status: Type.String(), attempts: Type.Integer(), error: Nullable(Type.String()), createdAt: Timestamp, finishedAt: Nullable(Timestamp) })) }),
        ...errors(404),
      },
    },
  }, async (req) => {
    const ws = principalOf(req).workspaceId;
    await find(ws, req.params.id);
    return { items: await listWebhookDeliveries(db, ws, req.params.id) };
  });
};

export default routes;
