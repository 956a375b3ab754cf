/** The delivery log of an integration: the newest 50 deliveries, each with its exchange and a replay button. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../api.js';
import { Dialog } from '../../../components/Dialog.js';
import { ErrorNotice, Loading } from '../../../components/ui.js';
import { ExchangeView } from './ExchangeView.js';
import type { Exchange, Integration } from './types.js';

interface Delivery extends Exchange { id: string; event: string; status: string; attempts: number; error: string | null; replayOf: string | null; createdAt: string }

function Entries({ integration }: { integration: Integration }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const key = ['integration-deliveries', integration.id];
  const q = useQuery({ queryKey: key, queryFn: () => api<{ items: Delivery[] }>('GET', `/api/v1/integrations/${integration.id}/deliveries`), refetchInterval: 3000 });
  const [note, setNote] = useState<string | null>(null);
  const when = (s: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(s));
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorNotice error={q.error} />;
  if (q.data.items.length === 0) return <p>{t('integrations.noDeliveries')}</p>;
  const replay = async (d: Delivery) => {
    try {
      await api('POST', `/api/v1/integrations/${integration.id}/deliveries/${d.id}/replay`);
      setNote(t('integrations.replayed'));
      await client.invalidateQueries({ queryKey: key });
    } catch (e) {
      setNote(e instanceof ApiError ? e.message : t('common.unexpectedError'));
    }
  };
  return (
    <>
      <p role="status">{note ?? ''}</p>
      <ul className="delivery-log">
        {q.data.items.map((d) => (
          <li key={d.id}>
            <details>
              <summary>
                {when(d.createdAt)} · <code>{d.event}</code> · {t(`webhooks.delivery.${d.status}`, { defaultValue: d.status })} · {t('integrations.attempts', { count: d.attempts })}
                {d.replayOf && ` · ${t('integrations.replay')}`}{d.error && ` · ${d.error}`}
              </summary>
              <ExchangeView exchange={d} />
            </details>
            <button type="button" className="button-quiet" onClick={() => replay(d)} aria-label={t('integrations.replayNamed', { at: when(d.createdAt) })}>{t('integrations.replay')}</button>
          </li>
        ))}
      </ul>
    </>
  );
}

export function DeliveryLog({ integration }: { integration: Integration }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button-quiet" aria-label={t('integrations.logNamed', { name: integration.name })} onClick={() => setOpen(true)}>{t('integrations.log')}</button>
      <Dialog open={open} title={t('integrations.logTitle', { name: integration.name })} onClose={() => setOpen(false)}>
        <Entries integration={integration} />
      </Dialog>
    </>
  );
}
