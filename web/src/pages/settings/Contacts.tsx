/** Settings → Contact fields (never deleted, only hidden) and contact masking. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api.js';
import { Card, ErrorNotice, Field, Loading, PageHeader } from '../../components/ui.js';

export interface ContactFieldDef {
  id: string;
  key: string;
  type: 'text' | 'number' | 'date' | 'choice';
  label: { id?: string; en?: string };
  options: { value: string; label: { id?: string; en?: string } }[];
  hidden: boolean;
}
const TYPES = ['text', 'number', 'date', 'choice'] as const;
type Mode = 'off' | 'agents' | 'agents_supervisors';

export const fieldLabel = (f: Pick<ContactFieldDef, 'key' | 'label'>, lang: string) => (lang.startsWith('id') ? f.label.id ?? f.label.en : f.label.en ?? f.label.id) ?? f.key;

function Masking() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['contact-masking'], queryFn: () => api<{ mode: Mode }>('GET', '/api/v1/settings/contact-masking') });
  const save = useMutation({ mutationFn: (mode: Mode) => api('PUT', '/api/v1/settings/contact-masking', { mode }), onSuccess: () => qc.invalidateQueries({ queryKey: ['contact-masking'] }) });
  return (
    <Card title={t('contactFields.maskingTitle')}>
      <p className="muted">{t('contactFields.maskingLead')}</p>
      {q.data ? (
        <Field label={t('contactFields.maskingLabel')}>
          {(a) => (
            <select {...a} value={q.data.mode} onChange={(e) => save.mutate(e.target.value as Mode)}>
              {(['off', 'agents', 'agents_supervisors'] as const).map((m) => <option key={m} value={m}>{t(`contactFields.masking.${m}`)}</option>)}
            </select>
          )}
        </Field>
      ) : <Loading />}
      {save.isSuccess && <p role="status">{t('common.saved')}</p>}
      <ErrorNotice error={save.error ?? q.error} />
    </Card>
  );
}

function NewField() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [f, setF] = useState({ key: '', type: 'text' as (typeof TYPES)[number], labelId: '', labelEn: '', options: '' });
  const set = (p: Partial<typeof f>) => setF({ ...f, ...p });
  const add = useMutation({
    mutationFn: () => api('POST', '/api/v1/contact-fields', {
      key: f.key, type: f.type, label: { ...(f.labelId && { id: f.labelId }), ...(f.labelEn && { en: f.labelEn }) },
      ...(f.type === 'choice' && { options: f.options.split(',').map((s) => s.trim()).filter(Boolean).map((v) => ({ value: v, label: { en: v, id: v } })) }),
    }),
    onSuccess: () => {
      setF({ key: '', type: 'text', labelId: '', labelEn: '', options: '' });
      void qc.invalidateQueries({ queryKey: ['contact-fields'] });
    },
  });
  const err = add.error instanceof ApiError ? add.error : null;
  return (
    <Card title={t('contactFields.addTitle')}>
      <form onSubmit={(e) => { e.preventDefault(); add.mutate(); }}>
        <Field label={t('contactFields.key')} hint={t('contactFields.keyHint')} error={err?.at('key') ?? err?.at('body.key')}>{(a) => <input {...a} value={f.key} onChange={(e) => set({ key: e.target.value })} />}</Field>
        <Field label={t('contactFields.type')}>{(a) => <select {...a} value={f.type} onChange={(e) => set({ type: e.target.value as typeof f.type })}>{TYPES.map((x) => <option key={x} value={x}>{t(`contactFields.types.${x}`)}</option>)}</select>}</Field>
        <Field label={t('contactFields.labelId')} error={err?.at('label') ?? err?.at('label.id')}>{(a) => <input {...a} maxLength={100} value={f.labelId} onChange={(e) => set({ labelId: e.target.value })} />}</Field>
        <Field label={t('contactFields.labelEn')} error={err?.at('label.en')}>{(a) => <input {...a} maxLength={100} value={f.labelEn} onChange={(e) => set({ labelEn: e.target.value })} />}</Field>
        {f.type === 'choice' && <Field label={t('contactFields.options')} hint={t('contactFields.optionsHint')} error={err?.at('options')}>{(a) => <input {...a} value={f.options} onChange={(e) => set({ options: e.target.value })} />}</Field>}
        <p className="muted">{t('contactFields.noDelete')}</p>
        <button type="submit" className="button primary" disabled={add.isPending}>{t('contactFields.add')}</button>
        {/* A problem no field above shows (or none named): said here, so a refused add never looks like nothing happened. */}
        {err && <UnplacedErrors error={err} placed={['key', 'body.key', 'label', 'label.id', 'label.en', ...(f.type === 'choice' ? ['options'] : [])]} />}
      </form>
    </Card>
  );
}

export function ContactFieldsPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['contact-fields'], queryFn: () => api<{ items: ContactFieldDef[] }>('GET', '/api/v1/contact-fields') });
  const toggle = useMutation({ mutationFn: (f: ContactFieldDef) => api('PATCH', `/api/v1/contact-fields/${f.id}`, { hidden: !f.hidden }), onSuccess: () => qc.invalidateQueries({ queryKey: ['contact-fields'] }) });
  return (
    <div>
      <PageHeader title={t('contactFields.title')} />
      <p className="lead">{t('contactFields.lead')}</p>
      <ErrorNotice error={q.error ?? toggle.error} />
      {q.isPending ? <Loading /> : (
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{t('contactFields.label')}</th><th scope="col">{t('contactFields.key')}</th><th scope="col">{t('contactFields.type')}</th><th scope="col">{t('contactFields.visibility')}</th></tr></thead>
            <tbody>
              {(q.data?.items ?? []).map((f) => (
                <tr key={f.id}>
                  <th scope="row">{fieldLabel(f, i18n.language)}</th>
                  <td><code>{f.key}</code></td>
                  <td>{t(`contactFields.types.${f.type}`)}{f.type === 'choice' && <span className="muted"> · {f.options.map((o) => o.value).join(', ')}</span>}</td>
                  <td><button type="button" className="button" onClick={() => toggle.mutate(f)}>{f.hidden ? t('contactFields.show', { name: fieldLabel(f, i18n.language) }) : t('contactFields.hide', { name: fieldLabel(f, i18n.language) })}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewField />
      <Masking />
    </div>
  );
}

/** What a refusal says beyond the fields that show their own errors (`placed`): nothing is left unsaid. */
function UnplacedErrors({ error, placed }: { error: ApiError; placed: string[] }) {
  const rest = error.details.filter((d) => !placed.includes(d.path));
  if (error.details.length && !rest.length) return null;
  return <div className="notice notice-error" role="alert">{error.message}{rest.length > 0 && <ul>{rest.map((d) => <li key={d.path}><code>{d.path}</code> {d.message}</li>)}</ul>}</div>;
}
