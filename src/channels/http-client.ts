/**
 * Outgoing HTTP requests to providers and receivers on node:http/https with keep-alive agents, one per
 * scheme, at most MAX_SOCKETS_PER_ORIGIN sockets per origin (host and port): a burst of sends reuses
 * connections instead of opening one each, and queues in the agent past the bound. It replaced the
 * built-in fetch (undici), which took about a quarter of nilai's CPU while dispatching web callbacks
 * (web streams, abort signals, its own Request and Response objects; bench/dispatch.ts).
 *
 * As the fetch calls it replaced did (`redirect: 'manual'`): redirects are not followed (a 3xx is the
 * answer), and one deadline covers connecting, sending and the answer's headers. A body still arriving
 * at the deadline ends there (the answer is what came). Network failures and the deadline reject.
 */
import http from 'node:http';
import https from 'node:https';

/** Sockets open at once per origin (above the web lane's 100 sends open, so it never waits on the agent). */
export const MAX_SOCKETS_PER_ORIGIN = 128;
/** An idle kept-alive socket is closed after this, before a server's own idle timeout (Node: 5 s) closes it under a request. */
const IDLE_SOCKET_MS = 4_000;
/** Answers longer than this are cut (the connection is then closed, not reused). */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

const agentOptions = { keepAlive: true, maxSockets: MAX_SOCKETS_PER_ORIGIN, maxFreeSockets: MAX_SOCKETS_PER_ORIGIN, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' as const };
const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** No answer within the deadline (named as fetch's was, `TimeoutError`). */
export class HttpTimeoutError extends Error {
  override name = 'TimeoutError';
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export async function httpRequest(url: string, req: HttpRequest): Promise<HttpAnswer> {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`unsupported protocol ${u.protocol}`);
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  const headers = { ...req.headers, ...(body && { 'content-length': String(body.length) }) };
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let answer: HttpAnswer | null = null;
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => {
      clearTimeout(timer);
      if (answer) resolve({ ...answer, text: Buffer.concat(chunks).toString('utf8') });
    };
    const request = lib.request(u, { method: req.method, headers, agent: agents[u.protocol as 'http:' | 'https:'] }, (res) => {
      answer = { status: res.statusCode ?? 0, headers: res.headers, text: '' };
      res.on('data', (chunk: Buffer) => {
        if (size >= MAX_ANSWER_BYTES) return;
        chunks.push(chunk);
        size += chunk.length;
        if (size >= MAX_ANSWER_BYTES) res.destroy();
      });
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
    });
    const timer = setTimeout(() => {
      const err = new HttpTimeoutError(`no answer within ${req.timeoutMs / 1000} s`);
      if (answer) {
        finish();
        request.destroy();
      } else request.destroy(err);
    }, req.timeoutMs);
    request.on('error', (err) => {
      clearTimeout(timer);
      if (answer) finish();
      else reject(err);
    });
    request.end(body);
  });
}
