/**
 * The survey as chat messages: each message is text plus, for a rating, the answers to tap. Channels
 * turn the choices into their own widgets (WhatsApp buttons or a list, Telegram inline keyboards,
 * Chatwoot input_select) and fall back to the text and the survey link where a widget cannot hold them.
 */
import type { NextStep } from '../survey-progress.js';
import { renderRatingStep } from '../render/survey-steps.js';
import type { Language, SurveySettings } from '../settings/schema.js';
import type { Tone } from '../settings/tones.js';
import { choiceId } from './reply.js';

export interface ChatChoice {
  id: string;
  title: string;
  description?: string;
}

export interface ChatMessage {
  text: string;
  /** Tap answers, lowest score first. */
  choices?: ChatChoice[];
  /** Label of the button that opens a list of choices. */
  choicesLabel?: string;
  /** The hosted survey page, for channels that cannot show every choice. */
  link?: string;
  /** The choices as lines of text, for channels that cannot show them as buttons. */
  choicesText?: string;
  /** How to answer by typing, for channels that show the choices as text. */
  typeHint?: string;
}

const FORMAL = {
  id: {
    choose: 'Pilih nilai',
    typeHint: (min: number, max: number) => `Balas dengan angka ${min}–${max}.`,
    orOpen: (url: string) => `Atau isi di sini: ${url}`,
    skipHint: 'Balas LEWATI untuk melewati pertanyaan ini.',
    notUnderstood: 'Maaf, jawaban itu belum kami mengerti.',
    optedOut: 'Baik, Anda tidak akan menerima survei lagi dari kami. Terima kasih.',
    reminder: 'Pengingat: kami masih menunggu pendapat Anda, cukup satu ketukan.',
  },
  en: {
    choose: 'Choose a score',
    typeHint: (min: number, max: number) => `Reply with a number from ${min} to ${max}.`,
    orOpen: (url: string) => `Or answer here: ${url}`,
    skipHint: 'Reply SKIP to skip this question.',
    notUnderstood: 'Sorry, we did not understand that answer.',
    optedOut: 'Done, you will not receive surveys from us anymore. Thank you.',
    reminder: 'A reminder: we would still love to hear how we did. It takes one tap.',
  },
};
type ChatWords = (typeof FORMAL)['en'];

/** The chat channels' own words in each writing tone (settings.tone; formal by default). */
export const CHAT_TEXT: Record<Tone, Record<Language, ChatWords>> = {
  formal: FORMAL,
  semiformal: {
    id: {
      choose: 'Pilih nilai',
      typeHint: (min: number, max: number) => `Silakan balas dengan angka ${min}–${max}.`,
      orOpen: (url: string) => `Bisa juga diisi di sini: ${url}`,
      skipHint: 'Balas LEWATI kalau ingin melewati pertanyaan ini.',
      notUnderstood: 'Maaf, jawaban tadi belum kami pahami.',
      optedOut: 'Baik, kami tidak akan mengirim survei lagi. Terima kasih.',
      reminder: 'Sekadar mengingatkan: kami masih menunggu penilaian Anda.',
    },
    en: {
      choose: 'Pick a score',
      typeHint: (min: number, max: number) => `Just reply with a number from ${min} to ${max}.`,
      orOpen: (url: string) => `Or answer here: ${url}`,
      skipHint: 'Reply SKIP if you would rather skip this one.',
      notUnderstood: 'Sorry, we did not catch that answer.',
      optedOut: 'Got it, we will not send you surveys anymore. Thanks.',
      reminder: 'Just a reminder: we would still like your rating.',
    },
  },
  friendly: {
    id: {
      choose: 'Pilih nilai',
      typeHint: (min: number, max: number) => `Balas pakai angka ${min}–${max} ya, Kak.`,
      orOpen: (url: string) => `Atau isi di sini aja: ${url}`,
      skipHint: 'Balas LEWATI kalau mau lewati pertanyaan ini ya.',
      notUnderstood: 'Maaf, Kak, jawabannya belum kami pahami.',
      optedOut: 'Oke, Kak, kamu nggak akan dapat survei lagi dari kami. Makasih!',
      reminder: 'Kak, kami masih nunggu pendapatmu nih, cukup satu ketukan.',
    },
    en: {
      choose: 'Pick one',
      typeHint: (min: number, max: number) => `Reply with a number from ${min} to ${max}!`,
      orOpen: (url: string) => `Or tap here: ${url}`,
      skipHint: 'Reply SKIP to skip this one.',
      notUnderstood: 'Oops, we did not get that one.',
      optedOut: 'No problem, no more surveys from us. Thanks!',
      reminder: 'Hey, just checking in: we would love your rating. One tap is all it takes.',
    },
  },
};

const pick = (t: Partial<Record<Language, string>> | undefined, lang: Language, settings: SurveySettings) => (t?.[lang] ?? t?.[settings.languages.default] ?? '').trim();

export interface PromptInput {
  settings: SurveySettings;
  invitationId: string;
  language: Language;
  url: string;
  step: NextStep;
  /** The first message of the survey opens with the greeting (survey title and closing sentence). */
  first?: boolean;
  /** A reply that could not be read comes back with an apology before the question. */
  retry?: boolean;
  /** The survey's one reminder opens with a line saying so. */
  reminder?: boolean;
}

/** The message that asks for the step (or thanks, when the survey is done). */
export function chatPrompt(p: PromptInput): ChatMessage {
  const words = CHAT_TEXT[p.settings.tone ?? 'formal'][p.language];
  const intro = [
    p.retry ? words.notUnderstood : null,
    p.reminder ? words.reminder : null,
    p.first ? pick(p.settings.greetings.closing, p.language, p.settings) || null : null,
  ].filter(Boolean) as string[];
  const withIntro = (text: string) => [...intro, text].join('\n\n');
  if (p.step.kind === 'done') {
    const g = p.settings.greetings;
    return { text: pick(g.thankYou, p.language, p.settings) || pick(g.title, p.language, p.settings) };
  }
  if (p.step.kind === 'follow_up') return { text: withIntro(`${p.step.question}\n\n${words.skipHint}`) };
  const rating = renderRatingStep(p.settings, p.step.surveyType, p.language);
  const choices = rating.options.map((o) => ({
    id: choiceId(p.invitationId, rating.surveyType, o.value),
    title: o.emoji ? `${o.emoji} ${o.label}` : String(o.value),
    ...(!o.emoji && o.value === rating.scale.min && rating.lowLabel ? { description: rating.lowLabel } : {}),
    ...(!o.emoji && o.value === rating.scale.max && rating.highLabel ? { description: rating.highLabel } : {}),
  }));
  const progress = p.step.total > 1 ? ` (${p.step.index + 1}/${p.step.total})` : '';
  // CSAT's text lists its answers (emoji and label); as buttons they would be said twice.
  const csat = rating.surveyType === 'csat';
  const text = csat ? rating.question : rating.text;
  return {
    text: withIntro(text.replace(rating.question, `${rating.question}${progress}`)),
    choices,
    ...(csat && { choicesText: rating.options.map((o) => `${o.value}. ${o.emoji ?? ''} ${o.label}`.replace(/\s+/g, ' ')).join('\n') }),
    choicesLabel: words.choose,
    link: p.url,
    typeHint: `${words.typeHint(rating.scale.min, rating.scale.max)}\n${words.orOpen(p.url)}`,
  };
}

export const optOutConfirmation = (lang: Language, tone: Tone = 'formal'): ChatMessage => ({ text: CHAT_TEXT[tone][lang].optedOut });
