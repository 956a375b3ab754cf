/**
 * The words of the settings rules in each language: the admin app asks in the language it shows
 * (Accept-Language), so a manager reads the problem next to the field in their own language.
 */
import type { Language, SurveyType } from './schema.js';

const TYPE_NAMES: Record<SurveyType, string> = { csat: 'CSAT', ces: 'CES', nps: 'NPS' };

/** What a text field is, for the messages about its length. */
export type TextField =
  | { kind: 'question'; type: SurveyType }
  | { kind: 'followUp'; type: SurveyType }
  | { kind: 'followUpForRating'; type: SurveyType; rating: number }
  | { kind: 'followUpForCategory'; category: string }
  | { kind: 'lowLabel' | 'highLabel'; type: SurveyType }
  | { kind: 'closing' | 'title' | 'thankYou' };

const CATEGORY_ID: Record<string, string> = { detractor: 'detraktor', passive: 'pasif', promoter: 'promoter' };

function fieldName(f: TextField, lang: Language): string {
  const en = lang === 'en';
  switch (f.kind) {
    case 'question': return en ? `The ${TYPE_NAMES[f.type]} question` : `Pertanyaan ${TYPE_NAMES[f.type]}`;
    case 'followUp': return en ? `The ${TYPE_NAMES[f.type]} follow-up question` : `Pertanyaan lanjutan ${TYPE_NAMES[f.type]}`;
    case 'followUpForRating': return en ? `The ${TYPE_NAMES[f.type]} follow-up question for rating ${f.rating}` : `Pertanyaan lanjutan ${TYPE_NAMES[f.type]} untuk nilai ${f.rating}`;
    case 'followUpForCategory': return en ? `The NPS follow-up question for ${f.category}s` : `Pertanyaan lanjutan NPS untuk ${CATEGORY_ID[f.category] ?? f.category}`;
    case 'lowLabel': return en ? `The ${TYPE_NAMES[f.type]} low-end label` : `Label nilai terendah ${TYPE_NAMES[f.type]}`;
    case 'highLabel': return en ? `The ${TYPE_NAMES[f.type]} high-end label` : `Label nilai tertinggi ${TYPE_NAMES[f.type]}`;
    case 'closing': return en ? 'The closing sentence' : 'Kalimat penutup';
    case 'title': return en ? 'The survey title' : 'Judul survei';
    case 'thankYou': return en ? 'The thank-you message' : 'Pesan terima kasih';
  }
}

const LANGUAGE_NAMES: Record<Language, Record<Language, string>> = {
  en: { id: 'Indonesian', en: 'English' },
  id: { id: 'bahasa Indonesia', en: 'bahasa Inggris' },
};

export interface SettingsMessages {
  defaultLanguage(enabled: readonly string[]): string;
  required(f: TextField, textLang: Language): string;
  tooShort(f: TextField, textLang: Language, min: number, has: number): string;
  tooLong(f: TextField, textLang: Language, max: number, has: number): string;
  noChannelSelected(type: SurveyType): string;
  channelTwice: string;
  unknownChannel(id: string): string;
  ratingOutsideScale(type: SurveyType, rating: string, min: number, max: number): string;
  reminderAfterExpiry(after: number, expiry: number): string;
  perCategoryOnlyNps: string;
  csatLabelsRequired(textLang: Language): string;
  csatLabelRequired(rating: number): string;
  csatLabelTooLong(rating: number, max: number): string;
  unknownDivision(id: string): string;
  inDivision(division: string, message: string): string;
  tagIncludedAndExcluded(type: SurveyType, tag: string): string;
  workspaceOnly(path: string): string;
}

export const SETTINGS_MESSAGES: Record<Language, SettingsMessages> = {
  en: {
    defaultLanguage: (enabled) => `The default language must be one of the enabled languages (${enabled.join(', ')}).`,
    required: (f, l) => `${fieldName(f, 'en')} in ${LANGUAGE_NAMES.en[l]} is required.`,
    tooShort: (f, l, min, has) => `${fieldName(f, 'en')} in ${LANGUAGE_NAMES.en[l]} must be at least ${min} characters (it has ${has}).`,
    tooLong: (f, l, max, has) => `${fieldName(f, 'en')} in ${LANGUAGE_NAMES.en[l]} must be at most ${max} characters (it has ${has}).`,
    noChannelSelected: (type) => `Select at least one channel for ${TYPE_NAMES[type]}, or choose "All channel".`,
    channelTwice: 'This channel is selected twice.',
    unknownChannel: (id) => `Channel ${id} does not exist in this workspace.`,
    ratingOutsideScale: (type, rating, min, max) => `Rating ${rating} is outside the ${TYPE_NAMES[type]} scale ${min}–${max}.`,
    reminderAfterExpiry: (after, expiry) => `A reminder after ${after} hours comes when the link has expired (after ${expiry} hours); choose fewer than ${expiry} hours, or 0 for no reminder.`,
    perCategoryOnlyNps: 'Follow-up per category (detractor / passive / promoter) is only available for NPS.',
    csatLabelsRequired: (l) => `The five CSAT answer labels in ${LANGUAGE_NAMES.en[l]} are required.`,
    csatLabelRequired: (r) => `The label for rating ${r} is required.`,
    csatLabelTooLong: (r, max) => `The label for rating ${r} must be at most ${max} characters.`,
    unknownDivision: (id) => `Division ${id} does not exist in this workspace; remove its overrides.`,
    workspaceOnly: (path) => `${path} is set for the whole workspace (reports compare divisions on one scale); a division cannot override it.`,
    inDivision: (division, message) => `For division "${division}": ${message}`,
    tagIncludedAndExcluded: (type, tag) => `The tag "${tag}" is both included and excluded for ${TYPE_NAMES[type]}.`,
  },
  id: {
    defaultLanguage: (enabled) => `Bahasa bawaan harus salah satu bahasa yang aktif (${enabled.join(', ')}).`,
    required: (f, l) => `${fieldName(f, 'id')} dalam ${LANGUAGE_NAMES.id[l]} wajib diisi.`,
    tooShort: (f, l, min, has) => `${fieldName(f, 'id')} dalam ${LANGUAGE_NAMES.id[l]} minimal ${min} karakter (saat ini ${has}).`,
    tooLong: (f, l, max, has) => `${fieldName(f, 'id')} dalam ${LANGUAGE_NAMES.id[l]} maksimal ${max} karakter (saat ini ${has}).`,
    noChannelSelected: (type) => `Pilih minimal satu channel untuk ${TYPE_NAMES[type]}, atau pilih "All channel".`,
    channelTwice: 'Channel ini dipilih dua kali.',
    unknownChannel: (id) => `Channel ${id} tidak ada di workspace ini.`,
    ratingOutsideScale: (type, rating, min, max) => `Nilai ${rating} berada di luar skala ${TYPE_NAMES[type]} ${min}–${max}.`,
    reminderAfterExpiry: (after, expiry) => `Pengingat setelah ${after} jam datang saat tautan sudah kedaluwarsa (setelah ${expiry} jam); pilih kurang dari ${expiry} jam, atau 0 tanpa pengingat.`,
    perCategoryOnlyNps: 'Pertanyaan lanjutan per kategori (detraktor / pasif / promoter) hanya tersedia untuk NPS.',
    csatLabelsRequired: (l) => `Kelima label jawaban CSAT dalam ${LANGUAGE_NAMES.id[l]} wajib diisi.`,
    csatLabelRequired: (r) => `Label untuk nilai ${r} wajib diisi.`,
    csatLabelTooLong: (r, max) => `Label untuk nilai ${r} maksimal ${max} karakter.`,
    unknownDivision: (id) => `Divisi ${id} tidak ada di workspace ini; hapus pengaturan khususnya.`,
    workspaceOnly: (path) => `${path} berlaku untuk seluruh workspace (laporan membandingkan divisi pada satu skala); divisi tidak dapat mengubahnya.`,
    inDivision: (division, message) => `Untuk divisi "${division}": ${message}`,
    tagIncludedAndExcluded: (type, tag) => `Tag "${tag}" disertakan sekaligus dikecualikan untuk ${TYPE_NAMES[type]}.`,
  },
};
