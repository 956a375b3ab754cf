/**
 * Contact fields ("Contact Info" in the seed): an admin defines them (text, number, date, single
 * choice), values arrive with the contact of an event and are stored on the contact. Pure: definitions
 * and values in, checked values and field errors out.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { ErrorDetail } from '../errors.js';
import { literals } from '../settings/schema.js';

export const CONTACT_FIELD_TYPES = ['text', 'number', 'date', 'choice'] as const;
export type ContactFieldType = (typeof CONTACT_FIELD_TYPES)[number];

import { FIELD_KEY_PATTERN } from './field-key.js';

export { FIELD_KEY_PATTERN };
const Label = Type.Object(
  { id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), en: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false, description: 'The field\'s name per language (id, en); at least one.' },
);
export const ChoiceOption = Type.Object(
  { value: Type.String({ minLength: 1, maxLength: 100 }), label: Label },
  { additionalProperties: false },
);

/** What an admin sends to define a field; `key` and `type` are fixed once created. */
export const ContactFieldInput = Type.Object(
  {
    key: Type.String({ pattern: FIELD_KEY_PATTERN, description: 'The attribute name events send, e.g. `tier`.' }),
    type: literals(CONTACT_FIELD_TYPES),
    label: Label,
    options: Type.Optional(Type.Array(ChoiceOption, { maxItems: 100, description: 'For `choice`: the values allowed. Options can be added later, not removed.' })),
    hidden: Type.Optional(Type.Boolean({ description: 'Hidden fields are not shown or offered as filters; their values are kept.' })),
  },
  { additionalProperties: false },
);
export type ContactFieldInput = Static<typeof ContactFieldInput>;

export interface ContactField {
  id: string;
  key: string;
  type: ContactFieldType;
  label: { id?: string; en?: string };
  options: { value: string; label: { id?: string; en?: string } }[];
  hidden: boolean;
}

/** A stored value: text, choice and date (YYYY-MM-DD) as strings, numbers as numbers. */
export type AttributeValue = string | number;
export type Attributes = Record<string, AttributeValue>;
/** What events may send: `null` clears the value. */
export type AttributesInput = Record<string, string | number | boolean | null>;

export const MAX_TEXT = 500;

/** Problems of a field definition beyond its shape (label present, choices complete and unique). */
export function validateFieldDefinition(f: { type: ContactFieldType; label: ContactFieldInput['label']; options?: ContactFieldInput['options'] }, before?: ContactField): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  if (!f.label.id && !f.label.en) issues.push({ path: 'label', message: 'Give the label in at least one language (id or en).' });
  const options = f.options ?? [];
  if (f.type === 'choice' && options.length === 0) issues.push({ path: 'options', message: 'A single-choice field needs at least one option.' });
  if (f.type !== 'choice' && options.length > 0) issues.push({ path: 'options', message: 'Only single-choice fields have options.' });
  const seen = new Set<string>();
  options.forEach((o, i) => {
    if (seen.has(o.value)) issues.push({ path: `options.${i}.value`, message: `The value "${o.value}" is listed twice.` });
    seen.add(o.value);
    if (!o.label.id && !o.label.en) issues.push({ path: `options.${i}.label`, message: 'Give the label in at least one language (id or en).' });
  });
  // Stored values and report groups refer to option values: they may be added, never taken away.
  for (const old of before?.options ?? []) {
    if (!seen.has(old.value)) issues.push({ path: 'options', message: `The option "${old.value}" cannot be removed once added (contacts may have it); hide the field instead.` });
  }
  return issues;
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** One value checked against its field: the value to store, or why not. */
export function checkValue(field: ContactField, value: string | number | boolean): { value: AttributeValue } | { problem: string } {
  switch (field.type) {
    case 'text':
      if (typeof value !== 'string') return { problem: 'must be text' };
      if (value.length > MAX_TEXT) return { problem: `must be at most ${MAX_TEXT} characters` };
      return { value };
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      if (typeof value === 'boolean' || !Number.isFinite(n)) return { problem: 'must be a number' };
      return { value: n };
    }
    case 'date':
      if (typeof value !== 'string' || !isDate(value.slice(0, 10)) || (value.length > 10 && Number.isNaN(Date.parse(value)))) return { problem: 'must be a date (YYYY-MM-DD)' };
      return { value: value.slice(0, 10) };
    case 'choice': {
      const found = field.options.find((o) => o.value === String(value));
      if (typeof value === 'boolean' || !found) return { problem: `must be one of: ${field.options.map((o) => o.value).join(', ')}` };
      return { value: found.value };
    }
  }
}

/**
 * Values an event sends, checked against the workspace's fields. `strict` (the events API) reports
 * every unknown key and bad value under `path`; otherwise (a provider's webhook, which cannot be
 * refused) they are dropped. `clear` lists keys sent as null.
 */
export function checkAttributes(fields: readonly ContactField[], input: AttributesInput, path: string): { set: Attributes; clear: string[]; problems: ErrorDetail[] } {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const set: Attributes = {};
  const clear: string[] = [];
  const problems: ErrorDetail[] = [];
  for (const [key, raw] of Object.entries(input)) {
    const field = byKey.get(key);
    if (!field) {
      problems.push({ path: `${path}.${key}`, message: 'No contact field with this key (define it under Settings → Contact fields).' });
      continue;
    }
    if (raw === null || raw === '') {
      clear.push(key);
      continue;
    }
    const r = checkValue(field, raw);
    if ('problem' in r) problems.push({ path: `${path}.${key}`, message: `${field.label.en ?? field.label.id ?? key} ${r.problem}.` });
    else set[key] = r.value;
  }
  return { set, clear, problems };
}

/** Only the values that fit a defined field (a provider's webhook, which cannot be refused). */
export function fittingAttributes(fields: readonly ContactField[], input: AttributesInput): AttributesInput {
  const r = checkAttributes(fields, input, '');
  return { ...r.set, ...Object.fromEntries(r.clear.map((k) => [k, null])) };
}

/** The label in a language, falling back to the other one and then the key. */
export const fieldLabel = (f: Pick<ContactField, 'key' | 'label'>, lang: 'id' | 'en') => f.label[lang] ?? f.label.id ?? f.label.en ?? f.key;
