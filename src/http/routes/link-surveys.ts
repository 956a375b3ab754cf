/**
 * Link surveys: `GET /l/:channelId` (the shareable link; one survey per browser, remembered in a cookie)
 * and `POST /api/v1/channels/:id/links` (a personal, single-use link for a contact).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createPersonalLink, openSharedLink } from '../../services/link-surveys.js';
import { principalOf } from '../plugins/auth.js';
import { errors, IdParams, Timestamp } from '../schemas.js';
import { perAddressLimits } from '../per-address-limit.js';

const COOKIE_DAYS = 365;
export const LINK_OPENS_PER_MINUTE = 30;
const Params = Type.Object({ channelId: Type.String({ maxLength: 100 }) });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, keys } = app;
  const { publicUrl, cookieSecure } = app.config;

  // Each new browser on the shareable link makes an invitation: limited per address, as widget opens are.
  const limiter = await perAddressLimits(app);
  app.get('/l/:channelId', { schema: { hide: true, params: Params }, preHandler: limiter(LINK_OPENS_PER_MINUTE, 'survey link') }, async (req, reply) => {
    const { channelId } = req.params;
    const cookie = `nilai_l_${channelId.replace(/[^0-9a-f-]/gi, '')}`;
    // This browser's survey of the link: the same one again (its page, or its thank-you once answered).
    const known = req.cookies[cookie];
    if (known && /^[A-Za-z0-9_-]{22}$/.test(known)) return reply.header('cache-control', 'no-store').redirect(`/s/${known}`, 303);
    const token = await openSharedLink(db, keys, channelId, req.headers['accept-language']);
    if (!token) return reply.redirect('/s/unknown-link', 303);
    reply.setCookie(cookie, token, { path: '/l/', httpOnly: true, sameSite: 'lax', secure: cookieSecure, maxAge: COOKIE_DAYS * 86_400 });
    return reply.header('cache-control', 'no-store').redirect(`/s/${token}`, 303);
  });

  app.post('/api/v1/channels/:id/links', {
    config: { auth: 'admin' },
    schema: {
      tags: ['Channels'],
      summary: 'A personal survey link for one contact (link channels): single use, with an expiry',
      description: 'Open it (or its QR code) to answer on the hosted survey page; once answered it shows the thank-you page. The contact is created or updated like in events.',
      params: IdParams,
      body: Type.Object({
        contact: Type.Object({
          id: Type.String({ minLength: 1, maxLength: 200 }), name: Type.Optional(Type.String({ maxLength: 200 })),
          email: Type.Optional(Type.String({ maxLength: 254 })), locale: Type.Optional(Type.String({ maxLength: 35 })),
        }, { additionalProperties: false }),
        expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 90, description: 'Default: the link expiry of the survey settings.' })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ invitationId: Type.String(), url: Type.String(), expiresAt: Timestamp }), ...errors(404) },
    },
  }, async (req, reply) => reply.code(201).send(await createPersonalLink(db, keys, publicUrl, principalOf(req).workspaceId, req.params.id, req.body)));
};

export default routes;
