/**
 * Writing tone on the Customer survey page: fill every text with a tone's defaults (into the draft, so the
 * preview shows it before anything is saved), and "Rewrite in this tone" for one custom text through the
 * workspace's OpenAI-compatible endpoint, shown as a suggestion to use or discard. Admins connect the
 * endpoint here.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api.js';
import { atLeast, useMe } from '../../auth.js';
import { Card, Field } from '../../components/ui.js';
import type { Language, LocalizedText, SurveySettings } from '../../../../src/domain/settings/schema.js';
import { applyTone, TONES, type Tone } from '../../../../src/domain/settings/tones.js';

interface Props {
  draft: SurveySettings;
  update: (paths: string[], change: (s: SurveySettings) => void) => void;
  lang: Language;
}

/** The texts a rewrite can be asked for, with how to read and write them in the draft. */
const TEXTS: { key: string; get: (s: SurveySettings) => LocalizedText | undefined; set: (s: SurveySettings, v: LocalizedText) => void }[] = [
  { key: 'csat.question', get: (s) => s.csat.question, set: (s, v) => { s.csat.question = v; } },
  { key: 'csat.followUp.question', get: (s) => s.csat.followUp.question, set: (s, v) => { s.csat.followUp.question = v; } },
  { key: 'ces.question', get: (s) => s.ces.question, set: (s, v) => { s.ces.question = v; } },
  { key: 'nps.question', get: (s) => s.nps.question, set: (s, v) => { s.nps.question = v; } },
  { key: 'greetings.closing', get: (s) => s.greetings.closing, set: (s, v) => { s.greetings.closing = v; } },
  { key: 'greetings.title', get: (s) => s.greetings.title, set: (s, v) => { s.greetings.title = v; } },
  { key: 'greetings.thankYou', get: (s) => s.greetings.thankYou, set: (s, v) => { s.greetings.thankYou = v; } },
];

type Endpoint = { baseUrl: string; model: string; apiKey: string | null } | null;

export function ToneCard({ draft, update, lang }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const admin = atLeast(me, 'admin');
  const [tone, setTone] = useState<Tone>(draft.tone ?? 'formal');
  const [filled, setFilled] = useState(false);
  const [field, setField] = useState(TEXTS[0]!.key);
  const [suggestion, setSuggestion] = useState<{ key: string; text: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const endpoint = useQuery({ queryKey: ['rewrite-endpoint'], queryFn: () => api<{ endpoint: Endpoint }>('GET', '/api/v1/settings/rewrite-endpoint'), enabled: admin });
  const target = TEXTS.find((x) => x.key === field)!;
  const current = target.get(draft)?.[lang] ?? '';

  async function rewrite() {
    setBusy(true);
    setProblem(null);
    setSuggestion(null);
    try {
      const r = await api<{ ok: true; text: string } | { ok: false; reason: string }>('POST', '/api/v1/settings/rewrite', { text: current, tone, language: lang });
      if (r.ok) setSuggestion({ key: field, text: r.text });
      else setProblem(r.reason);
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : t('common.unexpectedError'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('tone.title')}>
      <fieldset className="inline-fieldset">
        <legend>{t('tone.legend')}</legend>
        {TONES.map((x) => (
          <label key={x} className="radio"><input type="radio" name="tone" checked={tone === x} onChange={() => { setTone(x); setFilled(false); }} />{t(`tone.${x}`)}</label>
        ))}
      </fieldset>
      <p className="hint">{t('tone.hint')}</p>
      <p>
        <button type="button" className="button-quiet" onClick={() => { update(['tone'], (s) => { Object.assign(s, applyTone(s, tone)); }); setFilled(true); }}>{t('tone.fill')}</button>
        <span role="status" className="muted">{filled ? ` ${t('tone.filled')}` : ''}</span>
      </p>
      {admin && (
        <>
          <h3>{t('tone.rewriteTitle')}</h3>
          {endpoint.data?.endpoint ? (
            <>
              <div className="number-row">
                <Field label={t('tone.text')}>
                  {(a) => (
                    <select {...a} value={field} onChange={(e) => { setField(e.target.value); setSuggestion(null); setProblem(null); }}>
                      {TEXTS.map((x) => <option key={x.key} value={x.key}>{t(`tone.texts.${x.key.replace(/\./g, '_')}`)}</option>)}
                    </select>
                  )}
                </Field>
              </div>
              <p className="muted">{current || t('tone.empty')}</p>
              <button type="button" className="button-quiet" disabled={busy || !current.trim()} onClick={() => void rewrite()}>{busy ? t('tone.rewriting') : t('tone.rewrite', { tone: t(`tone.${tone}`) })}</button>
              <div role="status">
                {problem && <p className="error-text">{problem}</p>}
                {suggestion && (
                  <div className="card-inset">
                    <p><strong>{t('tone.suggestion')}</strong> {suggestion.text}</p>
                    <button type="button" className="button-primary" onClick={() => {
                      update([`${suggestion.key}.${lang}`], (s) => { const x = TEXTS.find((y) => y.key === suggestion.key)!; x.set(s, { ...x.get(s), [lang]: suggestion.text }); });
                      setSuggestion(null);
                    }}>{t('tone.use')}</button>{' '}
                    <button type="button" className="button-quiet" onClick={() => setSuggestion(null)}>{t('tone.discard')}</button>
                  </div>
                )}
              </div>
            </>
          ) : (
            <p className="muted">{t('tone.noEndpoint')}</p>
          )}
          {endpoint.isSuccess && <EndpointForm endpoint={endpoint.data.endpoint} />}
        </>
      )}
    </Card>
  );
}

function EndpointForm({ endpoint }: { endpoint: Endpoint }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [baseUrl, setBaseUrl] = useState(endpoint?.baseUrl ?? '');
  const [model, setModel] = useState(endpoint?.model ?? '');
  const [apiKey, setApiKey] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);
  async function save() {
    setErrors({});
    try {
      await api('PUT', '/api/v1/settings/rewrite-endpoint', { baseUrl, model, ...(apiKey && { apiKey }) });
      setApiKey('');
      setStatus(t('tone.endpointSaved'));
      await client.invalidateQueries({ queryKey: ['rewrite-endpoint'] });
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(Object.fromEntries(e.details.map((d) => [d.path, d.message])));
        setStatus(e.message);
      } else setStatus(t('common.unexpectedError'));
    }
  }
  return (
    <details>
      <summary>{t('tone.endpointTitle')}</summary>
      <p className="hint">{t('tone.endpointHint')}</p>
      <Field label={t('tone.baseUrl')} error={errors.baseUrl}>{(a) => <input {...a} value={baseUrl} placeholder="http://localhost:11434/v1" onChange={(e) => setBaseUrl(e.target.value)} />}</Field>
      <Field label={t('tone.model')} error={errors.model}>{(a) => <input {...a} value={model} placeholder="llama3.1" onChange={(e) => setModel(e.target.value)} />}</Field>
      <Field label={t('tone.apiKey')} hint={endpoint?.apiKey ? t('tone.apiKeyStored', { key: endpoint.apiKey }) : t('tone.apiKeyHint')} error={errors.apiKey}>
        {(a) => <input {...a} type="password" autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.target.value)} />}
      </Field>
      <button type="button" className="button-quiet" disabled={!baseUrl || !model} onClick={() => void save()}>{t('tone.saveEndpoint')}</button>
      <span role="status" className="muted"> {status ?? ''}</span>
    </details>
  );
}
