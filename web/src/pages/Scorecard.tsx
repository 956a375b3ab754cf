/**
 * One agent's scorecard: CSAT, CES and NPS with n and interval, response rate, SLA, timings, recent
 * answers and quality reviews (GET /api/v1/agents/:id/scorecard). Agents can open only their own
 * (the API answers 404 for anyone else's).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, qs } from '../api.js';
import { Card, ErrorNotice, Loading, PageHeader } from '../components/ui.js';
import { useFilters } from '../components/Filters.js';
import { percent, SlaSummary, TimingsTable, type TimingFigures } from '../components/Timings.js';

interface Ci { low: number; high: number }
interface Score { n: number; ci: Ci | null; value: number | null }
interface Scorecard {
  agent: { id: string; name: string };
  period: { from: string; to: string; timeZone: string };
  figures: TimingFigures & {
    csat: { n: number; percent: number | null; percentCi: Ci | null };
    ces: { n: number; score: number | null; scoreCi: Ci | null };
    nps: { n: number; score: number | null; scoreCi: Ci | null };
    invitations: { sent: number; responseRate: { percent: number | null; ci: Ci | null } };
  };
  reviews: { n: number; averageScore: number | null; latest: { id: string; conversationId: string; score: number; comment: string | null; createdAt: string }[] };
}
interface Answer { id: string; surveyType: string; score: number; scale: { max: number }; followUpText: string | null; answeredAt: string; conversation: { id: string } }

export function ScorecardPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const [filters] = useFilters();
  const period = { from: filters.from, to: filters.to };
  const card = useQuery({ queryKey: ['scorecard', id, period], queryFn: ({ signal }) => api<Scorecard>('GET', `/api/v1/agents/${encodeURIComponent(id)}/scorecard${qs(period)}`, undefined, {}, signal) });
  const answers = useQuery({ queryKey: ['responses', 'agent', id], queryFn: ({ signal }) => api<{ items: Answer[] }>('GET', `/api/v1/responses${qs({ agentId: id, limit: 10 })}`, undefined, {}, signal) });
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const nf = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  if (card.error) return <><PageHeader title={t('insights.scorecard', { name: '' })} /><ErrorNotice error={card.error} /></>;
  if (!card.data) return <Loading />;
  const { agent, figures: f, reviews } = card.data;
  const score = (label: string, s: Score, pct: boolean) => (
    <section className="score-card" aria-label={label} key={label}>
      <h2>{label}</h2>
      <p className="score-value">{pct ? percent(s.value, i18n.language) : s.value === null ? '—' : nf.format(s.value)}</p>
      <p className="score-meta">n = {s.n}{s.ci && <> · {t('dashboard.ci', { low: nf.format(s.ci.low), high: nf.format(s.ci.high) })}</>}</p>
    </section>
  );
  return (
    <div>
      <PageHeader title={t('insights.scorecard', { name: agent.name })} />
      <p className="muted period">{t('dashboard.period', { from: card.data.period.from, to: card.data.period.to, tz: card.data.period.timeZone })}</p>
      <div className="score-cards">
        {score('CSAT', { n: f.csat.n, value: f.csat.percent, ci: f.csat.percentCi }, true)}
        {score('CES', { n: f.ces.n, value: f.ces.score, ci: f.ces.scoreCi }, false)}
        {score('NPS', { n: f.nps.n, value: f.nps.score, ci: f.nps.scoreCi }, false)}
        {score(t('dashboard.responseRate'), { n: f.invitations.sent, value: f.invitations.responseRate.percent, ci: f.invitations.responseRate.ci }, true)}
      </div>
      <div className="dashboard-grid">
        <Card title={t('insights.sla')}><SlaSummary f={f} /></Card>
        <Card title={t('insights.timings')}><TimingsTable f={f} /></Card>
      </div>
      <Card title={t('insights.reviews')}>
        {reviews.n ? <p>{t('insights.reviewAverage', { score: nf.format(reviews.averageScore ?? 0), n: reviews.n })}</p> : <p className="muted">{t('insights.noReviews')}</p>}
        <ul className="plain-list">
          {reviews.latest.map((r) => <li key={r.id}><Link to={`/conversations/${encodeURIComponent(r.conversationId)}`}>{r.conversationId}</Link> · {t('insights.reviewScore', { score: nf.format(r.score) })} · {when.format(new Date(r.createdAt))}{r.comment && <> · <span className="muted">{r.comment}</span></>}</li>)}
        </ul>
      </Card>
      <Card title={t('insights.recentResponses')}>
        {answers.error ? <ErrorNotice error={answers.error} /> : !answers.data ? <Loading /> : answers.data.items.length ? (
          <ul className="plain-list">
            {answers.data.items.map((a) => <li key={a.id}><Link to={`/conversations/${encodeURIComponent(a.conversation.id)}`}>{a.conversation.id}</Link> · {a.surveyType.toUpperCase()} {a.score}/{a.scale.max} · {when.format(new Date(a.answeredAt))}{a.followUpText && <> · <span className="muted">{a.followUpText}</span></>}</li>)}
          </ul>
        ) : <p className="muted">{t('insights.noResponses')}</p>}
      </Card>
    </div>
  );
}
