/** "Test connection": POSTs to a test endpoint and shows its verdict beside the button. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.js';

export function TestButton({ path, label }: { path: string; label: string }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<{ ok: boolean; detail: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <span className="test-connection">
      <button type="button" className="button-quiet" disabled={busy} aria-label={label} onClick={async () => {
        setBusy(true);
        try {
          setResult(await api('POST', path));
        } catch (e) {
          setResult({ ok: false, detail: e instanceof ApiError ? e.message : t('common.unexpectedError') });
        } finally {
          setBusy(false);
        }
      }}>{busy ? t('channels.testing') : t('channels.test')}</button>
      <span role="status" className={result ? (result.ok ? 'ok-text' : 'error-text') : ''}>{result ? `${result.ok ? '✓' : '✗'} ${result.detail}` : ''}</span>
    </span>
  );
}
