/**
 * The core loop end to end: settings → events → invitation → signed callback → hosted page answers
 * (no JavaScript: plain form posts) → responses via the API and CSV; plus the skip rules.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, changeSettings, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let rx: Receiver;
let channel: { id: string; signingSecret: string };

const saveSettings = (change: (s: any) => void) => changeSettings(t.url, ws.tokens.admin, change);
const post = (events: unknown) => call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, events);
const conversation = (id: string) => call(t.url, 'GET', `/api/v1/conversations/${id}`, ws.tokens.admin);

/** Submits a form on the hosted page the way a browser without JavaScript does. */
async function submit(url: string, fields: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}
const page = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, text: await res.text(), headers: res.headers };
};

beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
  rx = await startReceiver();
  const c = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Website chat', type: 'web', config: { callbackUrl: rx.url } });
  expect(c.status).toBe(201);
  expect(c.body.signingSecret).toMatch(/^whsec_/);
  channel = c.body;
  await saveSettings((s) => {
    s.nps.enabled = true;
    s.nps.followUp.mode = 'per_category';
  });
});
afterAll(async () => {
  await t.close();
  await rx.close();
});

describe('from resolved conversation to answered survey', () => {
  let link = '';

  it('schedules an invitation on resolve and delivers a signed callback with the link and the survey', async () => {
    const e = eventsFor({ conversationId: 'conv-1', channelId: channel.id, contactId: 'cust-1', locale: 'en-US', agentId: ws.agentId, tags: ['billing', 'vip'] });
    // Out of order on purpose: the resolve arrives first, the messages later in the same batch.
    const r = await post([e.resolved(), e.agent, e.opened, e.customer]);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: any) => x.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(r.body.conversations[0]).toMatchObject({ conversationId: 'conv-1', status: 'resolved', invitation: { id: expect.any(String) } });

    const [delivery] = await rx.waitFor(1);
    const payload = new Webhook(channel.signingSecret).verify(delivery!.body, delivery!.headers as Record<string, string>) as any;
    expect(delivery!.headers['webhook-id']).toBe(`inv_${r.body.conversations[0].invitation.id}`);
    expect(payload.type).toBe('survey.invitation');
    expect(payload.data).toMatchObject({ conversationId: 'conv-1', language: 'en', contact: { id: 'cust-1' } });
    expect(payload.data.survey.steps.filter((s: any) => s.kind === 'rating').map((s: any) => s.surveyType)).toEqual(['csat', 'nps']);
    link = payload.data.url;
    expect(link).toMatch(new RegExp(`^${t.url}/s/[A-Za-z0-9_-]{22}$`));

    const conv = await eventually(async () => {
      const c = await conversation('conv-1');
      return c.body.invitations[0]?.status === 'delivered' && c.body;
    });
    expect(conv).toMatchObject({ status: 'resolved', agentId: ws.agentId, tags: ['billing', 'vip'], reopenCount: 0 });
    expect(conv.firstCustomerMessageAt).toBe(e.at(1));
    expect(conv.firstAgentResponseAt).toBe(e.at(3));
    expect(conv.messages).toEqual([{ at: e.at(1), sender: 'customer' }, { at: e.at(3), sender: 'agent' }]);
  });

  it('tests the connection with a signed ping the receiver can verify', async () => {
    const before = rx.received.length;
    const r = await call(t.url, 'POST', `/api/v1/channels/${channel.id}/test`, ws.tokens.admin);
    expect(r.body).toEqual({ ok: true, detail: `${rx.url} accepted a signed ping.` });
    const ping = rx.received[before]!;
    expect(ping.json).toEqual({ type: 'ping', data: { channelId: channel.id } });
    expect(() => new Webhook(channel.signingSecret).verify(ping.body, ping.headers as Record<string, string>)).not.toThrow();
    rx.received.splice(before, 1);
  });

  it('shows the survey page in the contact language, switchable, small, with a preselected score that still needs a tap', async () => {
    const p = await page(link);
    expect(p.status).toBe(200);
    expect(p.text).toContain('<html lang="en">');
    expect(p.text).toContain('How satisfied are you with the help you received today?');
    expect(p.text).toContain('Your conversation has been resolved.');
    expect(p.text).toMatch(/<button type="submit" name="score" value="1"><span class="emoji" aria-hidden="true">😡<\/span><span>Very unhappy<\/span><\/button>/);
    expect(Buffer.byteLength(p.text)).toBeLessThan(15 * 1024);
    expect(p.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(p.headers.get('referrer-policy')).toBe('no-referrer');

    const id = await page(`${link}?lang=id`);
    expect(id.text).toContain('<html lang="id">');
    expect(id.text).toContain('Seberapa puas Anda dengan layanan kami hari ini?');

    const pre = await page(`${link}?score=4`);
    expect(pre.text).toContain('<button type="submit" name="score" value="4" aria-pressed="true">');
    expect(pre.text).toContain('You chose 4.');
    const before = await call(t.url, 'GET', '/api/v1/responses', ws.tokens.admin);
    expect(before.body.items).toEqual([]);
  });

  it('records a rating once even when submitted twice, then asks the follow-up', async () => {
    const first = await submit(`${link}?lang=en`, { step: 'rating:csat', score: '2' });
    expect(first.status).toBe(303);
    const again = await submit(`${link}?lang=en`, { step: 'rating:csat', score: '5' });
    expect(again.status).toBe(303);
    const next = await page(`${t.url}${first.location}`);
    expect(next.text).toContain('Thank you! What could we do better?');
    expect(next.text).toContain('<label for="answer">');
    const empty = await submit(`${link}?lang=en`, { step: 'follow_up:csat', text: '   ', action: 'send' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Write your answer, or choose Skip.');
    expect((await submit(`${link}?lang=en`, { step: 'follow_up:csat', text: 'The agent was slow to reply.', action: 'send' })).status).toBe(303);
  });

  it('asks NPS with the follow-up of its category, and ends on the thank-you page', async () => {
    const nps = await page(`${link}?lang=en`);
    expect(nps.text).toContain('How likely are you to recommend us to a friend or colleague?');
    expect(nps.text).toContain('Question 2 of 2');
    expect(nps.text).toContain('0 = Not at all likely');
    expect((await submit(`${link}?lang=en`, { step: 'rating:nps', score: '11' })).status).toBe(422);
    // Only digits are a score: an empty one is not a 0, nor '0x4' a 4 or '1e0' a 1.
    for (const score of ['', ' ', '0x4', '1e0', '4.0', '-0', '+3']) expect({ score, status: (await submit(`${link}?lang=en`, { step: 'rating:nps', score })).status }).toEqual({ score, status: 422 });
    expect(await t.db.selectFrom('responses').select('id').where('survey_type', '=', 'nps').execute()).toEqual([]);
    expect((await submit(`${link}?lang=en`, { step: 'rating:nps', score: '9' })).status).toBe(303);
    const follow = await page(`${link}?lang=en`);
    expect(follow.text).toContain('Glad to hear it! What did you like most?');
    const done = await submit(`${link}?lang=en`, { step: 'follow_up:nps', action: 'skip' });
    expect(done.location).toContain('done=1');
    const thanks = await page(`${t.url}${done.location}`);
    expect(thanks.status).toBe(200);
    expect(thanks.text).toContain('Thank you for your feedback! Your answers help us serve you better.');
    const later = await page(link);
    expect(later.status).toBe(410);
    expect(later.text).toContain('You have already answered this survey');
  });

  it('lists the responses with their conversation dimensions and settings version, filtered and as CSV', async () => {
    const r = await call(t.url, 'GET', '/api/v1/responses', ws.tokens.supervisor);
    expect(r.body.items).toHaveLength(2);
    const csat = r.body.items.find((x: any) => x.surveyType === 'csat');
    expect(csat).toMatchObject({
      score: 2,
      followUpQuestion: 'Thank you! What could we do better?',
      followUpText: 'The agent was slow to reply.',
      language: 'en',
      settingsVersion: 2,
      conversation: { id: 'conv-1', channel: { id: channel.id, name: 'Website chat', type: 'web' }, agent: { id: ws.agentId, name: 'Budi Agent' }, tags: ['billing', 'vip'], contact: { id: 'cust-1' } },
    });
    const nps = r.body.items.find((x: any) => x.surveyType === 'nps');
    expect(nps).toMatchObject({ score: 9, followUpText: null, scale: { min: 0, max: 10 } });

    const filtered = await call(t.url, 'GET', '/api/v1/responses?type=nps&scoreMin=9', ws.tokens.admin);
    expect(filtered.body.items.map((x: any) => x.score)).toEqual([9]);
    expect((await call(t.url, 'GET', '/api/v1/responses?hasFollowUp=true', ws.tokens.admin)).body.items.map((x: any) => x.surveyType)).toEqual(['csat']);
    expect((await call(t.url, 'GET', '/api/v1/responses?tag=vip', ws.tokens.admin)).body.items).toHaveLength(2);
    expect((await call(t.url, 'GET', '/api/v1/responses?tag=other', ws.tokens.admin)).body.items).toHaveLength(0);
    expect((await call(t.url, 'GET', `/api/v1/responses?agentId=${ws.adminId}`, ws.tokens.admin)).body.items).toHaveLength(0);
    const page1 = await call(t.url, 'GET', '/api/v1/responses?limit=1', ws.tokens.admin);
    const page2 = await call(t.url, 'GET', `/api/v1/responses?limit=1&cursor=${page1.body.nextCursor}`, ws.tokens.admin);
    expect([page1.body.items[0].id, page2.body.items[0].id].sort()).toEqual(r.body.items.map((x: any) => x.id).sort());
    expect((await call(t.url, 'GET', '/api/v1/responses?cursor=garbage', ws.tokens.admin)).status).toBe(422);
    expect((await call(t.url, 'GET', '/api/v1/responses', ws.tokens.agent)).body.items).toHaveLength(2);

    const csv = await fetch(`${t.url}/api/v1/responses`, { headers: { authorization: `Bearer ${ws.tokens.admin}`, accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    const lines = text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('answered_at,survey_type,score,scale_min,scale_max,follow_up_question,follow_up_text,language,conversation_id,resolved_at,channel,channel_type,agent,division,tags,contact_id,contact_name,settings_version,response_id,source,page_url,contact_phone,contact_email');
    expect(lines).toHaveLength(3);
    expect(text).toContain('The agent was slow to reply.');
    expect(text).toContain('"billing, vip"');
  });

  it('changes nothing when an event is replayed', async () => {
    const before = (await conversation('conv-1')).body;
    const e = eventsFor({ conversationId: 'conv-1', channelId: channel.id, contactId: 'cust-1' });
    const replay = { ...e.resolved(), id: (await t.db.selectFrom('events').select('event_id').where('type', '=', 'conversation.resolved').executeTakeFirstOrThrow()).event_id };
    const r = await post(replay);
    expect(r.status).toBe(200);
    expect(r.body.results).toEqual([{ id: replay.id, status: 'duplicate' }]);
    expect(r.body.conversations).toEqual([]);
    expect((await conversation('conv-1')).body).toEqual(before);
    expect(rx.received).toHaveLength(1);
  });
});

describe('skip rules', () => {
  const skipsOf = async (id: string) => (await conversation(id)).body.skips.map((s: any) => s.reason);

  it('sends nothing to the same contact inside the cooldown, and records why', async () => {
    const e = eventsFor({ conversationId: 'conv-2', channelId: channel.id, contactId: 'cust-1' });
    const r = await post([e.opened, e.customer, e.agent, e.resolved()]);
    expect(r.body.conversations[0].skipped).toBe('cooldown');
    expect(await skipsOf('conv-2')).toEqual(['cooldown']);
    expect((await conversation('conv-2')).body.invitations).toEqual([]);
  });

  it('applies the cooldown within one batch in time order: the earlier resolve gets the survey', async () => {
    // Ids sort a < b, times b < a: the batch must be decided by time, not by id.
    const later = eventsFor({ conversationId: 'order-a', channelId: channel.id, contactId: 'cust-order' }, new Date(Date.now() - 20 * 60_000).toISOString());
    const earlier = eventsFor({ conversationId: 'order-b', channelId: channel.id, contactId: 'cust-order' }, new Date(Date.now() - 50 * 60_000).toISOString());
    const r = await post([later.opened, later.customer, later.agent, later.resolved(), earlier.opened, earlier.customer, earlier.agent, earlier.resolved()]);
    expect(r.status).toBe(200);
    expect((await conversation('order-b')).body.invitations).toHaveLength(1);
    expect(await skipsOf('order-a')).toEqual(['cooldown']);
  });

  it('skips conversations without an agent message (bot only)', async () => {
    const e = eventsFor({ conversationId: 'conv-3', channelId: channel.id, contactId: 'cust-3' });
    const r = await post([e.opened, e.customer, e.bot, e.resolved()]);
    expect(r.body.conversations[0].skipped).toBe('no_agent_message');
  });

  it('skips opted-out contacts', async () => {
    const e = eventsFor({ conversationId: 'conv-4', channelId: channel.id, contactId: 'cust-4' });
    await post([e.opened, e.customer, e.agent]);
    const opt = await call(t.url, 'POST', '/api/v1/contacts/cust-4/opt-out', ws.tokens.supervisor);
    expect(opt.body).toMatchObject({ id: 'cust-4', optedOut: true });
    expect((await post(e.resolved())).body.conversations[0].skipped).toBe('opted_out');
    expect((await call(t.url, 'POST', '/api/v1/contacts/nobody/opt-out', ws.tokens.supervisor)).status).toBe(404);
  });

  it('cancels an invitation when the conversation is reopened before it is sent', async () => {
    await saveSettings((s) => (s.sending.delayMinutes = 30));
    const e = eventsFor({ conversationId: 'conv-5', channelId: channel.id, contactId: 'cust-5' });
    const r = await post([e.opened, e.customer, e.agent, e.resolved()]);
    const inv = r.body.conversations[0].invitation;
    expect(Date.parse(inv.sendAfter) - Date.now()).toBeGreaterThan(29 * 60_000);
    const reopened = await post(e.reopened);
    expect(reopened.body.conversations[0]).toMatchObject({ status: 'open', cancelledInvitations: 1 });
    const c = (await conversation('conv-5')).body;
    expect(c.invitations[0]).toMatchObject({ id: inv.id, status: 'cancelled', reason: 'reopened' });
    expect(c.reopenCount).toBe(1);
    await saveSettings((s) => (s.sending.delayMinutes = 0));
  });

  it('ignores a resolve that arrives after a later reopen (out of order)', async () => {
    const e = eventsFor({ conversationId: 'conv-6', channelId: channel.id, contactId: 'cust-6' });
    const r = await post([e.opened, e.customer, e.agent, e.reopened, e.resolved()]);
    expect(r.body.conversations[0]).toMatchObject({ status: 'open' });
    expect(r.body.conversations[0].invitation).toBeUndefined();
  });

  it('with manual sending, waits for the agent: resolve with survey=true, or POST /conversations/:id/survey', async () => {
    await saveSettings((s) => (s.sending.method = 'manual'));
    const a = eventsFor({ conversationId: 'conv-7', channelId: channel.id, contactId: 'cust-7', agentId: ws.agentId });
    expect((await post([a.opened, a.customer, a.agent, a.resolved()])).body.conversations[0].skipped).toBe('manual_not_requested');
    const sent = await call(t.url, 'POST', '/api/v1/conversations/conv-7/survey', ws.tokens.agent);
    expect(sent.status).toBe(201);
    await rx.waitFor(2);
    const twice = await call(t.url, 'POST', '/api/v1/conversations/conv-7/survey', ws.tokens.agent);
    expect(twice.status).toBe(409);
    expect(twice.body.error.details[0].message).toBe('already_surveyed');

    const b = eventsFor({ conversationId: 'conv-8', channelId: channel.id, contactId: 'cust-8' });
    expect((await post([b.opened, b.customer, b.agent, b.resolved({ survey: true })])).body.conversations[0].invitation).toBeDefined();
    // Agents may not ask for other agents' conversations (404, like an unknown one).
    expect((await call(t.url, 'POST', '/api/v1/conversations/conv-8/survey', ws.tokens.agent)).status).toBe(404);
    expect((await call(t.url, 'POST', '/api/v1/conversations/nope/survey', ws.tokens.admin)).status).toBe(404);
    await saveSettings((s) => (s.sending.method = 'automatic'));
  });
});

describe('events intake validation', () => {
  it('refuses a batch with unknown channels, agents or divisions, naming each path, and commits nothing', async () => {
    const e = eventsFor({ conversationId: 'conv-x', channelId: channel.id, contactId: 'cust-x' });
    const bad = eventsFor({ conversationId: 'conv-y', channelId: '00000000-0000-4000-8000-000000000000', contactId: 'c', agentId: '00000000-0000-4000-8000-000000000001' });
    const r = await post([e.opened, bad.opened]);
    expect(r.status).toBe(422);
    expect(r.body.error.details.map((d: any) => d.path)).toEqual(['1.conversation.channelId', '1.conversation.agentId']);
    expect((await conversation('conv-x')).status).toBe(404);
  });

  it('validates the event shape with paths and limits batches to 1,000', async () => {
    const r = await post({ id: 'x', type: 'conversation.closed', occurredAt: 'yesterday', conversation: { id: 'c', channelId: channel.id, contact: { id: 'k' } } });
    expect(r.status).toBe(422);
    const e = eventsFor({ conversationId: 'conv-z', channelId: channel.id, contactId: 'cust-z' });
    const many = Array.from({ length: 1001 }, (_, i) => ({ ...e.opened, id: `bulk-${i}` }));
    expect((await post(many)).status).toBe(422);
  });
});

describe('hosted page problems', () => {
  it('answers unknown tokens with a friendly 404 page and expired ones with 410', async () => {
    const unknown = await page(`${t.url}/s/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('<h1>');
    expect((await page(`${t.url}/s/short`)).status).toBe(404);

    const e = eventsFor({ conversationId: 'conv-9', channelId: channel.id, contactId: 'cust-9', locale: 'id' });
    const inv = (await post([e.opened, e.customer, e.agent, e.resolved()])).body.conversations[0].invitation;
    await t.db.updateTable('invitations').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', inv.id).execute();
    const expired = await page(`${t.url}/s/${t.keys.invitationToken(inv.id)}`);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('Survei ini sudah berakhir');
    await eventually(async () => (await conversation('conv-9')).body.invitations[0].status === 'expired');
  });
});

describe('delivery failures', () => {
  /** Waits until no due invitation is still being sent, so the next delivery is the one under test. */
  const settled = () =>
    eventually(async () => {
      const busy = await t.db.selectFrom('invitations').select('id').where('status', 'in', ['scheduled', 'sending']).where('send_after', '<=', new Date()).execute();
      return busy.length === 0;
    });

  it('retries transient callback errors and marks permanent ones failed with the reason', async () => {
    await settled();
    rx.respondWith.push(503);
    const e = eventsFor({ conversationId: 'conv-10', channelId: channel.id, contactId: 'cust-10' });
    await post([e.opened, e.customer, e.agent, e.resolved()]);
    const ok = await eventually(async () => (await conversation('conv-10')).body.invitations[0]?.status === 'delivered' && (await conversation('conv-10')).body);
    expect(ok.invitations[0].attempts).toBe(2);
    const ids = rx.received.map((r) => r.headers['webhook-id']).filter((id) => id === `inv_${ok.invitations[0].id}`);
    expect(ids).toHaveLength(2); // the same webhook-id on the retry, so receivers can drop the repeat

    await settled();
    rx.respondWith.push(400);
    const f = eventsFor({ conversationId: 'conv-11', channelId: channel.id, contactId: 'cust-11' });
    await post([f.opened, f.customer, f.agent, f.resolved()]);
    const failed = await eventually(async () => {
      const inv = (await conversation('conv-11')).body.invitations[0];
      return inv?.status === 'failed' && inv;
    });
    expect(failed.reason).toBe('The callback answered HTTP 400: nope');
  });
});

// Last: it adds a delivery and a response, which the sequence above counts.
describe('reassignment after the survey', () => {
  it('credits an answer to the agent at resolve, even after the conversation was reassigned', async () => {
    const e = eventsFor({ conversationId: 'reassigned', channelId: channel.id, contactId: 'cust-reassigned', locale: 'en-US', agentId: ws.agentId, tags: ['before'] });
    expect((await post([e.opened, e.customer, e.agent, e.resolved()])).status).toBe(200);
    const delivery = await eventually(async () => rx.received.find((d) => d.json?.data?.conversationId === 'reassigned'));
    // After the survey went out, the inbox reassigns the conversation and retags it.
    const moved = { ...e.opened, id: 'reassigned-moved', type: 'message.created', occurredAt: e.at(11), message: { sender: 'agent' }, conversation: { ...e.opened.conversation, agentId: ws.supervisorId, tags: ['after'] } };
    expect((await post(moved)).status).toBe(200);
    expect((await conversation('reassigned')).body.agentId).toBe(ws.supervisorId);
    expect((await submit(`${delivery.json.data.url}?lang=en`, { step: 'rating:csat', score: '4' })).status).toBe(303);
    const row = await t.db.selectFrom('responses').innerJoin('conversations', 'conversations.id', 'responses.conversation_id').select(['responses.agent_id', 'responses.tags']).where('conversations.external_id', '=', 'reassigned').executeTakeFirstOrThrow();
    expect(row).toEqual({ agent_id: ws.agentId, tags: ['before'] });
  });
});
