/**
 * Settings → Integrations: send answers where the team works, an HTTP request to any CRM (and the kinds
 * in integrations/forms.tsx). List, add / edit (the kind's form), enable / disable, test with the last
 * answer (the rendered request and the answer shown), and the delivery log with replay.
 */
import { useTranslation } from 'react-i18next';
import { ResourcePage } from '../../components/ResourcePage.js';
import { Field, Switch } from '../../components/ui.js';
import { Backfill } from './integrations/Backfill.js';
import { DeliveryLog } from './integrations/DeliveryLog.js';
import { KIND_FORMS } from './integrations/forms.js';
import { SecretsEditor } from './integrations/SecretsEditor.js';
import { TestPreview } from './integrations/TestPreview.js';
import { EVENTS, type Integration, type IntegrationEvent, type IntegrationForm } from './integrations/types.js';

/** The secrets editor's changes and those the kind's form collects (the Sheets key), when any. */
const secretsBody = (f: IntegrationForm) => {
  const secrets = { ...f.secrets, ...KIND_FORMS[f.kind]?.toSecrets?.(f.config) };
  return Object.keys(secrets).length > 0 ? { secrets } : {};
};

/** i18next reads dots as nesting. */
const eventKey = (e: IntegrationEvent) => e.replace('response.', '');

export function IntegrationsPage() {
  const { t, i18n } = useTranslation();
  const when = (s: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(s));
  const kinds = Object.keys(KIND_FORMS);
  return (
    <ResourcePage<Integration, IntegrationForm>
      title={t('integrations.title')}
      lead={t('integrations.lead')}
      endpoint="/api/v1/integrations"
      noun={t('integrations.noun')}
      itemName={(i) => i.name}
      columns={[
        { header: t('integrations.name'), cell: (i) => i.name },
        { header: t('integrations.kind'), cell: (i) => (KIND_FORMS[i.kind] ? t(KIND_FORMS[i.kind]!.label) : i.kind) },
        { header: t('webhooks.events'), cell: (i) => i.events.map((x) => t(`integrations.event.${eventKey(x)}`)).join(', ') },
        { header: t('webhooks.status'), cell: (i) => (i.enabled ? t('alerts.enabled') : t('alerts.disabled')) },
        { header: t('webhooks.last'), cell: (i) => (i.lastDelivery ? `${t(`webhooks.delivery.${i.lastDelivery.status}`, { defaultValue: i.lastDelivery.status })} · ${when(i.lastDelivery.at)}${i.lastDelivery.error ? ` · ${i.lastDelivery.error}` : ''}` : '—') },
      ]}
      rowActions={(i) => <><TestPreview integration={i} /><DeliveryLog integration={i} />{i.kind === 'sheets' && <Backfill integrationId={i.id} name={i.name} />}</>}
      empty={() => ({ kind: kinds[0]!, name: '', enabled: true, events: ['response.created'], config: KIND_FORMS[kinds[0]!]!.empty(), secrets: {}, stored: {} })}
      toForm={(i) => ({ kind: i.kind, name: i.name, enabled: i.enabled, events: i.events, config: KIND_FORMS[i.kind]?.fromConfig(i.config) ?? {}, secrets: {}, stored: i.secrets })}
      form={(f, set, e, isNew) => {
        const kind = KIND_FORMS[f.kind];
        return (
          <>
            {isNew && kinds.length > 1 && (
              <Field label={t('integrations.kind')} error={e.kind}>
                {(a) => <select {...a} value={f.kind} onChange={(x) => set({ kind: x.target.value, config: KIND_FORMS[x.target.value]!.empty() })}>{kinds.map((k) => <option key={k} value={k}>{t(KIND_FORMS[k]!.label)}</option>)}</select>}
              </Field>
            )}
            <Field label={t('integrations.name')} error={e.name}>{(a) => <input {...a} value={f.name} onChange={(x) => set({ name: x.target.value })} />}</Field>
            <fieldset className="multi-check">
              <legend>{t('webhooks.events')}</legend>
              {EVENTS.map((ev) => (
                <label key={ev} className="check">
                  <input type="checkbox" checked={f.events.includes(ev)} onChange={(x) => set({ events: x.target.checked ? [...f.events, ev] : f.events.filter((y) => y !== ev) })} />
                  {t(`integrations.event.${eventKey(ev)}`)} <code>{ev}</code>
                </label>
              ))}
              {e.events && <p className="error-text" role="alert">{e.events}</p>}
            </fieldset>
            {kind ? kind.render({ state: f.config, set: (config) => set({ config }), errors: e, secrets: f.stored }) : <p>{t('integrations.unknownKind', { kind: f.kind })}</p>}
            {!kind?.ownSecrets && <SecretsEditor stored={f.stored} value={f.secrets} onChange={(secrets) => set({ secrets })} errors={e} />}
            <Switch label={t('alerts.enabled')} checked={f.enabled} onChange={(enabled) => set({ enabled })} />
          </>
        );
      }}
      toBody={(f, isNew) => ({
        ...(isNew && { kind: f.kind }), name: f.name.trim(), enabled: f.enabled, events: f.events,
        config: KIND_FORMS[f.kind]?.toConfig(f.config) ?? {}, ...secretsBody(f),
      })}
    />
  );
}
