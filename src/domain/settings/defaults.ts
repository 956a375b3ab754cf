import type { SurveySettings } from './schema.js';

/**
 * Settings a new workspace starts with: complete in Indonesian and English, CSAT on for every channel,
 * CES and NPS written out but off, so switching one on is all a manager has to do.
 */
export function defaultSurveySettings(): SurveySettings {
  return {
    languages: { enabled: ['id', 'en'], default: 'id' },
    csat: {
      enabled: true,
      channelScope: 'all',
      channelIds: [],
      question: {
        id: 'Seberapa puas Anda dengan layanan kami hari ini?',
        en: 'How satisfied are you with the help you received today?',
      },
      emojiStyle: 'faces',
      labels: {
        id: ['Sangat tidak puas', 'Tidak puas', 'Biasa saja', 'Puas', 'Sangat puas'],
        en: ['Very unhappy', 'Unhappy', 'Neutral', 'Happy', 'Very happy'],
      },
      satisfiedThreshold: 4,
      followUp: {
        mode: 'single',
        question: {
          id: 'Terima kasih! Apa yang bisa kami tingkatkan?',
          en: 'Thank you! What could we do better?',
        },
      },
    },
    ces: {
      enabled: false,
      channelScope: 'all',
      channelIds: [],
      question: {
        id: 'Seberapa mudah masalah Anda diselesaikan hari ini?',
        en: 'How easy was it to get your issue resolved today?',
      },
      scale: { min: 1, max: 5 },
      lowLabel: { id: 'Sangat sulit', en: 'Very difficult' },
      highLabel: { id: 'Sangat mudah', en: 'Very easy' },
      followUp: {
        mode: 'single',
        question: {
          id: 'Apa yang membuat prosesnya mudah atau sulit?',
          en: 'What made it easy or difficult?',
        },
      },
    },
    nps: {
      enabled: false,
      channelScope: 'all',
      channelIds: [],
      question: {
        id: 'Seberapa besar kemungkinan Anda merekomendasikan kami kepada teman atau kolega?',
        en: 'How likely are you to recommend us to a friend or colleague?',
      },
      scale: { min: 0, max: 10 },
      lowLabel: { id: 'Sangat tidak mungkin', en: 'Not at all likely' },
      highLabel: { id: 'Sangat mungkin', en: 'Extremely likely' },
      followUp: {
        mode: 'per_category',
        perCategory: {
          detractor: { id: 'Mohon maaf. Apa yang paling mengecewakan Anda?', en: 'We are sorry. What disappointed you most?' },
          passive: { id: 'Apa satu hal yang bisa membuat kami lebih baik?', en: 'What one thing would make us better?' },
          promoter: { id: 'Senang mendengarnya! Apa yang paling Anda sukai?', en: 'Glad to hear it! What did you like most?' },
        },
      },
    },
    greetings: {
      closing: {
        id: 'Percakapan Anda telah selesai. Kami ingin mendengar pendapat Anda tentang layanan kami.',
        en: 'Your conversation has been resolved. We would love to hear how we did.',
      },
      title: { id: 'Survei kepuasan pelanggan', en: 'Customer satisfaction survey' },
      thankYou: {
        id: 'Terima kasih atas masukan Anda! Jawaban Anda membantu kami melayani lebih baik.',
        en: 'Thank you for your feedback! Your answers help us serve you better.',
      },
    },
    sending: { method: 'automatic', delayMinutes: 0, expiryHours: 24, cooldownDays: 7, reminderAfterHours: 0, reminderInBusinessHours: true },
  };
}
