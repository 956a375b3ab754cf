/**
 * WhatsApp Cloud API end to end against a fake Graph API: resolve → interactive list → tapped and typed
 * answers through signed webhooks → stored responses with follow-up texts; signatures, delivery
 * reports, retries (429 with Retry-After, 5xx, timeout), permanent errors, the 24-hour window, STOP.
 */
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../src/channels/registry.js';
import { dispatchInvitation } from '../../src/services/dispatch.js';
import { call, changeSettings, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import type { FakeProvider } from '../helpers/fake-provider.js';
import { eventually } from '../helpers/receiver.js';
import { APP_SECRET, PHONE_NUMBER_ID, fakeWhatsapp, graphError, signWhatsapp, waListReply, waStatus, waText } from '../helpers/whatsapp.js';

let t: TestApp;
let ws: Seeded;
let wa: FakeProvider;
let channel: any;
const PHONE = '+62 812-3456-7890';
const WA_ID = '6281234567890';

const hook = async (payload: unknown, signature?: string) => {
  const raw = JSON.stringify(payload);
  const res = await fetch(`${t.url}/webhooks/whatsapp/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature ?? signWhatsapp(raw) }, body: raw });
  return { status: res.status, body: await res.json() };
};
const sent = () => wa.callsTo('/messages');
const lastSent = () => sent().at(-1)!.json;
const invitationOf = async (conversationId: string) => (await call(t.url, 'GET', `/api/v1/conversations/${conversationId}`, ws.tokens.admin)).body.invitations[0];

/** A conversation with a customer message `minutesAgo` ago, resolved now. */
async function resolveConversation(id: string, phone: string, opts: { minutesAgo?: number } = {}) {
  const start = new Date(Date.now() - (opts.minutesAgo ?? 30) * 60_000).toISOString();
  const e = eventsFor({ conversationId: id, channelId: channel.id, contactId: `contact-${id}`, locale: 'id-ID', agentId: ws.agentId }, start);
  const conversation = { ...e.opened.conversation, contact: { ...e.opened.conversation.contact, phone } };
  const events = [e.opened, e.customer, e.agent].map((ev) => ({ ...ev, conversation }));
  const resolve = { ...e.resolved(), occurredAt: new Date().toISOString(), conversation };
  const r = await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [...events, resolve]);
  expect(r.status).toBe(200);
}

beforeAll(async () => {
  process.env.NILAI_SEND_TIMEOUT_MS = '1500';
  wa = await fakeWhatsapp();
  t = await startApp();
  ws = await seedWorkspace(t.db);
  await changeSettings(t.url, ws.tokens.admin, (s) => {
    s.nps.enabled = true;
  });
});
afterAll(async () => {
  delete process.env.NILAI_SEND_TIMEOUT_MS;
  await t.close();
  await wa.close();
});

describe('WhatsApp channel', () => {
  it('checks its configuration, masks its credentials and tests the connection', async () => {
    const bad = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'WA', type: 'whatsapp', config: { phoneNumberId: '+62 811' }, credentials: { accessToken: 'x' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual(['config.phoneNumberId', 'credentials.appSecret']);
    const badId = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'WA', type: 'whatsapp', config: { phoneNumberId: '+62 811' }, credentials: { accessToken: 'x' } }, { 'accept-language': 'id' });
    expect(badId.body.error.details).toEqual([
      { path: 'config.phoneNumberId', message: 'Harus phone number ID berupa angka (bukan nomor telepon dengan + atau spasi).' },
      { path: 'credentials.appSecret', message: 'Channel whatsapp memerlukan app secret Meta.' },
    ]);
    const r = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, {
      name: 'WhatsApp CS',
      type: 'whatsapp',
      config: { phoneNumberId: PHONE_NUMBER_ID, apiBaseUrl: `${wa.url}/v21.0` },
      credentials: { accessToken: 'EAAG-secret-access-token-9f3a', appSecret: APP_SECRET },
    });
    expect(r.status).toBe(201);
    expect(r.body.credentials).toEqual({ accessToken: '••••9f3a', appSecret: '••••6789' });
    expect(JSON.stringify(r.body)).not.toContain('EAAG-secret');
    expect(r.body.config.verifyToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(r.body.webhookUrl).toBe(`${t.url}/webhooks/whatsapp/${r.body.id}`);
    channel = r.body;

    const ok = await call(t.url, 'POST', `/api/v1/channels/${channel.id}/test`, ws.tokens.admin);
    expect(ok.body).toMatchObject({ ok: true });
    expect(ok.body.detail).toContain('+62 811-0000-1111 (Toko Nusantara)');
    expect(wa.calls.at(-1)!.headers.authorization).toBe('Bearer EAAG-secret-access-token-9f3a');
    wa.script(PHONE_NUMBER_ID, graphError(401, 190, 'Error validating access token: Session has expired'));
    const expired = await call(t.url, 'POST', `/api/v1/channels/${channel.id}/test`, ws.tokens.admin);
    expect(expired.body).toEqual({ ok: false, detail: 'WhatsApp refused it (HTTP 401): Error validating access token: Session has expired (code 190)' });
  });

  it('answers the verification challenge only with the verify token', async () => {
    const q = (token: string) => fetch(`${t.url}/webhooks/whatsapp/${channel.id}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`);
    const good = await q(channel.config.verifyToken);
    expect([good.status, await good.text()]).toEqual([200, '1158201444']);
    expect((await q('wrong')).status).toBe(403);
  });

  it('sends CSAT as an interactive list, records a tapped and a typed answer with follow-ups, and thanks', async () => {
    await resolveConversation('wa-1', PHONE);
    await wa.waitForCalls('/messages', 1);
    const first = lastSent();
    expect(first).toMatchObject({ messaging_product: 'whatsapp', to: WA_ID, type: 'interactive', interactive: { type: 'list' } });
    expect(first.interactive.body.text).toContain('Percakapan Anda telah selesai');
    expect(first.interactive.body.text).toContain('Seberapa puas Anda dengan layanan kami hari ini? (1/2)');
    const rows = first.interactive.action.sections[0].rows;
    expect(rows).toHaveLength(5);
    expect(rows.every((row: any) => [...row.title].length <= 24)).toBe(true);
    expect(first.interactive.action.button.length).toBeLessThanOrEqual(20);
    expect(sent()[0]!.path).toBe(`/v21.0/${PHONE_NUMBER_ID}/messages`);

    // Meta reports the delivery; the invitation follows.
    const inv = await eventually(async () => ((await invitationOf('wa-1'))?.status === 'sent' ? invitationOf('wa-1') : null));
    await hook(waStatus('wamid.HBgM1', WA_ID, 'delivered'));
    await eventually(async () => (await invitationOf('wa-1')).status === 'delivered');

    // A forged webhook is refused and stores nothing.
    const before = await t.db.selectFrom('inbound_webhooks').select('id').execute();
    const forged = await hook(waListReply(WA_ID, rows[0].id, rows[0].title), signWhatsapp('{}'));
    expect(forged.status).toBe(401);
    expect((await hook(waText(WA_ID, '1'), 'sha256=00')).status).toBe(401);
    expect(await t.db.selectFrom('inbound_webhooks').select('id').execute()).toHaveLength(before.length);

    // Tap "4": the rating is stored and the follow-up question comes back in the chat.
    const tap = await hook(waListReply(WA_ID, rows[3].id, rows[3].title));
    expect(tap).toEqual({ status: 200, body: { received: true, duplicate: false } });
    await wa.waitForCalls('/messages', 2);
    expect(lastSent()).toMatchObject({ type: 'text', text: { body: expect.stringContaining('Apa yang bisa kami tingkatkan?') } });

    // The customer types the follow-up; then NPS (11 options) comes as text with the link.
    await hook(waText(WA_ID, 'Balasannya agak lama'));
    await wa.waitForCalls('/messages', 3);
    const nps = lastSent().text.body;
    expect(nps).toContain('(2/2)');
    expect(nps).toContain('Balas dengan angka 0–10.');
    expect(nps).toContain(`${t.url}/s/`);

    // "tujuh" is 7; its follow-up (passive) is skipped with LEWATI; then the thank-you.
    await hook(waText(WA_ID, 'tujuh'));
    await wa.waitForCalls('/messages', 4);
    expect(lastSent().text.body).toContain('Apa satu hal yang bisa membuat kami lebih baik?');
    await hook(waText(WA_ID, 'lewati'));
    await wa.waitForCalls('/messages', 5);
    expect(lastSent().text.body).toBe('Terima kasih atas masukan Anda! Jawaban Anda membantu kami melayani lebih baik.');

    const responses = (await call(t.url, 'GET', `/api/v1/responses?channelId=${channel.id}`, ws.tokens.admin)).body.items;
    const byType = Object.fromEntries(responses.map((r: any) => [r.surveyType, r]));
    expect(byType.csat).toMatchObject({ score: 4, invitationId: inv.id, followUpText: 'Balasannya agak lama' });
    expect(byType.nps).toMatchObject({ score: 7, followUpText: null });
    expect((await invitationOf('wa-1')).status).toBe('answered');
  });

  it('drops a repeated webhook and never sends a reply twice', async () => {
    const body = waText(WA_ID, '10');
    const raw = JSON.stringify(body);
    const again = await fetch(`${t.url}/webhooks/whatsapp/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWhatsapp(raw) }, body: raw });
    expect(again.status).toBe(200);
    const repeat = await fetch(`${t.url}/webhooks/whatsapp/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWhatsapp(raw) }, body: raw });
    expect(await repeat.json()).toEqual({ received: true, duplicate: true });
    await new Promise((r) => setTimeout(r, 1500));
    // The survey is finished: a stray "10" gets no reply at all.
    expect(sent()).toHaveLength(5);
  });

  it('processes a webhook whose job an earlier version queued (one webhook a job, not a group)', async () => {
    const payload = waText('6281299999999', 'halo');
    const stored = await t.db.insertInto('inbound_webhooks')
      .values({ workspace_id: ws.workspaceId, channel_id: channel.id, body_hash: Buffer.alloc(32, 7), payload: JSON.stringify(payload), received_at: new Date() })
      .returning('id').executeTakeFirstOrThrow();
    await sql`insert into pgboss.job (name, data) values ('process-webhook', ${JSON.stringify({ webhookId: stored.id })}::jsonb)`.execute(t.db);
    await eventually(async () => (await t.db.selectFrom('inbound_webhooks').select('processed_at').where('id', '=', stored.id).executeTakeFirstOrThrow()).processed_at !== null);
    const states = async () => (await sql<{ state: string }>`select state from pgboss.job where name = 'process-webhook' and data->>'webhookId' = ${stored.id}`.execute(t.db)).rows.map((r) => r.state);
    await eventually(async () => (await states()).join() === 'completed');
  });

  it('retries a 429 after its Retry-After, a 5xx and a timeout, and sends the survey once', async () => {
    wa.script('/messages', { status: 429, headers: { 'retry-after': '1' }, body: graphError(429, 130429, 'Rate limit hit').body });
    await resolveConversation('wa-2', '+6281200000002');
    await eventually(async () => ((await invitationOf('wa-2')).status === 'sent' ? true : null));
    const to2 = wa.callsTo('/messages').filter((c) => c.json.to === '6281200000002');
    expect(to2).toHaveLength(2);
    expect(to2[1]!.json).toEqual(to2[0]!.json);

    wa.script('/messages', { status: 503, body: { error: { message: 'Service temporarily unavailable', code: 2 } } });
    await resolveConversation('wa-3', '+6281200000003');
    await eventually(async () => ((await invitationOf('wa-3')).status === 'sent' ? true : null));
    expect(wa.callsTo('/messages').filter((c) => c.json.to === '6281200000003')).toHaveLength(2);

    wa.script('/messages', { status: 200, body: {}, delayMs: 3000 });
    await resolveConversation('wa-4', '+6281200000004');
    await eventually(async () => ((await invitationOf('wa-4')).status === 'sent' ? true : null));
    expect((await invitationOf('wa-4')).attempts).toBe(2);
  });

  it('marks the invitation failed with the provider reason on a permanent error or a failed delivery', async () => {
    wa.script('/messages', graphError(400, 131026, 'Message undeliverable', 'Receiver is incapable of receiving this message'));
    await resolveConversation('wa-5', '+6281200000005');
    const failed = await eventually(async () => ((await invitationOf('wa-5')).status === 'failed' ? invitationOf('wa-5') : null));
    expect(failed.reason).toBe('WhatsApp refused it (HTTP 400): Message undeliverable (code 131026): Receiver is incapable of receiving this message');

    await resolveConversation('wa-6', '+6281200000006');
    await eventually(async () => ((await invitationOf('wa-6')).status === 'sent' ? true : null));
    const id = (await t.db.selectFrom('outbound_messages').select('provider_message_id').where('address', '=', '6281200000006').executeTakeFirstOrThrow()).provider_message_id!;
    await hook(waStatus(id, '6281200000006', 'failed', [{ code: 131047, title: 'Re-engagement message', error_data: { details: 'More than 24 hours have passed since the recipient last replied.' } }]));
    const undelivered = await eventually(async () => ((await invitationOf('wa-6')).status === 'failed' ? invitationOf('wa-6') : null));
    expect(undelivered.reason).toBe('whatsapp could not deliver the survey: Re-engagement message (code 131047): More than 24 hours have passed since the recipient last replied.');
  });

  it('records a send a crashed process never recorded from the status report naming it, and its retry sends nothing', async () => {
    await changeSettings(t.url, ws.tokens.admin, (s) => {
      s.sending.delayMinutes = 60; // the worker leaves this one alone; the test plays the dispatch job
    });
    try {
      await resolveConversation('wa-crash', '+6281200000010');
      const inv = await invitationOf('wa-crash');
      expect(inv.status).toBe('scheduled');
      const deps = { db: t.db, keys: t.keys, publicUrl: t.url, log: pino({ level: 'silent' }) };
      // The process dies once the request has left: Meta has the message, nilai has no record of it.
      const dying = { ...ADAPTERS, whatsapp: { ...ADAPTERS.whatsapp, send: async (...a: Parameters<typeof ADAPTERS.whatsapp.send>) => { await ADAPTERS.whatsapp.send(...a); throw new Error('SIGKILL'); } } };
      await expect(dispatchInvitation({ ...deps, adapters: dying }, inv.id, { retryCount: 0, retryLimit: 8 })).rejects.toThrow('SIGKILL');
      expect((await invitationOf('wa-crash')).status).toBe('sending');
      const lost = sent().filter((c) => c.json.to === '6281200000010');
      expect(lost.map((c) => c.json.biz_opaque_callback_data)).toEqual([`inv_${inv.id}`]);
      // A second job's first attempt (not a retry of the claiming job) leaves the claim alone: the first
      // may be sending it right now.
      expect(await dispatchInvitation({ ...deps, adapters: ADAPTERS }, inv.id, { retryCount: 0, retryLimit: 8 })).toBe('nothing_to_do');
      expect(sent().filter((c) => c.json.to === '6281200000010')).toHaveLength(1);
      expect((await invitationOf('wa-crash')).status).toBe('sending');

      // Meta's reports of that message carry the reference back (with an id nilai never saw).
      const wamid = 'wamid.HBgNNjI4MTIwMDAwMDAxMBUCABEYEjFBMkIzQzRENUU2RjcwODkA';
      await hook(waStatus(wamid, '6281200000010', 'sent', undefined, `inv_${inv.id}`));
      await eventually(async () => (await invitationOf('wa-crash')).status === 'sent');
      await hook(waStatus(wamid, '6281200000010', 'delivered', undefined, `inv_${inv.id}`));
      await eventually(async () => (await invitationOf('wa-crash')).status === 'delivered');

      // The job's retry finds the send recorded and sends nothing.
      expect(await dispatchInvitation({ ...deps, adapters: ADAPTERS }, inv.id, { retryCount: 1, retryLimit: 8 })).toBe('nothing_to_do');
      expect(sent().filter((c) => c.json.to === '6281200000010')).toHaveLength(1);
      // A report naming an invitation that is not waiting on a send changes nothing.
      const other = await invitationOf('wa-1');
      await hook(waStatus('wamid.HBgNOTk5', WA_ID, 'failed', [{ code: 131026, title: 'Message undeliverable' }], `inv_${other.id}`));
      await eventually(async () => (await t.db.selectFrom('inbound_webhooks').select('id').where('processed_at', 'is', null).execute()).length === 0);
      expect((await invitationOf('wa-1')).status).toBe(other.status);
    } finally {
      await changeSettings(t.url, ws.tokens.admin, (s) => {
        s.sending.delayMinutes = 0;
      });
    }
  });

  it('outside the 24-hour window sends the approved template, or fails clearly without one', async () => {
    await resolveConversation('wa-7', '+6281200000007', { minutesAgo: 25 * 60 });
    const noTemplate = await eventually(async () => ((await invitationOf('wa-7')).status === 'failed' ? invitationOf('wa-7') : null));
    expect(noTemplate.reason).toContain('more than 24 hours ago');

    expect((await call(t.url, 'PATCH', `/api/v1/channels/${channel.id}`, ws.tokens.admin, { config: { templateName: 'survey_link', templateLanguage: 'id' } })).status).toBe(200);
    await resolveConversation('wa-8', '+6281200000008', { minutesAgo: 25 * 60 });
    await eventually(async () => ((await invitationOf('wa-8')).status === 'sent' ? true : null));
    const template = wa.callsTo('/messages').find((c) => c.json.to === '6281200000008')!.json;
    expect(template).toMatchObject({ type: 'template', template: { name: 'survey_link', language: { code: 'id' } } });
    expect(template.template.components[0].parameters[0].text).toMatch(/\/s\/[A-Za-z0-9_-]{22}$/);
  });

  it('STOP opts the contact out, confirms, and no survey is sent to them again', async () => {
    const count = sent().length;
    await hook(waText(WA_ID, 'STOP'));
    await wa.waitForCalls('/messages', count + 1);
    expect(lastSent().text.body).toBe('Baik, Anda tidak akan menerima survei lagi dari kami. Terima kasih.');
    const contact = await t.db.selectFrom('contacts').select('opted_out_at').where('external_id', '=', 'contact-wa-1').executeTakeFirstOrThrow();
    expect(contact.opted_out_at).not.toBeNull();

    const e = eventsFor({ conversationId: 'wa-9', channelId: channel.id, contactId: 'contact-wa-1', agentId: ws.agentId });
    expect((await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()])).status).toBe(200);
    const conv = (await call(t.url, 'GET', '/api/v1/conversations/wa-9', ws.tokens.admin)).body;
    expect(conv.invitations).toEqual([]);
    expect(conv.skips.map((x: any) => x.reason)).toEqual(['opted_out']);
  });

  // Meta's send response names the account: { contacts: [{ input, wa_id }] }, and replies and status
  // reports carry that wa_id (messages[].from, statuses[].recipient_id), not the number nilai sent to.
  it('reads replies, delivery reports and STOP from the wa_id Meta answers with when it differs from the phone', async () => {
    const BR_PHONE = '+55 31 98765-4321'; // Belo Horizonte: an old id without the ninth digit
    const BR_WA_ID = '553187654321';
    await resolveConversation('wa-br', BR_PHONE);
    const inv = await eventually(async () => ((await invitationOf('wa-br'))?.status === 'sent' ? invitationOf('wa-br') : null));
    const first = sent().find((c) => c.json.to === '5531987654321')!.json;
    const stored = await t.db.selectFrom('outbound_messages').select(['address', 'provider_message_id']).where('invitation_id', '=', inv.id).executeTakeFirstOrThrow();
    expect(stored.address).toBe(BR_WA_ID);

    await hook(waStatus(stored.provider_message_id!, BR_WA_ID, 'delivered'));
    await eventually(async () => (await invitationOf('wa-br')).status === 'delivered');
    const rows = first.interactive.action.sections[0].rows;
    await hook(waListReply(BR_WA_ID, rows[4].id, rows[4].title));
    await eventually(async () => sent().some((c) => c.json.to === BR_WA_ID));
    expect(sent().filter((c) => c.json.to === BR_WA_ID)[0]!.json.text.body).toContain('Apa yang bisa kami tingkatkan?');
    await hook(waText(BR_WA_ID, 'Cepat dan ramah'));
    await eventually(async () => sent().filter((c) => c.json.to === BR_WA_ID).length === 2);
    const answer = await t.db.selectFrom('responses').select(['score', 'follow_up_text']).where('invitation_id', '=', inv.id).where('survey_type', '=', 'csat').executeTakeFirstOrThrow();
    expect(answer).toEqual({ score: 5, follow_up_text: 'Cepat dan ramah' });

    // STOP from a Mexican wa_id (521 + 10 digits) finds a contact known only by its phone (+52 + 10 digits),
    // before any survey went to it.
    const e = eventsFor({ conversationId: 'wa-mx', channelId: channel.id, contactId: 'contact-wa-mx' });
    const conversation = { ...e.opened.conversation, contact: { ...e.opened.conversation.contact, phone: '+52 55 1234 5678' } };
    expect((await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [{ ...e.opened, conversation }])).status).toBe(200);
    await hook(waText('5215512345678', 'stop'));
    await eventually(async () => sent().some((c) => c.json.to === '5215512345678'));
    const mx = await t.db.selectFrom('contacts').select('opted_out_at').where('external_id', '=', 'contact-wa-mx').executeTakeFirstOrThrow();
    expect(mx.opted_out_at).not.toBeNull();
  });
});
