/**
 * Sends one invitation through its channel. Runs as a job: a retry after a crash finds the invitation in
 * `sending` and sends again with the same idempotency key, which the receiver uses to drop the repeat.
 */
import type { Logger } from 'pino';
import type { ChannelAdapter } from '../channels/types.js';
import { renderSurvey } from '../domain/render/survey-steps.js';
import type { Language, SurveyType } from '../domain/settings/schema.js';
import type { Keys } from '../lib/keys.js';
import { getChannelForSending } from '../store/channels.js';
import { getContact } from '../store/conversations.js';
import type { Db } from '../store/db.js';
import { getInvitation, setInvitationStatus } from '../store/invitations.js';
import { getSettingsVersion } from '../store/survey-settings.js';
import type { ChannelType } from '../store/types.js';

export interface DispatchDeps {
  db: Db;
  keys: Keys;
  publicUrl: string;
  adapters: Partial<Record<ChannelType, ChannelAdapter>>;
  log: Logger;
}

export type DispatchOutcome = 'sent' | 'delivered' | 'failed' | 'expired' | 'cancelled' | 'nothing_to_do';

/** Link to the hosted survey page of an invitation. */
export const surveyUrl = (publicUrl: string, token: string) => `${publicUrl}/s/${token}`;

export async function dispatchInvitation(deps: DispatchDeps, invitationId: string, attempt: { retryCount: number; retryLimit: number }): Promise<DispatchOutcome> {
  const { db } = deps;
  const claimed = await db.transaction().execute(async (trx) => {
    const inv = await getInvitation(trx, invitationId, true);
    if (!inv || (inv.status !== 'scheduled' && inv.status !== 'sending')) return null;
    if (inv.expires_at.getTime() <= Date.now()) {
      await setInvitationStatus(trx, inv.id, 'expired');
      return 'expired' as const;
    }
    const conv = await trx.selectFrom('conversations').select(['external_id', 'status']).where('id', '=', inv.conversation_id).executeTakeFirstOrThrow();
    if (conv.status !== 'resolved') {
      await setInvitationStatus(trx, inv.id, 'cancelled', { reason: 'reopened' });
      return 'cancelled' as const;
    }
    await setInvitationStatus(trx, inv.id, 'sending', { attempts: inv.attempts + 1 });
    return { inv, conversationId: conv.external_id };
  });
  if (claimed === null) return 'nothing_to_do';
  if (typeof claimed === 'string') return claimed;
  const { inv, conversationId } = claimed;

  const channel = await getChannelForSending(db, inv.channel_id);
  const adapter = channel ? deps.adapters[channel.type] : undefined;
  if (!channel || !adapter) {
    const reason = channel ? `Sending surveys through ${channel.type} channels is not available in this version.` : 'The channel no longer exists.';
    await setInvitationStatus(db, inv.id, 'failed', { reason });
    return 'failed';
  }
  const version = await getSettingsVersion(db, inv.workspace_id, inv.settings_version);
  const contact = await getContact(db, inv.contact_id);
  const survey = renderSurvey(version!.settings, inv.survey_types as SurveyType[], inv.language as Language);
  let result;
  try {
    result = await adapter.send(
      {
        invitationId: inv.id,
        conversationId,
        contact: { id: contact.external_id, name: contact.name, phone: contact.phone, email: contact.email },
        language: inv.language,
        url: surveyUrl(deps.publicUrl, deps.keys.invitationToken(inv.id)),
        expiresAt: inv.expires_at.toISOString(),
        survey,
      },
      { channel, secret: channel.secretEncrypted ? deps.keys.decrypt(channel.secretEncrypted) : null, idempotencyKey: `inv_${inv.id}` },
    );
  } catch (err) {
    const reason = (err as Error).message;
    if (attempt.retryCount >= attempt.retryLimit) {
      await setInvitationStatus(db, inv.id, 'failed', { reason: `Gave up after ${attempt.retryCount + 1} attempts: ${reason}` });
      return 'failed';
    }
    deps.log.warn({ invitationId: inv.id, attempt: attempt.retryCount + 1, reason }, 'survey send failed; will retry');
    throw err;
  }
  if (!result.ok) {
    await setInvitationStatus(db, inv.id, 'failed', { reason: result.reason });
    return 'failed';
  }
  const now = new Date();
  await setInvitationStatus(db, inv.id, result.delivered ? 'delivered' : 'sent', { sentAt: now, ...(result.delivered && { deliveredAt: now }), reason: null });
  return result.delivered ? 'delivered' : 'sent';
}
