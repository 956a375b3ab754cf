/** The HTTP request form: method, URL, headers (one per line) and body, all LiquidJS templates. */
import { useTranslation } from 'react-i18next';
import type { FormErrors } from '../../../components/ResourcePage.js';
import { Field } from '../../../components/ui.js';

const METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'] as const;

export interface HttpFormState {
  method: string;
  url: string;
  /** "Name: value" per line. */
  headers: string;
  body: string;
}

export const httpFormFromConfig = (c: Record<string, unknown>): HttpFormState => ({
  method: typeof c.method === 'string' ? c.method : 'POST',
  url: typeof c.url === 'string' ? c.url : '',
  headers: Object.entries((c.headers as Record<string, string> | undefined) ?? { Authorization: 'Bearer {{ secrets.token }}' }).map(([k, v]) => `${k}: ${v}`).join('\n'),
  body: typeof c.body === 'string' ? c.body : '{\n  "score": {{ response.score }},\n  "comment": {{ response.comment | json }},\n  "email": {{ contact.email | json }}\n}',
});

export function httpConfigFromForm(s: HttpFormState): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const line of s.headers.split('\n')) {
    const i = line.indexOf(':');
    if (line.trim() === '') continue;
    if (i <= 0) headers[line.trim()] = '';
    else headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return { method: s.method, url: s.url.trim(), headers, body: s.body };
}

export function HttpForm({ state, set, errors }: { state: HttpFormState; set: (s: HttpFormState) => void; errors: FormErrors; secrets: Record<string, string> }) {
  const { t } = useTranslation();
  const headerErrors = Object.entries(errors).filter(([k]) => k.startsWith('config.headers')).map(([k, v]) => `${k.replace('config.headers.', '')}: ${v}`).join(' ');
  return (
    <>
      <Field label={t('integrations.http.method')} error={errors['config.method']}>
        {(a) => <select {...a} value={state.method} onChange={(e) => set({ ...state, method: e.target.value })}>{METHODS.map((m) => <option key={m} value={m}>{m}</option>)}</select>}
      </Field>
      <Field label={t('integrations.http.url')} hint={t('integrations.http.urlHint', { example: '{{ contact.id }}' })} error={errors['config.url']}>
        {(a) => <input {...a} value={state.url} onChange={(e) => set({ ...state, url: e.target.value })} placeholder="https://api.example.com/v1/notes" />}
      </Field>
      <Field label={t('integrations.http.headers')} hint={t('integrations.http.headersHint', { example: 'Authorization: Bearer {{ secrets.token }}' })} error={headerErrors || undefined}>
        {(a) => <textarea {...a} rows={3} className="mono" value={state.headers} onChange={(e) => set({ ...state, headers: e.target.value })} />}
      </Field>
      <Field label={t('integrations.http.body')} hint={t('integrations.http.bodyHint', { example: '{{ response.comment | json }}' })} error={errors['config.body']}>
        {(a) => <textarea {...a} rows={8} className="mono" value={state.body} onChange={(e) => set({ ...state, body: e.target.value })} />}
      </Field>
    </>
  );
}
