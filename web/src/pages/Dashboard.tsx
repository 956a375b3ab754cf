/**
 * The dashboard: CSAT, CES and NPS with n, confidence interval and the trend against the previous
 * period; the response funnel; scores over time and the NPS distribution; breakdowns by channel, agent
 * and division. Filters live in the URL, so a view can be shared and survives a reload. Agents see their
 * own scores only (the API scopes them).
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { lazy, Suspense } from 'react';
import { api, qs } from '../api.js';
import { atLeast, useMe } from '../auth.js';
import { Card, Empty, ErrorNotice, Loading, PageHeader } from '../components/ui.js';
import { Filters, useFilters, type FilterValues } from '../components/Filters.js';
import { duration, SlaSummary, TimingsTable, type TimingFigures } from '../components/Timings.js';
import { Link } from 'react-router';
import { ContactFieldReport, ScoreHeaderCells } from '../components/ContactFieldReport.js';

interface Ci { low: number; high: number }
interface Figures extends TimingFigures {
  csat: { n: number; percent: number | null; percentCi: Ci | null; mean: number | null; lowSample: boolean };
  ces: { n: number; score: number | null; scoreCi: Ci | null; mean: number | null; lowSample: boolean };
  nps: { n: number; score: number | null; scoreCi: Ci | null; promoters: number; passives: number; detractors: number; lowSample: boolean };
  invitations: { scheduled: number; sent: number; delivered: number; answered: number; expired: number; cancelled: number; failed: number; reminded: number; answeredAfterReminder: number; skipped?: Record<string, number>; skippedTotal: number; responseRate: { percent: number | null; ci: Ci | null; lowSample: boolean } };
  resolvedConversations: number;
}
interface Report {
  period: { from: string; to: string; timeZone: string };
  reportsRebuilding: boolean;
  overall: Figures;
  groups: (Figures & { key: string; label: string })[];
}

// The charts (recharts: ~300 ms to evaluate on a slow machine) load once the figures are on screen, so
// the score cards and tables never wait for them.
const loadCharts = () => import('./Charts.js');
const NpsChart = lazy(() => loadCharts().then((m) => ({ default: m.NpsChart })));
const TrendChart = lazy(() => loadCharts().then((m) => ({ default: m.TrendChart })));

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The period of the same length just before `period`. */
function previousPeriod(p: { from: string; to: string }) {
  const from = Date.parse(`${p.from}T00:00:00Z`);
  const to = Date.parse(`${p.to}T00:00:00Z`);
  const days = Math.round((to - from) / DAY) + 1;
  return { from: isoDay(from - days * DAY), to: isoDay(from - DAY) };
}

/** Days in the period the filters ask for (30 when open, as the API's default). */
function periodDays(f: FilterValues): number {
  const to = f.to ? Date.parse(`${f.to}T00:00:00Z`) : Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const from = f.from ? Date.parse(`${f.from}T00:00:00Z`) : to - 29 * DAY;
  return Number.isNaN(from) || Number.isNaN(to) ? 30 : Math.round((to - from) / DAY) + 1;
}

// TanStack Query's signal cancels the requests of filters the user has already changed.
const summary = (signal: AbortSignal, f: FilterValues, extra: Record<string, string | undefined> = {}) => api<Report>('GET', `/api/v1/reports/summary${qs({ ...f, ...extra })}`, undefined, {}, signal);

export function Dashboard() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [filters] = useFilters();
  // All requests start at once: the grain follows the period asked for (the API's default is 30 days),
  // and the by-channel report also carries the overall figures (channels partition the facts).
  const days = periodDays(filters);
  const grain = days > 120 ? 'month' : days > 45 ? 'week' : 'day';
  const breakdowns: ('channel' | 'agent' | 'division' | 'tag')[] = atLeast(me, 'supervisor') ? ['channel', 'agent', 'division', 'tag'] : ['channel', 'tag'];
  const [overTime, ...byDimension] = useQueries({
    queries: [grain, ...breakdowns].map((g) => ({ queryKey: ['summary', filters, g], queryFn: ({ signal }) => summary(signal, filters, { groupBy: g }) })),
  });
  const current = byDimension[0]!;
  const period = current.data?.period;
  const prev = useQuery({ queryKey: ['summary', filters, 'previous', period], enabled: !!period, queryFn: ({ signal }) => summary(signal, filters, previousPeriod(period!)) });

  const nf = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${nf.format(v)}%`);
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : nf.format(v));

  const title = me?.role === 'agent' ? t('dashboard.myTitle') : t('dashboard.title');
  if (current.error) return <><PageHeader title={title} /><ErrorNotice error={current.error} /></>;
  const o = current.data?.overall;
  const p = prev.data?.overall;
  /** The change against the previous period; a survey type the filter leaves out has nothing to compare. */
  const compare = (now: number | null | undefined, before: number | null | undefined, type?: string): Compare =>
    type && filters.type && filters.type !== type ? { kind: 'filtered' } : now === null || now === undefined ? { kind: 'none' } : before === null || before === undefined ? { kind: 'noPrevious' } : { kind: 'delta', delta: now - before };

  return (
    <div className="dashboard">
      <PageHeader title={title}>
        {me?.role === 'agent' && <Link className="button" to={`/agents/${me.id}`}>{t('insights.openScorecard')}</Link>}
        <a className="button" href={`/api/v1/reports/summary${qs({ ...filters, groupBy: breakdowns[0], format: 'csv' })}`} download>{t('insights.exportCsv')}</a>
        <a className="button" href={`/api/v1/reports/summary${qs({ ...filters, groupBy: breakdowns[0], format: 'xlsx' })}`} download>{t('insights.exportXlsx')}</a>
      </PageHeader>
      <Filters period={current.data?.period} />
      {!o ? (
        <Loading />
      ) : o.csat.n + o.ces.n + o.nps.n === 0 && o.invitations.scheduled + o.invitations.sent + o.invitations.delivered === 0 ? (
        <Empty title={t('dashboard.emptyTitle')}>
          <p>{t('dashboard.emptyBody')}</p>
        </Empty>
      ) : (
        <>
          <p className="muted period">{t('dashboard.period', { from: current.data!.period.from, to: current.data!.period.to, tz: current.data!.period.timeZone })}</p>
          {current.data!.reportsRebuilding && <div className="notice notice-info" role="status">{t('dashboard.rebuilding')}</div>}
          <div className="score-cards">
            <ScoreCard label="CSAT" value={pct(o.csat.percent)} n={o.csat.n} ci={o.csat.percentCi} lowSample={o.csat.lowSample} compare={compare(o.csat.percent, p?.csat.percent, 'csat')} unit="pp" hint={t('dashboard.csatHint')} format={num} />
            <ScoreCard label="CES" value={num(o.ces.score)} n={o.ces.n} ci={o.ces.scoreCi} lowSample={o.ces.lowSample} compare={compare(o.ces.score, p?.ces.score, 'ces')} hint={t('dashboard.cesHint')} format={num} />
            <ScoreCard label="NPS" value={num(o.nps.score)} n={o.nps.n} ci={o.nps.scoreCi} lowSample={o.nps.lowSample} compare={compare(o.nps.score, p?.nps.score, 'nps')} hint={t('dashboard.npsHint')} format={num} />
            <ScoreCard label={t('dashboard.responseRate')} value={pct(o.invitations.responseRate.percent)} n={o.invitations.sent} ci={o.invitations.responseRate.ci} lowSample={o.invitations.responseRate.lowSample} compare={compare(o.invitations.responseRate.percent, p?.invitations.responseRate.percent)} unit="pp" hint={t('dashboard.responseRateHint')} format={num} nLabel={t('dashboard.sent')} />
          </div>
          <div className="dashboard-grid">
            <Card title={t('dashboard.funnel')}>
              <Funnel f={o} />
            </Card>
            <Card title={t('dashboard.npsDistribution')}>
              {o.nps.n ? (
                <figure className="chart">
                  <Suspense fallback={<div className="chart-placeholder" style={{ height: 200 }} />}>
                    <NpsChart labels={[t('dashboard.detractors'), t('dashboard.passives'), t('dashboard.promoters')]} values={[o.nps.detractors, o.nps.passives, o.nps.promoters]} />
                  </Suspense>
                  <figcaption className="muted">{t('dashboard.npsCaption', { promoters: o.nps.promoters, passives: o.nps.passives, detractors: o.nps.detractors })}</figcaption>
                </figure>
              ) : <p className="muted">{t('dashboard.noNps')}</p>}
            </Card>
          </div>
          <div className="dashboard-grid">
            <Card title={t('insights.sla')}>
              <SlaSummary f={o} />
            </Card>
            <Card title={t('insights.timings')}>
              <TimingsTable f={o} />
            </Card>
          </div>
          <Card title={t('dashboard.overTime')}>
            {overTime?.data ? (
              overTime.data.groups.length ? (
                <figure className="chart">
                  <Suspense fallback={<div className="chart-placeholder" style={{ height: 260 }} />}>
                    <TrendChart points={overTime.data.groups.map((g) => ({ label: g.label, csat: g.csat.percent, nps: g.nps.score, ces: g.ces.score }))} />
                  </Suspense>
                  <figcaption className="muted">{t('dashboard.overTimeCaption', { grain: t(`dashboard.grain.${grain}`) })}</figcaption>
                </figure>
              ) : <p className="muted">{t('dashboard.noData')}</p>
            ) : <Loading />}
          </Card>
          {breakdowns.map((b, i) => (
            <Card key={b} title={t(`dashboard.by.${b}`)}>
              {byDimension[i]?.data ? <Breakdown groups={byDimension[i]!.data!.groups} pct={pct} num={num} agents={b === 'agent'} /> : <Loading />}
            </Card>
          ))}
          <ContactFieldReport filters={filters} />
        </>
      )}
    </div>
  );
}

/** A score against the previous period: a change, no figure then, no figure now (nothing said), or filtered out. */
type Compare = { kind: 'delta'; delta: number } | { kind: 'noPrevious' } | { kind: 'none' } | { kind: 'filtered' };

function ScoreCard(p: { label: string; value: string; n: number; ci: Ci | null; lowSample: boolean; compare: Compare; unit?: string; hint: string; format: (v: number) => string; nLabel?: string }) {
  const { t } = useTranslation();
  const c = p.compare;
  const d = c.kind === 'delta' ? c.delta : null;
  return (
    <section className="score-card" aria-label={p.label}>
      <h2>{p.label}</h2>
      <p className="score-value">{p.value}</p>
      <p className={`score-delta ${d === null ? '' : d > 0 ? 'up' : d < 0 ? 'down' : ''}`}>
        {d !== null ? t('dashboard.vsPrevious', { delta: `${d > 0 ? '+' : ''}${p.format(d)}${p.unit ? ` ${p.unit}` : ''}` }) : c.kind === 'noPrevious' ? t('dashboard.noPrevious') : c.kind === 'filtered' ? t('dashboard.filteredOut') : null}
      </p>
      <p className="score-meta">
        {p.nLabel ?? 'n'} = {p.n}
        {p.ci ? <> · {t('dashboard.ci', { low: p.format(p.ci.low), high: p.format(p.ci.high) })}</> : p.n > 0 && <> · {t('dashboard.noCi')}</>}
      </p>
      {p.lowSample && p.n > 0 && <p className="badge">{t('dashboard.lowSample')}</p>}
      <p className="hint">{p.hint}</p>
    </section>
  );
}

function Funnel({ f }: { f: Figures }) {
  const { t } = useTranslation();
  const i = f.invitations;
  // Each stage counts the surveys that reached it in the period.
  const steps: [string, number][] = [
    [t('dashboard.resolved'), f.resolvedConversations],
    [t('dashboard.scheduled'), i.scheduled],
    [t('dashboard.sent'), i.sent],
    [t('dashboard.delivered'), i.delivered],
    [t('dashboard.answered'), i.answered],
  ];
  const max = Math.max(1, ...steps.map(([, v]) => v));
  return (
    <>
      <ol className="funnel">
        {steps.map(([label, v]) => (
          <li key={label}>
            <span className="funnel-label">{label}</span>
            <span className="funnel-bar" style={{ width: `${Math.max(2, (v / max) * 100)}%` }} aria-hidden="true" />
            <span className="funnel-value">{v}</span>
          </li>
        ))}
      </ol>
      {i.reminded > 0 && <p className="muted">{t('dashboard.funnelReminders', { reminded: i.reminded, answered: i.answeredAfterReminder })}</p>}
      <p className="muted">{t('dashboard.funnelOther', { expired: i.expired, cancelled: i.cancelled, failed: i.failed, skipped: i.skippedTotal })}</p>
      {i.skippedTotal > 0 && (
        <ul className="plain-list muted skip-reasons" aria-label={t('settingsMore.skippedBy')}>
          {Object.entries(i.skipped ?? {}).sort((a, b) => b[1] - a[1]).map(([reason, n]) => (
            <li key={reason}>{t(`conversation.skipReasons.${reason}`, { defaultValue: reason.replace(/_/g, ' ') })}: {n}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function Breakdown({ groups, pct, num, agents }: { groups: Report['groups']; pct: (v: number | null) => string; num: (v: number | null) => string; agents: boolean }) {
  const { t } = useTranslation();
  if (!groups.length) return <p className="muted">{t('dashboard.noData')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.name')}</th>
            <ScoreHeaderCells />
            <th scope="col" className="num">{t('dashboard.responseRate')}</th>
            <th scope="col" className="num">{t('dashboard.frtMedian')}</th>
            <th scope="col" className="num">{t('insights.resolutionMedianBusiness')}</th>
            <th scope="col" className="num">{t('insights.slaFirstResponse')}</th>
            <th scope="col" className="num">{t('insights.slaResolution')}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.key}>
              <th scope="row">{agents && /^[0-9a-f-]{36}$/.test(g.key) && g.key !== '00000000-0000-0000-0000-000000000000' ? <Link to={`/agents/${g.key}`}>{g.label}</Link> : g.label}</th>
              <td className="num">{pct(g.csat.percent)}</td>
              <td className="num">{g.csat.n}</td>
              <td className="num">{num(g.ces.score)}</td>
              <td className="num">{g.ces.n}</td>
              <td className="num">{num(g.nps.score)}</td>
              <td className="num">{g.nps.n}</td>
              <td className="num">{pct(g.invitations.responseRate.percent)}</td>
              <td className="num">{duration(g.timings.firstResponse.business.medianSeconds)}</td>
              <td className="num">{duration(g.timings.resolution.business.medianSeconds)}</td>
              <td className="num">{pct(g.sla.firstResponse.percent)}</td>
              <td className="num">{pct(g.sla.resolution.percent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
