/**
 * `nilai demo`: a realistic demo workspace — channels, divisions with supervisors and agents, office
 * hours and an SLA, and a few thousand conversations over the last 60 days with believable timings,
 * invitations, skips and answers (some with follow-up comments in Indonesian and English). It goes
 * through the same domain rules and store functions as live traffic, so reports add up.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { ConversationEvent, Sender } from '../domain/conversations/event-schema.js';
import { foldConversation } from '../domain/conversations/fold.js';
import { AppError } from '../domain/errors.js';
import { followUpQuestion } from '../domain/render/survey-steps.js';
import { defaultSurveySettings } from '../domain/settings/defaults.js';
import { scaleOf } from '../domain/settings/scale.js';
import type { SurveyType } from '../domain/settings/schema.js';
import type { Schedule } from '../domain/time/business-time.js';
import { conversationTimings, slaOutcome } from '../domain/time/timings.js';
import { hashSecret } from '../lib/secret-token.js';
import { hashPassword } from '../services/passwords.js';
import { insertNewEvents, loadEvents, lockConversation, saveConversationState, upsertContact } from '../store/conversations.js';
import type { Db } from '../store/db.js';
import { saveDivision } from '../store/divisions.js';
import { insertOfficeHours, insertSlaPolicy } from '../store/time-policies.js';
import { saveSettingsVersion } from '../store/survey-settings.js';
import { createUser } from '../store/users.js';
import { createWorkspace, findWorkspaceBySlug } from '../store/workspaces.js';

const COMMENTS = {
  good: { id: ['Agennya ramah dan cepat sekali!', 'Masalah saya langsung selesai, terima kasih.', 'Penjelasannya jelas dan sabar.'], en: ['Super quick and friendly, thanks!', 'Solved on the first try.', 'Clear explanation, very patient.'] },
  bad: { id: ['Saya menunggu terlalu lama untuk dibalas.', 'Harus menjelaskan masalah yang sama berkali-kali.', 'Belum ada solusi sampai sekarang.'], en: ['I waited far too long for a reply.', 'Had to repeat my problem several times.', 'Still no solution.'] },
};

/** Customers answer ten minutes after the resolve (the invitation goes out at once). */
const ANSWER_AFTER_S = 600;

/** A small seeded random generator, so a demo is the same every time. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

export async function loadDemo(db: Db, opts: { slug: string; conversations: number }): Promise<string> {
  if (await findWorkspaceBySlug(db, opts.slug)) throw new AppError('conflict', `A workspace "${opts.slug}" already exists; choose another with --slug.`);
  const r = rng(42);
  const ws = await createWorkspace(db, { slug: opts.slug, name: 'Toko Nusantara (demo)', demo: true });
  const password = await hashPassword('demo password 123');
  const user = (name: string, role: 'admin' | 'supervisor' | 'agent') => createUser(db, ws.id, { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@${opts.slug}.demo`, role }, password);
  await user('Admin Demo', 'admin');
  const channelRows = await db.insertInto('channels').values([
    { workspace_id: ws.id, name: 'WhatsApp Sales', type: 'whatsapp' },
    { workspace_id: ws.id, name: 'WhatsApp Support', type: 'whatsapp' },
    { workspace_id: ws.id, name: 'Telegram Bot', type: 'telegram' },
    { workspace_id: ws.id, name: 'Email Support', type: 'email' },
    { workspace_id: ws.id, name: 'Website chat', type: 'web', config: JSON.stringify({ callbackUrl: 'https://example.com/nilai' }) },
  ]).returning(['id', 'name']).execute();
  const divisions = [];
  for (const [name, sup, agents] of [
    ['Billing', 'Sari Wulandari', ['Budi Santoso', 'Dewi Lestari', 'Eko Prasetyo']],
    ['Technical', 'Agus Setiawan', ['Fajar Nugroho', 'Gita Permata', 'Hendra Wijaya', 'Indah Sari']],
    ['Sales', 'Rina Kusuma', ['Joko Susilo', 'Kartika Putri', 'Lukman Hakim']],
  ] as const) {
    const supervisor = await user(sup, 'supervisor');
    const members = await Promise.all(agents.map((a) => user(a, 'agent')));
    const chs = channelRows.filter((_, i) => (name === 'Sales' ? i === 0 || i === 4 : name === 'Billing' ? i === 1 || i === 3 : i === 1 || i === 2 || i === 3));
    const d = await saveDivision(db, ws.id, null, { name, supervisorId: supervisor.id, agentIds: members.map((m) => m.id), channelIds: chs.map((c) => c.id) });
    divisions.push({ id: d!.id, agents: members.map((m) => m.id), channels: chs.map((c) => c.id), quality: name === 'Technical' ? 0.75 : name === 'Billing' ? 0.85 : 0.9 });
  }
  const weekday = [{ start: '08:00', end: '17:00' }];
  const schedule: Schedule = { timeZone: 'Asia/Jakarta', weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [{ start: '09:00', end: '13:00' }], sun: [] }, holidays: ['2026-12-25'] };
  await insertOfficeHours(db, ws.id, null, schedule);
  const sla = { firstResponseMinutes: 15, resolutionMinutes: 240, businessHours: true };
  await insertSlaPolicy(db, ws.id, { name: 'Standard', divisionId: null, ...sla });
  const settings = defaultSurveySettings();
  settings.nps.enabled = true;
  settings.ces.enabled = true;
  settings.ces.channelScope = 'selected';
  settings.ces.channelIds = [channelRows[1]!.id, channelRows[3]!.id];
  const { version } = await saveSettingsVersion(db, ws.id, settings, { userId: null, tokenId: null });

  const now = DateTime.now().setZone('Asia/Jakarta');
  for (let i = 0; i < opts.conversations; i++) {
    const div = r.pick(divisions);
    const agentId = r.pick(div.agents);
    const channelId = r.pick(div.channels);
    const lang = r.next() < 0.8 ? 'id' : 'en';
    // Mostly in office hours, some in the evening; spread over the last 60 days.
    let opened = now.minus({ days: r.int(0, 59) }).set({ hour: r.next() < 0.8 ? r.int(8, 16) : r.int(17, 22), minute: r.int(0, 59) });
    const frt = Math.round(60 * (r.next() < 0.7 ? r.int(1, 14) : r.int(15, 120)) * (1 - div.quality + 0.6));
    const contact = { id: `demo-${i % Math.round(opts.conversations * 0.7)}`, name: r.pick(['Andi', 'Bunga', 'Citra', 'Dimas', 'Maya', 'Rudi', 'Tono', 'Wati']), locale: lang };
    const conversation = { id: `demo-conv-${i}`, channelId, contact, agentId, divisionId: div.id, tags: r.next() < 0.3 ? [r.pick(['refund', 'billing', 'bug', 'vip', 'complaint'])] : [] };
    const botOnly = r.next() < 0.05;
    // Seconds after the opening: customer, then agent, customer, agent (or a bot), then the resolve.
    const replies: [string, number, Sender][] = botOnly
      ? [['b', 10, 'bot']]
      : [['a1', 5 + frt, 'agent'], ['c2', 5 + frt + r.int(60, 600), 'customer'], ['a2', 5 + frt + r.int(700, 1800), 'agent']];
    const resolvedAfter = 5 + frt + r.int(1900, 4 * 3600);
    // Nothing after "now": a conversation of today whose answer would come later happened earlier.
    const lastAt = opened.plus({ seconds: resolvedAfter + ANSWER_AFTER_S });
    if (lastAt > now) opened = opened.minus(lastAt.diff(now)).minus({ minutes: r.int(5, 180) });
    const at = (seconds: number) => opened.plus({ seconds }).toUTC().toISO()!;
    const message = (suffix: string, seconds: number, sender: Sender): ConversationEvent =>
      ({ id: `${conversation.id}-${suffix}`, type: 'message.created', occurredAt: at(seconds), conversation, message: { sender } });
    const events: ConversationEvent[] = [
      { id: `${conversation.id}-o`, type: 'conversation.opened', occurredAt: at(0), conversation },
      message('c1', 5, 'customer'),
      ...replies.map(([suffix, seconds, sender]) => message(suffix, seconds, sender)),
      { id: `${conversation.id}-r`, type: 'conversation.resolved', occurredAt: at(resolvedAfter), conversation },
    ];
    await db.transaction().execute(async (trx) => {
      const c = await upsertContact(trx, ws.id, contact);
      const { id: convId } = await lockConversation(trx, ws.id, conversation.id, channelId, c.id);
      await insertNewEvents(trx, ws.id, convId, events);
      const state = foldConversation(await loadEvents(trx, convId), () => schedule);
      const timings = conversationTimings(state, schedule);
      await saveConversationState(trx, ws.id, { id: convId, externalId: conversation.id, contactId: c.id, state, timings, sla: slaOutcome(timings, sla) });
      const resolvedAt = new Date(state.resolvedAt!);
      const skip = botOnly ? 'no_agent_message' : r.next() < 0.08 ? 'cooldown' : null;
      if (skip) {
        await trx.insertInto('survey_skips').values({ workspace_id: ws.id, conversation_id: convId, channel_id: channelId, trigger: 'resolve', reason: skip, settings_version: version, created_at: resolvedAt }).execute();
        return;
      }
      const types: SurveyType[] = ['csat', 'nps', ...(settings.ces.channelIds.includes(channelId) ? (['ces'] as const) : [])];
      const id = randomUUID();
      const answered = r.next() < 0.45 + div.quality * 0.2;
      const failed = !answered && r.next() < 0.05;
      await trx.insertInto('invitations').values({
        id, workspace_id: ws.id, conversation_id: convId, contact_id: c.id, channel_id: channelId, token_hash: hashSecret(randomUUID()), survey_types: types,
        settings_version: version, language: lang, trigger: 'resolve', status: 'scheduled', send_after: resolvedAt, expires_at: new Date(resolvedAt.getTime() + 24 * 3600_000),
        created_at: resolvedAt, agent_id: agentId, division_id: div.id, tags: conversation.tags,
      }).execute();
      const final = failed ? 'failed' : answered ? 'answered' : resolvedAt.getTime() < Date.now() - 24 * 3600_000 ? 'expired' : 'delivered';
      if (!failed) await trx.updateTable('invitations').set({ status: 'delivered', sent_at: resolvedAt, delivered_at: resolvedAt }).where('id', '=', id).execute();
      await trx.updateTable('invitations').set({ status: final, ...(failed && { status_reason: 'The callback answered HTTP 410: number not on WhatsApp' }), ...(answered && { answered_at: new Date(resolvedAt.getTime() + ANSWER_AFTER_S * 1000) }) }).where('id', '=', id).execute();
      if (!answered) return;
      const happy = r.next() < div.quality;
      for (const type of types) {
        const scale = scaleOf(settings, type);
        const score = type === 'csat' ? (happy ? r.int(4, 5) : r.int(1, 3)) : type === 'nps' ? (happy ? r.int(8, 10) : r.int(scale.min, 7)) : happy ? r.int(4, 5) : r.int(1, 3);
        const comment = r.next() < 0.25 ? r.pick(COMMENTS[happy ? 'good' : 'bad'][lang]) : null;
        await trx.insertInto('responses').values({
          workspace_id: ws.id, invitation_id: id, conversation_id: convId, survey_type: type, score, scale_min: scale.min, scale_max: scale.max,
          follow_up_question: followUpQuestion(settings, type, score, lang), follow_up_text: comment, language: lang, settings_version: version,
          channel_id: channelId, agent_id: agentId, division_id: div.id, tags: conversation.tags, contact_id: c.id, answered_at: new Date(resolvedAt.getTime() + ANSWER_AFTER_S * 1000),
        }).execute();
      }
    });
  }
  return ws.slug;
}
