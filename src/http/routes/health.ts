import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { sendError } from '../plugins/errors.js';
import { errors } from '../schemas.js';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', {
    schema: {
      tags: ['Operations'], summary: 'Liveness and database check', description: 'For load balancers and container health checks: 200 while the database answers, otherwise 503 with `Retry-After: 5`.',
      response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.Literal('ok') }), ...errors(503) },
    },
  }, async (req, reply) => {
    try {
      await sql`select 1`.execute(app.db);
      return { status: 'ok' as const, database: 'ok' as const };
    } catch (err) {
      req.log.error({ err }, 'health check: database unreachable');
      return sendError(reply.header('retry-after', '5'), 'unavailable', 'The database is unreachable.');
    }
  });
};

export default routes;
