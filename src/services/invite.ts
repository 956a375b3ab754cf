/**
 * Turns an eligibility decision into stored facts, inside the caller's transaction: an invitation with
 * its dispatch job, or a recorded skip with its reason.
 */
import { randomUUID } from 'node:crypto';
import type { Attributes } from '../domain/contacts/fields.js';
import { decideSurvey, type EligibilityDecision } from '../domain/eligibility.js';
import type { SurveySettings } from '../domain/settings/schema.js';
import type { Jobs } from '../jobs/queue.js';
import type { Keys } from '../lib/keys.js';
import { hashSecret } from '../lib/secret-token.js';
import type { Db } from '../store/db.js';
import { insertInvitation, recordSkip, surveyHistory } from '../store/invitations.js';

export interface InviteContext {
  workspaceId: string;
  trigger: 'resolve' | 'manual';
  settings: SurveySettings;
  settingsVersion: number;
  conversation: {
    id: string;
    channelId: string;
    status: 'open' | 'resolved';
    resolvedAt: string | null;
    surveyFlag: boolean | undefined;
    hasAgentMessage: boolean;
    customerMessages: number;
    /** Dimensions kept on the invitation for reports. */
    agentId: string | null;
    divisionId: string | null;
    tags: string[];
  };
  contact: { id: string; optedOut: boolean; locale: string | null | undefined; attributes?: Attributes };
  now: Date;
}

export type InviteOutcome = { invitationId: string; sendAfter: Date; expiresAt: Date } | { skipped: EligibilityDecision & { send: false } };

export async function decideAndInvite(trx: Db, deps: { keys: Keys; jobs: Jobs }, ctx: InviteContext): Promise<InviteOutcome> {
  const history = await surveyHistory(trx, ctx.conversation.id, ctx.contact.id);
  const decision = decideSurvey({
    trigger: ctx.trigger,
    settings: ctx.settings,
    conversation: { ...ctx.conversation, resolvedAt: ctx.conversation.resolvedAt ? new Date(ctx.conversation.resolvedAt) : null, alreadySurveyed: history.alreadySurveyed },
    contact: { optedOut: ctx.contact.optedOut, locale: ctx.contact.locale, lastInvitationAt: history.lastInvitationAt, attributes: ctx.contact.attributes },
    now: ctx.now,
  });
  if (!decision.send) {
    await recordSkip(trx, {
      workspace_id: ctx.workspaceId,
      conversation_id: ctx.conversation.id,
      channel_id: ctx.conversation.channelId,
      trigger: ctx.trigger,
      reason: decision.reason,
      settings_version: ctx.settingsVersion,
    });
    return { skipped: decision };
  }
  const id = randomUUID();
  await insertInvitation(trx, {
    id,
    workspace_id: ctx.workspaceId,
    conversation_id: ctx.conversation.id,
    contact_id: ctx.contact.id,
    channel_id: ctx.conversation.channelId,
    token_hash: hashSecret(deps.keys.invitationToken(id)),
    survey_types: decision.types,
    settings_version: ctx.settingsVersion,
    language: decision.language,
    trigger: ctx.trigger,
    status: 'scheduled',
    send_after: decision.sendAfter,
    expires_at: decision.expiresAt,
    agent_id: ctx.conversation.agentId,
    division_id: ctx.conversation.divisionId,
    tags: ctx.conversation.tags,
  });
  await deps.jobs.enqueueDispatch(trx, id, decision.sendAfter);
  return { invitationId: id, sendAfter: decision.sendAfter, expiresAt: decision.expiresAt };
}
