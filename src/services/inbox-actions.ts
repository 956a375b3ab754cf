/**
 * Inbox actions: nilai acting on a conversation through the inbox that owns it. `enqueueInboxAction` is
 * called inside the transaction of the decision (an auto reply, an auto resolve, an assignment), so the
 * action and its job commit with it; the worker executes it: for a Chatwoot channel through Chatwoot's
 * API, otherwise (a conversation reported through `POST /api/v1/events`) as a signed `action.requested`
 * webhook to the workspace's endpoints subscribed to it, which the inbox executes. Temporary failures
 * throw for pg-boss to retry with backoff; the last try, and refusals, record the action as failed.
 */
import { assignChatwootConversation, chatwootDisplayId, postChatwootMessage, resolveChatwootConversation } from '../channels/chatwoot/actions.js';
import { postSigned } from '../channels/signed-post.js';
import type { ChannelContext } from '../channels/types.js';
import type { Jobs } from '../jobs/queue.js';
import type { Keys } from '../lib/keys.js';
import type { Db } from '../store/db.js';
import { finishInboxAction, insertInboxAction, loadInboxAction, setActionProviderMessage, type LoadedInboxAction, type NewInboxAction } from '../store/inbox-actions.js';
import { subscribedEndpoints } from '../store/webhooks.js';
import { channelContext } from './channels.js';
import { webhookBody } from './webhook-events.js';

/** Records an action and queues its execution, in the caller's transaction `trx`; returns its id. */
export async function enqueueInboxAction(trx: Db, jobs: Jobs, action: NewInboxAction): Promise<string> {
  const id = await insertInboxAction(trx, action);
  await jobs.enqueueInboxAction(trx, id);
  return id;
}

export interface InboxActionDeps {
  db: Db;
  keys: Keys;
  publicUrl: string;
}

type Step = { ok: true } | { ok: false; reason: string };

/** The body of an `action.requested` webhook: what to do in which conversation, and why. */
export const actionRequestedData = (a: LoadedInboxAction, channelId: string) => ({
  actionId: a.id, kind: a.kind, source: a.source, reason: a.reason, payload: a.payload, conversation: { id: a.external_id, channelId },
});

async function viaChatwoot(deps: InboxActionDeps, ctx: ChannelContext, a: LoadedInboxAction): Promise<Step> {
  const displayId = chatwootDisplayId(a.external_id);
  if (!displayId) return { ok: false, reason: `Conversation ${a.external_id} did not come from Chatwoot, so there is no Chatwoot conversation to act on.` };
  const p = a.payload as Record<string, any>;
  // A message posted by an earlier try is not posted again (its id was recorded as soon as Chatwoot answered).
  const text = a.kind === 'message' ? String(p.text ?? '') : a.kind === 'resolve' && typeof p.closingMessage === 'string' && p.closingMessage ? p.closingMessage : null;
  if (text !== null && a.provider_message_id === null) {
    const r = await postChatwootMessage(ctx, displayId, text);
    if (!r.ok) return { ok: false, reason: r.reason };
    if (r.messageId) await setActionProviderMessage(deps.db, a.id, r.messageId);
  }
  if (a.kind === 'resolve') {
    const r = await resolveChatwootConversation(ctx, displayId);
    if (!r.ok) return { ok: false, reason: r.reason };
  }
  if (a.kind === 'assign') {
    const r = await assignChatwootConversation(ctx, displayId, { agentId: p.chatwootAgentId ?? null, teamId: p.chatwootTeamId ?? null });
    if (!r.ok) return { ok: false, reason: r.reason };
  }
  return { ok: true };
}

/** Every subscribed endpoint gets the request, with the same webhook-id on every retry (`act_<id>`) to drop repeats. */
async function viaWebhook(deps: InboxActionDeps, a: LoadedInboxAction): Promise<Step> {
  const endpoints = await subscribedEndpoints(deps.db, a.workspace_id, 'action.requested');
  if (!endpoints.length) return { ok: false, reason: 'No webhook endpoint of this workspace listens to action.requested, so the inbox cannot be asked to act (Settings → Webhooks).' };
  const body = webhookBody('action.requested', a.created_at, actionRequestedData(a, a.channel_id));
  for (const e of endpoints) {
    const r = await postSigned(e.url, deps.keys.decrypt(e.secret_encrypted), `act_${a.id}`, body);
    if (!r.ok) return { ok: false, reason: `${e.url} refused the action: ${r.error}` };
  }
  return { ok: true };
}

export async function executeInboxAction(deps: InboxActionDeps, id: string, attempt: { retryCount: number; retryLimit: number }): Promise<'done' | 'failed' | 'nothing_to_do'> {
  const a = await loadInboxAction(deps.db, id);
  if (!a || a.status !== 'queued') return 'nothing_to_do';
  try {
    const ctx = await channelContext(deps.db, deps.keys, a.channel_id, deps.publicUrl);
    const step: Step = !ctx ? { ok: false, reason: 'The channel no longer exists.' } : ctx.channel.type === 'chatwoot' ? await viaChatwoot(deps, ctx, a) : await viaWebhook(deps, a);
    await finishInboxAction(deps.db, a.id, step.ok ? { status: 'done', error: null } : { status: 'failed', error: step.reason });
    return step.ok ? 'done' : 'failed';
  } catch (err) {
    const last = attempt.retryCount >= attempt.retryLimit;
    await finishInboxAction(deps.db, a.id, { status: last ? 'failed' : 'queued', error: (err as Error).message });
    if (last) return 'failed';
    throw err;
  }
}
