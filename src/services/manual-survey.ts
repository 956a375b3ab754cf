/** An agent asks for a survey on a resolved conversation (sending method "manual", or later on). */
import { customerMessageCount, hasAgentMessage } from '../domain/conversations/fold.js';
import { settingsForDivision } from '../domain/settings/division-settings.js';
import { AppError, notFound } from '../domain/errors.js';
import type { Jobs } from '../jobs/queue.js';
import type { Keys } from '../lib/keys.js';
import { findConversation, getContact } from '../store/conversations.js';
import type { Db } from '../store/db.js';
import { getCurrentSettings } from '../store/survey-settings.js';
import type { Principal } from './principal.js';
import { decideAndInvite } from './invite.js';

export async function requestSurvey(deps: { db: Db; keys: Keys; jobs: Jobs }, p: Principal, externalId: string) {
  // Skips are recorded even when the request is refused, so the transaction commits either way.
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const conv = await findConversation(trx, p.workspaceId, externalId, true);
    // Agents may only ask about their own conversations; others' look like unknown ones.
    if (!conv || (p.role === 'agent' && conv.agentId !== p.userId)) return null;
    const contact = await getContact(trx, conv.contactId);
    const { settings, version } = await getCurrentSettings(trx, p.workspaceId);
    return decideAndInvite(trx, deps, {
      workspaceId: p.workspaceId,
      trigger: 'manual',
      settings: settingsForDivision(settings, conv.divisionId),
      settingsVersion: version,
      conversation: {
        id: conv.id,
        channelId: conv.channelId,
        status: conv.status,
        resolvedAt: conv.resolvedAt,
        surveyFlag: true,
        hasAgentMessage: hasAgentMessage(conv),
        customerMessages: customerMessageCount(conv),
        agentId: conv.agentId,
        divisionId: conv.divisionId,
        tags: conv.tags,
      },
      contact: { id: contact.id, optedOut: contact.opted_out_at !== null, locale: contact.locale, attributes: contact.attributes },
      now: new Date(),
    });
  });
  if (!outcome) throw notFound('Conversation');
  if ('skipped' in outcome) {
    throw new AppError('conflict', `No survey was sent: ${outcome.skipped.reason.replace(/_/g, ' ')}.`, [{ path: 'reason', message: outcome.skipped.reason }]);
  }
  return { invitationId: outcome.invitationId, sendAfter: outcome.sendAfter.toISOString(), expiresAt: outcome.expiresAt.toISOString() };
}
