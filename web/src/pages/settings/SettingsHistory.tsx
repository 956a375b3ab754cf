/**
 * The settings' version history on the Customer survey page: who saved each version and when, what
 * changed from the version before (GET …/versions/:v/diff), and "restore this version" (saved as a new
 * version by POST …/versions/:v/restore).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api.js';
import { Card } from '../../components/ui.js';
import type { SurveySettings } from '../../domain.js';

interface Version { version: number; createdAt: string; createdBy: { name?: string | null }; settings: SurveySettings }
interface Diff { from: number; to: number; changes: { path: string; before?: unknown; after?: unknown }[] }

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

export function SettingsHistory({ current, onRestored }: { current: number; onRestored: (v: Version) => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const versions = useQuery({ queryKey: ['settings-versions', current], queryFn: () => api<{ items: Version[] }>('GET', '/api/v1/settings/survey/versions?limit=20') });
  const [open, setOpen] = useState<number | null>(null);
  const [message, setMessage] = useState('');
  const diff = useQuery({ queryKey: ['settings-diff', open], enabled: open !== null, queryFn: () => api<Diff>('GET', `/api/v1/settings/survey/versions/${open}/diff`) });
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  async function restore(version: number) {
    try {
      const v = await api<Version>('POST', `/api/v1/settings/survey/versions/${version}/restore`, undefined, { 'if-match': `"${current}"` });
      setMessage(t('settingsMore.restored', { from: version, version: v.version }));
      client.setQueryData(['settings'], v);
      onRestored(v);
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : String(e));
    }
  }

  return (
    <Card title={t('settingsMore.history')}>
      <p role="status" className="muted">{message}</p>
      <ul className="plain-list settings-history">
        {(versions.data?.items ?? []).map((v) => (
          <li key={v.version}>
            <strong>{t('settingsMore.version', { version: v.version })}</strong>{v.version === current && <> ({t('settingsMore.current')})</>}
            {' · '}{when.format(new Date(v.createdAt))}{' · '}{t('settingsMore.by', { who: v.createdBy.name ?? t('settingsMore.someone') })}{' '}
            {v.version > 1 && <button type="button" className="button-quiet" aria-expanded={open === v.version} onClick={() => setOpen(open === v.version ? null : v.version)}>{t('settingsMore.compare')}<span className="visually-hidden"> {v.version}</span></button>}
            {v.version !== current && <button type="button" className="button-quiet" onClick={() => void restore(v.version)}>{t('settingsMore.restore')}<span className="visually-hidden"> {v.version}</span></button>}
            {open === v.version && diff.data && (
              diff.data.changes.length ? (
                <table className="diff-table">
                  <caption className="visually-hidden">{t('settingsMore.version', { version: diff.data.from })} → {t('settingsMore.version', { version: diff.data.to })}</caption>
                  <thead><tr><th scope="col">{t('settingsMore.field')}</th><th scope="col">{t('settingsMore.before')}</th><th scope="col">{t('settingsMore.after')}</th></tr></thead>
                  <tbody>{diff.data.changes.map((c) => <tr key={c.path}><td><code>{c.path}</code></td><td>{show(c.before)}</td><td>{show(c.after)}</td></tr>)}</tbody>
                </table>
              ) : <p className="muted">{t('settingsMore.noDiff')}</p>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
