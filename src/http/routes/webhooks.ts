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
import { checkChatwootSignature, signatureProblemText, type SignatureProblem as ChatwootSignatureProblem } from '../../channels/chatwoot/inbound.js';
import { verifyTelegramSecret } from '../../channels/telegram/inbound.js';
import { verifyWhatsappSignature } from '../../channels/whatsapp/inbound.js';
import type { ChannelContext } from '../../channels/types.js';
import { AppError, notFound } from '../../domain/errors.js';
import { findTextFlaw, scanJson } from '../../lib/json-guard.js';
import { isUuid } from '../../lib/secret-token.js';
import { acceptWebhook } from '../../services/inbound-webhooks.js';
import { webhookChannel, type WebhookChannel } from '../../services/webhook-channels.js';
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
/** A provider's check of a webhook against its channel's credentials: null when it verifies, else the problem. */
type Check = (ctx: ChannelContext) => string | null;
/** Answers a refused webhook (throws the refusal). */
type Refuse = (req: FastifyRequest, ctx: ChannelContext, problem: string) => Promise<never>;
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

  /**
   * The channel of a webhook whose credentials `check` accepts (null) or refuses (the problem): from the
   * process's cache when it accepts, and on a fresh read for any refusal (services/webhook-channels).
   */
  const verifiedChannel = async (id: string, type: ChannelType, check: Check, fresh = false): Promise<{ hit: WebhookChannel; problem: string | null }> => {
    const look = async (again: boolean) => {
      const hit = isUuid(id) ? await webhookChannel(db, keys, id, publicUrl, again) : null;
      if (!hit || hit.ctx.channel.type !== type || hit.ctx.channel.archived) return { hit, problem: 'not_found' };
      return { hit, problem: check(hit.ctx) };
    };
    let found = await look(fresh);
    if (found.problem && found.hit?.cached) found = await look(true);
    if (!found.hit || found.problem === 'not_found') throw notFound('Channel');
    return { hit: found.hit, problem: found.problem };
  };

  /**
   * Verifies and stores a webhook: refused (`refuse` throws) unless `check` accepts it, then stored with
   * its job. Stored only while the channel is still the row that verified it: a webhook found `stale` is
   * verified again on a fresh read, so a secret rotated or a channel archived through another process
   * refuses it.
   */
  const receive = async (req: FastifyRequest, id: string, type: ChannelType, check: Check, refuse: Refuse) => {
    let { hit, problem } = await verifiedChannel(id, type, check);
    if (problem) return refuse(req, hit.ctx, problem);
    // Every provider sends an object: a verified `null`, number, string or array is acknowledged and
    // dropped like a body that cannot be stored (a 5xx would have the provider retry it for days).
    const flaw = req.body === null || typeof req.body !== 'object' || Array.isArray(req.body) ? 'not_an_object' : scanJson(req.body);
    if (flaw) {
      // Acknowledged without a write to confirm the channel: confirm it on a fresh read.
      if (hit.cached) {
        ({ hit, problem } = await verifiedChannel(id, type, check, true));
        if (problem) return refuse(req, hit.ctx, problem);
      }
      const path = flaw === 'text' ? findTextFlaw(req.body)?.path : undefined;
      req.log.warn({ channelId: id, problem: flaw, path }, 'webhook dropped: its body cannot be stored');
      app.metrics.inboundWebhooks.inc({ provider: type, result: 'dropped' });
      return { received: true, duplicate: false, dropped: true };
    }
    for (let attempt = 1; ; attempt++) {
      const { channel } = hit.ctx;
      const r = await acceptWebhook(db, jobs, { id: channel.id, workspaceId: channel.workspaceId, version: hit.version }, req.rawBody ?? '', req.body, app.groupCommit);
      if (r !== 'stale') {
        app.metrics.inboundWebhooks.inc({ provider: type, result: r === 'duplicate' ? 'duplicate' : 'accepted' });
        return { received: true, duplicate: r === 'duplicate' };
      }
      // Changed between the read and the write, each time: the provider retries later.
      if (attempt === 3) throw new AppError('unavailable', 'The channel changed while this webhook was being stored; it was not stored.');
      ({ hit, problem } = await verifiedChannel(id, type, check, true));
      if (problem) return refuse(req, hit.ctx, problem);
    }
  };
  const unauthorized: Refuse = async () => {
    throw rejected();
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
    const q = req.query;
    const { problem } = await verifiedChannel(req.params.channelId, 'whatsapp', (ctx) => (q['hub.verify_token'] && q['hub.verify_token'] === ctx.channel.config.verifyToken ? null : 'mismatch'));
    if (q['hub.mode'] !== 'subscribe' || problem) {
      throw new AppError('forbidden', 'The verify token does not match this channel (see config.verifyToken).');
    }
    return reply.type('text/plain').send(q['hub.challenge'] ?? '');
  });

  app.post('/webhooks/whatsapp/:channelId', {
    ...post,
    schema: { tags, summary: 'WhatsApp Cloud API webhook (messages and statuses)', params: Params, response: { 200: Accepted, ...errors(400, 401, 404) } },
  }, async (req) => receive(req, req.params.channelId, 'whatsapp', (ctx) => {
    const secret = ctx.credentials.appSecret;
    return secret && verifyWhatsappSignature(secret, req.rawBody ?? '', header(req, 'x-hub-signature-256')) ? null : 'mismatch';
  }, unauthorized));

  app.post('/webhooks/telegram/:channelId', {
    ...post,
    schema: { tags, summary: 'Telegram Bot API webhook (messages and callback queries)', params: Params, response: { 200: Accepted, ...errors(400, 401, 404) } },
  }, async (req) => receive(req, req.params.channelId, 'telegram', (ctx) => {
    const secret = ctx.credentials.webhookSecret;
    return secret && verifyTelegramSecret(secret, header(req, 'x-telegram-bot-api-secret-token')) ? null : 'mismatch';
  }, unauthorized));

  // Said in the log, on the channel (the admin app shows it) and in the answer: why nothing arrives.
  const chatwootRefused: Refuse = async (req, ctx, problem) => {
    const timestamp = header(req, 'x-chatwoot-timestamp');
    const message = signatureProblemText(problem as ChatwootSignatureProblem, timestamp);
    req.log.warn({ channelId: ctx.channel.id, problem }, `Chatwoot webhook refused: ${message}`);
    await noteWebhookRefused(db, ctx.channel.id, problem, message);
    const path = problem === 'no_secret' ? 'credentials.webhookSecret' : problem.endsWith('timestamp') ? 'headers.x-chatwoot-timestamp' : 'headers.x-chatwoot-signature';
    throw new AppError('unauthorized', message, [{ path, message: problem }]);
  };
  app.post('/webhooks/chatwoot/:channelId', {
    ...post,
    schema: { tags, summary: 'Chatwoot webhook (conversation_created, conversation_status_changed, message_created, message_updated)', params: Params, response: { 200: Accepted, ...errors(400, 401, 404) } },
  }, async (req) => receive(req, req.params.channelId, 'chatwoot', (ctx) => checkChatwootSignature(ctx.credentials.webhookSecret, req.rawBody ?? '', header(req, 'x-chatwoot-signature'), header(req, 'x-chatwoot-timestamp')), chatwootRefused));
};

export default routes;
