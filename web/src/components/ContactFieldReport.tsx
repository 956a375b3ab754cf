/**
 * The dashboard's "By contact field" breakdown (GET /api/v1/reports/contact-fields/:key): CSAT, CES
 * and NPS per value of the field the user picks (tier, city), with the dashboard's filters. Hidden
 * while the workspace has no contact fields. Values are masked by the API for masked roles.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../api.js';
import { fieldLabel, type ContactFieldDef } from '../pages/settings/Contacts.js';
import type { FilterValues } from './Filters.js';
import { Card, ErrorNotice, Field, Loading } from './ui.js';

interface Scores {
  csat: { n: number; percent: number | null };
  ces: { n: number; score: number | null };
  nps: { n: number; score: number | null };
}
interface Report { field: { key: string; label: string }; overall: Scores; groups: (Scores & { key: string; label: string })[] }

/** Column heads of a scores table: each score followed by its n (named for screen readers). */
export function ScoreHeaderCells() {
  return (['CSAT', 'CES', 'NPS'] as const).map((s) => [
    <th key={s} scope="col" className="num">{s}</th>,
    <th key={`${s}-n`} scope="col" className="num">n<span className="visually-hidden"> {s}</span></th>,
  ]);
}

export function ContactFieldReport({ filters }: { filters: FilterValues }) {
  const { t, i18n } = useTranslation();
  const fields = useQuery({ queryKey: ['contact-fields'], queryFn: () => api<{ items: ContactFieldDef[] }>('GET', '/api/v1/contact-fields') });
  const shown = (fields.data?.items ?? []).filter((f) => !f.hidden);
  const [chosen, setChosen] = useState('');
  const key = shown.some((f) => f.key === chosen) ? chosen : shown[0]?.key;
  const report = useQuery({
    queryKey: ['contact-field-report', key, filters],
    enabled: !!key,
    queryFn: ({ signal }) => api<Report>('GET', `/api/v1/reports/contact-fields/${encodeURIComponent(key!)}${qs(filters)}`, undefined, {}, signal),
  });
  if (!shown.length) return null;
  const nf = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  const num = (v: number | null) => (v === null ? '—' : nf.format(v));
  const rows = report.data ? [...report.data.groups.map((g) => ({ ...g, total: false })), { ...report.data.overall, key: '\u0000all', label: t('contactInsights.all'), total: true }] : [];
  return (
    <Card title={t('contactInsights.reportTitle')} className="contact-field-report">
      <Field label={t('contactInsights.reportField')}>
        {(a) => (
          <select {...a} value={key} onChange={(e) => setChosen(e.target.value)}>
            {shown.map((f) => <option key={f.id} value={f.key}>{fieldLabel(f, i18n.language)}</option>)}
          </select>
        )}
      </Field>
      <ErrorNotice error={report.error} />
      {!report.data ? (!report.error && <Loading />) : report.data.groups.length === 0 ? <p className="muted">{t('dashboard.noData')}</p> : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('contactInsights.reportCaption', { field: report.data.field.label })}</caption>
            <thead>
              <tr>
                <th scope="col">{report.data.field.label}</th>
                <ScoreHeaderCells />
              </tr>
            </thead>
            <tbody>
              {rows.map((g) => (
                <tr key={g.key} className={g.total ? 'total-row' : undefined}>
                  <th scope="row">{g.label}</th>
                  <td className="num">{g.csat.percent === null ? '—' : `${nf.format(g.csat.percent)}%`}</td>
                  <td className="num">{g.csat.n}</td>
                  <td className="num">{num(g.ces.score)}</td>
                  <td className="num">{g.ces.n}</td>
                  <td className="num">{num(g.nps.score)}</td>
                  <td className="num">{g.nps.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
