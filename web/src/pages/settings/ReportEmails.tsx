/** Settings → Report emails and Slack: schedules of daily or weekly summaries, and a preview of what each sends. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { ResourcePage } from '../../components/ResourcePage.js';
import { ErrorNotice, Field, Loading, Switch } from '../../components/ui.js';

type Kind = 'email' | 'slack';
type Frequency = 'daily' | 'weekly';
interface Schedule { id: string; name: string; kind: Kind; frequency: Frequency; divisionId: string | null; recipients: string[]; slackWebhook: string | null; enabled: boolean }
interface Form { name: string; kind: Kind; frequency: Frequency; divisionId: string; recipients: string; slackWebhookUrl: string; slackWebhook: string | null; enabled: boolean }
interface Preview { period: { from: string; to: string }; email: { subject: string; html: string } | null; slack: { text: string; blocks: unknown[] } | null }

function PreviewPanel({ schedule }: { schedule: Schedule }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['report-preview', schedule.id, schedule.kind, schedule.frequency, schedule.divisionId],
    queryFn: () => api<Preview>('POST', '/api/v1/report-schedules/preview', { name: schedule.name, kind: schedule.kind, frequency: schedule.frequency, divisionId: schedule.divisionId }),
  });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorNotice error={q.error} />;
  const p = q.data!;
  const period = p.period.from === p.period.to ? p.period.from : `${p.period.from} – ${p.period.to}`;
  return (
    <section aria-labelledby="report-preview-title" className="card">
      <h2 id="report-preview-title">{t('reportEmails.previewTitle', { period })}</h2>
      {p.email && (
        <>
          <p><strong>{p.email.subject}</strong></p>
          {/* sandbox without scripts: the email is shown as a mail client would, nothing in it runs */}
          <iframe title={p.email.subject} sandbox="" srcDoc={p.email.html} style={{ width: '100%', minHeight: 640, border: '1px solid #d0d5dd', background: '#fff' }} />
        </>
      )}
      {p.slack && <pre className="wrap" tabIndex={0} aria-label={p.slack.text}>{JSON.stringify(p.slack, null, 2)}</pre>}
    </section>
  );
}

export function ReportEmailsPage() {
  const { t } = useTranslation();
  const [previewing, setPreviewing] = useState<Schedule | null>(null);
  const divisions = useQuery({ queryKey: ['divisions'], queryFn: () => api<{ items: { id: string; name: string }[] }>('GET', '/api/v1/divisions') });
  const divisionName = (id: string | null) => (id ? divisions.data?.items.find((d) => d.id === id)?.name ?? '…' : t('reportEmails.allDivisions'));
  return (
    <>
      <ResourcePage<Schedule, Form>
        title={t('reportEmails.title')}
        lead={t('reportEmails.lead')}
        endpoint="/api/v1/report-schedules"
        noun={t('reportEmails.noun')}
        itemName={(s) => s.name}
        columns={[
          { header: t('reportEmails.name'), cell: (s) => s.name },
          { header: t('reportEmails.kind'), cell: (s) => (s.kind === 'email' ? `${t('reportEmails.email')}: ${s.recipients.join(', ') || divisionName(s.divisionId)}` : `${t('reportEmails.slack')} (${s.slackWebhook ?? '—'})`) },
          { header: t('reportEmails.frequency'), cell: (s) => t(`reportEmails.${s.frequency}`) },
          { header: t('reportEmails.division'), cell: (s) => divisionName(s.divisionId) },
          { header: t('reportEmails.status'), cell: (s) => (s.enabled ? t('reportEmails.enabled') : t('reportEmails.disabled')) },
        ]}
        rowActions={(s) => <button type="button" className="secondary" onClick={() => setPreviewing(s)}>{t('reportEmails.preview', { name: s.name })}</button>}
        empty={() => ({ name: '', kind: 'email', frequency: 'weekly', divisionId: '', recipients: '', slackWebhookUrl: '', slackWebhook: null, enabled: true })}
        toForm={(s) => ({ name: s.name, kind: s.kind, frequency: s.frequency, divisionId: s.divisionId ?? '', recipients: s.recipients.join(', '), slackWebhookUrl: '', slackWebhook: s.slackWebhook, enabled: s.enabled })}
        form={(f, set, e) => (
          <>
            <Field label={t('reportEmails.name')} error={e.name}>{(a) => <input {...a} value={f.name} onChange={(x) => set({ name: x.target.value })} />}</Field>
            <Field label={t('reportEmails.kind')} error={e.kind}>
              {(a) => <select {...a} value={f.kind} onChange={(x) => set({ kind: x.target.value as Kind })}><option value="email">{t('reportEmails.email')}</option><option value="slack">{t('reportEmails.slack')}</option></select>}
            </Field>
            <Field label={t('reportEmails.frequency')} error={e.frequency}>
              {(a) => <select {...a} value={f.frequency} onChange={(x) => set({ frequency: x.target.value as Frequency })}><option value="daily">{t('reportEmails.daily')}</option><option value="weekly">{t('reportEmails.weekly')}</option></select>}
            </Field>
            <Field label={t('reportEmails.division')} error={e.divisionId}>
              {(a) => (
                <select {...a} value={f.divisionId} onChange={(x) => set({ divisionId: x.target.value })}>
                  <option value="">{t('reportEmails.allDivisions')}</option>
                  {divisions.data?.items.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
                </select>
              )}
            </Field>
            {f.kind === 'email'
              ? <Field label={t('reportEmails.recipients')} hint={t('reportEmails.recipientsHint')} error={e.recipients ?? Object.entries(e).find(([k]) => k.startsWith('recipients.'))?.[1]}>{(a) => <input {...a} value={f.recipients} onChange={(x) => set({ recipients: x.target.value })} />}</Field>
              : <Field label={t('reportEmails.slackUrl')} hint={f.slackWebhook ? t('reportEmails.slackKept', { hint: f.slackWebhook }) : t('reportEmails.slackHint')} error={e.slackWebhookUrl}>{(a) => <input {...a} type="url" value={f.slackWebhookUrl} onChange={(x) => set({ slackWebhookUrl: x.target.value })} />}</Field>}
            <Switch label={t('reportEmails.enabled')} checked={f.enabled} onChange={(enabled) => set({ enabled })} />
          </>
        )}
        toBody={(f) => ({
          name: f.name, kind: f.kind, frequency: f.frequency, divisionId: f.divisionId || null,
          recipients: f.kind === 'email' ? f.recipients.split(',').map((r) => r.trim()).filter(Boolean) : [],
          ...(f.slackWebhookUrl.trim() && { slackWebhookUrl: f.slackWebhookUrl.trim() }), enabled: f.enabled,
        })}
      />
      {previewing && <PreviewPanel schedule={previewing} />}
    </>
  );
}
