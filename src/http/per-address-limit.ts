/** A preHandler that allows `max` requests a minute per client address (see TRUST_PROXY), then 429 with Retry-After. */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';

/** Registers the counters in `app`'s scope (once per plugin) and returns a limiter factory. */
export async function perAddressLimits(app: FastifyInstance) {
  await app.register(rateLimit, { global: false, cache: 50_000 });
  return (max: number, what: string) => {
    const count = app.createRateLimit({ max, timeWindow: 60_000, keyGenerator: (req) => `${what}|${req.ip}` });
    return async (req: FastifyRequest, reply: FastifyReply) => {
      const r = await count(req);
      if (r.isAllowed || !r.isExceeded) return;
      reply.header('retry-after', r.ttlInSeconds);
      throw new AppError('rate_limited', `Too many ${what} requests from your address. Try again in a minute.`);
    };
  };
}
