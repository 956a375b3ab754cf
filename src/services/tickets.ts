/**
 * Settings → Ticket and submitting tickets: a person's "Create ticket" button or an alert rule turns a
 * conversation into a ticket, POSTed (signed the Standard Webhooks way, channels/signed-post.ts) to the
 * workspace's ticket webhook by a job that retries, and logged with its outcome on the conversation.
 */
import { randomBytes } from 'node:crypto';
import { postSigned } from '../channels/signed-post.js';
import { isHttpUrl } from '../domain/channels/config.js';
import { AppError, invalid, notFound, type ErrorDetail } from '../domain/errors.js';
import { DEFAULT_TITLE_TEMPLATE, renderTitle, TITLE_VARIABLES, unknownVariables } from '../domain/tickets/title.js';
import type { Jobs } from '../jobs/queue.js';
import type { Keys } from '../lib/keys.js';
import type { Db } from '../store/db.js';
import { finishTicket, getTicketSettings, insertTicket, loadTicket, saveTicketSettings, ticketContext } from '../store/tickets.js';

export interface TicketSettingsInput {
  enabled: boolean;
  titleTemplate: string;
  buttonLabel: { id?: string; en?: string };
  webhookUrl: string | null;
  /** A new signing secret (the old one stops working). */
  rotateSecret?: boolean;
}

const DEFAULT_LABEL = { id: 'Buat tiket', en: 'Create ticket' };

export async function ticketSettings(db: Db, workspaceId: string) {
  const s = await getTicketSettings(db, workspaceId);
  return {
    enabled: s?.enabled ?? false,
    titleTemplate: s?.titleTemplate ?? DEFAULT_TITLE_TEMPLATE,
    buttonLabel: s?.buttonLabel ?? DEFAULT_LABEL,
    webhookUrl: s?.webhookUrl ?? null,
    hasSigningSecret: Boolean(s?.secretEncrypted),
    variables: [...TITLE_VARIABLES],
    updatedAt: s?.updatedAt ?? null,
  };
}

/** Saves the settings; a signing secret is made with the first webhook URL (or on `rotateSecret`) and shown once. */
export async function saveTicketSettingsChecked(db: Db, keys: Keys, workspaceId: string, input: TicketSettingsInput) {
  const issues: ErrorDetail[] = [];
  const unknown = unknownVariables(input.titleTemplate);
  if (unknown.length) issues.push({ path: 'titleTemplate', message: `Unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.map((v) => `{{${v}}}`).join(', ')}; use ${TITLE_VARIABLES.map((v) => `{{${v}}}`).join(', ')}.` });
  if (!input.titleTemplate.trim()) issues.push({ path: 'titleTemplate', message: 'Give the ticket a title.' });
  if (input.webhookUrl !== null && !isHttpUrl(input.webhookUrl)) issues.push({ path: 'webhookUrl', message: 'Must be an http or https URL.' });
  if (input.enabled && input.webhookUrl === null) issues.push({ path: 'webhookUrl', message: 'Submitting tickets needs the webhook URL of your ticketing system.' });
  if (!input.buttonLabel.id && !input.buttonLabel.en) issues.push({ path: 'buttonLabel', message: 'Give the button a label in at least one language.' });
  if (issues.length) throw invalid(issues);
  const before = await getTicketSettings(db, workspaceId);
  const secret = input.webhookUrl && (!before?.secretEncrypted || input.rotateSecret) ? `whsec_${randomBytes(32).toString('base64')}` : null;
  await saveTicketSettings(db, workspaceId, {
    enabled: input.enabled, titleTemplate: input.titleTemplate, buttonLabel: input.buttonLabel, webhookUrl: input.webhookUrl,
    secretEncrypted: secret ? keys.encrypt(secret) : (before?.secretEncrypted ?? null),
  });
  return { ...(await ticketSettings(db, workspaceId)), signingSecret: secret };
}

/**
 * Records a ticket and enqueues its POST in `trx`. Refused (409) while tickets are off; `null` from an
 * alert rule then, which does not fail the answer that fired it.
 */
export async function submitTicket(trx: Db, jobs: Jobs, t: { workspaceId: string; conversationId: string; responseId: string | null; source: 'manual' | 'alert'; userId: string | null }) {
  const settings = await getTicketSettings(trx, t.workspaceId);
  if (!settings?.enabled || !settings.webhookUrl) {
    if (t.source === 'alert') return null;
    throw new AppError('conflict', 'Tickets are off: an admin turns them on under Settings → Ticket.');
  }
  const ctx = await ticketContext(trx, t.workspaceId, t.conversationId, t.responseId);
  if (!ctx) throw notFound('Conversation');
  const { conversation: c, response: r } = ctx;
  const title = renderTitle(settings.titleTemplate, {
    score: r?.score ?? null, survey: r?.survey_type.toUpperCase() ?? null, comment: r?.follow_up_text ?? null,
    'contact.name': c.contact_name ?? c.contact_id, 'contact.id': c.contact_id, 'conversation.id': c.external_id,
    'agent.name': c.agent_name, 'division.name': c.division_name, 'channel.name': c.channel_name,
  }) || `Conversation ${c.external_id}`;
  const payload = {
    title, source: t.source,
    conversation: { id: c.external_id, status: c.status, resolvedAt: c.resolved_at?.toISOString() ?? null, channel: c.channel_name, agent: c.agent_name, division: c.division_name, tags: c.tags },
    contact: { id: c.contact_id, name: c.contact_name, phone: c.contact_phone, email: c.contact_email, attributes: c.contact_attributes },
    response: r ? { id: r.id, surveyType: r.survey_type, score: r.score, scale: { min: r.scale_min, max: r.scale_max }, comment: r.follow_up_text, answeredAt: r.answered_at.toISOString() } : null,
  };
  const id = await insertTicket(trx, { ...t, responseId: r?.id ?? null, title, payload });
  await jobs.enqueueTicket(trx, id);
  return { id, title };
}

/** One try of a ticket's POST: a refusal is final, a temporary failure throws for the job to retry. */
export async function deliverTicket(deps: { db: Db; keys: Keys }, id: string, attempt: { retryCount: number; retryLimit: number }): Promise<'delivered' | 'failed' | 'nothing_to_do'> {
  const t = await loadTicket(deps.db, id);
  if (!t || t.status !== 'pending') return 'nothing_to_do';
  if (!t.webhook_url || !t.secret_encrypted) {
    await finishTicket(deps.db, id, { status: 'failed', error: 'no ticket webhook is set' });
    return 'failed';
  }
  const body = JSON.stringify({ type: 'ticket.created', timestamp: new Date().toISOString(), data: { ticketId: t.id, ...(t.payload as object) } });
  try {
    const r = await postSigned(t.webhook_url, deps.keys.decrypt(t.secret_encrypted), `tkt_${t.id}`, body);
    await finishTicket(deps.db, id, r.ok ? { status: 'delivered', error: null } : { status: 'failed', error: r.error });
    return r.ok ? 'delivered' : 'failed';
  } catch (err) {
    const last = attempt.retryCount >= attempt.retryLimit;
    await finishTicket(deps.db, id, { status: last ? 'failed' : 'pending', error: (err as Error).message });
    if (last) return 'failed';
    throw err;
  }
}
