/** Times every request into the latency histogram, by route pattern (not the raw URL) and status class. */
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../lib/metrics.js';

export function installMetrics(app: FastifyInstance, metrics: Metrics): void {
  // One labelled child per route, method and status class, looked up by a string key: prom-client would
  // otherwise check and hash the label object on every request. Bounded: routes × methods × 5 classes.
  const children = new Map<string, { observe(v: number): void }>();
  app.addHook('onResponse', (request, reply, done) => {
    // Unmatched URLs share one label, so scanners probing random paths cannot grow the label set.
    const route = request.routeOptions.url ?? 'unmatched';
    const status = `${Math.floor(reply.statusCode / 100)}xx`;
    const key = `${request.method} ${status} ${route}`;
    let child = children.get(key);
    if (!child) children.set(key, (child = metrics.httpDuration.labels({ route, method: request.method, status })));
    child.observe(reply.elapsedTime / 1000);
    done();
  });
}
