/** Contact masking, field values, targeting and ticket titles: the pure rules. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAttributes, checkValue, type ContactField } from '../../src/domain/contacts/fields.js';
import { maskEmail, maskPhone, maskText, masksFor } from '../../src/domain/contacts/mask.js';
import { matchesContactTargeting } from '../../src/domain/contacts/targeting.js';
import { renderTitle, unknownVariables } from '../../src/domain/tickets/title.js';

const field = (type: ContactField['type'], extra: Partial<ContactField> = {}): ContactField => ({ id: 'x', key: 'k', type, label: { en: 'K' }, options: [], hidden: false, ...extra });

describe('masking', () => {
  it('masks as the seed shows', () => {
    expect(maskPhone('+62 812-3456-7890')).toBe('+62 812-••••-•890');
    expect(maskEmail('budi@example.com')).toBe('b•••@example.com');
    expect(maskText('call 081234567890 or mail a.b@c.id on 2026-01-31')).toBe('call 08123••••890 or mail a•••@c.id on 2026-01-31');
  });
  it('hides at least a third of any number\'s digits and keeps its formatting', () => {
    fc.assert(fc.property(fc.stringMatching(/^\+?[0-9][0-9 -]{0,20}$/), (phone) => {
      const masked = maskPhone(phone);
      const digits = (phone.match(/\d/g) ?? []).length;
      expect(masked.length).toBe(phone.length);
      expect((masked.match(/•/g) ?? []).length).toBeGreaterThanOrEqual(Math.ceil(digits / 3));
    }));
  });
  it('applies to the roles the mode names, never to admins', () => {
    expect([masksFor('agents', 'agent'), masksFor('agents', 'supervisor'), masksFor('agents_supervisors', 'supervisor'), masksFor('agents_supervisors', 'admin'), masksFor('off', 'agent')]).toEqual([true, false, true, false, false]);
  });
});

describe('contact field values', () => {
  it('checks each type', () => {
    expect(checkValue(field('number'), '12')).toEqual({ value: 12 });
    expect(checkValue(field('number'), true)).toEqual({ problem: 'must be a number' });
    expect(checkValue(field('date'), '2024-02-29T10:00:00Z')).toEqual({ value: '2024-02-29' });
    expect(checkValue(field('date'), '2023-02-29')).toEqual({ problem: 'must be a date (YYYY-MM-DD)' });
    expect(checkValue(field('choice', { options: [{ value: 'gold', label: {} }] }), 'gold')).toEqual({ value: 'gold' });
    expect(checkValue(field('text'), 5)).toEqual({ problem: 'must be text' });
  });
  it('reports unknown keys under the path and clears nulls', () => {
    const r = checkAttributes([field('text')], { k: null, other: 'x' }, '2.conversation.contact.attributes');
    expect(r.clear).toEqual(['k']);
    expect(r.problems.map((p) => p.path)).toEqual(['2.conversation.contact.attributes.other']);
  });
});

describe('targeting and titles', () => {
  it('matches every rule, numbers as text, missing values never', () => {
    const t = { rules: [{ field: 'tier', values: ['gold'] }, { field: 'orders', values: ['3'] }] };
    expect(matchesContactTargeting(t, { tier: 'gold', orders: 3 })).toBe(true);
    expect(matchesContactTargeting(t, { tier: 'gold' })).toBe(false);
    expect(matchesContactTargeting(undefined, {})).toBe(true);
  });
  it('renders titles and names unknown variables', () => {
    expect(renderTitle('CSAT {{score}} – {{ contact.name }}{{agent.name}}', { score: 1, 'contact.name': 'Dewi' })).toBe('CSAT 1 – Dewi');
    expect(unknownVariables('{{score}} {{contact.phone}}')).toEqual(['contact.phone']);
  });
});
