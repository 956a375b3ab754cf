/** Timings and SLA compliance as the summary report and the scorecard give them (seconds, shares). */
import { useTranslation } from 'react-i18next';

interface Ci { low: number; high: number }
export interface DurationStats { n: number; meanSeconds: number | null; medianSeconds: number | null; p90Seconds: number | null }
export interface TimingFigures {
  timings: Record<'firstResponse' | 'averageResponse' | 'resolution', { wall: DurationStats; business: DurationStats }>;
  sla: { firstResponse: { n: number; met: number; percent: number | null; ci: Ci | null }; resolution: { n: number; met: number; percent: number | null; ci: Ci | null } };
}

/** A duration for people: seconds, minutes or hours. */
export function duration(s: number | null | undefined): string {
  if (s === null || s === undefined) return '—';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export function percent(v: number | null | undefined, lang: string): string {
  return v === null || v === undefined ? '—' : `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(v)}%`;
}

/** SLA met % with n and interval, for first response and resolution. */
export function SlaSummary({ f }: { f: TimingFigures }) {
  const { t, i18n } = useTranslation();
  const row = (label: string, s: TimingFigures['sla']['firstResponse']) => (
    <div className="sla-item" key={label}>
      <dt>{label}</dt>
      <dd>
        <strong>{percent(s.percent, i18n.language)}</strong> <span className="muted">n = {s.n}{s.ci && ` · ${t('dashboard.ci', { low: percent(s.ci.low, i18n.language), high: percent(s.ci.high, i18n.language) })}`}</span>
      </dd>
    </div>
  );
  return (
    <>
      <dl className="facts">{[row(t('insights.slaFirstResponse'), f.sla.firstResponse), row(t('insights.slaResolution'), f.sla.resolution)]}</dl>
      <p className="hint">{t('insights.slaHint')}</p>
    </>
  );
}

/** Median, p90 and mean of each timing, wall clock and office hours. */
export function TimingsTable({ f }: { f: TimingFigures }) {
  const { t } = useTranslation();
  const metrics = ['firstResponse', 'averageResponse', 'resolution'] as const;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('insights.metric')}</th>
            <th scope="col" className="num">n</th>
            <th scope="col" className="num">{t('insights.median')}</th>
            <th scope="col" className="num">{t('insights.p90')}</th>
            <th scope="col" className="num">{t('insights.mean')}</th>
          </tr>
        </thead>
        <tbody>
          {metrics.flatMap((m) => (['wall', 'business'] as const).map((k) => {
            const s = f.timings[m][k];
            return (
              <tr key={`${m}-${k}`}>
                <th scope="row">{t(`insights.${m}`)} ({t(`insights.${k}`)})</th>
                <td className="num">{s.n}</td>
                <td className="num">{duration(s.medianSeconds)}</td>
                <td className="num">{duration(s.p90Seconds)}</td>
                <td className="num">{duration(s.meanSeconds)}</td>
              </tr>
            );
          }))}
        </tbody>
      </table>
    </div>
  );
}
