/**
 * Contact masking (seed: Agents Management → Contact masking): agents, and optionally supervisors, see
 * contacts' phone numbers and emails masked; admins see them whole. Pure text functions, applied to
 * every answer that carries contact data (`services/contact-view.ts`).
 */
export const MASKING_MODES = ['off', 'agents', 'agents_supervisors'] as const;
export type MaskingMode = (typeof MASKING_MODES)[number];
export type MaskRole = 'admin' | 'supervisor' | 'agent';

export const DOT = '•';

export function masksFor(mode: MaskingMode, role: MaskRole): boolean {
  if (role === 'agent') return mode !== 'off';
  if (role === 'supervisor') return mode === 'agents_supervisors';
  return false;
}

/**
 * `+62 812-3456-7890` → `+62 812-••••-•890`: the formatting stays, the country code and operator prefix
 * (first 5 digits) and the last 3 digits are kept, every other digit is a dot. Short numbers keep less,
 * so at least a third of the digits are always hidden.
 */
export function maskPhone(phone: string): string {
  const total = (phone.match(/\d/g) ?? []).length;
  const tail = total >= 8 ? 3 : total >= 4 ? 1 : 0;
  const head = Math.min(5, Math.max(0, total - tail - Math.ceil(total / 3)));
  let seen = 0;
  return phone.replace(/\d/g, (d) => {
    seen += 1;
    return seen <= head || seen > total - tail ? d : DOT;
  });
}

/** `budi.santoso@example.com` → `b•••@example.com`: the first character of the name, the domain whole. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return `${email.slice(0, 1)}${DOT.repeat(3)}`;
  return `${email.slice(0, 1)}${DOT.repeat(3)}${email.slice(at)}`;
}

const EMAIL_IN_TEXT = /[^\s@<>"',;]+@[^\s@<>"',;]+\.[^\s@<>"',;]+/g;
/** A run of digits with the usual separators, optionally after `+` (9+ digits count: a date has 8). */
const PHONE_IN_TEXT = /\+?\d[\d\s().-]{5,}\d/g;

/**
 * Free text that may hold an address (a contact id that is a phone number or an email, a name a
 * provider filled with the number): every email and phone-like run in it masked.
 */
export function maskText(text: string): string {
  return text.replace(EMAIL_IN_TEXT, maskEmail).replace(PHONE_IN_TEXT, (m) => ((m.match(/\d/g) ?? []).length >= 9 ? maskPhone(m) : m));
}
