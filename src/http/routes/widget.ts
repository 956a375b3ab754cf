/**
 * The website widget: its script (/widget/v1.js), its public API (open → ticket, answer) with CORS for
 * the origins the admin lists on the widget channel, and a demo page (/widget/demo).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { buildWidget } from '../../../scripts/build-widget.js';
import { SURVEY_TYPES, literals } from '../../domain/settings/schema.js';
import { answerWidget, openWidget, originAllowed, widgetChannel } from '../../services/widget.js';
import { renderWidgetDemo } from '../widget-demo.js';
import { errors } from '../schemas.js';
import { perAddressLimits } from '../per-address-limit.js';

/** Per client address and minute (see TRUST_PROXY): opens happen once per page view, answers once per open. */
export const WIDGET_LIMITS = { opensPerMinute: 60, answersPerMinute: 20 };

const KeyParams = Type.Object({ key: Type.String({ maxLength: 100, description: 'The widget channel id (the site key in the snippet).' }) });
const Visitor = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 200, description: 'The site\'s user id of the signed-in visitor.' }),
  attributes: Type.Optional(Type.Record(Type.String({ maxLength: 50 }), Type.String({ maxLength: 500 }), { maxProperties: 20 })),
  signature: Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: 'Hex HMAC-SHA256 of the id and attributes with the identity secret (docs/widget.md).' }),
}, { additionalProperties: false });
const PageUrl = Type.String({ minLength: 1, maxLength: 2000 });
const tags = ['Widget'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, keys, jobs } = app;
  // nilai's own pages (the demo) may show any widget.
  const selfOrigin = new URL(app.config.publicUrl).origin;
  const script = buildWidget();
  const gzipped = gzipSync(script, { level: 9 });
  const etag = `"${createHash('sha256').update(script).digest('base64url').slice(0, 22)}"`;

  app.get('/widget/v1.js', { schema: { hide: true } }, async (req, reply) => {
    reply.headers({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400, stale-while-revalidate=604800', etag, vary: 'Accept-Encoding', 'x-content-type-options': 'nosniff', 'cross-origin-resource-policy': 'cross-origin' });
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(gzipped);
    return reply.send(script);
  });

  // CORS: only the widget channel's origins may read its answers (also its errors).
  async function cors(req: FastifyRequest, reply: FastifyReply) {
    const key = (req.params as { key?: string }).key ?? '';
    const channel = await widgetChannel(db, key);
    const origin = req.headers.origin;
    reply.header('vary', 'Origin');
    if (channel && origin && originAllowed(channel, origin, selfOrigin)) {
      reply.headers({ 'access-control-allow-origin': origin, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600' });
    }
  }
  app.options('/widget/api/v1/:key/:action', { schema: { hide: true }, onRequest: cors }, async (_req, reply) => reply.code(204).send());

  const limiter = await perAddressLimits(app);

  app.post('/widget/api/v1/:key/open', {
    onRequest: cors,
    preHandler: limiter(WIDGET_LIMITS.opensPerMinute, 'widget open'),
    schema: {
      tags, summary: 'Widget: is there a survey for this visitor on this page? Then a ticket to answer it',
      description: `Called by the widget script from a page of an allowed origin (\`Origin\` header; others get 404). A forged signed-in identity is refused (403). At most ${WIDGET_LIMITS.opensPerMinute} per minute per client address (429).`,
      params: KeyParams,
      body: Type.Object({ pageUrl: PageUrl, lang: Type.Optional(Type.String({ maxLength: 35 })), visitor: Type.Optional(Visitor) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          show: Type.Boolean(),
          reason: Type.Optional(Type.String({ description: 'Why not: page_not_included, recently_answered or no_survey.' })),
          ticket: Type.Optional(Type.String({ description: 'Signed, short-lived; one answer each.' })),
          rules: Type.Optional(Type.Unknown()),
          survey: Type.Optional(Type.Unknown({ description: 'The survey steps in the visitor\'s language (as the settings preview shows them).' })),
        }),
        ...errors(404, 429),
      },
    },
  }, async (req) => openWidget(db, keys, { key: req.params.key, origin: req.headers.origin, selfOrigin, pageUrl: req.body.pageUrl, lang: req.body.lang, visitor: req.body.visitor }));

  app.post('/widget/api/v1/:key/answer', {
    onRequest: cors,
    preHandler: limiter(WIDGET_LIMITS.answersPerMinute, 'widget answer'),
    schema: {
      tags, summary: 'Widget: record the visitor\'s answers (once per ticket)',
      description: 'The answers join the responses and reports with source `widget`, the widget channel and the page URL (without query string). A used ticket answers 409, an expired one 410.',
      params: KeyParams,
      body: Type.Object({
        ticket: Type.String({ minLength: 1, maxLength: 4000 }),
        pageUrl: PageUrl,
        answers: Type.Array(Type.Object({
          surveyType: literals(SURVEY_TYPES),
          score: Type.Integer({ minimum: 0, maximum: 10 }),
          followUp: Type.Optional(Type.String({ maxLength: 2000 })),
        }, { additionalProperties: false }), { minItems: 1, maxItems: 3 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ invitationId: Type.String() }), ...errors(404, 409, 410, 429) },
    },
  }, async (req) => answerWidget({ db, keys, jobs }, { key: req.params.key, origin: req.headers.origin, selfOrigin, ticket: req.body.ticket, pageUrl: req.body.pageUrl, answers: req.body.answers }));

  app.get('/widget/demo', { schema: { hide: true } }, async (req, reply) => {
    const html = await renderWidgetDemo(db, app.config.publicUrl, req.headers['accept-language']);
    return reply.type('text/html; charset=utf-8').headers({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }).send(html);
  });
};

export default routes;
