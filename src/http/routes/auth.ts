import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import { Type } from '@sinclair/typebox';
import { login } from '../../services/auth.js';
import { PASSWORD_MIN } from '../../services/passwords.js';
import { changeOwnPassword } from '../../services/users.js';
import { AppError } from '../../domain/errors.js';
import { deleteSession } from '../../store/sessions.js';
import { principalOf, SESSION_COOKIE } from '../plugins/auth.js';
import { errors, NoContent, Nullable, Role } from '../schemas.js';

const Me = Type.Object({ workspaceId: Type.String(), role: Role, userId: Nullable(Type.String()), tokenId: Nullable(Type.String()) }, { title: 'Principal' });
const tags = ['Authentication'];

/** Sign-in attempts per address and email: enough for typos, too few to guess a password. */
export const LOGIN_ATTEMPTS = { max: 10, windowMinutes: 15 };

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app;
  await app.register(rateLimit, { global: false });

  app.post('/api/v1/auth/login', {
    config: {
      auth: 'public',
      rateLimit: {
        // After parsing, so the key can include the email.
        hook: 'preHandler',
        max: LOGIN_ATTEMPTS.max,
        timeWindow: LOGIN_ATTEMPTS.windowMinutes * 60_000,
        keyGenerator: (req) => `${req.ip}|${String((req.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase()}`,
        errorResponseBuilder: (_req, ctx) =>
          new AppError('rate_limited', `Too many sign-in attempts for this email. Try again in ${Math.max(1, Math.ceil(ctx.ttl / 60_000))} minute${ctx.ttl > 60_000 ? 's' : ''}.`),
      },
    },
    schema: {
      tags, summary: 'Sign in: sets an HTTP-only session cookie for the web app',
      description: `At most ${LOGIN_ATTEMPTS.max} attempts per ${LOGIN_ATTEMPTS.windowMinutes} minutes for one email from one address; then 429 with Retry-After.`,
      body: Type.Object({ email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: Me, ...errors(422, 429) },
    },
  }, async (req, reply) => {
    const r = await login(db, req.body.email, req.body.password);
    reply.setCookie(SESSION_COOKIE, r.session.id, { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, path: '/', expires: r.session.expiresAt });
    return { workspaceId: r.workspaceId, role: r.role, userId: r.userId, tokenId: null };
  });

  app.post('/api/v1/auth/logout', {
    config: { auth: 'public' },
    schema: { tags, summary: 'Sign out (ends the session)', response: { 204: NoContent } },
  }, async (req, reply) => {
    const id = req.cookies[SESSION_COOKIE];
    if (id) await deleteSession(db, id);
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).status(204).send(null);
  });

  app.get('/api/v1/auth/me', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'Who the current token or session is', response: { 200: Me, ...errors() } },
  }, async (req) => principalOf(req));

  app.post('/api/v1/auth/password', {
    config: { auth: 'agent' },
    schema: {
      tags, summary: 'Change your own password',
      body: Type.Object({ currentPassword: Type.String({ maxLength: 200 }), newPassword: Type.String({ minLength: PASSWORD_MIN, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 204: NoContent, ...errors(422) },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    if (!p.userId) throw new AppError('validation_failed', 'This token is not bound to a user.');
    await changeOwnPassword(db, p.userId, req.body.currentPassword, req.body.newPassword);
    return reply.status(204).send(null);
  });
};

export default routes;
