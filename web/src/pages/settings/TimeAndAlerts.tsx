/** Office hours and SLA (with the workspace time zone), and alert rules. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api.js';
import { ResourcePage, type FormErrors } from '../../components/ResourcePage.js';
import { canonicalTimeZone, isTime, TimeInput, TimeZoneInput } from '../../components/TimeInputs.js';
import { Card, Field, PageHeader, Switch } from '../../components/ui.js';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];
interface Opening { start: string; end: string }
interface Named { id: string; name: string }

/** "09:00–12:00, 13:00–17:00", for the table. */
const showOpenings = (o: Opening[]) => o.map((x) => `${x.start}–${x.end}`).join(', ');

/** One day's opening hours: any number of ranges (a lunch break is two), none means closed. */
function DayHours({ day, label, openings, onChange, error }: { day: Weekday; label: string; openings: Opening[]; onChange: (o: Opening[]) => void; error?: string }) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<Opening>) => onChange(openings.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  return (
    <div className={`day-hours${error ? ' has-error' : ''}`} role="group" aria-labelledby={`day-${day}`}>
      <span id={`day-${day}`} className="day-name">{label}</span>
      <div className="day-ranges">
        {openings.length === 0 && <span className="muted">{t('time.closed')}</span>}
        {openings.map((o, i) => (
          <span key={i} className="day-range">
            <TimeInput label={t('time.opensAt', { day: label })} value={o.start} invalid={!!error && !isTime(o.start)} onChange={(start) => set(i, { start })} />
            <span aria-hidden="true">–</span>
            <TimeInput label={t('time.closesAt', { day: label })} value={o.end} invalid={!!error && !isTime(o.end)} onChange={(end) => set(i, { end })} />
            <button type="button" className="button-quiet" aria-label={t('time.removeRange', { day: label })} onClick={() => onChange(openings.filter((_, j) => j !== i))}>×</button>
          </span>
        ))}
        <button type="button" className="button-quiet" onClick={() => onChange([...openings, openings.length ? { start: '13:00', end: '17:00' } : { start: '09:00', end: '17:00' }])}>
          {openings.length ? t('time.addRange') : t('time.open')}
        </button>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
    </div>
  );
}

function useDivisions() {
  return useQuery({ queryKey: ['divisions'], queryFn: () => api<{ items: Named[] }>('GET', '/api/v1/divisions') });
}

function WorkspaceZone() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const ws = useQuery({ queryKey: ['workspace'], queryFn: () => api<{ name: string; timeZone: string; reportsRebuilding: boolean }>('GET', '/api/v1/workspace') });
  const [zone, setZone] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (ws.data) setZone(ws.data.timeZone);
  }, [ws.data]);
  return (
    <Card title={t('time.workspace')}>
      <form className="inline-form" noValidate onSubmit={async (e) => {
        e.preventDefault();
        const timeZone = canonicalTimeZone(zone);
        if (!timeZone) return setMessage({ ok: false, text: t('time.unknownZone') });
        try {
          const saved = await api<{ reportsRebuilding: boolean }>('PATCH', '/api/v1/workspace', { timeZone });
          await client.invalidateQueries({ queryKey: ['workspace'] });
          await client.invalidateQueries({ queryKey: ['summary'] });
          setMessage({ ok: true, text: saved.reportsRebuilding ? t('time.rebuilding') : t('common.saved') });
        } catch (err) {
          setMessage({ ok: false, text: err instanceof ApiError ? err.details[0]?.message ?? err.message : t('common.unexpectedError') });
        }
      }}>
        <Field label={t('time.timeZone')} hint={t('time.timeZoneHint')} error={message && !message.ok ? message.text : undefined}>
          {(a) => <TimeZoneInput a11y={a} value={zone} onChange={(v) => { setZone(v); setMessage(null); }} />}
        </Field>
        <button type="submit" className="button">{t('common.save')}</button>
        {message?.ok && <span role="status" className="ok-text">{message.text}</span>}
      </form>
    </Card>
  );
}

export function OfficeHoursPage() {
  const { t } = useTranslation();
  const divisions = useDivisions();
  const scope = (id: string | null) => (id ? divisions.data?.items.find((d) => d.id === id)?.name ?? '?' : t('time.workspaceDefault'));
  const divisionSelect = (value: string, set: (v: string) => void, error?: string) => (
    <Field label={t('time.scope')} error={error}>
      {(a) => (
        <select {...a} value={value} onChange={(e) => set(e.target.value)}>
          <option value="">{t('time.workspaceDefault')}</option>
          {(divisions.data?.items ?? []).map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </select>
      )}
    </Field>
  );
  type OH = { id: string; divisionId: string | null; timeZone: string; weekly: Record<Weekday, Opening[]>; holidays: string[] };
  type OHF = { divisionId: string; timeZone: string; weekly: Record<Weekday, Opening[]>; holidays: string };
  type Sla = { id: string; divisionId: string | null; name: string; firstResponseMinutes: number | null; resolutionMinutes: number | null; businessHours: boolean };
  type SlaF = { divisionId: string; name: string; firstResponseMinutes: string; resolutionMinutes: string; businessHours: boolean };
  const minutes = (v: string) => (v.trim() === '' ? null : Number(v));
  return (
    <div className="stack">
      <PageHeader title={t('nav.officeHours')} />
      <WorkspaceZone />
      <ResourcePage<OH, OHF>
        title={t('time.officeHours')}
        lead={t('time.officeHoursLead')}
        endpoint="/api/v1/office-hours"
        noun={t('time.officeHoursNoun')}
        editMethod="PUT"
        headingLevel={2}
        itemName={(o) => scope(o.divisionId)}
        columns={[
          { header: t('time.scope'), cell: (o) => scope(o.divisionId) },
          { header: t('time.timeZone'), cell: (o) => o.timeZone },
          { header: t('time.week'), cell: (o) => WEEKDAYS.map((d) => `${t(`time.days.${d}`)} ${showOpenings(o.weekly[d]) || t('time.closed')}`).join(' · ') },
          { header: t('time.holidays'), cell: (o) => o.holidays.length },
        ]}
        empty={() => {
          const day = () => [{ start: '09:00', end: '17:00' }];
          return { divisionId: '', timeZone: 'Asia/Jakarta', weekly: { mon: day(), tue: day(), wed: day(), thu: day(), fri: day(), sat: [], sun: [] }, holidays: '' };
        }}
        toForm={(o) => ({ divisionId: o.divisionId ?? '', timeZone: o.timeZone, weekly: o.weekly, holidays: o.holidays.join('\n') })}
        form={(f, set, e, isNew) => (
          <>
            {isNew && divisionSelect(f.divisionId, (divisionId) => set({ divisionId }), e.divisionId)}
            <Field label={t('time.timeZone')} hint={t('time.timeZoneSearch')} error={e.timeZone}>{(a) => <TimeZoneInput a11y={a} value={f.timeZone} onChange={(timeZone) => set({ timeZone })} />}</Field>
            <fieldset className="week">
              <legend>{t('time.openings')}</legend>
              <p className="hint">{t('time.openingsHint')}</p>
              {WEEKDAYS.map((d) => (
                <DayHours key={d} day={d} label={t(`time.days.${d}`)} openings={f.weekly[d]} onChange={(o) => set({ weekly: { ...f.weekly, [d]: o } })}
                  error={Object.entries(e).find(([p]) => p.startsWith(`weekly.${d}`))?.[1]} />
              ))}
            </fieldset>
            <Field label={t('time.holidays')} hint={t('time.holidaysHint')} error={Object.entries(e).find(([p]) => p.startsWith('holidays'))?.[1]}>
              {(a) => <textarea {...a} rows={3} value={f.holidays} onChange={(x) => set({ holidays: x.target.value })} />}
            </Field>
          </>
        )}
        validate={(f) => {
          const e: FormErrors = {};
          if (!canonicalTimeZone(f.timeZone)) e.timeZone = t('time.unknownZone');
          for (const d of WEEKDAYS) {
            const bad = f.weekly[d].findIndex((o) => !isTime(o.start) || !isTime(o.end));
            if (bad >= 0) e[`weekly.${d}.${bad}`] = t('time.badTime');
          }
          return e;
        }}
        toBody={(f, isNew) => ({
          ...(isNew && f.divisionId && { divisionId: f.divisionId }),
          timeZone: canonicalTimeZone(f.timeZone) ?? f.timeZone,
          weekly: f.weekly,
          holidays: f.holidays.split(/[\s,]+/).filter(Boolean),
        })}
      />
      <ResourcePage<Sla, SlaF>
        title={t('time.sla')}
        lead={t('time.slaLead')}
        endpoint="/api/v1/sla-policies"
        noun={t('time.slaNoun')}
        editMethod="PUT"
        headingLevel={2}
        itemName={(s) => s.name}
        columns={[
          { header: t('time.slaName'), cell: (s) => s.name },
          { header: t('time.scope'), cell: (s) => scope(s.divisionId) },
          { header: t('time.firstResponse'), cell: (s) => (s.firstResponseMinutes === null ? '—' : `${s.firstResponseMinutes} min`) },
          { header: t('time.resolution'), cell: (s) => (s.resolutionMinutes === null ? '—' : `${s.resolutionMinutes} min`) },
          { header: t('time.clock'), cell: (s) => (s.businessHours ? t('time.businessHours') : t('time.wallClock')) },
        ]}
        empty={() => ({ divisionId: '', name: '', firstResponseMinutes: '15', resolutionMinutes: '480', businessHours: true })}
        toForm={(s) => ({ divisionId: s.divisionId ?? '', name: s.name, firstResponseMinutes: s.firstResponseMinutes?.toString() ?? '', resolutionMinutes: s.resolutionMinutes?.toString() ?? '', businessHours: s.businessHours })}
        form={(f, set, e, isNew) => (
          <>
            {isNew && divisionSelect(f.divisionId, (divisionId) => set({ divisionId }), e.divisionId)}
            <Field label={t('time.slaName')} error={e.name}>{(a) => <input {...a} value={f.name} onChange={(x) => set({ name: x.target.value })} />}</Field>
            <Field label={t('time.firstResponseMinutes')} error={e.firstResponseMinutes}>{(a) => <input {...a} type="number" min={1} value={f.firstResponseMinutes} onChange={(x) => set({ firstResponseMinutes: x.target.value })} />}</Field>
            <Field label={t('time.resolutionMinutes')} error={e.resolutionMinutes}>{(a) => <input {...a} type="number" min={1} value={f.resolutionMinutes} onChange={(x) => set({ resolutionMinutes: x.target.value })} />}</Field>
            <Switch label={t('time.countBusinessHours')} checked={f.businessHours} onChange={(businessHours) => set({ businessHours })} />
          </>
        )}
        toBody={(f, isNew) => ({ ...(isNew && f.divisionId && { divisionId: f.divisionId }), name: f.name, firstResponseMinutes: minutes(f.firstResponseMinutes), resolutionMinutes: minutes(f.resolutionMinutes), businessHours: f.businessHours })}
      />
    </div>
  );
}

export function AlertsPage() {
  const { t } = useTranslation();
  type Rule = { id: string; name: string; surveyType: 'csat' | 'ces' | 'nps'; maxScore: number; notifySupervisor: boolean; ticketWebhookUrl: string | null; slackWebhook: string | null; enabled: boolean };
  type F = { name: string; surveyType: Rule['surveyType']; maxScore: string; notifySupervisor: boolean; ticketWebhookUrl: string; slackWebhookUrl: string; slackWebhook: string | null; removeSlack: boolean; enabled: boolean };
  return (
    <ResourcePage<Rule, F>
      title={t('alerts.title')}
      lead={t('alerts.lead')}
      endpoint="/api/v1/alert-rules"
      noun={t('alerts.noun')}
      itemName={(r) => r.name}
      columns={[
        { header: t('alerts.name'), cell: (r) => r.name },
        { header: t('alerts.when'), cell: (r) => t('alerts.rule', { type: r.surveyType.toUpperCase(), max: r.maxScore }) },
        { header: t('alerts.actions'), cell: (r) => [r.notifySupervisor ? t('alerts.emailSupervisor') : null, r.ticketWebhookUrl ? t('alerts.ticket') : null, r.slackWebhook ? t('reportEmails.slack') : null].filter(Boolean).join(', ') || '—' },
        { header: t('alerts.status'), cell: (r) => (r.enabled ? t('alerts.enabled') : t('alerts.disabled')) },
      ]}
      empty={() => ({ name: '', surveyType: 'csat', maxScore: '2', notifySupervisor: true, ticketWebhookUrl: '', slackWebhookUrl: '', slackWebhook: null, removeSlack: false, enabled: true })}
      toForm={(r) => ({ name: r.name, surveyType: r.surveyType, maxScore: String(r.maxScore), notifySupervisor: r.notifySupervisor, ticketWebhookUrl: r.ticketWebhookUrl ?? '', slackWebhookUrl: '', slackWebhook: r.slackWebhook, removeSlack: false, enabled: r.enabled })}
      form={(f, set, e) => (
        <>
          <Field label={t('alerts.name')} error={e.name}>{(a) => <input {...a} value={f.name} onChange={(x) => set({ name: x.target.value })} />}</Field>
          <Field label={t('alerts.type')} error={e.surveyType}>
            {(a) => <select {...a} value={f.surveyType} onChange={(x) => set({ surveyType: x.target.value as F['surveyType'] })}>{['csat', 'ces', 'nps'].map((v) => <option key={v} value={v}>{v.toUpperCase()}</option>)}</select>}
          </Field>
          <Field label={t('alerts.maxScore')} hint={t('alerts.maxScoreHint')} error={e.maxScore}>{(a) => <input {...a} type="number" value={f.maxScore} onChange={(x) => set({ maxScore: x.target.value })} />}</Field>
          <Switch label={t('alerts.emailSupervisor')} checked={f.notifySupervisor} onChange={(notifySupervisor) => set({ notifySupervisor })} />
          <Field label={t('alerts.webhook')} hint={t('alerts.webhookHint')} error={e.ticketWebhookUrl}>{(a) => <input {...a} type="url" value={f.ticketWebhookUrl} onChange={(x) => set({ ticketWebhookUrl: x.target.value })} />}</Field>
          <Field label={t('reportEmails.slackUrl')} hint={f.slackWebhook ? t('reportEmails.slackKept', { hint: f.slackWebhook }) : t('reportEmails.slackAlertHint')} error={e.slackWebhookUrl}>{(a) => <input {...a} type="url" value={f.slackWebhookUrl} disabled={f.removeSlack} onChange={(x) => set({ slackWebhookUrl: x.target.value })} />}</Field>
          {f.slackWebhook && <Switch label={t('alerts.removeSlack')} checked={f.removeSlack} onChange={(removeSlack) => set({ removeSlack, slackWebhookUrl: '' })} />}
          <Switch label={t('alerts.enabled')} checked={f.enabled} onChange={(enabled) => set({ enabled })} />
        </>
      )}
      toBody={(f) => ({ name: f.name, surveyType: f.surveyType, maxScore: Number(f.maxScore), notifySupervisor: f.notifySupervisor, ticketWebhookUrl: f.ticketWebhookUrl.trim() || null, ...(f.removeSlack ? { slackWebhookUrl: null } : f.slackWebhookUrl.trim() && { slackWebhookUrl: f.slackWebhookUrl.trim() }), enabled: f.enabled })}
    />
  );
}
