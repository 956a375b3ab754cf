/** `GET /metrics`: Prometheus text format, only when METRICS_TOKEN is set, and only for `Bearer <METRICS_TOKEN>`. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError, notFound } from '../../domain/errors.js';
import { QUEUES } from '../../jobs/queue.js';
import { scrapeStats } from '../../store/metrics.js';
import { errors } from '../schemas.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const token = app.config.metricsToken ?? null;
  app.get('/metrics', {
    config: { auth: 'public' },
    schema: {
      tags: ['Operations'], summary: 'Prometheus metrics (set METRICS_TOKEN; send Authorization: Bearer <METRICS_TOKEN>)',
      response: { 200: Type.String(), ...errors(401, 404) },
    },
  }, async (req, reply) => {
    if (!token) throw notFound('Route GET /metrics (set METRICS_TOKEN to enable it)');
    const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(given), digest(token))) throw new AppError('unauthorized', 'Send Authorization: Bearer <METRICS_TOKEN>.');
    const text = await app.metrics.render(await scrapeStats(app.db, QUEUES));
    return reply.type(app.metrics.registry.contentType).send(text);
  });
};

export default routes;
