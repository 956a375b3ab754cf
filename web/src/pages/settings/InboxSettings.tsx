/**
 * Settings > Inbox, as the Qontak page: Auto responder (inside / outside office hours texts per language)
 * and Auto resolve, each a card with its switch, saved on its own; the API's field errors next to their
 * fields; a live preview rendered by the same domain function that fills the messages nilai sends.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api.js';
import { Card, ErrorNotice, Field, Loading, PageHeader, Switch } from '../../components/ui.js';
import { applyResolveTone, applyResponderTone, DEFAULT_AUTO_RESOLVE, previewAutoText, TONES, type Tone, type AutoResolveSettings, type AutoResponderSettings, type AutoText, type Language } from '../../domain.js';

type Errors = Record<string, string>;
const VARIABLES = ['{{name}}', '{{nextOpening}}', '{{firstResponse}}'];

function useDocument<T>(path: string) {
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['automation', path], queryFn: () => api<{ settings: T; updatedAt: string | null }>('GET', `/api/v1/automation/${path}`) });
  const [draft, setDraft] = useState<T | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  useEffect(() => {
    if (q.data && draft === null) setDraft(structuredClone(q.data.settings));
  }, [q.data, draft]);
  const update = (path: string, change: (d: T) => void) => {
    setDraft((d) => { const next = structuredClone(d!); change(next); return next; });
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([p]) => !p.startsWith(path))));
    setStatus(null);
  };
  const save = async (savedText: string, fixText: string) => {
    try {
      const r = await api<{ settings: T; updatedAt: string | null }>('PUT', `/api/v1/automation/${path}`, draft);
      client.setQueryData(['automation', path], r);
      setErrors({});
      setStatus({ kind: 'saved', text: savedText });
    } catch (e) {
      if (e instanceof ApiError && e.details.length) setErrors(Object.fromEntries(e.details.map((d) => [d.path.replace(/^\//, '').replace(/\//g, '.'), d.message])));
      setStatus({ kind: 'error', text: e instanceof ApiError && e.details.length ? fixText : e instanceof ApiError ? e.message : 'Error' });
    }
  };
  return { q, draft, errors, status, update, save };
}

function TextField({ label, value, error, onChange }: { label: string; value: string; error?: string; onChange: (v: string) => void }) {
  return <Field label={label} error={error}>{(a11y) => <textarea {...a11y} rows={3} value={value} onChange={(e) => onChange(e.target.value)} />}</Field>;
}

function PreviewBubble({ label, template, lang }: { label: string; template: string; lang: Language }) {
  return (
    <div className="inbox-preview">
      <p className="muted">{label}</p>
      <div className="bubble bubble-out"><p>{previewAutoText(template, lang)}</p></div>
    </div>
  );
}

function SaveBar({ status, onSave }: { status: { kind: 'saved' | 'error'; text: string } | null; onSave: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="save-bar">
      <span role="status" className={status?.kind === 'error' ? 'error-text' : 'muted'}>{status?.text ?? ''}</span>
      <button type="button" className="button-primary" onClick={onSave}>{t('inbox.save')}</button>
    </div>
  );
}

export function InboxSettingsPage() {
  const { t } = useTranslation();
  const [lang, setLang] = useState<Language>('id');
  const responder = useDocument<AutoResponderSettings>('auto-responder');
  const divisions = useQuery({ queryKey: ['divisions'], queryFn: () => api<{ items: { id: string; name: string }[] }>('GET', '/api/v1/divisions') });
  const resolve = useDocument<AutoResolveSettings>('auto-resolve');
  const survey = useQuery({ queryKey: ['settings'], queryFn: () => api<{ settings: { tone?: Tone } }>('GET', '/api/v1/settings/survey') });
  const [tone, setTone] = useState<Tone | null>(null);
  const [toneFilled, setToneFilled] = useState(false);
  if (responder.q.error || resolve.q.error) return <ErrorNotice error={responder.q.error ?? resolve.q.error} />;
  const r = responder.draft;
  const s = resolve.draft;
  if (!r || !s) return <Loading />;
  const setText = (d: { insideHours: AutoText; outsideHours: AutoText }, key: 'insideHours' | 'outsideHours', v: string) => { d[key] = { ...d[key], [lang]: v }; };
  return (
    <div className="inbox-settings">
      <PageHeader title={t('inbox.title')}>
        <div className="segmented" role="group" aria-label={t('inbox.language')}>
          {(['id', 'en'] as const).map((l) => <button key={l} type="button" aria-pressed={lang === l} onClick={() => setLang(l)}>{l === 'id' ? 'Bahasa Indonesia' : 'English'}</button>)}
        </div>
      </PageHeader>
      <p className="lead">{t('inbox.lead')}</p>
      <div className="settings-grid">
        <form className="settings-form" onSubmit={(e) => e.preventDefault()} noValidate>
          <Card title={t('inboxAutomation.tone.title')}>
            <fieldset className="inline-fieldset">
              <legend>{t('tone.legend')}</legend>
              {TONES.map((x) => (
                <label key={x} className="radio"><input type="radio" name="inbox-tone" checked={(tone ?? survey.data?.settings.tone ?? 'formal') === x} onChange={() => { setTone(x); setToneFilled(false); }} />{t(`tone.${x}`)}</label>
              ))}
            </fieldset>
            <p className="hint">{t('inboxAutomation.tone.hint')}</p>
            <p>
              <button type="button" className="button-quiet" onClick={() => {
                const chosen = tone ?? survey.data?.settings.tone ?? 'formal';
                responder.update('insideHours', (d) => { Object.assign(d, applyResponderTone(d, chosen)); });
                resolve.update('closingMessage', (d) => { Object.assign(d, applyResolveTone(d, chosen)); });
                setToneFilled(true);
              }}>{t('tone.fill')}</button>
              <span role="status" className="muted">{toneFilled ? ` ${t('inboxAutomation.tone.filled')}` : ''}</span>
            </p>
          </Card>
          <Card title={t('inbox.responder')}>
            <Switch label={t('inbox.responderOn')} checked={r.enabled} onChange={(v) => responder.update('enabled', (d) => { d.enabled = v; })} />
            <Field label={t('inbox.period')} error={responder.errors.periodMinutes}>
              {(a11y) => <input {...a11y} type="number" min={1} value={r.periodMinutes} onChange={(e) => responder.update('periodMinutes', (d) => { d.periodMinutes = Number(e.target.value); })} />}
            </Field>
            <TextField label={t('inbox.inside')} value={r.insideHours[lang]} error={responder.errors[`insideHours.${lang}`]} onChange={(v) => responder.update(`insideHours.${lang}`, (d) => setText(d, 'insideHours', v))} />
            <TextField label={t('inbox.outside')} value={r.outsideHours[lang]} error={responder.errors[`outsideHours.${lang}`]} onChange={(v) => responder.update(`outsideHours.${lang}`, (d) => setText(d, 'outsideHours', v))} />
            <p className="muted">{t('inbox.variables')} {VARIABLES.map((v) => <code key={v}>{v} </code>)}</p>
            {(divisions.data?.items ?? []).map((dv) => {
              const o = r.divisions.find((x) => x.divisionId === dv.id);
              return (
                <Field key={dv.id} label={t('inbox.divisionLabel', { name: dv.name })}>
                  {(a11y) => (
                    <select {...a11y} value={o ? (o.enabled ? 'on' : 'off') : 'inherit'} onChange={(e) => responder.update('divisions', (d) => {
                      const rest = d.divisions.filter((x) => x.divisionId !== dv.id);
                      d.divisions = e.target.value === 'inherit' ? rest : [...rest, { ...o, divisionId: dv.id, enabled: e.target.value === 'on' }];
                    })}>
                      <option value="inherit">{t('inbox.divisionInherit')}</option>
                      <option value="on">{t('inbox.divisionOn')}</option>
                      <option value="off">{t('inbox.divisionOff')}</option>
                    </select>
                  )}
                </Field>
              );
            })}
            <SaveBar status={responder.status} onSave={() => void responder.save(t('inbox.saved'), t('inbox.fixErrors'))} />
          </Card>
          <Card title={t('inbox.resolve')}>
            <Switch label={t('inbox.resolveOn')} checked={s.enabled} onChange={(v) => resolve.update('enabled', (d) => { d.enabled = v; })} />
            <Field label={t('inbox.after')} error={resolve.errors.afterMinutes}>
              {(a11y) => <input {...a11y} type="number" min={1} value={s.afterMinutes} onChange={(e) => resolve.update('afterMinutes', (d) => { d.afterMinutes = Number(e.target.value); })} />}
            </Field>
            <Field label={t('inbox.clock')}>
              {(a11y) => (
                <select {...a11y} value={s.clock} onChange={(e) => resolve.update('clock', (d) => { d.clock = e.target.value as 'wall' | 'business'; })}>
                  <option value="wall">{t('inbox.wall')}</option>
                  <option value="business">{t('inbox.business')}</option>
                </select>
              )}
            </Field>
            <Switch label={t('inbox.closingOn')} checked={s.closingMessage !== null} onChange={(v) => resolve.update('closingMessage', (d) => { d.closingMessage = v ? DEFAULT_AUTO_RESOLVE.closingMessage : null; })} />
            {s.closingMessage && (
              <TextField label={t('inbox.closing')} value={s.closingMessage[lang]} error={resolve.errors[`closingMessage.${lang}`]} onChange={(v) => resolve.update('closingMessage', (d) => { d.closingMessage = { ...d.closingMessage!, [lang]: v }; })} />
            )}
            <Switch label={t('inbox.survey')} checked={s.survey} onChange={(v) => resolve.update('survey', (d) => { d.survey = v; })} />
            <SaveBar status={resolve.status} onSave={() => void resolve.save(t('inbox.saved'), t('inbox.fixErrors'))} />
          </Card>
        </form>
        <aside className="settings-preview" aria-label={t('inbox.preview')}>
          <Card title={t('inbox.preview')}>
            <p className="muted">{t('inbox.previewHint')}</p>
            <PreviewBubble label={t('inbox.inside')} template={r.insideHours[lang]} lang={lang} />
            <PreviewBubble label={t('inbox.outside')} template={r.outsideHours[lang]} lang={lang} />
            {s.closingMessage && <PreviewBubble label={t('inbox.closing')} template={s.closingMessage[lang]} lang={lang} />}
          </Card>
        </aside>
      </div>
    </div>
  );
}
