/**
 * The email channel end to end against a local SMTP server: the survey in the customer's language with
 * one link per score, a preselected score that records nothing until tapped, and one-click unsubscribe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { eventually } from '../helpers/receiver.js';
import { startSmtp } from '../helpers/smtp.js';

let t: TestApp;
let ws: Seeded;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let channel: any;

/** Undoes quoted-printable soft breaks and escapes, enough to read the links of a message. */
const qp = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));

beforeAll(async () => {
  smtp = await startSmtp();
  t = await startApp();
  ws = await seedWorkspace(t.db);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('email channel', () => {
  it('needs a sender and an SMTP server, and never shows the SMTP credentials', async () => {
    const bad = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Mail', type: 'email', config: { from: 'not an address' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual(['config.from', 'credentials.smtpUrl']);
    const r = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Mail', type: 'email', config: { from: 'Toko Nusantara <cs@toko.test>' }, credentials: { smtpUrl: smtp.url.replace('smtp://', 'smtp://user:secret-pass@') } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ type: 'email', config: { from: 'Toko Nusantara <cs@toko.test>' }, hasSecret: true });
    expect(JSON.stringify(r.body)).not.toContain('secret-pass');
    const stored = await t.db.selectFrom('channels').select('secret_encrypted').where('id', '=', r.body.id).executeTakeFirstOrThrow();
    expect(stored.secret_encrypted).not.toContain('secret-pass');
    channel = r.body;
  });

  it('tests the connection by logging in to the SMTP server, and reports a server that is not there', async () => {
    const ok = await call(t.url, 'POST', `/api/v1/channels/${channel.id}/test`, ws.tokens.admin);
    expect(ok.body).toEqual({ ok: true, detail: 'The SMTP server accepted the connection and login; surveys will come from Toko Nusantara <cs@toko.test>.' });
    expect(smtp.mails).toEqual([]);
    const other = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Mail 2', type: 'email', config: { from: 'cs@toko.test' }, credentials: { smtpUrl: 'smtp://127.0.0.1:1' } });
    const down = await call(t.url, 'POST', `/api/v1/channels/${other.body.id}/test`, ws.tokens.admin);
    expect(down.body.ok).toBe(false);
    expect(down.body.detail).toMatch(/^The SMTP server could not be used: .*ECONNREFUSED/);
    expect((await call(t.url, 'POST', `/api/v1/channels/${other.body.id}/test`, ws.tokens.supervisor)).status).toBe(403);
  });

  it('sends the survey with one link per score, in the contact language, with one-click unsubscribe', async () => {
    const e = eventsFor({ conversationId: 'mail-1', channelId: channel.id, contactId: 'cust-mail', locale: 'id' });
    const conv = { ...e.opened.conversation, contact: { ...e.opened.conversation.contact, email: 'sari@pelanggan.test' } };
    const events = [e.opened, e.customer, e.agent, e.resolved()].map((ev) => ({ ...ev, conversation: conv }));
    expect((await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, events)).status).toBe(200);
    const mail = await eventually(async () => smtp.mails[0]);
    expect(mail.to).toEqual(['sari@pelanggan.test']);
    const raw = qp(mail.raw);
    expect(raw).toContain('Message-ID: <invitation-');
    expect(raw).toMatch(/List-Unsubscribe:\s+<http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{22}\/unsubscribe>/);
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(raw).toContain('Seberapa puas Anda dengan layanan kami hari ini?');
    const links = [...raw.matchAll(/(http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{22})\?lang=id&score=(\d)/g)];
    expect([...new Set(links.map((m) => m[2]))].sort()).toEqual(['1', '2', '3', '4', '5']);

    // A scanner following every link records nothing; the page only highlights the score.
    for (const m of links) expect((await fetch(m[0].replace('&amp;', '&'))).status).toBe(200);
    expect(await t.db.selectFrom('responses').select('id').execute()).toEqual([]);
    const inv = await eventually(async () => (await call(t.url, 'GET', '/api/v1/conversations/mail-1', ws.tokens.admin)).body.invitations[0]);
    expect(inv.status).toBe('delivered');

    const url = links[0]![1];
    const confirm = await fetch(`${url}/unsubscribe`);
    expect(await confirm.text()).toContain('Berhenti menerima survei?');
    expect((await t.db.selectFrom('contacts').select('opted_out_at').where('external_id', '=', 'cust-mail').executeTakeFirstOrThrow()).opted_out_at).toBeNull();
    const oneClick = await fetch(`${url}/unsubscribe`, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain('Anda tidak akan menerima survei lagi');
    expect((await t.db.selectFrom('contacts').select('opted_out_at').where('external_id', '=', 'cust-mail').executeTakeFirstOrThrow()).opted_out_at).not.toBeNull();
  });

  it('fails the invitation with the reason when the contact has no email', async () => {
    const e = eventsFor({ conversationId: 'mail-2', channelId: channel.id, contactId: 'no-mail' });
    await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()]);
    const inv = await eventually(async () => {
      const i = (await call(t.url, 'GET', '/api/v1/conversations/mail-2', ws.tokens.admin)).body.invitations[0];
      return i?.status === 'failed' && i;
    });
    expect(inv.reason).toBe('The contact has no email address.');
  });
});
