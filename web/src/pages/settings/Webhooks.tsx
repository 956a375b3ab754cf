/** Outgoing webhooks: send every answer (and its follow-up) to your own systems, signed. */
import { useTranslation } from 'react-i18next';
import { ResourcePage } from '../../components/ResourcePage.js';
import { TestButton } from '../../components/TestButton.js';
import { Field, Switch } from '../../components/ui.js';

const EVENTS = ['response.created', 'response.follow_up'] as const;
type Event = (typeof EVENTS)[number];
interface Endpoint { id: string; url: string; events: Event[]; enabled: boolean; lastDelivery: { status: string; at: string; error: string | null } | null }
interface Form { url: string; events: Event[]; enabled: boolean }
/** i18next reads dots as nesting: "response.created" is looked up as "created". */
const eventKey = (e: Event) => e.replace('response.', '');

export function WebhooksPage() {
  const { t, i18n } = useTranslation();
  const when = (s: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(s));
  return (
    <ResourcePage<Endpoint, Form>
      title={t('webhooks.title')}
      lead={t('webhooks.lead')}
      endpoint="/api/v1/webhooks"
      noun={t('webhooks.noun')}
      itemName={(e) => e.url}
      columns={[
        { header: t('webhooks.url'), cell: (e) => <code className="wrap">{e.url}</code> },
        { header: t('webhooks.events'), cell: (e) => e.events.map((x) => t(`webhooks.event.${eventKey(x)}`)).join(', ') },
        { header: t('webhooks.status'), cell: (e) => (e.enabled ? t('alerts.enabled') : t('alerts.disabled')) },
        { header: t('webhooks.last'), cell: (e) => (e.lastDelivery ? `${t(`webhooks.delivery.${e.lastDelivery.status}`, { defaultValue: e.lastDelivery.status })} · ${when(e.lastDelivery.at)}${e.lastDelivery.error ? ` · ${e.lastDelivery.error}` : ''}` : '—') },
      ]}
      rowActions={(e) => <TestButton path={`/api/v1/webhooks/${e.id}/test`} label={t('webhooks.testNamed', { url: e.url })} />}
      empty={() => ({ url: '', events: [...EVENTS], enabled: true })}
      toForm={(e) => ({ url: e.url, events: e.events, enabled: e.enabled })}
      form={(f, set, e) => (
        <>
          <Field label={t('webhooks.url')} hint={t('webhooks.urlHint')} error={e.url}>{(a) => <input {...a} type="url" value={f.url} onChange={(x) => set({ url: x.target.value })} />}</Field>
          <fieldset className="multi-check">
            <legend>{t('webhooks.events')}</legend>
            {EVENTS.map((ev) => (
              <label key={ev} className="check">
                <input type="checkbox" checked={f.events.includes(ev)} onChange={(x) => set({ events: x.target.checked ? [...f.events, ev] : f.events.filter((y) => y !== ev) })} />
                {t(`webhooks.event.${eventKey(ev)}`)} <code>{ev}</code>
              </label>
            ))}
            {e.events && <p className="error-text" role="alert">{e.events}</p>}
          </fieldset>
          <Switch label={t('alerts.enabled')} checked={f.enabled} onChange={(enabled) => set({ enabled })} />
        </>
      )}
      toBody={(f) => ({ url: f.url.trim(), events: f.events, enabled: f.enabled })}
      created={(r) => (
        <div>
          <p>{t('webhooks.secretOnce')}</p>
          <p><code className="secret">{r.secret}</code></p>
        </div>
      )}
    />
  );
}
