/** A fake webhook receiver on 127.0.0.1 that records what nilai sends and answers as told. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Statuses to answer with, in order; 200 once they run out. */
  respondWith: number[];
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** A request's body as text, and as JSON when it is JSON (else null). */
export function readBody(req: http.IncomingMessage): Promise<{ body: string; json: any }> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      let json: unknown = null;
      try {
        json = body ? JSON.parse(body) : null;
      } catch {
        json = null;
      }
      resolve({ body, json });
    });
  });
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const r: Partial<Receiver> = { received, respondWith: [] };
  const server = http.createServer((req, res) => {
    void readBody(req).then(({ body, json }) => {
      received.push({ headers: req.headers, body, json, at: Date.now() });
      const status = r.respondWith!.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  r.url = `http://127.0.0.1:${actual}/hook`;
  r.waitFor = async (n, timeoutMs = 20_000) => {
    const end = Date.now() + timeoutMs;
    while (received.length < n) {
      if (Date.now() > end) throw new Error(`expected ${n} deliveries, got ${received.length}`);
      await new Promise((res) => setTimeout(res, 50));
    }
    return received.slice(0, n);
  };
  r.close = () => new Promise((resolve) => server.close(() => resolve()));
  return r as Receiver;
}

/** Polls `fn` until it returns a truthy value. */
export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((res) => setTimeout(res, 100));
  }
}
