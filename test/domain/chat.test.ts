/** Reading chat replies and fitting the survey into each provider's widgets. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chatPrompt } from '../../src/domain/chat/prompts.js';
import { choiceId, isOptOut, isSkip, matchChoiceTitle, parseChoiceId, parseScore, parseTapValue, SCORE_WORDS } from '../../src/domain/chat/reply.js';
import { defaultSurveySettings } from '../../src/domain/settings/defaults.js';
import { nextStep } from '../../src/domain/survey-progress.js';
import { telegramPayload } from '../../src/channels/telegram/transport.js';
import { LIMITS, whatsappPayload } from '../../src/channels/whatsapp/transport.js';
import { chatwootPayload } from '../../src/channels/chatwoot/transport.js';
import { orderingKey } from '../../src/channels/inbound.js';

const scale = fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 3, max: 10 })).map(([min, max]) => ({ min, max }));
const INV = '6f1c2b1e-3f4a-4c7e-9a55-0d1e2f3a4b5c';

describe('parseScore', () => {
  it('reads every score of any scale as digits, "n/10" and words in both languages', () => {
    fc.assert(
      fc.property(scale, fc.nat(10), (s, v) => {
        const inScale = v >= s.min && v <= s.max;
        const expected = inScale ? v : null;
        expect(parseScore(String(v), s)).toBe(expected);
        expect(parseScore(` ${v}/10 `, s)).toBe(expected);
        expect(parseScore(SCORE_WORDS.id[v]!, s)).toBe(expected);
        expect(parseScore(SCORE_WORDS.en[v]!.toUpperCase(), s)).toBe(expected);
        expect(parseScore(`saya kasih ${v}`, s)).toBe(expected);
      }),
    );
  });

  it('reads CSAT emoji of every style, stars and labels, and refuses what is unclear', () => {
    const s = { min: 1, max: 5 };
    const labels = ['Sangat tidak puas', 'Tidak puas', 'Biasa saja', 'Puas', 'Sangat puas'];
    expect(parseScore('😍', s, { csat: true })).toBe(5);
    expect(parseScore('😡', s, { csat: true })).toBe(1);
    expect(parseScore('❤', s, { csat: true })).toBe(5);
    expect(parseScore('⭐⭐⭐', s, { csat: true })).toBe(3);
    expect(parseScore('4️⃣', s)).toBe(4);
    expect(parseScore('puas', s, { csat: true, labels })).toBe(4);
    expect(parseScore('😍 Sangat puas', s, { csat: true, labels })).toBe(5);
    expect(parseScore('Tidak puas!', s, { csat: true, labels })).toBe(2);
    for (const unclear of ['', 'halo', '3 atau 4', '12', '0', 'paket saya nomor 5 dan 6 belum sampai', '😍', '⭐⭐⭐⭐⭐⭐']) {
      expect(parseScore(unclear, s)).toBeNull();
    }
  });

  it('knows the opt-out and skip words, and only those', () => {
    expect(['STOP', 'stop.', 'Berhenti', 'BERHENTI LANGGANAN', 'unsubscribe'].every(isOptOut)).toBe(true);
    expect(['stop it please', 'jangan berhenti', 'top'].some(isOptOut)).toBe(false);
    expect(['skip', 'LEWATI', '-'].every(isSkip)).toBe(true);
    expect(isSkip('lewat sini saja')).toBe(false);
  });

  it('round-trips choice ids and rejects foreign ones', () => {
    expect(parseChoiceId(choiceId(INV, 'nps', 10))).toEqual({ invitationId: INV, surveyType: 'nps', score: 10 });
    expect(parseChoiceId('nilai:not-a-uuid:csat:1')).toBeNull();
    expect(parseChoiceId(`nilai:${INV}:foo:1`)).toBeNull();
  });
});

describe('ordering webhooks by chat', () => {
  it('finds the chat of each provider\'s webhook shapes', () => {
    const wa = (value: object) => ({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value }] }] });
    expect(orderingKey(wa({ messages: [{ from: '6281234', id: 'wamid.1' }] }))).toBe('6281234');
    expect(orderingKey(wa({ statuses: [{ id: 'wamid.1', recipient_id: '6281234' }] }))).toBe('6281234');
    expect(orderingKey({ update_id: 1, message: { chat: { id: 555 } } })).toBe('555');
    expect(orderingKey({ update_id: 2, callback_query: { id: 'q', from: { id: 555 }, message: { chat: { id: 555 } } } })).toBe('555');
    expect(orderingKey({ event: 'message_created', conversation: { display_id: 42, id: 9042 } })).toBe('42');
    expect(orderingKey({ event: 'conversation_status_changed', id: 42 })).toBe('42');
    expect(orderingKey({ something: 'else' })).toBe('');
  });
});

describe('chat prompts in each provider', () => {
  const settings = defaultSurveySettings();
  settings.ces.enabled = true;
  settings.nps.enabled = true;
  const prompt = (type: 'csat' | 'ces' | 'nps') =>
    chatPrompt({ settings, invitationId: INV, language: 'en', url: 'https://nilai.test/s/abc', step: { kind: 'rating', surveyType: type, index: 0, total: 1 } });

  it('uses reply buttons for up to 3 answers, a list up to 10 and typed numbers beyond, within WhatsApp limits', () => {
    const three = { text: 'Was this resolved?', choices: [1, 2, 3].map((v) => ({ id: `c${v}`, title: String(v) })) };
    const buttons = whatsappPayload('62812', three) as any;
    expect(buttons.interactive.type).toBe('button');
    expect(buttons.interactive.action.buttons).toEqual([1, 2, 3].map((v) => ({ type: 'reply', reply: { id: `c${v}`, title: String(v) } })));
    expect((whatsappPayload('62812', prompt('ces')) as any).interactive.action.sections[0].rows).toHaveLength(5);
    const csat = whatsappPayload('62812', prompt('csat')) as any;
    expect(csat.interactive.type).toBe('list');
    const rows = csat.interactive.action.sections[0].rows;
    expect(rows.map((r: any) => r.title)).toEqual(['😡 Very unhappy', '😕 Unhappy', '😐 Neutral', '🙂 Happy', '😍 Very happy']);
    const nps = whatsappPayload('62812', prompt('nps')) as any;
    expect(nps.type).toBe('text');
    expect(nps.text.body).toContain('Reply with a number from 0 to 10.\nOr answer here: https://nilai.test/s/abc');
  });

  it('cuts any text to the WhatsApp limits', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 2000 }), fc.string({ minLength: 1, maxLength: 80 }), (question, label) => {
        const m = { text: question, choices: Array.from({ length: 5 }, (_, i) => ({ id: `id${i}`, title: `${label}${i}`, description: label.repeat(3) })), choicesLabel: label };
        const p = whatsappPayload('62812', m) as any;
        expect([...p.interactive.body.text].length).toBeLessThanOrEqual(LIMITS.body);
        expect([...p.interactive.action.button].length).toBeLessThanOrEqual(LIMITS.listButton);
        for (const r of p.interactive.action.sections[0].rows) {
          expect([...r.title].length).toBeLessThanOrEqual(LIMITS.rowTitle);
          expect([...r.description].length).toBeLessThanOrEqual(LIMITS.rowDescription);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('lays Telegram keyboards out as one labelled answer per row or numbers six per row', () => {
    expect((telegramPayload('1', prompt('csat')) as any).reply_markup.inline_keyboard.map((r: any[]) => r.length)).toEqual([1, 1, 1, 1, 1]);
    expect((telegramPayload('1', prompt('nps')) as any).reply_markup.inline_keyboard.map((r: any[]) => r.length)).toEqual([6, 5]);
  });

  it('posts Chatwoot what the conversation\'s inbox can carry, with short readable values', () => {
    const widget = chatwootPayload(prompt('nps'), 'Channel::WebWidget') as any;
    expect(widget.content_type).toBe('input_select');
    expect(widget.content_attributes.items.map((i: any) => i.value)).toEqual(Array.from({ length: 11 }, (_, i) => `NPS ${i}`));
    expect(widget.content).toContain('Reply with a number from 0 to 10.');
    expect((chatwootPayload(prompt('nps'), 'Channel::Telegram') as any).content_attributes.items).toHaveLength(11);
    // Chatwoot makes every item a WhatsApp list row; Meta refuses more than 10, so 0–10 goes as text.
    for (const inbox of ['Channel::Whatsapp', null]) {
      const nps = chatwootPayload(prompt('nps'), inbox) as any;
      expect(nps.content_type).toBeUndefined();
      expect(nps.content).toContain('Reply with a number from 0 to 10.\nOr answer here: https://nilai.test/s/abc');
      expect((chatwootPayload(prompt('ces'), inbox) as any).content_attributes.items.map((i: any) => i.value)).toEqual(['CES 1', 'CES 2', 'CES 3', 'CES 4', 'CES 5']);
    }
    for (const inbox of ['Channel::Email', 'Channel::TwilioSms', 'Channel::Line']) expect((chatwootPayload(prompt('csat'), inbox) as any).content).toContain('1. 😡 Very unhappy');
  });

  it('fits every Chatwoot input_select into the inbox\'s limits (WhatsApp rows and body, Meta quick replies)', () => {
    const limits: Record<string, { items: number; title: number; body?: number }> = { 'Channel::Whatsapp': { items: 10, title: 24, body: 1024 }, 'Channel::FacebookPage': { items: 13, title: 20 }, 'Channel::Instagram': { items: 13, title: 20 } };
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(limits)), fc.string({ minLength: 1, maxLength: 1500 }), fc.string({ minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 14 }), (inbox, question, label, n) => {
        const m = { text: question, choices: Array.from({ length: n }, (_, i) => ({ id: choiceId(INV, 'ces', i), title: `${label}${i}`, description: label.repeat(3) })), typeHint: 'Reply with a number.' };
        const p = chatwootPayload(m, inbox) as any;
        const l = limits[inbox]!;
        expect(p.content_type).toBe(n > l.items ? undefined : 'input_select');
        if (n > l.items) return;
        if (l.body) expect([...p.content].length).toBeLessThanOrEqual(l.body);
        for (const item of p.content_attributes.items) {
          expect([...item.title].length).toBeLessThanOrEqual(l.title);
          expect([...item.description].length).toBeLessThanOrEqual(72);
          expect(parseTapValue(item.value)).toEqual({ surveyType: 'ces', score: expect.any(Number) });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reads tap values and titles the way inboxes relay them, shortened or not', () => {
    expect(parseTapValue('NPS 10')).toEqual({ surveyType: 'nps', score: 10 });
    expect(parseTapValue(' csat:4 ')).toEqual({ surveyType: 'csat', score: 4 });
    expect(['CSAT', 'NPS 100', 'CSAT 4 please', '4'].map(parseTapValue)).toEqual([null, null, null, null]);
    const titles = ['😡 Sangat tidak puas', '😕 Tidak puas', '😐 Biasa saja', '🙂 Puas', '😍 Sangat puas'];
    expect(matchChoiceTitle('🙂 Puas', titles)).toBe(3);
    expect(matchChoiceTitle('😍 sangat puas', titles)).toBe(4);
    // Cut by nilai ("…") or by Chatwoot's truncate(20) ("...").
    expect(matchChoiceTitle('😡 Sangat tidak pu…', titles)).toBe(0);
    expect(matchChoiceTitle('😡 Sangat tidak p...', titles)).toBe(0);
    // A prefix two titles share is not an answer; neither is anything else.
    expect(matchChoiceTitle('Sangat...', ['Sangat puas', 'Sangat tidak puas'])).toBeNull();
    expect(['Puas', 'halo', '', '...'].map((x) => matchChoiceTitle(x, titles))).toEqual([null, null, null, null]);
  });

  it('opens with the closing sentence, apologises on a retry, and ends with the thank-you', () => {
    const first = chatPrompt({ settings, invitationId: INV, language: 'id', url: 'u', step: nextStep(settings, ['csat', 'nps'], [], 'id'), first: true });
    expect(first.text.startsWith('Percakapan Anda telah selesai.')).toBe(true);
    expect(first.text).toContain('(1/2)');
    const retry = chatPrompt({ settings, invitationId: INV, language: 'en', url: 'u', step: nextStep(settings, ['csat'], [], 'en'), retry: true });
    expect(retry.text.startsWith('Sorry, we did not understand that answer.')).toBe(true);
    expect(chatPrompt({ settings, invitationId: INV, language: 'en', url: 'u', step: { kind: 'done' } })).toEqual({ text: 'Thank you for your feedback! Your answers help us serve you better.' });
  });
});
