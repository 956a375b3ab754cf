/**
 * A fake Slack incoming webhook on 127.0.0.1, answering as Slack does (docs.slack.dev/messaging/
 * sending-messages-using-incoming-webhooks, "Handling errors"): `200 ok` in plain text; a refusal as
 * plain text codes, 400 `invalid_blocks` / `invalid_payload`, 404 `no_service`; 429 `rate_limited` with
 * a Retry-After header. Messages are checked for the two fields Slack reads, `text` and `blocks`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './receiver.js';

export type SlackAnswer = 'ok' | 'invalid_blocks' | 'no_service' | { rateLimited: number };

export interface FakeSlack {
  /** A webhook URL of the shape Slack gives (/services/T…/B…/secret). */
  url: string;
  messages: { text: string; blocks: any[] }[];
  /** Answers to give, in order; `ok` once they run out. */
  answers: SlackAnswer[];
  requests: number;
  close(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const s: Partial<FakeSlack> = { messages: [], answers: [], requests: 0 };
  const server = http.createServer((req, res) => {
    void readBody(req).then(({ json }) => {
      s.requests! += 1;
      const send = (status: number, body: string, headers: Record<string, string> = {}) => res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(body);
      if (!req.url?.startsWith('/services/')) return send(404, 'no_service');
      if (!json || (typeof json.text !== 'string' && !Array.isArray(json.blocks))) return send(400, 'invalid_payload');
      if (json.blocks !== undefined && (!Array.isArray(json.blocks) || json.blocks.length > 50)) return send(400, 'invalid_blocks');
      const answer = s.answers!.shift() ?? 'ok';
      if (answer === 'invalid_blocks') return send(400, 'invalid_blocks');
      if (answer === 'no_service') return send(404, 'no_service');
      if (typeof answer === 'object') return send(429, 'rate_limited', { 'retry-after': String(answer.rateLimited) });
      s.messages!.push(json);
      send(200, 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  s.url = `http://127.0.0.1:${port}/services/T0TEST0001/B0TEST0001/fakeSlackSecret1234`;
  s.close = () => new Promise((resolve) => server.close(() => resolve()));
  return s as FakeSlack;
}
