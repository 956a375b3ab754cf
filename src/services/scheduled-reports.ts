/**
 * Scheduled reports. Every process runs `runDueSchedules` each minute: for each enabled schedule, the
 * last complete period (day or ISO week in the workspace's time zone) gets a run row, unique per
 * schedule and period, and its job in the same transaction; a second process (or the next tick) finds
 * the row taken and sends nothing, so a period is sent once. The job builds the summary
 * (services/report-summary) and sends it: an HTML email with PNG charts (SMTP), or a Slack digest.
 */
import { Resvg } from '@resvg/resvg-js';
import { postToSlack } from '../channels/slack/incoming-webhook.js';
import type { Mailer } from '../channels/email/mailer.js';
import { barChartSvg } from '../domain/reports/bar-chart-svg.js';
import { digestScores, headline, reportEmail, type ReportData } from '../domain/reports/report-email.js';
import { lastCompletePeriod, periodLabel, type Frequency, type Period } from '../domain/reports/schedule-period.js';
import { cesCategory } from '../domain/scoring/scores.js';
import { digestMessage } from '../domain/slack/blocks.js';
import type { Jobs } from '../jobs/queue.js';
import type { Keys } from '../lib/keys.js';
import type { Db } from '../store/db.js';
import { claimRun, enabledSchedules, finishRun, getSchedule, loadRun, lowAnswers, supervisorEmail, type ScheduleRow } from '../store/report-schedules.js';
import { NIL } from '../store/reports/summary-facts.js';
import { getWorkspace } from '../store/workspaces.js';
import { summaryReport } from './report-summary.js';
import { conversationUrl } from './send-alert.js';

export interface ReportDeps { db: Db; keys: Keys; jobs: Jobs; mailer: Mailer | null; publicUrl: string }

/** Claims the due period of every enabled schedule; returns the runs this process created. */
export async function runDueSchedules(deps: Pick<ReportDeps, 'db' | 'jobs'>, now = new Date()): Promise<string[]> {
  const created: string[] = [];
  for (const s of await enabledSchedules(deps.db)) {
    const period = lastCompletePeriod(s.frequency, now, s.time_zone);
    const id = await deps.db.transaction().execute(async (trx) => {
      const runId = await claimRun(trx, s, period);
      if (runId) await deps.jobs.enqueueReport(trx, runId);
      return runId;
    });
    if (id) created.push(id);
  }
  return created;
}

/** The figures of one schedule's period. */
export async function buildReport(deps: Pick<ReportDeps, 'db' | 'publicUrl'>, workspaceId: string, s: { name: string; divisionId: string | null }, period: Period): Promise<ReportData> {
  const ws = await getWorkspace(deps.db, workspaceId);
  const division = s.divisionId ? (await supervisorEmail(deps.db, workspaceId, s.divisionId))?.division ?? null : null;
  const filters = { from: period.from, to: period.to, ...(s.divisionId && { divisionId: s.divisionId }) };
  const summary = await summaryReport(deps.db, workspaceId, { ...filters, groupBy: 'agent' });
  const low = (await lowAnswers(deps.db, workspaceId, { ...period, timeZone: ws.timeZone, divisionId: s.divisionId }))
    .filter((a) => a.survey_type !== 'ces' || cesCategory(a.score, { min: a.scale_min, max: a.scale_max }) === 'hard');
  const query = new URLSearchParams({ from: period.from, to: period.to, ...(s.divisionId && { divisionId: s.divisionId }) });
  return {
    name: s.name, workspace: ws.name, division, period, periodLabel: periodLabel(period), timeZone: ws.timeZone, overall: summary.overall,
    agents: summary.groups.filter((g) => g.csat.n > 0 && g.key !== NIL).map((g) => ({ name: g.label, csatPercent: g.csat.percent, n: g.csat.n })),
    lowAnswers: low.map((a) => ({
      surveyType: a.survey_type as 'csat' | 'ces' | 'nps', score: a.score, scaleMin: a.scale_min, scaleMax: a.scale_max, comment: a.follow_up_text,
      agent: a.agent, channel: a.channel, conversationId: a.conversation_id, conversationUrl: conversationUrl(deps.publicUrl, a.conversation_id),
    })),
    dashboardUrl: `${deps.publicUrl}/?${query}`,
  };
}

const png = (svg: string) => Buffer.from(new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng());

/** The email with its two charts as PNG: attached inline (`cid:`) to send, or as `data:` URLs for the preview. */
export function renderReportEmail(d: ReportData, mode: 'cid' | 'data') {
  const h = headline(d.overall);
  // Net scores (−100…100) are drawn on 0–100 as (score + 100) / 2, and captioned with their real value.
  const scores = barChartSvg('Scores', [
    { label: 'CSAT %', value: d.overall.csat.percent, caption: `${h.csat.value ?? '–'} (n = ${h.csat.n})` },
    { label: 'CES', value: d.overall.ces.score === null ? null : (d.overall.ces.score + 100) / 2, caption: `${h.ces.value ?? '–'} (n = ${h.ces.n})` },
    { label: 'NPS', value: d.overall.nps.score === null ? null : (d.overall.nps.score + 100) / 2, caption: `${h.nps.value ?? '–'} (n = ${h.nps.n})` },
    { label: 'Response rate', value: d.overall.invitations.responseRate.percent, caption: d.overall.invitations.responseRate.percent === null ? '–' : `${d.overall.invitations.responseRate.percent.toFixed(1)} %` },
  ]);
  const agents = barChartSvg('CSAT % by agent', d.agents.slice(0, 12).map((a) => ({ label: a.name, value: a.csatPercent, caption: `${a.csatPercent?.toFixed(1) ?? '–'} % (n = ${a.n})` })), { color: '#1f9d6b' });
  const images = { scores: png(scores), agents: png(agents) };
  const src = (k: keyof typeof images) => (mode === 'cid' ? `cid:${k}-chart@nilai` : `data:image/png;base64,${images[k].toString('base64')}`);
  const mail = reportEmail(d, { scores: src('scores'), agents: src('agents') });
  const attachments = (Object.keys(images) as (keyof typeof images)[]).map((k) => ({ filename: `${k}.png`, content: images[k], cid: `${k}-chart@nilai`, contentType: 'image/png' }));
  return { ...mail, attachments };
}

const digestFor = (name: string, data: ReportData) =>
  digestMessage({ name, periodLabel: `${data.periodLabel} (${data.timeZone})`, scores: digestScores(data.overall), responseRate: headline(data.overall).responseRate, dashboardUrl: data.dashboardUrl, lowScores: data.lowAnswers });

/** Who receives an email schedule: its listed addresses, else the division's supervisor. */
async function recipientsOf(db: Db, workspaceId: string, s: ScheduleRow): Promise<string[]> {
  if (s.recipients.length) return s.recipients;
  if (!s.divisionId) return [];
  const sup = await supervisorEmail(db, workspaceId, s.divisionId);
  return sup?.email ? [sup.email] : [];
}

/** Sends one run. A temporary failure throws (the job is retried); what cannot work is recorded on the run. */
export async function sendReportRun(deps: ReportDeps, runId: string): Promise<'sent' | 'failed' | 'nothing_to_do'> {
  const run = await loadRun(deps.db, runId);
  if (!run || run.status !== 'pending') return 'nothing_to_do';
  const s = await getSchedule(deps.db, run.workspace_id, run.schedule_id);
  if (!s) return 'nothing_to_do';
  const period = { from: run.period_from, to: run.period_to };
  const data = await buildReport(deps, run.workspace_id, s, period);
  const done = async (status: 'sent' | 'failed', detail: string) => {
    await finishRun(deps.db, run.id, status, detail);
    return status;
  };
  if (s.kind === 'slack') {
    if (!s.slackWebhookEncrypted) return done('failed', 'no Slack webhook URL');
    const message = digestFor(s.name, data);
    const r = await postToSlack(deps.keys.decrypt(s.slackWebhookEncrypted), message);
    return done(r.ok ? 'sent' : 'failed', r.ok ? 'posted to Slack' : `Slack not posted: ${r.reason}`);
  }
  if (!deps.mailer) return done('failed', 'email not sent: SMTP is not configured (set SMTP_URL)');
  const to = await recipientsOf(deps.db, run.workspace_id, s);
  if (!to.length) return done('failed', 'email not sent: no recipients (list addresses, or pick a division with a supervisor)');
  const mail = renderReportEmail(data, 'cid');
  await deps.mailer.send({ to: to.join(', '), subject: mail.subject, text: mail.text, html: mail.html, attachments: mail.attachments });
  return done('sent', `emailed ${to.join(', ')}`);
}

/** What a schedule would send for its last complete period (unsaved fields allowed): the email, or the Slack message. */
export async function previewReport(deps: Pick<ReportDeps, 'db' | 'publicUrl'>, workspaceId: string, s: { name: string; kind: 'email' | 'slack'; frequency: Frequency; divisionId: string | null }, now = new Date()) {
  const ws = await getWorkspace(deps.db, workspaceId);
  const period = lastCompletePeriod(s.frequency, now, ws.timeZone);
  const data = await buildReport(deps, workspaceId, s, period);
  if (s.kind === 'slack') return { period, slack: digestFor(s.name, data), email: null };
  const { subject, html, text } = renderReportEmail(data, 'data');
  return { period, email: { subject, html, text }, slack: null };
}
