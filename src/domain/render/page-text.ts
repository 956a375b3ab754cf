/** The hosted page's own words (the survey's words come from the settings). */
import type { Language } from '../settings/schema.js';

export const PAGE_TEXT = {
  id: {
    languageName: 'Bahasa Indonesia',
    languageNav: 'Bahasa',
    progress: (i: number, n: number) => `Pertanyaan ${i} dari ${n}`,
    chosen: (s: number) => `Anda memilih ${s}. Ketuk sekali lagi untuk mengirim, atau pilih nilai lain.`,
    send: 'Kirim',
    skip: 'Lewati',
    followUpHint: 'Opsional. Jawaban Anda hanya dibaca oleh tim kami.',
    followUpEmpty: 'Tulis jawaban Anda, atau pilih Lewati.',
    closeHint: 'Anda dapat menutup halaman ini.',
    notFoundTitle: 'Tautan survei tidak ditemukan',
    notFoundBody: 'Tautan ini tidak valid. Periksa kembali tautan yang Anda terima.',
    expiredTitle: 'Survei ini sudah berakhir',
    expiredBody: 'Masa berlaku tautan survei ini sudah habis. Terima kasih atas perhatian Anda.',
    cancelledTitle: 'Survei ini tidak tersedia lagi',
    cancelledBody: 'Survei untuk percakapan ini dibatalkan, misalnya karena percakapan dibuka kembali.',
    completedTitle: 'Anda sudah mengisi survei ini',
    invalidAnswer: 'Jawaban itu tidak dapat diterima. Silakan pilih salah satu nilai.',
  },
  en: {
    languageName: 'English',
    languageNav: 'Language',
    progress: (i: number, n: number) => `Question ${i} of ${n}`,
    chosen: (s: number) => `You chose ${s}. Tap it again to send, or pick another score.`,
    send: 'Send',
    skip: 'Skip',
    followUpHint: 'Optional. Only our team reads your answer.',
    followUpEmpty: 'Write your answer, or choose Skip.',
    closeHint: 'You can close this page.',
    notFoundTitle: 'Survey link not found',
    notFoundBody: 'This link is not valid. Please check the link you received.',
    expiredTitle: 'This survey has ended',
    expiredBody: 'This survey link has expired. Thank you for your time.',
    cancelledTitle: 'This survey is no longer available',
    cancelledBody: 'The survey for this conversation was withdrawn, for example because the conversation was reopened.',
    completedTitle: 'You have already answered this survey',
    invalidAnswer: 'That answer could not be accepted. Please choose one of the scores.',
  },
} satisfies Record<Language, Record<string, unknown>>;

export type PageText = (typeof PAGE_TEXT)[Language];
