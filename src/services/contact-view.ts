/**
 * Contacts as a caller may see them: whole for admins, with phone numbers and emails masked for the
 * roles the workspace's masking setting names. Every route that answers with contact data goes
 * through here (the masking test walks every route to prove it).
 */
import { maskEmail, maskPhone, maskText, masksFor, type MaskingMode } from '../domain/contacts/mask.js';
import type { Db } from '../store/db.js';
import { getContactMasking } from '../store/contact-masking.js';
import type { Principal } from './principal.js';
import type { ContactRecord } from '../store/contacts.js';
import type { Attributes } from '../domain/contacts/fields.js';

export interface ContactMasker {
  masked: boolean;
  phone(v: string | null | undefined): string | null;
  email(v: string | null | undefined): string | null;
  /** Ids and names, which inboxes sometimes fill with the phone number or the email. */
  text(v: string | null | undefined): string | null;
}

export function maskerFor(mode: MaskingMode, role: Principal['role']): ContactMasker {
  const masked = masksFor(mode, role);
  const wrap = (f: (s: string) => string) => (v: string | null | undefined) => (v === null || v === undefined ? null : masked ? f(v) : v);
  return { masked, phone: wrap(maskPhone), email: wrap(maskEmail), text: wrap(maskText) };
}

/** The masker for a caller, reading the workspace's setting. */
export async function contactMasker(db: Db, p: Principal): Promise<ContactMasker> {
  return maskerFor(p.role === 'admin' ? 'off' : await getContactMasking(db, p.workspaceId), p.role);
}

/** A contact row as the caller may see it. */
export function viewContact(c: ContactRecord, m: ContactMasker) {
  return {
    id: m.text(c.externalId), name: m.text(c.name), phone: m.phone(c.phone), email: m.email(c.email), handle: c.handle,
    locale: c.locale, optedOutAt: c.optedOutAt, attributes: maskAttributes(c.attributes, m),
  };
}

/** Text values of contact fields may hold a second number or address: masked like names. */
export const maskAttributes = (a: Attributes, m: ContactMasker): Attributes =>
  m.masked ? Object.fromEntries(Object.entries(a).map(([k, v]) => [k, typeof v === 'string' ? m.text(v)! : v])) : a;
