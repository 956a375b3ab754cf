/** A request and its answer as nilai sent and received them (secrets masked by the server). */
import { useTranslation } from 'react-i18next';
import type { Exchange } from './types.js';

export function ExchangeView({ exchange }: { exchange: Exchange }) {
  const { t } = useTranslation();
  const { request, response } = exchange;
  return (
    <div className="exchange">
      <h3>{t('integrations.request')}</h3>
      {request ? <pre className="wrap">{`${request.method} ${request.url}\n${Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${request.body}`}</pre> : <p>{t('integrations.notSent')}</p>}
      <h3>{t('integrations.response')}</h3>
      {response ? <pre className="wrap">{`${response.status === null ? t('integrations.noAnswer') : `HTTP ${response.status}`}\n\n${response.body}`}</pre> : <p>{t('integrations.noAnswer')}</p>}
    </div>
  );
}
