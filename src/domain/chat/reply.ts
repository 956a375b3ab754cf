/**
 * Reading a customer's chat reply: a score typed as digits ("9", "9/10"), as a word in Indonesian or
 * English ("sembilan", "nine"), as a keycap or CSAT emoji, or tapped as a button whose id nilai made;
 * and the opt-out and skip words.
 */
import type { Scale } from '../settings/scale.js';
import { CSAT_EMOJI } from '../render/survey-steps.js';

export const SCORE_WORDS: Record<'id' | 'en', readonly string[]> = {
  id: ['nol', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan', 'sepuluh'],
  en: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'],
};

const KEYCAPS = ['0️⃣', '1️⃣', '2️⃣', '3️⃣', '4️⃣', '5️⃣', '6️⃣', '7️⃣', '8️⃣', '9️⃣', '🔟'];
const OPT_OUT = new Set(['stop', 'berhenti', 'unsubscribe', 'berhenti langganan', 'stop survei', 'stop survey']);
const SKIP = new Set(['skip', 'lewati', 'lewat', '-', 'tidak ada', 'no comment', 'none']);

/** Drops emoji variation selectors and skin tones, so "❤" and "❤️" compare equal. */
const bare = (s: string) => s.replace(/[\uFE0E\uFE0F\u{1F3FB}-\u{1F3FF}]/gu, '');
const words = (text: string) => text.trim().toLowerCase().replace(/[.!?,;:]+$/u, '').replace(/\s+/g, ' ');

export const isOptOut = (text: string): boolean => OPT_OUT.has(words(text));
export const isSkip = (text: string): boolean => SKIP.has(words(text));

/**
 * The score a text reply means on a scale, or null when it does not clearly mean one score. `labels`
 * are the answer labels lowest first (CSAT: "Sangat tidak puas" … "Sangat puas"), matched whole, with
 * or without their emoji.
 */
export function parseScore(text: string, scale: Scale, opts: { csat?: boolean; labels?: readonly string[] } = {}): number | null {
  const within = (n: number | null) => (n !== null && Number.isInteger(n) && n >= scale.min && n <= scale.max ? n : null);
  const t = words(text);
  if (!t || t.length > 60) return null;
  const noEmoji = t.replace(/[^\p{L}\p{N}\s]/gu, '').trim();
  const label = opts.labels?.findIndex((l) => words(l) === noEmoji) ?? -1;
  if (noEmoji && label >= 0) return within(scale.min + label);
  const digits = /^(\d{1,2})(?:\s*\/\s*\d{1,2})?$/.exec(t);
  if (digits) return within(Number(digits[1]));
  const keycap = KEYCAPS.findIndex((k) => bare(k) === bare(t));
  if (keycap >= 0) return within(keycap);
  for (const list of Object.values(SCORE_WORDS)) {
    const i = list.indexOf(t);
    if (i >= 0) return within(i);
  }
  if (opts.csat) {
    const emoji = bare(t.replace(/\s/g, ''));
    if (/^(?:⭐)+$/u.test(emoji)) return within([...emoji].length);
    for (const set of Object.values(CSAT_EMOJI)) {
      const i = set.findIndex((e) => bare(e) === emoji);
      if (i >= 0) return within(scale.min + i);
    }
  }
  // "saya kasih 8", "8 mantap": exactly one number in a short reply.
  const numbers = t.match(/\b\d{1,2}\b/g);
  if (numbers?.length === 1 && t.length <= 30) return within(Number(numbers[0]));
  return null;
}

/** Button and list ids nilai puts on tap answers: `nilai:<invitation id>:<type>:<score>`. */
export const choiceId = (invitationId: string, surveyType: string, score: number) => `nilai:${invitationId}:${surveyType}:${score}`;

export function parseChoiceId(id: string): { invitationId: string; surveyType: string; score: number } | null {
  const m = /^nilai:([0-9a-f-]{36}):(csat|ces|nps):(\d{1,2})$/.exec(id);
  return m ? { invitationId: m[1]!, surveyType: m[2]!, score: Number(m[3]) } : null;
}

/**
 * The value of a tap answer where the inbox relays the value itself as the customer's message (a Chatwoot
 * Telegram inbox sends it as callback data, the website widget as `submitted_values`, an API inbox as it
 * likes): short, readable by the agent who sees it, and naming its question, e.g. "CSAT 4", "NPS 10".
 */
export const tapValue = (surveyType: string, score: number) => `${surveyType.toUpperCase()} ${score}`;

export function parseTapValue(text: string): { surveyType: 'csat' | 'ces' | 'nps'; score: number } | null {
  const m = /^(csat|ces|nps)\s*[:#=-]?\s*(\d{1,2})$/i.exec(text.trim());
  return m ? { surveyType: m[1]!.toLowerCase() as 'csat' | 'ces' | 'nps', score: Number(m[2]) } : null;
}

const OMISSION = /(?:\.\.\.|…)$/u;
const titleKey = (s: string) => bare(words(s));

/**
 * Which offered answer a message names by its title (index), or null. Inboxes that relay a tap as the
 * button's title (WhatsApp list and button replies, Facebook and Instagram quick replies) may carry it
 * shortened: "Sangat tidak pu…" or, cut by Chatwoot, "Sangat tidak p...". Only an unambiguous match counts.
 */
export function matchChoiceTitle(text: string, titles: readonly string[]): number | null {
  const t = titleKey(text);
  if (!t) return null;
  const keys = titles.map(titleKey);
  const exact = keys.flatMap((k, i) => (k === t ? [i] : []));
  if (exact.length) return exact.length === 1 ? exact[0]! : null;
  if (!OMISSION.test(text.trim())) return null;
  const prefix = titleKey(text.trim().replace(OMISSION, ''));
  if (prefix.length < 2) return null;
  const starts = keys.flatMap((k, i) => (k.startsWith(prefix) && k !== prefix ? [i] : []));
  return starts.length === 1 ? starts[0]! : null;
}
