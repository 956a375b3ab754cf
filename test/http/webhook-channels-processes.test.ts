/**
 * Provider webhooks verify against channels kept in each process's memory (services/webhook-channels);
 * the webhook's INSERT checks the channel's row_version (migration 0043). Two instances on one database,
 * as two replicas: a secret changed or a channel deleted through one refuses the other's next webhook.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';

let a: TestApp;
let b: TestApp;
let ws: Seeded;
let updateId = 0;
// Telegram Update with a message (core.telegram.org/bots/api#update).
const hook = async (app: TestApp, channelId: string, secret: string) => (await fetch(`${app.url}/webhooks/telegram/${channelId}`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
  body: JSON.stringify({ update_id: ++updateId, message: { message_id: updateId, from: { id: 51, first_name: 'Rina' }, chat: { id: 51, type: 'private' }, date: 1795440000, text: 'halo' } }),
})).status;
const stored = async (channelId: string) => Number((await a.db.selectFrom('inbound_webhooks').select((eb) => eb.fn.countAll().as('n')).where('channel_id', '=', channelId).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  a = await startApp(undefined, { workers: false });
  b = await startApp(a.dbUrl, { workers: false });
  ws = await seedWorkspace(a.db);
}, 120_000);
afterAll(async () => {
  await b?.close();
  await a?.close();
});

describe('the webhook channel cache across two instances', () => {
  it('refuses at B the secret rotated and the channel deleted through A, and accepts the new secret at once', async () => {
    const created = await call(a.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'TG', type: 'telegram', config: { apiBaseUrl: 'http://127.0.0.1:9' }, credentials: { botToken: '7012345678:AAH-two-instances-abcdefghijklm', webhookSecret: 'old-secret-1' } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(await hook(b, id, 'old-secret-1')).toBe(200); // B reads and keeps the channel
    expect(await hook(b, id, 'old-secret-1')).toBe(200);
    expect(await hook(b, id, 'wrong')).toBe(401);

    expect((await call(a.url, 'PATCH', `/api/v1/channels/${id}`, ws.tokens.admin, { credentials: { webhookSecret: 'new-secret-2' } })).status).toBe(200);
    const before = await stored(id);
    expect(await hook(b, id, 'old-secret-1')).toBe(401);
    expect(await stored(id)).toBe(before);
    expect(await hook(b, id, 'new-secret-2')).toBe(200);
    expect(await hook(b, id, 'new-secret-2')).toBe(200);
    expect(await stored(id)).toBe(before + 2);

    expect((await call(a.url, 'DELETE', `/api/v1/channels/${id}`, ws.tokens.admin)).status).toBe(204);
    expect(await hook(b, id, 'new-secret-2')).toBe(404);
    expect(await stored(id)).toBe(before + 2);
  });
});
