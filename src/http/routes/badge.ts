/** The public score badge: its opt-in (`/api/v1/badge`) and the public SVG and page (`/badge/:key`). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { renderBadgePage, renderBadgeSvg } from '../../domain/render/badge.js';
import { literals } from '../../domain/settings/schema.js';
import { BADGE_CACHE_SECONDS, badgeSettings, publicBadge } from '../../services/badge.js';
import { principalOf } from '../plugins/auth.js';
import { Nullable } from '../schemas.js';

const Badge = Type.Object({
  enabled: Type.Boolean(), key: Nullable(Type.String()), days: Type.Integer(), survey: literals(['csat', 'nps'] as const),
  svgUrl: Nullable(Type.String()), pageUrl: Nullable(Type.String()),
}, { title: 'ScoreBadge' });
const tags = ['Badge'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  const { publicUrl } = app.config;
  app.get('/api/v1/badge', { config: { auth: 'supervisor' }, schema: { tags, summary: 'The public score badge: whether it is on, its period and survey, its addresses', response: { 200: Badge } } },
    async (req) => badgeSettings(db, publicUrl, principalOf(req).workspaceId));
  app.patch('/api/v1/badge', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Turn the public score badge on or off, or change its period or survey',
      description: 'Off by default. It shows only the CSAT % (or NPS) of the last `days` days and its n, cached for 5 minutes; no personal data.',
      body: Type.Object({ enabled: Type.Optional(Type.Boolean()), days: Type.Optional(Type.Integer({ minimum: 7, maximum: 365 })), survey: Type.Optional(literals(['csat', 'nps'] as const)) }, { additionalProperties: false }),
      response: { 200: Badge },
    },
  }, async (req) => badgeSettings(db, publicUrl, principalOf(req).workspaceId, req.body));

  const Params = Type.Object({ key: Type.String({ maxLength: 100 }) });
  const headers = { 'cache-control': `public, max-age=${BADGE_CACHE_SECONDS}`, 'x-content-type-options': 'nosniff', 'cross-origin-resource-policy': 'cross-origin' };
  app.get('/badge/:key', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const svg = req.params.key.endsWith('.svg');
    const b = await publicBadge(db, svg ? req.params.key.slice(0, -4) : req.params.key);
    if (!b) return reply.code(404).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('No such badge.');
    return svg
      ? reply.type('image/svg+xml; charset=utf-8').headers({ ...headers, 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" }).send(renderBadgeSvg(b.figure))
      : reply.type('text/html; charset=utf-8').headers({ ...headers, 'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'" }).send(renderBadgePage(b.workspaceName, b.figure, `/badge/${req.params.key}.svg`));
  });
};

export default routes;
