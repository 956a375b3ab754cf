import { describe, expect, it } from 'vitest';
import { autoResolveDue } from '../../src/domain/automation/auto-resolve.js';
import { officeState, renderAutoReply } from '../../src/domain/automation/render-auto-reply.js';
import { DEFAULT_AUTO_RESPONDER, responderFor } from '../../src/domain/automation/settings.js';
import type { Schedule } from '../../src/domain/time/business-time.js';

const nine = [{ start: '09:00', end: '17:00' }];
// Jakarta (UTC+7), weekdays 09–17, closed on Friday 2026-12-25.
const jakarta: Schedule = { timeZone: 'Asia/Jakarta', weekly: { mon: nine, tue: nine, wed: nine, thu: nine, fri: nine, sat: [], sun: [] }, holidays: ['2026-12-25'] };
const at = (iso: string) => Date.parse(iso);

describe('auto reply rendering', () => {
  it('tells open from closed and the next opening, past weekends and holidays', () => {
    expect(officeState(jakarta, at('2026-12-01T03:00:00Z'))).toEqual({ open: true, nextOpening: null }); // Tue 10:00
    expect(officeState(jakarta, at('2026-12-01T11:00:00Z')).nextOpening!.toISO()).toBe('2026-12-02T09:00:00.000+07:00'); // Tue 18:00
    expect(officeState(jakarta, at('2026-12-24T12:00:00Z')).nextOpening!.toISO()).toBe('2026-12-28T09:00:00.000+07:00'); // Thu 19:00, Fri holiday
  });

  it('fills the variables in the customer language, and uses the outside-hours text when closed', () => {
    const texts = responderFor(DEFAULT_AUTO_RESPONDER, null);
    const ctx = { customerName: 'Dewi', schedule: jakarta, firstResponseMinutes: 120, nowMs: at('2026-12-01T03:00:00Z') };
    expect(renderAutoReply(texts, { ...ctx, language: 'en' })).toEqual({ insideHours: true, text: 'Hi Dewi, thanks for reaching out. An agent will reply within 2 hours.' });
    expect(renderAutoReply(texts, { ...ctx, language: 'id', customerName: null, nowMs: at('2026-12-01T11:00:00Z') })).toEqual({ insideHours: false, text: 'Halo Pelanggan, kami sedang di luar jam kerja. Kami akan membalas mulai Rabu 2 Desember, 09:00.' });
  });

  it('takes a division override over the workspace texts', () => {
    const s = { ...DEFAULT_AUTO_RESPONDER, enabled: true, divisions: [{ divisionId: 'd1', enabled: false }] };
    expect(responderFor(s, 'd1').enabled).toBe(false);
    expect(responderFor(s, 'd2').enabled).toBe(true);
  });
});

describe('auto resolve due', () => {
  const c = { openedAt: '2026-12-01T09:00:00Z', messages: [{ at: '2026-12-01T09:00:00Z', sender: 'customer' }, { at: '2026-12-01T09:05:00Z', sender: 'agent' }] };
  it('counts from the last customer message on the chosen clock, only once an agent answered', () => {
    const s = { afterMinutes: 60, clock: 'wall' as const };
    expect(autoResolveDue(c, s, jakarta, at('2026-12-01T10:00:00Z'))).toBe(true);
    expect(autoResolveDue(c, s, jakarta, at('2026-12-01T09:59:00Z'))).toBe(false);
    // 09:00Z is 16:00 in Jakarta: two business hours are one that day and one from 09:00 the next (03:00Z).
    const business = { afterMinutes: 120, clock: 'business' as const };
    expect(autoResolveDue(c, business, jakarta, at('2026-12-01T23:00:00Z'))).toBe(false);
    expect(autoResolveDue(c, business, jakarta, at('2026-12-02T02:59:00Z'))).toBe(false);
    expect(autoResolveDue(c, business, jakarta, at('2026-12-02T03:00:00Z'))).toBe(true);
    // The customer wrote last: waiting for an answer, never closed on.
    expect(autoResolveDue({ ...c, messages: [...c.messages, { at: '2026-12-01T09:10:00Z', sender: 'customer' }] }, s, jakarta, at('2026-12-03T00:00:00Z'))).toBe(false);
    // A bot message is not an answer.
    expect(autoResolveDue({ ...c, messages: [c.messages[0]!, { at: '2026-12-01T09:01:00Z', sender: 'bot' }] }, s, jakarta, at('2026-12-03T00:00:00Z'))).toBe(false);
  });
});

describe('automation texts in the writing tones (issue 12)', () => {
  it('has each tone in both languages, within the schema limits, every text with its variables', async () => {
    const { Value } = await import('@sinclair/typebox/value');
    const { AutoText } = await import('../../src/domain/automation/settings.js');
    const { TONES } = await import('../../src/domain/settings/tones.js');
    const { AUTOMATION_TONE_TEXTS } = await import('../../src/domain/automation/tones.js');
    const seen = new Set<string>();
    for (const tone of TONES) {
      const t = AUTOMATION_TONE_TEXTS[tone];
      for (const text of [t.insideHours, t.outsideHours, t.closing]) {
        expect(Value.Check(AutoText, text)).toBe(true);
        seen.add(text.id);
      }
      expect(t.insideHours.id).toContain('{{firstResponse}}');
      expect(t.insideHours.en).toContain('{{firstResponse}}');
      expect(t.outsideHours.id).toContain('{{nextOpening}}');
      expect(t.outsideHours.en).toContain('{{nextOpening}}');
    }
    expect(seen.size).toBe(9); // every tone written, not copied
    expect(AUTOMATION_TONE_TEXTS.friendly.insideHours.id).toContain('Kak');
    expect(DEFAULT_AUTO_RESPONDER.insideHours).toEqual(AUTOMATION_TONE_TEXTS.formal.insideHours);
  });

  it('fills the workspace texts and the closing message, keeps division texts and a closing message switched off', async () => {
    const { applyResolveTone, applyResponderTone, AUTOMATION_TONE_TEXTS } = await import('../../src/domain/automation/tones.js');
    const { DEFAULT_AUTO_RESOLVE } = await import('../../src/domain/automation/settings.js');
    const own = { id: 'Teks divisi', en: 'Division text' };
    const responder = { ...DEFAULT_AUTO_RESPONDER, enabled: true, divisions: [{ divisionId: '00000000-0000-4000-8000-000000000001', enabled: true, insideHours: own }] };
    const friendly = applyResponderTone(responder, 'friendly');
    expect(friendly.insideHours).toEqual(AUTOMATION_TONE_TEXTS.friendly.insideHours);
    expect(friendly.outsideHours.en).toBe(AUTOMATION_TONE_TEXTS.friendly.outsideHours.en);
    expect(friendly.enabled).toBe(true);
    expect(friendly.divisions[0]!.insideHours).toEqual(own);
    expect(responder.insideHours).toEqual(DEFAULT_AUTO_RESPONDER.insideHours); // not changed in place
    expect(applyResolveTone(DEFAULT_AUTO_RESOLVE, 'semiformal').closingMessage).toEqual(AUTOMATION_TONE_TEXTS.semiformal.closing);
    expect(applyResolveTone({ ...DEFAULT_AUTO_RESOLVE, closingMessage: null }, 'friendly').closingMessage).toBeNull();
  });
});
