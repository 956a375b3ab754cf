/**
 * "Rewrite in this tone" through any OpenAI-compatible chat-completions endpoint: the request body (a
 * system instruction naming the tone, the language and what must survive — placeholders, emoji, meaning,
 * length) and the reading of the answer. Pure; services/tone-rewrite.ts makes the call.
 */
import type { Language } from './settings/schema.js';
import type { Tone } from './settings/tones.js';

const TONE_WORDS: Record<Tone, Record<Language, string>> = {
  formal: {
    id: 'formal: sapa pelanggan dengan "Anda", gunakan kalimat baku dan sopan (mis. "mohon", "terima kasih"), tanpa bahasa gaul',
    en: 'formal: polite and complete sentences, no slang, no contractions',
  },
  semiformal: {
    id: 'semiformal: tetap "Anda", tetapi lebih ringan dan hangat, kalimat pendek, tanpa bahasa gaul',
    en: 'semiformal: warm and plain, short sentences, contractions allowed, no slang',
  },
  friendly: {
    id: 'santai dan akrab: sapa dengan "Kak" atau "kamu", boleh kata seperti "yuk", "makasih", "banget", tetap sopan',
    en: 'friendly: casual and upbeat, like a helpful friend, still respectful',
  },
};

export const REWRITE_MAX_INPUT = 2000;

export interface ChatCompletionsRequest {
  model: string;
  messages: { role: 'system' | 'user'; content: string }[];
  temperature: number;
  stream: false;
}

export function rewriteRequest(model: string, text: string, tone: Tone, language: Language): ChatCompletionsRequest {
  const lang = language === 'id' ? 'Indonesian (bahasa Indonesia)' : 'English';
  const system = [
    `You rewrite one customer-facing message of a customer-satisfaction survey in ${lang}, in this tone: ${TONE_WORDS[tone][language]}.`,
    'Keep the meaning, any {{placeholders}}, numbers, URLs and emoji exactly; keep it about as long; do not add greetings, sign-offs or new questions.',
    'Answer with the rewritten message only: no quotes, no explanation.',
  ].join(' ');
  return { model, messages: [{ role: 'system', content: system }, { role: 'user', content: text }], temperature: 0.3, stream: false };
}

/** The rewritten text from a chat-completions answer, or the problem in words. */
export function readRewrite(json: unknown, original: string): { text: string } | { problem: string } {
  const content = (json as { choices?: { message?: { content?: unknown } }[] } | null)?.choices?.[0]?.message?.content;
  if (typeof content !== 'string') return { problem: 'The endpoint answered without choices[0].message.content; is it an OpenAI-compatible /chat/completions endpoint?' };
  // Reasoning models may put their thinking in <think>…</think> before the answer.
  const text = content.replace(/<think>[\s\S]*?<\/think>/g, '').trim().replace(/^(["'“”])([\s\S]*)\1$/, '$2').replace(/^“([\s\S]*)”$/, '$1').trim();
  if (!text) return { problem: 'The endpoint answered with an empty text.' };
  const placeholders = (s: string) => [...s.matchAll(/\{\{\s*[\w.]+\s*\}\}/g)].map((m) => m[0].replace(/\s/g, '')).sort().join(',');
  if (placeholders(text) !== placeholders(original)) return { problem: `The rewrite changed the placeholders (${placeholders(original) || 'none'} → ${placeholders(text) || 'none'}); try again or edit by hand.` };
  return { text: text.slice(0, REWRITE_MAX_INPUT) };
}
