/** Indonesian and English, chosen by the user (kept in localStorage), else the browser's language. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.js';
import id from './locales/id.js';

export const UI_LANGUAGES = ['id', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('nilai.lang') : null;
const browser = typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('en') ? 'en' : 'id';
const initial: UiLanguage = stored === 'en' || stored === 'id' ? stored : browser;

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, id: { translation: id } },
  lng: initial,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
  react: { useSuspense: false },
});
document.documentElement.lang = initial;

export function setUiLanguage(lang: UiLanguage): void {
  localStorage.setItem('nilai.lang', lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export default i18n;
