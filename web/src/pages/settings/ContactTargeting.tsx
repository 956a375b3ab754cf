/**
 * Survey settings → "Survey only these contacts" (settings `contactTargeting`, domain/contacts/targeting):
 * rules over contact fields, all of which must match (tier is gold or silver, city is Jakarta). A choice
 * field offers its options; other fields take values separated by commas. A contact without the field
 * does not match. No rule: every contact is surveyed.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { Card, Field } from '../../components/ui.js';
import type { SurveySettings } from '../../domain.js';
import { fieldLabel, type ContactFieldDef } from './Contacts.js';

type Rule = NonNullable<SurveySettings['contactTargeting']>['rules'][number];
const MAX_RULES = 20;

export function ContactTargetingCard({ draft, update, errors }: { draft: SurveySettings; update: (paths: string[], change: (s: SurveySettings) => void) => void; errors: Record<string, string> }) {
  const { t, i18n } = useTranslation();
  const fields = useQuery({ queryKey: ['contact-fields'], queryFn: () => api<{ items: ContactFieldDef[] }>('GET', '/api/v1/contact-fields') });
  const defs = fields.data?.items ?? [];
  const rules = draft.contactTargeting?.rules ?? [];
  const setRules = (next: Rule[]) => update(['contactTargeting'], (d) => {
    if (next.length) d.contactTargeting = { rules: next };
    else delete d.contactTargeting;
  });
  const setRule = (i: number, rule: Rule) => setRules(rules.map((r, j) => (j === i ? rule : r)));
  const errorUnder = (path: string) => errors[path] ?? Object.entries(errors).find(([k]) => k.startsWith(`${path}.`))?.[1];
  const unused = defs.find((f) => !f.hidden && !rules.some((r) => r.field === f.key));
  return (
    <Card title={t('contactInsights.targetingTitle')}>
      <p className="hint">{t('contactInsights.targetingLead')}</p>
      {errors.contactTargeting && <p className="error-text" role="alert">{errors.contactTargeting}</p>}
      {defs.length === 0 && fields.isSuccess && <p className="muted">{t('contactInsights.noFields')}</p>}
      {rules.length === 0 && defs.length > 0 && <p className="muted">{t('contactInsights.everyone')}</p>}
      <ol className="plain-list contact-targeting">
        {rules.map((r, i) => {
          const def = defs.find((f) => f.key === r.field);
          const base = `contactTargeting.rules.${i}`;
          return (
            <li key={i} className="contact-targeting-rule" aria-label={t('contactInsights.rule', { n: i + 1 })}>
              <Field label={t('contactInsights.field', { n: i + 1 })} error={errors[`${base}.field`]}>
                {(a) => (
                  <select {...a} value={r.field} onChange={(e) => setRule(i, { field: e.target.value, values: [] })}>
                    {!def && <option value={r.field}>{r.field}</option>}
                    {defs.map((f) => <option key={f.id} value={f.key}>{fieldLabel(f, i18n.language)}{f.hidden ? ` (${t('contactInsights.hidden')})` : ''}</option>)}
                  </select>
                )}
              </Field>
              {def?.type === 'choice' ? (
                <fieldset className="inline-fieldset" aria-describedby={errorUnder(`${base}.values`) ? `${base}-error` : undefined}>
                  <legend>{t('contactInsights.oneOf', { field: fieldLabel(def, i18n.language) })}</legend>
                  {def.options.map((o) => (
                    <label key={o.value} className="check">
                      <input type="checkbox" checked={r.values.includes(o.value)} onChange={(e) => setRule(i, { ...r, values: e.target.checked ? [...r.values, o.value] : r.values.filter((v) => v !== o.value) })} />
                      {fieldLabel({ key: o.value, label: o.label }, i18n.language)}
                    </label>
                  ))}
                  {errorUnder(`${base}.values`) && <p className="error-text" id={`${base}-error`} role="alert">{errorUnder(`${base}.values`)}</p>}
                </fieldset>
              ) : (
                <Field label={t('contactInsights.values', { n: i + 1 })} hint={t('contactInsights.valuesHint')} error={errorUnder(`${base}.values`)}>
                  {(a) => <input {...a} value={r.values.join(', ')} onChange={(e) => setRule(i, { ...r, values: e.target.value.split(',').map((v) => v.trim()).filter(Boolean) })} />}
                </Field>
              )}
              <button type="button" className="button-quiet danger" onClick={() => setRules(rules.filter((_, j) => j !== i))}>{t('contactInsights.removeRule')}<span className="visually-hidden"> {i + 1}</span></button>
            </li>
          );
        })}
      </ol>
      {unused && rules.length < MAX_RULES && <button type="button" className="button" onClick={() => setRules([...rules, { field: unused.key, values: [] }])}>{t('contactInsights.addRule')}</button>}
    </Card>
  );
}
