/**
 * A fake provider API on 127.0.0.1 (WhatsApp Cloud API, Telegram Bot API, Chatwoot) that records every
 * request and answers with the provider's real response shapes, or with scripted failures.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './receiver.js';

export interface ProviderCall {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  json: any;
  /** When the request arrived (ms since the epoch). */
  at: number;
}

export interface Scripted {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Hold the answer this long (a timeout). */
  delayMs?: number;
}

export interface FakeProvider {
  url: string;
  calls: ProviderCall[];
  /** Answers for the next requests whose path matches, used once each, before the normal answer. */
  script(pathPart: string, ...answers: Scripted[]): void;
  /** Calls whose path contains `pathPart`. */
  callsTo(pathPart: string): ProviderCall[];
  waitForCalls(pathPart: string, n: number, timeoutMs?: number): Promise<ProviderCall[]>;
  /** Requests received and not yet answered: now, and the most at once since `resetMostOpen`. */
  open(): { now: number; most: number };
  resetMostOpen(): void;
  close(): Promise<void>;
}

export async function startFakeProvider(answer: (call: ProviderCall, n: number) => Scripted): Promise<FakeProvider> {
  const calls: ProviderCall[] = [];
  const scripts: { pathPart: string; answer: Scripted }[] = [];
  let open = 0;
  let most = 0;
  const server = http.createServer((req, res) => {
    void readBody(req).then(({ json }) => {
      const call = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, json, at: Date.now() };
      calls.push(call);
      most = Math.max(most, ++open);
      const i = scripts.findIndex((s) => call.path.includes(s.pathPart));
      const a = i >= 0 ? scripts.splice(i, 1)[0]!.answer : answer(call, calls.length);
      setTimeout(() => {
        open--;
        if (res.destroyed) return;
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(JSON.stringify(a.body));
      }, a.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const callsTo = (p: string) => calls.filter((c) => c.path.includes(p));
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    script: (pathPart, ...answers) => scripts.push(...answers.map((answer) => ({ pathPart, answer }))),
    callsTo,
    async waitForCalls(p, n, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      while (callsTo(p).length < n) {
        if (Date.now() > end) throw new Error(`expected ${n} calls to ${p}, got ${callsTo(p).length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return callsTo(p);
    },
    open: () => ({ now: open, most }),
    resetMostOpen: () => {
      most = open;
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
