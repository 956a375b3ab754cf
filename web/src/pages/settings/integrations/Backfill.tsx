/** Backfill a period: queue the answers of those days that the integration has not written yet (services/integrations/backfill). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../api.js';

const day = (d: Date) => d.toISOString().slice(0, 10);

export function Backfill({ integrationId, name }: { integrationId: string; name: string }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(() => day(new Date(Date.now() - 7 * 86_400_000)));
  const [to, setTo] = useState(() => day(new Date()));
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const id = `backfill-${integrationId}`;
  return (
    <details className="backfill">
      <summary>{t('sheets.backfill', { name })}</summary>
      <p className="hint">{t('sheets.backfillHint')}</p>
      <label htmlFor={`${id}-from`}>{t('filters.from')}</label> <input id={`${id}-from`} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />{' '}
      <label htmlFor={`${id}-to`}>{t('filters.to')}</label> <input id={`${id}-to`} type="date" value={to} onChange={(e) => setTo(e.target.value)} />{' '}
      <button type="button" disabled={busy} onClick={async () => {
        setBusy(true);
        try {
          const r = await api<{ queued: number; more: boolean; timeZone: string }>('POST', `/api/v1/integrations/${integrationId}/backfill`, { from, to });
          setResult({ ok: true, text: t(r.more ? 'sheets.backfillMore' : 'sheets.backfillDone', { count: r.queued, tz: r.timeZone }) });
        } catch (e) {
          setResult({ ok: false, text: e instanceof ApiError ? [e.message, ...e.details.map((d) => d.message)].join(' ') : t('common.unexpectedError') });
        } finally {
          setBusy(false);
        }
      }}>{busy ? t('sheets.backfilling') : t('sheets.backfillButton')}</button>
      <p role="status" className={result ? (result.ok ? 'ok-text' : 'error-text') : ''}>{result?.text ?? ''}</p>
    </details>
  );
}
