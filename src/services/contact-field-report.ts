/**
 * `GET /api/v1/reports/contact-fields/:key`: CSAT, CES and NPS per value of a contact field (CSAT by
 * tier, by city), optionally filtered by another field's value. Period in the workspace's time zone.
 */
import { DateTime } from 'luxon';
import { fieldLabel } from '../domain/contacts/fields.js';
import { invalid, notFound } from '../domain/errors.js';
import { figures } from '../domain/reports/summary.js';
import { checkDateParams } from '../domain/time/instant.js';
import type { Db } from '../store/db.js';
import { listContactFields } from '../store/contact-fields.js';
import { contactFieldFacts, type ContactFieldFilters } from '../store/reports/contact-field-facts.js';
import { getCurrentSettings } from '../store/survey-settings.js';
import { getWorkspace } from '../store/workspaces.js';

const MAX_DAYS = 732;
export type ContactFieldQuery = Partial<ContactFieldFilters> & { language?: 'id' | 'en' };

export async function contactFieldReport(db: Db, workspaceId: string, key: string, q: ContactFieldQuery) {
  checkDateParams({ from: q.from, to: q.to });
  const fields = await listContactFields(db, workspaceId);
  const field = fields.find((f) => f.key === key);
  if (!field) throw notFound('Contact field');
  if (q.contactField && !fields.some((f) => f.key === q.contactField!.key)) throw invalid([{ path: 'query.contactField', message: 'No contact field with this key.' }]);
  const { timeZone } = await getWorkspace(db, workspaceId);
  const to = q.to ?? DateTime.now().setZone(timeZone).toISODate()!;
  const from = q.from ?? DateTime.fromISO(to).minus({ days: 29 }).toISODate()!;
  const days = DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days + 1;
  if (days < 1) throw invalid([{ path: 'query.from', message: 'must be on or before `to`' }]);
  if (days > MAX_DAYS) throw invalid([{ path: 'query.from', message: `the period may span at most ${MAX_DAYS} days` }]);
  const { settings } = await getCurrentSettings(db, workspaceId);
  const threshold = settings.csat.satisfiedThreshold;
  const facts = await contactFieldFacts(db, workspaceId, timeZone, { ...q, from, to }, key);
  const scoresOf = (rows: typeof facts) => {
    const f = figures(rows, [], [], [], threshold);
    return { csat: f.csat, ces: f.ces, nps: f.nps };
  };
  const lang = q.language ?? 'en';
  const label = (value: string) => {
    if (value === '') return lang === 'id' ? '(tanpa nilai)' : '(no value)';
    const o = field.options.find((x) => x.value === value);
    return o ? (o.label[lang] ?? o.label.id ?? o.label.en ?? value) : value;
  };
  const keys = [...new Set(facts.map((r) => r.key))].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  return {
    period: { from, to, timeZone },
    field: { key: field.key, type: field.type, label: fieldLabel(field, lang) },
    csatSatisfiedThreshold: threshold,
    overall: scoresOf(facts),
    groups: keys.map((k) => ({ key: k, label: label(k), ...scoresOf(facts.filter((r) => r.key === k)) })),
  };
}
