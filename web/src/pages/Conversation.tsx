/** One conversation as nilai sees it: timings, messages, invitations and skips with their reasons. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api.js';
import { Card, ErrorNotice, Loading, PageHeader } from '../components/ui.js';
import { InboxActions, type InboxActionView } from '../components/InboxActions.js';
import { ContactCard, Tickets, type ContactView } from '../components/ContactCard.js';

interface Conversation {
  id: string;
  status: string;
  tags: string[];
  openedAt: string | null;
  resolvedAt: string | null;
  messages: { at: string; sender: string }[];
  invitations: { id: string; status: string; reason: string | null; surveyTypes: string[]; language: string; trigger: string }[];
  skips: { reason: string; at: string }[];
  actions: InboxActionView[];
  autoResolved: boolean;
  contact: ContactView | null;
}

export function ConversationPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['conversation', id], queryFn: () => api<Conversation>('GET', `/api/v1/conversations/${encodeURIComponent(id)}`) });
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const client = useQueryClient();
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const reasonText = (r: string) => t(`conversation.skipReasons.${r}`, { defaultValue: t(`settingsMore.skipReasons.${r}`, { defaultValue: r.replace(/_/g, ' ') }) });
  /** Asks for a survey now (services/manual-survey); a refusal shows its reason, which is also recorded. */
  async function sendSurvey() {
    setSending(true);
    setOutcome(null);
    try {
      await api('POST', `/api/v1/conversations/${encodeURIComponent(id)}/survey`);
      setOutcome({ ok: true, text: t('settingsMore.surveyRequested') });
    } catch (e) {
      const reason = e instanceof ApiError && e.status === 409 ? e.at('reason') : undefined;
      setOutcome({ ok: false, text: reason ? t('settingsMore.surveyRefused', { reason: reasonText(reason) }) : e instanceof Error ? e.message : String(e) });
    } finally {
      setSending(false);
      await client.invalidateQueries({ queryKey: ['conversation', id] });
    }
  }
  if (q.error) return <><PageHeader title={id} /><ErrorNotice error={q.error} /></>;
  if (!q.data) return <Loading />;
  const c = q.data;
  return (
    <div>
      <PageHeader title={t('conversation.title', { id: c.id })}>
        {c.status === 'resolved' && <button type="button" className="button-primary" disabled={sending} onClick={() => void sendSurvey()}>{t('settingsMore.sendSurvey')}</button>}
        <Link to="/responses" className="button">{t('conversation.back')}</Link>
      </PageHeader>
      <p role="status" className={outcome && !outcome.ok ? 'error-text' : 'muted'}>{outcome?.text ?? ''}</p>
      <dl className="facts">
        <dt>{t('conversation.status')}</dt><dd>{t(`conversation.statuses.${c.status}`, { defaultValue: c.status })}</dd>
        <dt>{t('conversation.opened')}</dt><dd>{c.openedAt ? when.format(new Date(c.openedAt)) : '—'}</dd>
        <dt>{t('conversation.resolved')}</dt><dd>{c.resolvedAt ? when.format(new Date(c.resolvedAt)) : '—'}</dd>
        <dt>{t('conversation.tags')}</dt><dd>{c.tags.join(', ') || '—'}</dd>
      </dl>
      {c.contact && <ContactCard contact={c.contact} />}
      <Tickets conversationId={c.id} />
      <Card title={t('conversation.invitations')}>
        {c.invitations.length ? (
          <ul className="plain-list">{c.invitations.map((i) => <li key={i.id}><strong>{t(`conversation.invitationStatus.${i.status}`, { defaultValue: i.status })}</strong> · {i.surveyTypes.join(', ').toUpperCase()} · {i.language}{i.reason && <> · <span className="muted">{i.reason}</span></>}</li>)}</ul>
        ) : <p className="muted">{t('conversation.noInvitations')}</p>}
        {c.skips.map((s, i) => <p key={i} className="muted">{t('conversation.skipped', { reason: reasonText(s.reason) })}</p>)}
      </Card>
      <Card title={t('conversation.messages')}>
        <ol className="plain-list">{c.messages.map((m, i) => <li key={i}>{when.format(new Date(m.at))} · {t(`conversation.sender.${m.sender}`)}</li>)}</ol>
      </Card>
      <InboxActions actions={c.actions} autoResolved={c.autoResolved} when={when} />
    </div>
  );
}
