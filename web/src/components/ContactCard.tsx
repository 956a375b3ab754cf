/** The conversation's contact with its contact fields, and its tickets with a "Create ticket" button. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { fieldLabel, type ContactFieldDef } from '../pages/settings/Contacts.js';
import type { TicketSettings } from '../pages/settings/Ticket.js';
import { Card, ErrorNotice } from './ui.js';

export interface ContactView { id: string | null; name: string | null; phone: string | null; email: string | null; attributes: Record<string, string | number> }
interface Ticket { id: string; title: string; source: string; status: string; attempts: number; error: string | null; createdBy: string | null; createdAt: string }

export function ContactCard({ contact }: { contact: ContactView }) {
  const { t, i18n } = useTranslation();
  const fields = useQuery({ queryKey: ['contact-fields'], queryFn: () => api<{ items: ContactFieldDef[] }>('GET', '/api/v1/contact-fields') });
  const visible = (fields.data?.items ?? []).filter((f) => !f.hidden);
  const value = (f: ContactFieldDef) => {
    const v = contact.attributes[f.key];
    if (v === undefined) return '—';
    const o = f.type === 'choice' ? f.options.find((x) => x.value === v) : undefined;
    return o ? fieldLabel({ key: String(v), label: o.label }, i18n.language) : String(v);
  };
  return (
    <Card title={t('contactFields.contact')}>
      <dl className="facts">
        <dt>{t('contactFields.name')}</dt><dd>{contact.name ?? contact.id ?? '—'}</dd>
        <dt>{t('contactFields.phone')}</dt><dd>{contact.phone ?? '—'}</dd>
        <dt>{t('contactFields.email')}</dt><dd>{contact.email ?? '—'}</dd>
        {visible.map((f) => <FieldRow key={f.id} label={fieldLabel(f, i18n.language)} value={value(f)} />)}
      </dl>
    </Card>
  );
}

function FieldRow({ label, value }: { label: string; value: string }) {
  return <><dt>{label}</dt><dd>{value}</dd></>;
}

/** Tickets of a conversation and the button (when tickets are on). `responseId`: attach that response. */
export function Tickets({ conversationId, responseId }: { conversationId: string; responseId?: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const path = `/api/v1/conversations/${encodeURIComponent(conversationId)}/tickets`;
  const settings = useQuery({ queryKey: ['ticket-settings'], queryFn: () => api<TicketSettings>('GET', '/api/v1/settings/ticket') });
  const list = useQuery({ queryKey: ['tickets', conversationId], queryFn: () => api<{ items: Ticket[] }>('GET', path), refetchInterval: (q) => (q.state.data?.items.some((x) => x.status === 'pending') ? 2000 : false) });
  const create = useMutation({ mutationFn: () => api('POST', path, responseId ? { responseId } : {}), onSuccess: () => qc.invalidateQueries({ queryKey: ['tickets', conversationId] }) });
  const label = settings.data ? (i18n.language.startsWith('id') ? settings.data.buttonLabel.id ?? settings.data.buttonLabel.en : settings.data.buttonLabel.en ?? settings.data.buttonLabel.id) : null;
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Card title={t('contactFields.tickets')} actions={settings.data?.enabled ? <button type="button" className="button" onClick={() => create.mutate()} disabled={create.isPending}>{label ?? t('contactFields.ticket.create')}</button> : undefined}>
      <ErrorNotice error={create.error ?? list.error} />
      {list.data?.items.length ? (
        <ul className="plain-list">
          {list.data.items.map((x) => (
            <li key={x.id}>
              <strong>{x.title}</strong> · {t(`contactFields.ticketStatus.${x.status}`, { defaultValue: x.status })} · {t(`contactFields.ticketSource.${x.source}`, { defaultValue: x.source })}
              {x.createdBy && <> · {x.createdBy}</>} · {when.format(new Date(x.createdAt))}{x.error && <> · <span className="muted">{x.error}</span></>}
            </li>
          ))}
        </ul>
      ) : <p className="muted">{t('contactFields.noTickets')}</p>}
    </Card>
  );
}

/** "Create ticket" for one response (responses page): shown while tickets are on. */
export function TicketButton({ conversationId, responseId }: { conversationId: string; responseId: string }) {
  const { t, i18n } = useTranslation();
  const settings = useQuery({ queryKey: ['ticket-settings'], queryFn: () => api<TicketSettings>('GET', '/api/v1/settings/ticket') });
  const create = useMutation({ mutationFn: () => api('POST', `/api/v1/conversations/${encodeURIComponent(conversationId)}/tickets`, { responseId }) });
  if (!settings.data?.enabled) return null;
  const label = (i18n.language.startsWith('id') ? settings.data.buttonLabel.id ?? settings.data.buttonLabel.en : settings.data.buttonLabel.en ?? settings.data.buttonLabel.id) ?? t('contactFields.ticket.create');
  if (create.isSuccess) return <span role="status" className="muted">{t('contactFields.ticketCreated')}</span>;
  return (
    <>
      <button type="button" className="button small" onClick={() => create.mutate()} disabled={create.isPending} aria-label={`${label}: ${conversationId}`}>{label}</button>
      <ErrorNotice error={create.error} />
    </>
  );
}
