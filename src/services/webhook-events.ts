/**
 * Outgoing webhooks: an event is recorded as one delivery per subscribed endpoint, with its job, in the
 * transaction of the fact it reports (so an answer and its webhook commit together); the job POSTs it
 * signed the Standard Webhooks way (webhook-id = the delivery id, the same on every retry).
 */
import { postSigned } from '../channels/signed-post.js';
import type { SurveyType } from '../domain/settings/schema.js';
import type { Jobs } from '../jobs/queue.js';
import type { Keys } from '../lib/keys.js';
import type { Db } from '../store/db.js';
import { createWebhookDeliveries, finishWebhookDelivery, hasWebhookSubscribers, loadWebhookDelivery, responseEventPayload, type WebhookEvent } from '../store/webhooks.js';

/** Records `type` for a response (created, or its follow-up given) for every endpoint that listens. */
export async function emitResponseEvent(trx: Db, jobs: Jobs, workspaceId: string, type: WebhookEvent, invitationId: string, surveyType: SurveyType): Promise<void> {
  if (!(await hasWebhookSubscribers(trx, workspaceId, type))) return;
  const payload = await responseEventPayload(trx, invitationId, surveyType);
  for (const id of await createWebhookDeliveries(trx, workspaceId, type, payload)) await jobs.enqueueWebhook(trx, id);
}

/** The body an endpoint receives. */
export const webhookBody = (type: string, createdAt: Date, data: unknown) => JSON.stringify({ type, timestamp: createdAt.toISOString(), data });

export async function deliverWebhook(deps: { db: Db; keys: Keys }, deliveryId: string, attempt: { retryCount: number; retryLimit: number }): Promise<'delivered' | 'failed' | 'nothing_to_do'> {
  const d = await loadWebhookDelivery(deps.db, deliveryId);
  if (!d || d.status !== 'pending') return 'nothing_to_do';
  if (!d.enabled) {
    await finishWebhookDelivery(deps.db, d.id, { status: 'failed', error: 'the endpoint was disabled' });
    return 'failed';
  }
  try {
    const r = await postSigned(d.url, deps.keys.decrypt(d.secret_encrypted), `whd_${d.id}`, webhookBody(d.event_type, d.created_at, d.payload));
    await finishWebhookDelivery(deps.db, d.id, r.ok ? { status: 'delivered', error: null } : { status: 'failed', error: r.error });
    return r.ok ? 'delivered' : 'failed';
  } catch (err) {
    const last = attempt.retryCount >= attempt.retryLimit;
    await finishWebhookDelivery(deps.db, d.id, { status: last ? 'failed' : 'pending', error: (err as Error).message });
    if (last) return 'failed';
    throw err;
  }
}
