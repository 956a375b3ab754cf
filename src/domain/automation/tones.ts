/**
 * The inbox automation's default texts (auto responder inside / outside office hours, auto resolve's
 * closing message) in each writing tone (domain/settings/tones), Indonesian and English. Formal is what a
 * workspace starts with. Choosing a tone on Settings → Inbox fills the drafts with these (previewed before
 * saving); per-division texts are the admin's own and stay.
 */
import type { Tone } from '../settings/tones.js';
import type { AutoResolveSettings, AutoResponderSettings, AutoText } from './settings.js';

export interface AutomationToneTexts {
  insideHours: AutoText;
  outsideHours: AutoText;
  closing: AutoText;
}

export const AUTOMATION_TONE_TEXTS: Record<Tone, AutomationToneTexts> = {
  formal: {
    insideHours: {
      id: 'Halo {{name}}, terima kasih sudah menghubungi kami. Agen kami akan membalas dalam {{firstResponse}}.',
      en: 'Hi {{name}}, thanks for reaching out. An agent will reply within {{firstResponse}}.',
    },
    outsideHours: {
      id: 'Halo {{name}}, kami sedang di luar jam kerja. Kami akan membalas mulai {{nextOpening}}.',
      en: 'Hi {{name}}, we are outside office hours right now. We will reply from {{nextOpening}}.',
    },
    closing: {
      id: 'Kami menutup percakapan ini karena tidak ada balasan. Silakan kirim pesan lagi kapan saja.',
      en: 'We are closing this conversation as we have not heard back. Message us again any time.',
    },
  },
  semiformal: {
    insideHours: {
      id: 'Hai {{name}}, terima kasih sudah menghubungi kami. Tim kami akan membalas dalam {{firstResponse}} ya.',
      en: 'Hello {{name}}, thanks for getting in touch. Our team will get back to you within {{firstResponse}}.',
    },
    outsideHours: {
      id: 'Hai {{name}}, saat ini kami sedang di luar jam kerja. Pesan Anda akan kami balas mulai {{nextOpening}}.',
      en: 'Hello {{name}}, we are away right now. We will get back to you from {{nextOpening}}.',
    },
    closing: {
      id: 'Karena belum ada balasan, percakapan ini kami tutup dulu. Silakan hubungi kami lagi kapan saja.',
      en: 'Since we have not heard back, we are closing this chat for now. Feel free to message us any time.',
    },
  },
  friendly: {
    insideHours: {
      id: 'Hai Kak {{name}}! Makasih udah chat kami. Agen kami bakal bales dalam {{firstResponse}}, ditunggu ya!',
      en: 'Hey {{name}}! Thanks for the message. Someone from our team will be with you within {{firstResponse}}!',
    },
    outsideHours: {
      id: 'Hai Kak {{name}}! Kami lagi di luar jam kerja nih. Kami bales mulai {{nextOpening}} ya!',
      en: 'Hey {{name}}! We are off right now, but we will get back to you from {{nextOpening}}!',
    },
    closing: {
      id: 'Kak, chat ini kami tutup dulu ya karena belum ada balasan. Kalau butuh bantuan lagi, chat aja kapan pun!',
      en: 'We are closing this chat for now since we have not heard back. Ping us any time you need a hand!',
    },
  },
};

const copy = (t: AutoText): AutoText => ({ id: t.id, en: t.en });

/** The auto responder with its workspace texts in the tone (a new object; division texts stay). */
export function applyResponderTone(s: AutoResponderSettings, tone: Tone): AutoResponderSettings {
  const t = AUTOMATION_TONE_TEXTS[tone];
  return { ...structuredClone(s), insideHours: copy(t.insideHours), outsideHours: copy(t.outsideHours) };
}

/** Auto resolve with its closing message in the tone; a closing message switched off (null) stays off. */
export function applyResolveTone(s: AutoResolveSettings, tone: Tone): AutoResolveSettings {
  return { ...s, closingMessage: s.closingMessage === null ? null : copy(AUTOMATION_TONE_TEXTS[tone].closing) };
}
