/** Times every request into the latency histogram, by route pattern (not the raw URL) and status class. */
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../lib/metrics.js';

export function installMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs share one label, so scanners probing random paths cannot grow the label set.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe({ route, method: request.method, status: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
  });
}
