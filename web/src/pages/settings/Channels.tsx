/** Channels: connect WhatsApp, Telegram, Chatwoot, email or a web callback, and test the connection. */
import { useTranslation } from 'react-i18next';
import { ResourcePage } from '../../components/ResourcePage.js';
import { TestButton } from '../../components/TestButton.js';
import { ChatwootAgentsButton } from './ChatwootAgents.js';
import { Field } from '../../components/ui.js';
import { CHANNEL_RULES, CHANNEL_TYPES, type ChannelKind } from '../../domain.js';
import { BadgeSettings, ChannelShare, PersonalLinkButton, WidgetFields, widgetConfigBody, widgetFormConfig } from './WidgetChannel.js';

interface Channel {
  id: string;
  name: string;
  type: ChannelKind;
  config: Record<string, unknown>;
  credentials: Record<string, string>;
  webhookUrl: string | null;
  webhook: { lastReceivedAt: string | null; lastError: { code: string; message: string; at: string } | null } | null;
}
interface Form {
  name: string;
  type: ChannelKind;
  config: Record<string, string>;
  credentials: Record<string, string>;
  masked: Record<string, string>;
}

/** When the provider's webhooks last arrived, and the last one refused with why. */
function WebhookState({ c }: { c: Channel }) {
  const { t, i18n } = useTranslation();
  if (!c.webhookUrl) return <>—</>;
  const when = (s: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(s));
  const w = c.webhook;
  const refusedLast = w?.lastError && (!w.lastReceivedAt || w.lastError.at > w.lastReceivedAt);
  return (
    <>
      <span>{w?.lastReceivedAt ? t('channels.lastReceived', { when: when(w.lastReceivedAt) }) : t('channels.noneReceived')}</span>
      {w?.lastError && (
        <span className={refusedLast ? 'error-text' : ''}><br />{t('channels.lastRefused', { when: when(w.lastError.at) })} {t(`channels.refusal.${w.lastError.code}`, { defaultValue: w.lastError.message })}</span>
      )}
    </>
  );
}

export function ChannelsPage() {
  const { t } = useTranslation();
  const fieldsOf = (type: ChannelKind) => CHANNEL_RULES[type];
  const typeName = (type: string) => t(`channels.types.${type}`, { defaultValue: t(`widget.types.${type}`) });
  return (
    <>
    <ResourcePage<Channel, Form>
      title={t('channels.title')}
      lead={t("channels.lead")}
      endpoint="/api/v1/channels"
      noun={t('channels.noun')}
      deleteLabel={t('channels.archive')}
      itemName={(c) => c.name}
      columns={[
        { header: t('channels.name'), cell: (c) => c.name },
        { header: t('channels.type'), cell: (c) => typeName(c.type) },
        { header: t('widget.share'), cell: (c) => <ChannelShare c={c} /> },
        { header: t('channels.webhook'), cell: (c) => (c.webhookUrl ? <code className="wrap">{c.webhookUrl}</code> : '—') },
        { header: t('channels.credentials'), cell: (c) => Object.entries(c.credentials).map(([k, v]) => `${k} ${v}`).join(', ') || '—' },
        { header: t('channels.webhookState'), cell: (c) => <WebhookState c={c} /> },
      ]}
      rowActions={(c) => (
        <>
          {c.type !== 'widget' && c.type !== 'link' && <TestButton path={`/api/v1/channels/${c.id}/test`} label={t('channels.testNamed', { name: c.name })} />}
          {c.type === 'chatwoot' && <ChatwootAgentsButton channelId={c.id} channelName={c.name} />}
          {c.type === 'link' && <PersonalLinkButton channelId={c.id} channelName={c.name} />}
        </>
      )}
      empty={() => ({ name: '', type: 'whatsapp', config: {}, credentials: {}, masked: {} })}
      toForm={(c) => ({ name: c.name, type: c.type, config: c.type === 'widget' ? widgetFormConfig(c.config) : Object.fromEntries(Object.entries(c.config).map(([k, v]) => [k, String(v ?? '')])), credentials: {}, masked: c.credentials })}
      form={(f, set, errors, isNew) => {
        const rules = fieldsOf(f.type);
        const configFields = [...rules.config.required, ...rules.config.optional];
        const credentialFields = [...rules.credentials.required, ...rules.credentials.optional];
        return (
          <>
            <Field label={t('channels.name')} error={errors.name}>{(a) => <input {...a} value={f.name} onChange={(e) => set({ name: e.target.value })} />}</Field>
            <Field label={t('channels.type')} error={errors.type}>
              {(a) => (
                <select {...a} value={f.type} disabled={!isNew} onChange={(e) => set({ type: e.target.value as ChannelKind, config: {}, credentials: {} })}>
                  {CHANNEL_TYPES.map((type) => <option key={type} value={type}>{typeName(type)}</option>)}
                </select>
              )}
            </Field>
            {f.type === 'widget' && <WidgetFields config={f.config} set={(config) => set({ config })} errors={errors} />}
            {f.type !== 'widget' && configFields.map((key) => (
              <Field key={key} label={`${t(`channels.fields.${key}`)}${(rules.config.required as string[]).includes(key) ? '' : ` (${t('channels.optional')})`}`} error={errors[`config.${key}`]}>
                {(a) => <input {...a} type={key === 'accountId' ? 'number' : 'text'} value={f.config[key] ?? ''} onChange={(e) => set({ config: { ...f.config, [key]: e.target.value } })} />}
              </Field>
            ))}
            {credentialFields.map((key) => (
              <Field key={key} label={`${t(`channels.fields.${key}`)}${(rules.credentials.required as string[]).includes(key) && !f.masked[key] ? '' : ` (${t('channels.optional')})`}`} error={errors[`credentials.${key}`]}
                hint={f.masked[key] ? t('channels.keepSecret', { masked: f.masked[key] }) : t('channels.secretHint')}>
                {(a) => <input {...a} type="password" autoComplete="off" value={f.credentials[key] ?? ''} onChange={(e) => set({ credentials: { ...f.credentials, [key]: e.target.value } })} />}
              </Field>
            ))}
          </>
        );
      }}
      toBody={(f, isNew) => {
        const config = f.type === 'widget' ? widgetConfigBody(f.config) : Object.fromEntries(Object.entries(f.config).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, k === 'accountId' ? Number(v) : v.trim()]));
        const credentials = Object.fromEntries(Object.entries(f.credentials).filter(([, v]) => v !== ''));
        return {
          name: f.name,
          ...(isNew && { type: f.type }),
          ...(Object.keys(config).length && { config }),
          ...(Object.keys(credentials).length && { credentials }),
        };
      }}
      created={(r) => (r.signingSecret ? (
        <div>
          <p>{r.type === 'widget' ? t('widget.identitySecretOnce') : t('channels.signingSecretOnce')}</p>
          <p><code className="secret">{r.signingSecret}</code></p>
        </div>
      ) : null)}
    />
    <BadgeSettings />
    </>
  );
}
