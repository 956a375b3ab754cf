/**
 * The auto responder's and auto resolve's messages, rendered the same for the preview and for the send:
 * inside or outside office hours, in the customer's language, with the variables filled in.
 */
import { DateTime } from 'luxon';
import type { Language } from '../settings/schema.js';
import { WEEKDAYS, type Schedule } from '../time/business-time.js';
import { nextOpenAt } from '../time/next-open.js';
import type { AutoText } from './settings.js';

export const AUTO_TEXT_VARIABLES = ['name', 'nextOpening', 'firstResponse'] as const;

/** Whether the office is open at `ms`, and when it next opens (null: open now, or no opening in 8 weeks). */
export function officeState(schedule: Schedule, ms: number): { open: boolean; nextOpening: DateTime | null } {
  const open = nextOpenAt(ms, schedule, 56);
  if (open === ms) return { open: true, nextOpening: null };
  return { open: false, nextOpening: open === null ? null : DateTime.fromMillis(open, { zone: schedule.timeZone }) };
}

const WORDS = {
  id: { customer: 'Pelanggan', soon: 'secepatnya', minutes: (n: number) => `${n} menit`, hours: (n: number) => `${n} jam` },
  en: { customer: 'there', soon: 'as soon as we can', minutes: (n: number) => `${n} minute${n === 1 ? '' : 's'}`, hours: (n: number) => `${n} hour${n === 1 ? '' : 's'}` },
} as const;

const duration = (minutes: number, lang: Language) => (minutes % 60 === 0 ? WORDS[lang].hours(minutes / 60) : WORDS[lang].minutes(minutes));

export interface AutoTextContext {
  language: Language;
  customerName: string | null;
  schedule: Schedule;
  /** The SLA policy's first-response target, if any. */
  firstResponseMinutes: number | null;
  nowMs: number;
}

/** Fills `{{name}}`, `{{nextOpening}}` and `{{firstResponse}}`; unknown variables are left as typed. */
export function fillAutoText(template: string, ctx: AutoTextContext, nextOpening: DateTime | null): string {
  const w = WORDS[ctx.language];
  const values: Record<string, string> = {
    name: ctx.customerName?.trim() || w.customer,
    nextOpening: nextOpening ? nextOpening.setLocale(ctx.language).toFormat('cccc d LLLL, HH:mm') : w.soon,
    firstResponse: ctx.firstResponseMinutes ? duration(ctx.firstResponseMinutes, ctx.language) : w.soon,
  };
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (all, key: string) => values[key] ?? all);
}

/** The auto reply: the inside- or outside-hours text, by the office hours at `nowMs`. */
export function renderAutoReply(texts: { insideHours: AutoText; outsideHours: AutoText }, ctx: AutoTextContext): { text: string; insideHours: boolean } {
  const state = officeState(ctx.schedule, ctx.nowMs);
  const template = (state.open ? texts.insideHours : texts.outsideHours)[ctx.language];
  return { text: fillAutoText(template, ctx, state.nextOpening), insideHours: state.open };
}

/** The settings preview: a template filled as a sent message is, for a sample customer and office hours. */
export function previewAutoText(template: string, language: Language): string {
  const schedule = { timeZone: 'Asia/Jakarta', weekly: Object.fromEntries(WEEKDAYS.map((d, i) => [d, i < 5 ? [{ start: '08:00', end: '17:00' }] : []])) as Schedule['weekly'], holidays: [] };
  // Saturday 2026-12-05 10:00 in Jakarta: closed, next opening Monday 08:00.
  const nowMs = Date.parse('2026-12-05T03:00:00Z');
  return fillAutoText(template, { language, customerName: 'Dewi', schedule, firstResponseMinutes: 30, nowMs }, officeState(schedule, nowMs).nextOpening);
}
