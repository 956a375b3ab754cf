import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { login } from '../../services/auth.js';
import { PASSWORD_MIN } from '../../services/passwords.js';
import { changeOwnPassword } from '../../services/users.js';
import { AppError } from '../../domain/errors.js';
import { deleteSession } from '../../store/sessions.js';
import { principalOf, SESSION_COOKIE } from '../plugins/auth.js';
import { errors, NoContent, Nullable, Role } from '../schemas.js';

const Me = Type.Object({ workspaceId: Type.String(), role: Role, userId: Nullable(Type.String()), tokenId: Nullable(Type.String()) }, { title: 'Principal' });
const tags = ['Authentication'];

/**
 * Sign-in attempts: per email whatever the address (enough for typos, too few to guess a password, and
 * a client cannot escape it by changing address), and per client address whatever the email (guessing
 * across many accounts; room for an office of agents behind one NAT address).
 */
export const LOGIN_ATTEMPTS = { perEmail: 10, perAddress: 50, windowMinutes: 15 };

const emailOf = (req: FastifyRequest) => String((req.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase();
const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app;
  // Counters live in this process; a key per email and one per address, many of each kept.
  await app.register(rateLimit, { global: false, cache: 50_000 });
  const timeWindow = LOGIN_ATTEMPTS.windowMinutes * 60_000;
  const limits = [
    { count: app.createRateLimit({ max: LOGIN_ATTEMPTS.perEmail, timeWindow, keyGenerator: (req) => `email|${emailOf(req)}` }), what: 'for this email' },
    { count: app.createRateLimit({ max: LOGIN_ATTEMPTS.perAddress, timeWindow, keyGenerator: (req) => `address|${req.ip}` }), what: 'from your address' },
  ];
  const passwordTries = app.createRateLimit({ max: LOGIN_ATTEMPTS.perEmail, timeWindow, keyGenerator: (req) => `password|${principalOf(req).userId}` });
  let warnedUntrustedProxy = false;
  // After parsing (preHandler), so the email is known; every attempt counts against both limits.
  async function limitAttempts(req: FastifyRequest, reply: FastifyReply) {
    if (!config.trustProxy && req.headers['x-forwarded-for'] !== undefined && !warnedUntrustedProxy) {
      warnedUntrustedProxy = true;
      req.log.warn({ address: req.ip }, 'sign-in requests carry X-Forwarded-For but TRUST_PROXY is not set: if nilai is behind a proxy, every client shares its address for the sign-in limit; set TRUST_PROXY to the proxy');
    }
    const exceeded = (await Promise.all(limits.map(async ({ count, what }) => ({ what, r: await count(req) }))))
      .flatMap(({ what, r }) => (!r.isAllowed && r.isExceeded ? [{ what, ttl: r.ttl, seconds: r.ttlInSeconds }] : []));
    const worst = exceeded.sort((a, b) => b.ttl - a.ttl)[0];
    if (!worst) return;
    reply.header('retry-after', worst.seconds);
    const m = minutes(worst.ttl);
    throw new AppError('rate_limited', `Too many sign-in attempts ${worst.what}. Try again in ${m} minute${m > 1 ? 's' : ''}.`);
  }

  app.post('/api/v1/auth/login', {
    config: { auth: 'public' },
    preHandler: limitAttempts,
    schema: {
      tags, summary: 'Sign in: sets an HTTP-only session cookie for the web app',
      description: `At most ${LOGIN_ATTEMPTS.perEmail} attempts per ${LOGIN_ATTEMPTS.windowMinutes} minutes for one email (from any address) and ${LOGIN_ATTEMPTS.perAddress} from one client address (see TRUST_PROXY); then 429 with Retry-After.`,
      body: Type.Object({
        email: Type.String({ maxLength: 254 }),
        password: Type.String({ maxLength: 200 }),
        workspace: Type.Optional(Type.String({ maxLength: 63, description: 'The workspace slug. Needed only when the same email and password open accounts in several workspaces (409 names them); without it the password is tried against the email\'s account in each workspace.' })),
      }, { additionalProperties: false }),
      response: { 200: Me, ...errors(401, 409, 422, 429) },
    },
  }, async (req, reply) => {
    const r = await login(db, req.body);
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
      description: 'Ends your other sessions (this one stays signed in). Ten tries per user in 15 minutes, right or wrong (then 429).',
      response: { 204: NoContent, ...errors(422, 429) },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    if (!p.userId) throw new AppError('validation_failed', 'This token is not bound to a user.');
    // A stolen session or token must not be a way to guess the password: as many tries as signing in.
    const tries = await passwordTries(req);
    if (!tries.isAllowed && tries.isExceeded) {
      reply.header('retry-after', tries.ttlInSeconds);
      const m = minutes(tries.ttl);
      throw new AppError('rate_limited', `Too many password changes tried. Try again in ${m} minute${m > 1 ? 's' : ''}.`);
    }
    await changeOwnPassword(db, p.userId, req.body.currentPassword, req.body.newPassword, req.cookies[SESSION_COOKIE]);
    return reply.status(204).send(null);
  });
};

export default routes;
