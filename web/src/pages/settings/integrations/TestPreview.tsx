/** "Send a test with the last answer": sends now and shows the rendered request and the answer. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../api.js';
import { Dialog } from '../../../components/Dialog.js';
import { ExchangeView } from './ExchangeView.js';
import type { Exchange, Integration } from './types.js';

type Result = Exchange & { ok: boolean; sample: boolean; error: string | null };

export function TestPreview({ integration }: { integration: Integration }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<Result | { failed: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      setResult(await api<Result>('POST', `/api/v1/integrations/${integration.id}/test`));
    } catch (e) {
      setResult({ failed: e instanceof ApiError ? e.message : t('common.unexpectedError') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="button-quiet" disabled={busy} aria-label={t('integrations.testNamed', { name: integration.name })} onClick={run}>{busy ? t('channels.testing') : t('integrations.test')}</button>
      <Dialog open={result !== null} title={t('integrations.testTitle', { name: integration.name })} onClose={() => setResult(null)}>
        {result && 'failed' in result && <p className="error-text" role="alert">{result.failed}</p>}
        {result && !('failed' in result) && (
          <>
            <p role="status" className={result.ok ? 'ok-text' : 'error-text'}>{result.ok ? `✓ ${t('integrations.testOk')}` : `✗ ${result.error}`}</p>
            {result.sample && <p className="hint">{t('integrations.sample')}</p>}
            <ExchangeView exchange={result} />
          </>
        )}
      </Dialog>
    </>
  );
}
