/**
 * Writing tones (Qontak's Airene offers Formal, Semiformal and Friendly): every default customer-facing
 * text of the survey settings in each tone, in Indonesian and English. Indonesian registers differ a lot
 * ("Anda … mohon" against "Kak … yuk"), so each tone is written, not derived. Formal is what a new
 * workspace starts with. Choosing a tone fills the settings' texts (the admin app shows the result in the
 * preview before it is saved); the chat channels' own words follow `settings.tone` (domain/chat/prompts).
 */
import type { Language, SurveySettings } from './schema.js';

export const TONES = ['formal', 'semiformal', 'friendly'] as const;
export type Tone = (typeof TONES)[number];

type Five = [string, string, string, string, string];

export interface ToneTexts {
  csat: { question: string; labels: Five; followUp: string };
  ces: { question: string; low: string; high: string; followUp: string };
  nps: { question: string; low: string; high: string; detractor: string; passive: string; promoter: string };
  closing: string;
  title: string;
  thankYou: string;
}

export const TONE_TEXTS: Record<Tone, Record<Language, ToneTexts>> = {
  formal: {
    id: {
      csat: { question: 'Seberapa puas Anda dengan layanan kami hari ini?', labels: ['Sangat tidak puas', 'Tidak puas', 'Biasa saja', 'Puas', 'Sangat puas'], followUp: 'Terima kasih! Apa yang bisa kami tingkatkan?' },
      ces: { question: 'Seberapa mudah masalah Anda diselesaikan hari ini?', low: 'Sangat sulit', high: 'Sangat mudah', followUp: 'Apa yang membuat prosesnya mudah atau sulit?' },
      nps: {
        question: 'Seberapa besar kemungkinan Anda merekomendasikan kami kepada teman atau kolega?', low: 'Sangat tidak mungkin', high: 'Sangat mungkin',
        detractor: 'Mohon maaf. Apa yang paling mengecewakan Anda?', passive: 'Apa satu hal yang bisa membuat kami lebih baik?', promoter: 'Senang mendengarnya! Apa yang paling Anda sukai?',
      },
      closing: 'Percakapan Anda telah selesai. Kami ingin mendengar pendapat Anda tentang layanan kami.',
      title: 'Survei kepuasan pelanggan',
      thankYou: 'Terima kasih atas masukan Anda! Jawaban Anda membantu kami melayani lebih baik.',
    },
    en: {
      csat: { question: 'How satisfied are you with the help you received today?', labels: ['Very unhappy', 'Unhappy', 'Neutral', 'Happy', 'Very happy'], followUp: 'Thank you! What could we do better?' },
      ces: { question: 'How easy was it to get your issue resolved today?', low: 'Very difficult', high: 'Very easy', followUp: 'What made it easy or difficult?' },
      nps: {
        question: 'How likely are you to recommend us to a friend or colleague?', low: 'Not at all likely', high: 'Extremely likely',
        detractor: 'We are sorry. What disappointed you most?', passive: 'What one thing would make us better?', promoter: 'Glad to hear it! What did you like most?',
      },
      closing: 'Your conversation has been resolved. We would love to hear how we did.',
      title: 'Customer satisfaction survey',
      thankYou: 'Thank you for your feedback! Your answers help us serve you better.',
    },
  },
  semiformal: {
    id: {
      csat: { question: 'Seberapa puas Anda dengan bantuan kami hari ini?', labels: ['Sangat kecewa', 'Kecewa', 'Biasa', 'Puas', 'Puas sekali'], followUp: 'Terima kasih! Ada yang bisa kami perbaiki?' },
      ces: { question: 'Seberapa mudah urusan Anda selesai hari ini?', low: 'Sulit sekali', high: 'Mudah sekali', followUp: 'Apa yang membuatnya mudah atau sulit?' },
      nps: {
        question: 'Seberapa mungkin Anda menyarankan kami ke teman atau rekan kerja?', low: 'Tidak mungkin', high: 'Sangat mungkin',
        detractor: 'Maaf atas pengalaman ini. Apa yang paling mengecewakan?', passive: 'Apa yang bisa membuat kami lebih baik?', promoter: 'Senang sekali mendengarnya! Apa yang paling Anda sukai?',
      },
      closing: 'Percakapan Anda sudah selesai. Boleh minta waktu sebentar untuk menilai layanan kami?',
      title: 'Survei layanan',
      thankYou: 'Terima kasih atas waktunya! Masukan Anda sangat berarti bagi kami.',
    },
    en: {
      csat: { question: 'How satisfied are you with our support today?', labels: ['Very dissatisfied', 'Dissatisfied', 'Okay', 'Satisfied', 'Very satisfied'], followUp: 'Thanks! Is there anything we could improve?' },
      ces: { question: 'How easy was it to sort out your request today?', low: 'Very hard', high: 'Very easy', followUp: 'What made it easy or hard?' },
      nps: {
        question: 'How likely are you to recommend us to a friend or a colleague?', low: 'Not likely', high: 'Very likely',
        detractor: 'Sorry to hear that. What let you down?', passive: 'What would make us better?', promoter: 'Great to hear! What did you like most?',
      },
      closing: 'Your conversation is resolved. Could you take a moment to rate our support?',
      title: 'Support survey',
      thankYou: 'Thanks for your time! Your feedback really helps.',
    },
  },
  friendly: {
    id: {
      csat: { question: 'Kak, seberapa puas kamu dengan bantuan kami hari ini?', labels: ['Kecewa banget', 'Kurang puas', 'Biasa aja', 'Puas', 'Puas banget'], followUp: 'Makasih, Kak! Ada yang bisa kami bikin lebih baik?' },
      ces: { question: 'Seberapa gampang urusanmu beres hari ini, Kak?', low: 'Susah banget', high: 'Gampang banget', followUp: 'Apa yang bikin gampang atau susah, Kak?' },
      nps: {
        question: 'Kira-kira seberapa mungkin Kakak merekomendasikan kami ke teman?', low: 'Nggak mungkin', high: 'Pasti dong',
        detractor: 'Maaf ya, Kak. Apa yang paling bikin kecewa?', passive: 'Satu hal apa yang bisa bikin kami lebih oke?', promoter: 'Asyik, makasih! Apa yang paling Kakak suka?',
      },
      closing: 'Obrolan kita sudah selesai, Kak. Yuk, kasih nilai buat layanan kami!',
      title: 'Survei kepuasan',
      thankYou: 'Makasih banyak, Kak! Masukanmu bantu kami jadi lebih baik.',
    },
    en: {
      csat: { question: 'Hey! How happy are you with the help you got today?', labels: ['Not happy at all', 'Not happy', 'Okay', 'Happy', 'Super happy'], followUp: 'Thanks! What could we do even better?' },
      ces: { question: 'How easy was it to get this sorted today?', low: 'Really hard', high: 'Super easy', followUp: 'What made it easy or tricky?' },
      nps: {
        question: 'Would you tell a friend about us? How likely is that?', low: 'No way', high: 'Absolutely',
        detractor: 'Oh no, sorry! What went wrong?', passive: 'What one thing would make us awesome?', promoter: 'Yay, thank you! What did you love most?',
      },
      closing: 'All done here! Got a second to tell us how we did?',
      title: 'Quick survey',
      thankYou: 'Thanks a bunch! Your feedback helps us get better.',
    },
  },
};

const both = <K extends keyof ToneTexts>(tone: Tone, pick: (t: ToneTexts) => string) => ({ id: pick(TONE_TEXTS[tone].id), en: pick(TONE_TEXTS[tone].en) });

/**
 * The settings with every text a tone covers written in that tone (questions, CSAT labels, scale ends,
 * the single and per-category follow-ups, greetings), for both languages; everything else untouched
 * (per-rating follow-ups are the admin's own and stay). A new object: `settings` is not changed.
 */
export function applyTone(settings: SurveySettings, tone: Tone): SurveySettings {
  const s: SurveySettings = structuredClone(settings);
  s.tone = tone;
  s.csat.question = both(tone, (t) => t.csat.question);
  s.csat.labels = { id: [...TONE_TEXTS[tone].id.csat.labels], en: [...TONE_TEXTS[tone].en.csat.labels] };
  s.csat.followUp.question = both(tone, (t) => t.csat.followUp);
  s.ces.question = both(tone, (t) => t.ces.question);
  s.ces.lowLabel = both(tone, (t) => t.ces.low);
  s.ces.highLabel = both(tone, (t) => t.ces.high);
  s.ces.followUp.question = both(tone, (t) => t.ces.followUp);
  s.nps.question = both(tone, (t) => t.nps.question);
  s.nps.lowLabel = both(tone, (t) => t.nps.low);
  s.nps.highLabel = both(tone, (t) => t.nps.high);
  s.nps.followUp.perCategory = { detractor: both(tone, (t) => t.nps.detractor), passive: both(tone, (t) => t.nps.passive), promoter: both(tone, (t) => t.nps.promoter) };
  s.greetings = { closing: both(tone, (t) => t.closing), title: both(tone, (t) => t.title), thankYou: both(tone, (t) => t.thankYou) };
  return s;
}
