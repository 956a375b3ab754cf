/**
 * Delivers one alert: an email to the supervisor of the conversation's division, a POST to the
 * rule's ticket webhook (so a bad experience becomes a follow-up ticket) and a Block Kit message to the
 * rule's Slack incoming webhook. A transient failure throws (the job is retried); each step is noted
 * done as it succeeds, so the retry does not repeat the others. What cannot work (no SMTP, no
 * supervisor, a webhook Slack refuses) is recorded on the delivery.
 */
import type { Mailer } from '../channels/email/mailer.js';
import { classifyStatus, sendTimeoutMs } from '../channels/http-status.js';
import { DateTime } from 'luxon';
import { postToSlack } from '../channels/slack/incoming-webhook.js';
import { alertMessage } from '../domain/slack/blocks.js';
import type { Keys } from '../lib/keys.js';
import { finishAlertDelivery, loadAlert, markAlertStepDone } from '../store/alerts.js';
import type { Db } from '../store/db.js';
import { maskerFor, type ContactMasker } from './contact-view.js';

export const conversationUrl = (publicUrl: string, externalId: string) => `${publicUrl}/conversations/${encodeURIComponent(externalId)}`;

export async function sendAlert(deps: { db: Db; mailer: Mailer | null; publicUrl: string; keys: Keys }, deliveryId: string): Promise<'sent' | 'failed' | 'nothing_to_do'> {
  const a = await loadAlert(deps.db, deliveryId);
  if (!a || a.status !== 'pending') return 'nothing_to_do';
  // Notes of steps done by an earlier try are not known any more; their outcome was a success.
  const notes: string[] = a.done.map((step) => `${step}: done earlier`);
  const step = async (name: 'email' | 'ticket' | 'slack', run: () => Promise<void>) => {
    if (a.done.includes(name)) return;
    await run();
    await markAlertStepDone(deps.db, a.id, name);
  };
  const what = `${a.survey_type.toUpperCase()} ${a.score} (scale ${a.scale_min}–${a.scale_max})`;
  // The supervisor's email follows the contact masking (the ticket system gets the contact whole).
  // Widget and link answers have no conversation: say where they came from instead.
  const where = a.conversation_id ? `on conversation ${a.conversation_id}` : a.page_url ? `in the ${a.source} survey on ${a.page_url}` : `in a ${a.source} survey`;
  const who = (m: ContactMasker) => m.text(a.contact_name) ?? m.text(a.contact_id) ?? 'An anonymous visitor';
  const linesFor = (m: ContactMasker) => [
    `${who(m)} answered ${what} ${where}.`,
    a.follow_up_text ? `Their comment: "${a.follow_up_text}"` : 'No comment was given.',
    `Channel: ${a.channel_name ?? '-'} · Agent: ${a.agent_name ?? 'unassigned'} · Division: ${a.division_name ?? '-'} · Tags: ${a.tags.join(', ') || '-'}`,
    `Contact: ${[m.email(a.contact_email), m.phone(a.contact_phone)].filter(Boolean).join(', ') || m.text(a.contact_id) || '-'}`,
    `Rule: ${a.rule_name} · ${a.answered_at.toISOString()}`,
  ];
  const lines = linesFor(maskerFor('off', 'admin'));
  const supervisorMasker = maskerFor(a.contact_masking, 'supervisor');
  if (a.notify_supervisor) {
    if (!deps.mailer) notes.push('email not sent: SMTP is not configured (set SMTP_URL)');
    else if (!a.supervisor_email) notes.push('email not sent: the conversation has no division with a supervisor');
    else await step('email', async () => {
      await deps.mailer!.send({ to: a.supervisor_email!, subject: `[nilai] ${what} from ${who(supervisorMasker)} — ${a.rule_name}`, text: linesFor(supervisorMasker).join('\n') });
      notes.push(`emailed ${a.supervisor_email}`);
    });
  }
  if (a.ticket_webhook_url) await step('ticket', async () => {
    const body = {
      type: 'alert.triggered',
      data: {
        rule: a.rule_name, workspace: a.workspace_name,
        response: { id: a.response_id, surveyType: a.survey_type, score: a.score, scale: { min: a.scale_min, max: a.scale_max }, comment: a.follow_up_text, answeredAt: a.answered_at.toISOString() },
        source: a.source, pageUrl: a.page_url,
        conversation: { id: a.conversation_id, channel: a.channel_name, agent: a.agent_name, division: a.division_name, tags: a.tags },
        contact: { id: a.contact_id, name: a.contact_name, email: a.contact_email, phone: a.contact_phone },
        summary: lines.join('\n'),
      },
    };
    const res = await fetch(a.ticket_webhook_url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'nilai', 'webhook-id': `alert_${a.id}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(sendTimeoutMs()),
      redirect: 'manual',
    });
    const kind = classifyStatus(res.status);
    if (kind === 'retry') throw new Error(`ticket webhook answered HTTP ${res.status}`);
    notes.push(kind === 'ok' ? 'ticket webhook accepted' : `ticket webhook refused: HTTP ${res.status}`);
  });
  if (a.slack_webhook_encrypted) await step('slack', async () => {
    const message = alertMessage({
      ruleName: a.rule_name, surveyType: a.survey_type, score: a.score, scaleMin: a.scale_min, scaleMax: a.scale_max, comment: a.follow_up_text,
      contact: a.contact_name ?? a.contact_id ?? 'An anonymous visitor', agent: a.agent_name, channel: a.channel_name, division: a.division_name, conversationId: a.conversation_id,
      conversationUrl: a.conversation_id ? conversationUrl(deps.publicUrl, a.conversation_id) : null, where,
      answeredAt: `${DateTime.fromJSDate(a.answered_at).setZone(a.time_zone).toFormat('d LLL yyyy HH:mm')} (${a.time_zone})`,
    });
    const r = await postToSlack(deps.keys.decrypt(a.slack_webhook_encrypted!), message);
    notes.push(r.ok ? 'posted to Slack' : `Slack not posted: ${r.reason}`);
  });
  const failed = notes.some((n) => n.includes('not sent') || n.includes('refused') || n.includes('not posted'));
  await finishAlertDelivery(deps.db, a.id, failed ? 'failed' : 'sent', notes.join('; ') || null);
  return failed ? 'failed' : 'sent';
}
