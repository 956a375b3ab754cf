/**
 * Survey targeting by contact field (settings key `contactTargeting`): survey only contacts whose
 * fields match every rule, e.g. `tier` in [gold]. A contact without the field does not match. Kept apart
 * from the other targeting rules (tags, sampling) so each has its own key and module.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { ErrorDetail } from '../errors.js';
import type { Attributes, ContactField } from './fields.js';
import { FIELD_KEY_PATTERN } from './field-key.js';

export const ContactTargeting = Type.Object(
  {
    rules: Type.Array(
      Type.Object(
        {
          field: Type.String({ pattern: FIELD_KEY_PATTERN, description: 'A contact field key.' }),
          values: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100, description: 'The contact\'s value must be one of these (numbers and dates as text: "3", "2026-01-31").' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 20, description: 'All rules must match; none: every contact is surveyed.' },
    ),
  },
  { additionalProperties: false, description: 'Survey only contacts whose contact fields match (e.g. tier = gold).' },
);
export type ContactTargeting = Static<typeof ContactTargeting>;

export function matchesContactTargeting(t: ContactTargeting | undefined, attributes: Attributes | undefined): boolean {
  if (!t || t.rules.length === 0) return true;
  return t.rules.every((r) => {
    const v = attributes?.[r.field];
    return v !== undefined && r.values.includes(String(v));
  });
}

/** Rules must name defined fields, and a choice field's values must be its options. */
export function validateContactTargeting(t: ContactTargeting | undefined, fields: readonly ContactField[], path = 'contactTargeting'): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  (t?.rules ?? []).forEach((r, i) => {
    const f = byKey.get(r.field);
    if (!f) issues.push({ path: `${path}.rules.${i}.field`, message: `No contact field with the key "${r.field}".` });
    else if (f.type === 'choice') {
      r.values.forEach((v, j) => {
        if (!f.options.some((o) => o.value === v)) issues.push({ path: `${path}.rules.${i}.values.${j}`, message: `"${v}" is not an option of ${r.field}.` });
      });
    }
  });
  return issues;
}
