import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../api.js';
import { Field } from '../components/ui.js';
import { setUiLanguage, type UiLanguage } from '../i18n.js';

export function Login() {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [params] = useSearchParams();
  // Asked for only when the same email and password open several workspaces (409), or given in the URL.
  const [workspace, setWorkspace] = useState(params.get('workspace') ?? '');
  const [askWorkspace, setAskWorkspace] = useState(workspace !== '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const client = useQueryClient();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/api/v1/auth/login', { email, password, ...(workspace.trim() && { workspace: workspace.trim() }) });
      client.removeQueries({ queryKey: ['me'] });
      const next = params.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.at('workspace')) {
        setAskWorkspace(true);
        setError(t('login.chooseWorkspace', { choices: err.at('workspace') }));
        return;
      }
      setError(err instanceof ApiError && err.status === 401 ? t('login.wrong') : err instanceof ApiError ? err.message : t('common.unexpectedError'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="login">
      <form className="login-card" onSubmit={submit} noValidate>
        <p className="brand brand-large">nilai</p>
        <h1>{t('login.title')}</h1>
        <Field label={t('login.email')}>{(a) => <input {...a} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
        <Field label={t('login.password')}>{(a) => <input {...a} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}</Field>
        {askWorkspace && <Field label={t('login.workspace')}>{(a) => <input {...a} type="text" autoComplete="organization" autoCapitalize="none" value={workspace} onChange={(e) => setWorkspace(e.target.value)} />}</Field>}
        {error && <div className="notice notice-error" role="alert">{error}</div>}
        <button type="submit" className="button-primary" disabled={busy}>{busy ? t('login.signingIn') : t('login.submit')}</button>
        <label className="lang-select">
          <span>{t('nav.language')}</span>
          <select value={i18n.language} onChange={(e) => setUiLanguage(e.target.value as UiLanguage)}>
            <option value="id">Bahasa Indonesia</option>
            <option value="en">English</option>
          </select>
        </label>
      </form>
    </main>
  );
}
