/**
 * Provider webhooks: WhatsApp (GET verification challenge, POST signed with X-Hub-Signature-256),
 * Telegram (X-Telegram-Bot-Api-Secret-Token), Chatwoot (X-Chatwoot-Signature over timestamp and body).
 * A request whose signature does not verify gets 401 and is not stored; a verified one is stored with its
 * job and answered 200 at once (the job does the work). A verified body nilai cannot store (NUL
 * characters, unpaired surrogates, absurd nesting) is acknowledged with 200 and dropped with a log line:
 * refusing it would only make the provider retry it for days.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { checkChatwootSignature, signatureProblemText } from '../../channels/chatwoot/inbound.js';
import { verifyTelegramSecret } from '../../channels/telegram/inbound.js';
import { verifyWhatsappSignature } from '../../channels/whatsapp/inbound.js';
import type { ChannelContext } from '../../channels/types.js';
import { AppError, notFound } from '../../domain/errors.js';
import { findTextFlaw, scanJson } from '../../lib/json-guard.js';
import { isUuid } from '../../lib/secret-token.js';
import { channelContext } from '../../services/channels.js';
import { acceptWebhook } from '../../services/inbound-webhooks.js';
import { noteWebhookRefused } from '../../store/channel-cache.js';
import type { ChannelType } from '../../store/types.js';
import { errors } from '../schemas.js';

const Params = Type.Object({ channelId: Type.String({ maxLength: 100 }) });
const Accepted = Type.Object({
  received: Type.Boolean(),
  duplicate: Type.Boolean(),
  dropped: Type.Optional(Type.Boolean({ description: 'true: the body holds what nilai cannot store (NUL characters, unpaired surrogates, nesting deeper than 64 levels); it was acknowledged and dropped.' })),
});
const tags = ['Webhooks'];
const header = (req: FastifyRequest, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
const rejected = () => new AppError('unauthorized', 'The webhook signature does not match this channel\'s secret.');

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
  }
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, keys, jobs } = app;
  const { publicUrl } = app.config;

  // Signatures are computed over the exact bytes received, so keep them next to the parsed body.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (req, body, done) => {
    req.rawBody = body as string;
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new AppError('bad_request', 'The body is not valid JSON.'), undefined);
    }
  });

  const channelFor = async (id: string, type: ChannelType): Promise<ChannelContext> => {
    const ctx = isUuid(id) ? await channelContext(db, keys, id, publicUrl) : null;
    if (!ctx || ctx.channel.type !== type || ctx.channel.archived) throw notFound('Channel');
    return ctx;
  };
  const accept = async (ctx: ChannelContext, req: FastifyRequest) => {
    const problem = scanJson(req.body);
    if (problem) {
      const path = problem === 'text' ? findTextFlaw(req.body)?.path : undefined;
      req.log.warn({ channelId: ctx.channel.id, problem, path }, 'webhook dropped: its body cannot be stored');
      app.metrics.inboundWebhooks.inc({ provider: ctx.channel.type, result: 'dropped' });
      return { received: true, duplicate: false, dropped: true };
    }
    const r = await acceptWebhook(db, jobs, ctx.channel, req.rawBody ?? '', req.body, app.groupCommit);
    app.metrics.inboundWebhooks.inc({ provider: ctx.channel.type, result: r === 'duplicate' ? 'duplicate' : 'accepted' });
    return { received: true, duplicate: r === 'duplicate' };
  };
  const post = { bodyLimit: 1024 * 1024, config: { auth: 'public' as const, checksOwnBody: true } };

  app.get('/webhooks/whatsapp/:channelId', {
    config: { auth: 'public' },
    schema: {
      tags, summary: 'WhatsApp webhook verification (Meta calls it once when you save the callback URL)',
      params: Params,
      querystring: Type.Object({ 'hub.mode': Type.Optional(Type.String()), 'hub.verify_token': Type.Optional(Type.String()), 'hub.challenge': Type.Optional(Type.String()) }),
      response: { 200: Type.String(), ...errors(403, 404) },
    },
  }, async (req, reply) => {
    const ctx = await channelFor(req.params.channelId, 'whatsapp');
    const q = req.query;
    if (q['hub.mode'] !== 'subscribe' || !q['hub.verify_token'] || q['hub.verify_token'] !== ctx.channel.config.verifyToken) {
      throw new AppError('forbidden', 'The verify token does not match this channel (see config.verifyToken).');
    }
    return reply.type('text/plain').send(q['hub.challenge'] ?? '');
  });

  app.post('/webhooks/whatsapp/:channelId', {
    ...post,
    schema: { tags, summary: 'WhatsApp Cloud API webhook (messages and statuses)', params: Params, response: { 200: Accepted, ...errors(400, 401, 404) } },
  }, async (req) => {
    const ctx = await channelFor(req.params.channelId, 'whatsapp');
    const secret = ctx.credentials.appSecret;
    if (!secret || !verifyWhatsappSignature(secret, req.rawBody ?? '', header(req, 'x-hub-signature-256'))) throw rejected();
    return accept(ctx, req);
  });

  app.post('/webhooks/telegram/:channelId', {
    ...post,
    schema: { tags, summary: 'Telegram Bot API webhook (messages and callback queries)', params: Params, response: { 200: Accepted, ...errors(400, 401, 404) } },
  }, async (req) => {
    const ctx = await channelFor(req.params.channelId, 'telegram');
    const secret = ctx.credentials.webhookSecret;
    if (!secret || !verifyTelegramSecret(secret, header(req, 'x-telegram-bot-api-secret-token'))) throw rejected();
    return accept(ctx, req);
  });

  app.post('/webhooks/chatwoot/:channelId', {
    ...post,
    schema: { tags, summary: 'Chatwoot webhook (conversation_created, conversation_status_changed, message_created, message_updated)', params: Params, response: { 200: Accepted, ...errors(400, 401, 404) } },
  }, async (req) => {
    const ctx = await channelFor(req.params.channelId, 'chatwoot');
    const timestamp = header(req, 'x-chatwoot-timestamp');
    const problem = checkChatwootSignature(ctx.credentials.webhookSecret, req.rawBody ?? '', header(req, 'x-chatwoot-signature'), timestamp);
    if (problem) {
      // Said in the log, on the channel (the admin app shows it) and in the answer: why nothing arrives.
      const message = signatureProblemText(problem, timestamp);
      req.log.warn({ channelId: ctx.channel.id, problem }, `Chatwoot webhook refused: ${message}`);
      await noteWebhookRefused(db, ctx.channel.id, problem, message);
      const path = problem === 'no_secret' ? 'credentials.webhookSecret' : problem.endsWith('timestamp') ? 'headers.x-chatwoot-timestamp' : 'headers.x-chatwoot-signature';
      throw new AppError('unauthorized', message, [{ path, message: problem }]);
    }
    return accept(ctx, req);
  });
};

export default routes;
