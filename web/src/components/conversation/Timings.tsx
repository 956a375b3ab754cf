/** One conversation's timings (wall clock and office hours) and SLA outcomes, as stored when it was folded. */
import { useTranslation } from 'react-i18next';
import { duration } from '../Timings.js';
import { Card } from '../ui.js';

type Metric = 'firstResponse' | 'averageResponse' | 'resolution';
export interface ConversationTimingsView {
  timings: Record<Metric, { wallSeconds: number | null; businessSeconds: number | null }>;
  sla: { firstResponseMet: boolean | null; resolutionMet: boolean | null };
}

const METRICS: Metric[] = ['firstResponse', 'averageResponse', 'resolution'];

export function ConversationTimings({ c }: { c: ConversationTimingsView }) {
  const { t } = useTranslation();
  const sla = (met: boolean | null) => (met === null ? <span className="muted">{t('convPage.slaNone')}</span> : met ? <strong className="ok-text">{t('convPage.slaMet')}</strong> : <strong className="error-text">{t('convPage.slaMissed')}</strong>);
  return (
    <Card title={t('convPage.timings')}>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('insights.metric')}</th>
              <th scope="col" className="num">{t('convPage.wall')}</th>
              <th scope="col" className="num">{t('convPage.business')}</th>
            </tr>
          </thead>
          <tbody>
            {METRICS.map((m) => (
              <tr key={m}>
                <th scope="row">{t(`insights.${m}`)}</th>
                <td className="num">{duration(c.timings[m].wallSeconds)}</td>
                <td className="num">{duration(c.timings[m].businessSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="facts">
        <dt>{t('insights.slaFirstResponse')}</dt><dd data-testid="sla-first-response">{sla(c.sla.firstResponseMet)}</dd>
        <dt>{t('insights.slaResolution')}</dt><dd data-testid="sla-resolution">{sla(c.sla.resolutionMet)}</dd>
      </dl>
      <p className="hint">{t('convPage.timingsHint')}</p>
    </Card>
  );
}
