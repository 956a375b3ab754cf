/**
 * Broadcasts (relationship surveys): the list with progress, a wizard (audience → survey & channel →
 * schedule → confirm, with the API's preview counts and a CSV's row report), and a broadcast's report.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.js';
import { Card, Empty, ErrorNotice, Field, Loading, PageHeader } from '../components/ui.js';
import { formatInZone, zonedToIso } from '../zoned.js';
import { useWorkspaceZone } from '../workspace-zone.js';

interface Report {
  recipients: number; waiting: number; queued: number; sent: number; delivered: number; failed: number; answered: number;
  skipped: Record<string, number>; skippedTotal: number; responseRate: { percent: number | null };
  nps?: { n: number; score: number | null }; csat?: { n: number; percent: number | null }; ces?: { n: number };
}
interface Broadcast { id: string; name: string; channelId: string; surveyType: string; startAt: string; status: string; perMinute: number | null; report: Report }
interface Preview { recipients: number; optedOut: number; inCooldown: number; noAddress: number; toSend: number; perMinute: number; problems: { row: number; column: string | null; message: string }[]; rowsRead: number | null }
interface Channel { id: string; name: string; type: string }
interface ContactField { key: string; hidden: boolean }

const STEPS = ['audience', 'survey', 'schedule', 'confirm'] as const;
type Step = (typeof STEPS)[number];

function Wizard({ onDone }: { onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const channels = useQuery({ queryKey: ['channels'], queryFn: () => api<{ items: Channel[] }>('GET', '/api/v1/channels') });
  const fields = useQuery({ queryKey: ['contact-fields'], queryFn: () => api<{ items: ContactField[] }>('GET', '/api/v1/contact-fields') });
  const [step, setStep] = useState<Step>('audience');
  const [f, setF] = useState({ name: '', kind: 'filter' as 'filter' | 'csv', field: '', values: '', csv: '', channelId: '', surveyType: 'nps', startAt: '', perMinute: '' });
  const set = (p: Partial<typeof f>) => setF({ ...f, ...p });
  const usable = (channels.data?.items ?? []).filter((c) => ['whatsapp', 'telegram', 'email'].includes(c.type));
  const zone = useWorkspaceZone();
  const body = () => ({
    name: f.name.trim() || t('broadcasts.untitled'), channelId: f.channelId || usable[0]?.id || '', surveyType: f.surveyType,
    audience: f.kind === 'csv' ? { kind: 'csv', csv: f.csv } : { kind: 'filter', filter: { rules: f.field ? [{ field: f.field, values: f.values.split(',').map((v) => v.trim()).filter(Boolean) }] : [] } },
    ...(f.startAt && { startAt: zonedToIso(f.startAt, zone) }),
    ...(f.perMinute && { perMinute: Number(f.perMinute) }),
  });
  const preview = useMutation({ mutationFn: () => api<Preview>('POST', '/api/v1/broadcasts/preview', body()) });
  const create = useMutation({ mutationFn: () => api<Broadcast>('POST', '/api/v1/broadcasts', body()), onSuccess: (b) => onDone(b.id) });
  const go = (s: Step) => {
    setStep(s);
    if (s === 'confirm') preview.mutate();
  };
  const err = (preview.error ?? create.error) instanceof ApiError ? ((preview.error ?? create.error) as ApiError) : null;
  const readFile = async (file: File | undefined) => file && set({ csv: await file.text() });
  const at = STEPS.indexOf(step);
  return (
    <Card title={t('broadcasts.new')}>
      <ol className="wizard-steps" aria-label={t('broadcasts.steps')}>
        {STEPS.map((s, i) => <li key={s} aria-current={s === step ? 'step' : undefined}>{i + 1}. {t(`broadcasts.step.${s}`)}</li>)}
      </ol>
      <form onSubmit={(e) => { e.preventDefault(); if (step === 'confirm') create.mutate(); else go(STEPS[at + 1]!); }}>
        {step === 'audience' && (
          <fieldset>
            <legend>{t('broadcasts.step.audience')}</legend>
            <Field label={t('broadcasts.name')}>{(a) => <input {...a} value={f.name} onChange={(e) => set({ name: e.target.value })} />}</Field>
            <Field label={t('broadcasts.audienceKind')}>
              {(a) => (
                <select {...a} value={f.kind} onChange={(e) => set({ kind: e.target.value as 'filter' | 'csv' })}>
                  <option value="filter">{t('broadcasts.kindFilter')}</option>
                  <option value="csv">{t('broadcasts.kindCsv')}</option>
                </select>
              )}
            </Field>
            {f.kind === 'filter' ? (
              <>
                <Field label={t('broadcasts.field')} hint={t('broadcasts.fieldHint')}>
                  {(a) => (
                    <select {...a} value={f.field} onChange={(e) => set({ field: e.target.value })}>
                      <option value="">{t('broadcasts.allContacts')}</option>
                      {(fields.data?.items ?? []).filter((x) => !x.hidden).map((x) => <option key={x.key} value={x.key}>{x.key}</option>)}
                    </select>
                  )}
                </Field>
                {f.field && <Field label={t('broadcasts.values')} hint={t('broadcasts.valuesHint')}>{(a) => <input {...a} value={f.values} onChange={(e) => set({ values: e.target.value })} />}</Field>}
              </>
            ) : (
              <>
                <Field label={t('broadcasts.csvFile')} hint={t('broadcasts.csvHint')}>{(a) => <input {...a} type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e.target.files?.[0])} />}</Field>
                <Field label={t('broadcasts.csvText')}>{(a) => <textarea {...a} rows={6} value={f.csv} onChange={(e) => set({ csv: e.target.value })} />}</Field>
              </>
            )}
          </fieldset>
        )}
        {step === 'survey' && (
          <fieldset>
            <legend>{t('broadcasts.step.survey')}</legend>
            <Field label={t('broadcasts.surveyType')} hint={t('broadcasts.surveyTypeHint')}>
              {(a) => (
                <select {...a} value={f.surveyType} onChange={(e) => set({ surveyType: e.target.value })}>
                  {['nps', 'csat', 'ces'].map((s) => <option key={s} value={s}>{s.toUpperCase()}</option>)}
                </select>
              )}
            </Field>
            <Field label={t('broadcasts.channel')} hint={t('broadcasts.channelHint')}>
              {(a) => (
                <select {...a} value={f.channelId || usable[0]?.id || ''} onChange={(e) => set({ channelId: e.target.value })}>
                  {usable.map((c) => <option key={c.id} value={c.id}>{c.name} ({c.type})</option>)}
                </select>
              )}
            </Field>
          </fieldset>
        )}
        {step === 'schedule' && (
          <fieldset>
            <legend>{t('broadcasts.step.schedule')}</legend>
            <Field label={t('broadcasts.startAt')} hint={t('broadcasts.startAtHint', { zone })}>{(a) => <input {...a} type="datetime-local" value={f.startAt} onChange={(e) => set({ startAt: e.target.value })} />}</Field>
            <Field label={t('broadcasts.perMinute')} hint={t('broadcasts.perMinuteHint')}>{(a) => <input {...a} type="number" min={1} max={6000} value={f.perMinute} onChange={(e) => set({ perMinute: e.target.value })} />}</Field>
          </fieldset>
        )}
        {step === 'confirm' && (
          <div>
            {preview.isPending && <Loading />}
            {preview.data && (
              <>
                <p role="status">{t('broadcasts.previewLine', { ...preview.data, count: preview.data.recipients })}</p>
                {preview.data.problems.length > 0 && (
                  <table>
                    <caption>{t('broadcasts.problems', { count: preview.data.problems.length })}</caption>
                    <thead><tr><th scope="col">{t('broadcasts.row')}</th><th scope="col">{t('broadcasts.column')}</th><th scope="col">{t('broadcasts.problem')}</th></tr></thead>
                    <tbody>{preview.data.problems.map((p, i) => <tr key={i}><td>{p.row}</td><td>{p.column ?? '—'}</td><td>{p.message}</td></tr>)}</tbody>
                  </table>
                )}
              </>
            )}
          </div>
        )}
        {err && <ErrorNotice error={err} />}
        <div className="actions">
          {at > 0 && <button type="button" className="button" onClick={() => setStep(STEPS[at - 1]!)}>{t('broadcasts.back')}</button>}
          <button type="submit" className="button primary" disabled={create.isPending || (step === 'confirm' && (!preview.data || preview.data.problems.length > 0))}>
            {step === 'confirm' ? t('broadcasts.send') : t('broadcasts.next')}
          </button>
        </div>
      </form>
    </Card>
  );
}

function ReportCard({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const zone = useWorkspaceZone();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['broadcast', id], queryFn: () => api<Broadcast>('GET', `/api/v1/broadcasts/${id}`), refetchInterval: (query) => (['done', 'cancelled'].includes(query.state.data?.status ?? '') ? false : 2000) });
  const cancel = useMutation({ mutationFn: () => api<Broadcast>('POST', `/api/v1/broadcasts/${id}/cancel`), onSuccess: () => qc.invalidateQueries({ queryKey: ['broadcast'] }) });
  if (!q.data) return <><ErrorNotice error={q.error} />{!q.error && <Loading />}</>;
  const b = q.data;
  const r = b.report;
  const score = r.nps ? `NPS ${r.nps.score?.toFixed(1) ?? '—'} (n = ${r.nps.n})` : r.csat ? `CSAT ${r.csat.percent?.toFixed(1) ?? '—'} % (n = ${r.csat.n})` : `CES (n = ${r.ces?.n ?? 0})`;
  return (
    <Card title={t('broadcasts.reportOf', { name: b.name })} actions={['scheduled', 'running'].includes(b.status) && <button type="button" className="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>{t('broadcasts.cancel')}</button>}>
      <dl className="stats">
        {(['recipients', 'waiting', 'queued', 'sent', 'delivered', 'failed', 'answered'] as const).map((k) => <div key={k}><dt>{t(`broadcasts.stat.${k}`)}</dt><dd>{r[k]}</dd></div>)}
        <div><dt>{t('broadcasts.stat.responseRate')}</dt><dd>{r.responseRate.percent === null ? '—' : `${r.responseRate.percent.toFixed(1)} %`}</dd></div>
        <div><dt>{t('broadcasts.stat.score')}</dt><dd>{score}</dd></div>
      </dl>
      <p>{t('broadcasts.status', { status: t(`broadcasts.statuses.${b.status}`) })} {t('broadcasts.startsAt', { when: formatInZone(b.startAt, zone, i18n.language), zone })}</p>
      {r.skippedTotal > 0 && <ul aria-label={t('broadcasts.skipped')}>{Object.entries(r.skipped).map(([k, n]) => <li key={k}>{t(`broadcasts.skip.${k}`, { defaultValue: k })}: {n}</li>)}</ul>}
      <ErrorNotice error={cancel.error} />
    </Card>
  );
}

export function BroadcastsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['broadcasts'], queryFn: () => api<{ items: Broadcast[] }>('GET', '/api/v1/broadcasts') });
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div>
      <PageHeader title={t('broadcasts.title')}>
        {!creating && <button type="button" className="button primary" onClick={() => setCreating(true)}>{t('broadcasts.new')}</button>}
      </PageHeader>
      <p className="lead">{t('broadcasts.lead')}</p>
      {creating && <Wizard onDone={(id) => { setCreating(false); setOpen(id); void qc.invalidateQueries({ queryKey: ['broadcasts'] }); }} />}
      {open && <ReportCard id={open} />}
      <ErrorNotice error={list.error} />
      {list.isPending && <Loading />}
      {list.data && (list.data.items.length === 0 ? <Empty title={t('broadcasts.none')} /> : (
        <table>
          <caption className="visually-hidden">{t('broadcasts.title')}</caption>
          <thead><tr><th scope="col">{t('broadcasts.name')}</th><th scope="col">{t('broadcasts.statusCol')}</th><th scope="col">{t('broadcasts.progress')}</th><th scope="col">{t('broadcasts.stat.answered')}</th><th scope="col"><span className="visually-hidden">{t('broadcasts.open')}</span></th></tr></thead>
          <tbody>
            {list.data.items.map((b) => (
              <tr key={b.id}>
                <td>{b.name}</td>
                <td>{t(`broadcasts.statuses.${b.status}`)}</td>
                <td>{t('broadcasts.progressLine', { sent: b.report.sent, total: b.report.recipients - b.report.skippedTotal })}</td>
                <td>{b.report.answered}</td>
                <td><button type="button" className="button-quiet" onClick={() => setOpen(b.id)}>{t('broadcasts.openNamed', { name: b.name })}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}
