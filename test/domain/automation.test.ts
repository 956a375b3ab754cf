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
