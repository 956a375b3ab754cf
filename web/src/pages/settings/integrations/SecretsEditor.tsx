/** An integration's secrets: stored ones by name (masked; type to replace, or remove), and a new one. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormErrors } from '../../../components/ResourcePage.js';

export function SecretsEditor({ stored, value, onChange, errors }: { stored: Record<string, string>; value: Record<string, string | null>; onChange: (v: Record<string, string | null>) => void; errors: FormErrors }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  const names = [...new Set([...Object.keys(stored), ...Object.keys(value).filter((k) => value[k] !== null)])];
  const problems = Object.entries(errors).filter(([k]) => k.startsWith('secrets.')).map(([k, v]) => `${k.slice(8)}: ${v}`);
  return (
    <fieldset className="multi-check">
      <legend>{t('integrations.secrets')}</legend>
      <p className="hint">{t('integrations.secretsHint', { example: '{{ secrets.name }}' })}</p>
      {names.map((n) => (
        <div key={n} className="secret-row">
          <code>{`{{ secrets.${n} }}`}</code> <span>{value[n] === undefined ? stored[n] : t('integrations.secretChanged')}</span>{' '}
          <button type="button" className="button-quiet danger" aria-label={t('integrations.removeSecret', { name: n })} onClick={() => onChange({ ...value, [n]: null })}>{t('integrations.remove')}</button>
        </div>
      ))}
      <div className="secret-row">
        <label>{t('integrations.secretName')} <input value={name} onChange={(e) => setName(e.target.value)} placeholder="token" /></label>{' '}
        <label>{t('integrations.secretValue')} <input type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} /></label>{' '}
        <button type="button" className="button-quiet" disabled={!name.trim() || !secret} onClick={() => { onChange({ ...value, [name.trim()]: secret }); setName(''); setSecret(''); }}>{t('integrations.addSecret')}</button>
      </div>
      {problems.length > 0 && <p className="error-text" role="alert">{problems.join(' ')}</p>}
    </fieldset>
  );
}
