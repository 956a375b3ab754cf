/**
 * One conversation as nilai sees it (GET /api/v1/conversations/:id): who and where (channel, agent,
 * division, tags, the contact as the API masks it for this role, with its fields), timings and SLA,
 * the answers, the surveys with their steps, reminders and skips, what nilai did through the inbox,
 * tickets, and quality reviews with the review form. "Send survey" asks for a survey now.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api.js';
import { atLeast, useMe } from '../auth.js';
import { Card, ErrorNotice, Loading, PageHeader } from '../components/ui.js';
import { InboxActions, type InboxActionView } from '../components/InboxActions.js';
import { ContactCard, Tickets, type ContactView } from '../components/ContactCard.js';
import { ConversationTimings, type ConversationTimingsView } from '../components/conversation/Timings.js';
import { ConversationAnswers, type AnswerView } from '../components/conversation/Answers.js';
import { ConversationInvitations, type InvitationView, type SkipView } from '../components/conversation/Invitations.js';
import { ConversationReviews, type ReviewView } from '../components/conversation/Reviews.js';

interface Conversation extends ConversationTimingsView {
  id: string;
  channelId: string;
  agentId: string | null;
  divisionId: string | null;
  status: string;
  tags: string[];
  openedAt: string | null;
  firstCustomerMessageAt: string | null;
  firstAgentResponseAt: string | null;
  resolvedAt: string | null;
  reopenCount: number;
  messages: { at: string; sender: string }[];
  invitations: InvitationView[];
  skips: SkipView[];
  actions: InboxActionView[];
  autoResolved: boolean;
  contact: ContactView | null;
  responses: AnswerView[];
  reviews: ReviewView[];
}
interface Named { id: string; name: string; type?: string }

export function ConversationPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['conversation', id], queryFn: () => api<Conversation>('GET', `/api/v1/conversations/${encodeURIComponent(id)}`) });
  // Names for the ids the conversation carries; agents may list channels and divisions, users only from supervisor up.
  const channels = useQuery({ queryKey: ['channels'], queryFn: () => api<{ items: Named[] }>('GET', '/api/v1/channels') });
  const divisions = useQuery({ queryKey: ['divisions'], queryFn: () => api<{ items: Named[] }>('GET', '/api/v1/divisions') });
  const users = useQuery({ queryKey: ['users'], enabled: atLeast(me, 'supervisor'), queryFn: () => api<{ items: Named[] }>('GET', '/api/v1/users') });
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const client = useQueryClient();
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const reasonText = (r: string) => t(`conversation.skipReasons.${r}`, { defaultValue: r.replace(/_/g, ' ') });
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
  const userName = (userId: string | null) => (userId === null ? null : userId === me?.id ? me.name : users.data?.items.find((u) => u.id === userId)?.name ?? null);
  const channel = channels.data?.items.find((x) => x.id === c.channelId);
  const division = c.divisionId ? divisions.data?.items.find((x) => x.id === c.divisionId) : undefined;
  const at = (iso: string | null) => (iso ? when.format(new Date(iso)) : '—');
  const agentName = userName(c.agentId);
  return (
    <div className="conversation-page">
      <PageHeader title={t('conversation.title', { id: c.id })}>
        {c.status === 'resolved' && <button type="button" className="button-primary" disabled={sending} onClick={() => void sendSurvey()}>{t('settingsMore.sendSurvey')}</button>}
        <Link to="/responses" className="button">{t('conversation.back')}</Link>
      </PageHeader>
      <p role="status" className={outcome && !outcome.ok ? 'error-text' : 'muted'}>{outcome?.text ?? ''}</p>
      <div className="conversation-grid">
        <Card title={t('convPage.overview')}>
          <dl className="facts" aria-label={t('convPage.overview')}>
            <dt>{t('conversation.status')}</dt><dd>{t(`conversation.statuses.${c.status}`, { defaultValue: c.status })}{c.reopenCount > 0 && <> · {t('convPage.reopened', { count: c.reopenCount })}</>}</dd>
            <dt>{t('convPage.channel')}</dt><dd>{channel ? `${channel.name}${channel.type ? ` (${channel.type})` : ''}` : '—'}</dd>
            <dt>{t('convPage.agent')}</dt><dd>{c.agentId ? <Link to={`/agents/${encodeURIComponent(c.agentId)}`}>{agentName ?? t('convPage.openScorecard')}</Link> : t('convPage.unassigned')}</dd>
            <dt>{t('convPage.division')}</dt><dd>{division?.name ?? '—'}</dd>
            <dt>{t('conversation.tags')}</dt><dd>{c.tags.join(', ') || '—'}</dd>
            <dt>{t('conversation.opened')}</dt><dd>{at(c.openedAt)}</dd>
            <dt>{t('convPage.firstCustomerMessage')}</dt><dd>{at(c.firstCustomerMessageAt)}</dd>
            <dt>{t('convPage.firstAgentResponse')}</dt><dd>{at(c.firstAgentResponseAt)}</dd>
            <dt>{t('conversation.resolved')}</dt><dd>{at(c.resolvedAt)}</dd>
          </dl>
        </Card>
        <ConversationTimings c={c} />
      </div>
      <ConversationAnswers responses={c.responses} when={when} />
      <div className="conversation-grid">
        {c.contact ? <ContactCard contact={c.contact} /> : <Card title={t('contactFields.contact')}><p className="muted">—</p></Card>}
        <Tickets conversationId={c.id} />
      </div>
      <ConversationInvitations invitations={c.invitations} skips={c.skips} when={when} reasonText={reasonText} />
      <InboxActions actions={c.actions} autoResolved={c.autoResolved} when={when} />
      <ConversationReviews conversationId={c.id} reviews={c.reviews} when={when} names={userName} />
      <Card title={t('conversation.messages')}>
        <ol className="plain-list">{c.messages.map((m, i) => <li key={i}>{when.format(new Date(m.at))} · {t(`conversation.sender.${m.sender}`)}</li>)}</ol>
      </Card>
    </div>
  );
}
