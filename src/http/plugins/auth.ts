/**
 * Authentication and role checks for /api routes. Each route declares `config.auth`: the least role it
 * needs ('agent' < 'supervisor' < 'admin') or 'public'. Routes that forget to declare it need admin.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import { authenticate } from '../../services/auth.js';
import { hasRole, type Principal } from '../../services/principal.js';
import type { Db } from '../../store/db.js';
import type { Role } from '../../store/types.js';

export const SESSION_COOKIE = 'nilai_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: Role | 'public';
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The caller, for routes that are not public. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthorized', 'Sign in or send an API token.');
  return request.principal;
}

export function installAuth(app: FastifyInstance, db: Db): void {
  app.decorateRequest('principal', null);
  // A callback hook, so the routes outside /api (survey pages, the admin app) pass without a promise.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!request.url.startsWith('/api/')) return done();
    authorize(request).then(() => done(), done);
  });

  async function authorize(request: FastifyRequest): Promise<void> {
    const needed = request.routeOptions.config?.auth ?? 'admin';
    const header = request.headers.authorization;
    let bearer: string | null = null;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      // A public route (sign-in, sign-out) needs no credentials, so a malformed header is not its problem.
      if (!m && needed !== 'public') throw new AppError('unauthorized', 'The Authorization header must be "Bearer <token>".');
      bearer = m?.[1] ?? null;
    }
    const cookie = request.cookies?.[SESSION_COOKIE] ?? null;
    request.principal = bearer || cookie ? await authenticate(db, bearer, cookie) : null;
    if (needed === 'public') return;
    if (!request.principal) {
      throw new AppError('unauthorized', bearer ? 'The API token is unknown or revoked.' : 'Sign in or send an API token (Authorization: Bearer <token>).');
    }
    if (!hasRole(request.principal, needed)) {
      throw new AppError('forbidden', `This needs the ${needed} role; you are ${request.principal.role}.`);
    }
  }
}
