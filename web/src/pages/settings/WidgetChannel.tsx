/** Widget and link channels in the channels page: their settings, the snippet or link to copy; and the public score badge. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { Field } from '../../components/ui.js';

type FormConfig = Record<string, string>;
const RULES = ['delaySeconds', 'scrollPercent', 'samplePercent', 'recontactDays'] as const;
const lines = (s: string | undefined) => (s ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
const firstError = (errors: Record<string, string>, prefix: string) => Object.entries(errors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];

/** A widget channel's stored config as the form's strings. */
export function widgetFormConfig(config: Record<string, unknown>): FormConfig {
  const rules = (config.rules ?? {}) as Record<string, unknown>;
  return {
    allowedOrigins: ((config.allowedOrigins as string[] | undefined) ?? []).join('\n'),
    urlPatterns: ((rules.urlPatterns as string[] | undefined) ?? []).join('\n'),
    exitIntent: rules.exitIntent ? 'true' : '',
    ...Object.fromEntries(RULES.map((k) => [k, rules[k] === undefined ? '' : String(rules[k])])),
  };
}

/** The form's strings as the API's widget config. */
export function widgetConfigBody(f: FormConfig) {
  const rules: Record<string, unknown> = { urlPatterns: lines(f.urlPatterns), exitIntent: f.exitIntent === 'true' };
  for (const k of RULES) if ((f[k] ?? '').trim() !== '') rules[k] = Number(f[k]);
  return { allowedOrigins: lines(f.allowedOrigins), rules };
}

export function WidgetFields({ config, set, errors }: { config: FormConfig; set: (c: FormConfig) => void; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const change = (k: string, v: string) => set({ ...config, [k]: v });
  return (
    <>
      <Field label={t('widget.allowedOrigins')} hint={t('widget.allowedOriginsHint')} error={firstError(errors, 'config.allowedOrigins')}>
        {(a) => <textarea {...a} rows={2} value={config.allowedOrigins ?? ''} onChange={(e) => change('allowedOrigins', e.target.value)} />}
      </Field>
      <Field label={t('widget.urlPatterns')} hint={t('widget.urlPatternsHint')} error={firstError(errors, 'config.rules.urlPatterns')}>
        {(a) => <textarea {...a} rows={2} value={config.urlPatterns ?? ''} onChange={(e) => change('urlPatterns', e.target.value)} />}
      </Field>
      {RULES.map((k) => (
        <Field key={k} label={t(`widget.rules.${k}`)} error={firstError(errors, `config.rules.${k}`)}>
          {(a) => <input {...a} type="number" min={0} value={config[k] ?? ''} onChange={(e) => change(k, e.target.value)} />}
        </Field>
      ))}
      <label className="check"><input type="checkbox" checked={config.exitIntent === 'true'} onChange={(e) => change('exitIntent', e.target.checked ? 'true' : '')} /> {t('widget.rules.exitIntent')}</label>
    </>
  );
}

/** What to copy for a widget (its snippet) or a link channel (its shareable link). */
export function ChannelShare({ c }: { c: { id: string; type: string } }) {
  const origin = window.location.origin;
  if (c.type === 'widget') return <code className="wrap">{`<script src="${origin}/widget/v1.js" data-key="${c.id}" async></script>`}</code>;
  if (c.type === 'link') return <code className="wrap">{`${origin}/l/${c.id}`}</code>;
  return <>—</>;
}

interface Badge { enabled: boolean; days: number; survey: 'csat' | 'nps'; svgUrl: string | null; pageUrl: string | null }

/** The public score badge's opt-in, with its addresses to embed. */
export function BadgeSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['badge'], queryFn: () => api<Badge>('GET', '/api/v1/badge') });
  const [error, setError] = useState<string | null>(null);
  const save = async (patch: Partial<Badge>) => {
    setError(null);
    try {
      client.setQueryData(['badge'], await api<Badge>('PATCH', '/api/v1/badge', patch));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const b = q.data;
  return (
    <section className="card" aria-labelledby="badge-title">
      <h2 id="badge-title">{t('widget.badge.title')}</h2>
      <p>{t('widget.badge.lead')}</p>
      {b && (
        <>
          <label className="check"><input type="checkbox" checked={b.enabled} onChange={(e) => void save({ enabled: e.target.checked })} /> {t('widget.badge.enabled')}</label>
          <Field label={t('widget.badge.survey')}>
            {(a) => <select {...a} value={b.survey} onChange={(e) => void save({ survey: e.target.value as Badge['survey'] })}><option value="csat">CSAT</option><option value="nps">NPS</option></select>}
          </Field>
          <Field label={t('widget.badge.days')}>
            {(a) => <input {...a} type="number" min={7} max={365} defaultValue={b.days} onBlur={(e) => void save({ days: Number(e.target.value) })} />}
          </Field>
          {b.enabled && b.svgUrl && (
            <p>{t('widget.badge.embed')} <code className="wrap">{`<a href="${b.pageUrl}"><img src="${b.svgUrl}" alt="CSAT"></a>`}</code></p>
          )}
        </>
      )}
      {error && <p className="error-text" role="alert">{error}</p>}
    </section>
  );
}

/** A link channel's personal link for one contact (single use, with an expiry), created on demand. */
export function PersonalLinkButton({ channelId, channelName }: { channelId: string; channelName: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [contactId, setContactId] = useState('');
  const [hours, setHours] = useState('');
  const [made, setMade] = useState<{ url: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!open) return <button type="button" onClick={() => setOpen(true)}>{t('widget.personal.open', { name: channelName })}</button>;
  const create = async () => {
    setError(null);
    try {
      setMade(await api<{ url: string; expiresAt: string }>('POST', `/api/v1/channels/${channelId}/links`, { contact: { id: contactId.trim() }, ...(hours.trim() && { expiresInHours: Number(hours) }) }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="inline-form">
      <Field label={t('widget.personal.contactId')}>{(a) => <input {...a} value={contactId} onChange={(e) => setContactId(e.target.value)} />}</Field>
      <Field label={t('widget.personal.hours')}>{(a) => <input {...a} type="number" min={1} value={hours} onChange={(e) => setHours(e.target.value)} />}</Field>
      <button type="button" onClick={() => void create()} disabled={!contactId.trim()}>{t('widget.personal.create')}</button>
      {made && <p role="status">{t('widget.personal.made', { when: new Date(made.expiresAt).toLocaleString() })} <code className="wrap">{made.url}</code></p>}
      {error && <p className="error-text" role="alert">{error}</p>}
    </div>
  );
}
