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
import type { Insertable } from 'kysely';
import { sendInvitations, sendSkips, surveyHistory, type SkipRow } from '../store/invitations.js';
import { sendVia, type Send } from '../store/pipelined.js';
import type { InvitationsTable } from '../store/types.js';

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

/** What a decision writes: an invitation and its dispatch job, or a skip. */
export interface InviteWrites {
  invitations: Insertable<InvitationsTable>[];
  skips: SkipRow[];
}

/**
 * The decision for one conversation, from its contact's and its own survey history, with the rows it
 * writes added to `writes` (written for a whole batch by writeInvites).
 */
export function decideInvite(keys: Keys, ctx: InviteContext, history: { alreadySurveyed: boolean; lastInvitationAt: Date | null }, writes: InviteWrites): InviteOutcome {
  const decision = decideSurvey({
    trigger: ctx.trigger,
    settings: ctx.settings,
    conversation: { ...ctx.conversation, resolvedAt: ctx.conversation.resolvedAt ? new Date(ctx.conversation.resolvedAt) : null, alreadySurveyed: history.alreadySurveyed },
    contact: { optedOut: ctx.contact.optedOut, locale: ctx.contact.locale, lastInvitationAt: history.lastInvitationAt, attributes: ctx.contact.attributes },
    now: ctx.now,
  });
  if (!decision.send) {
    writes.skips.push({
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
  writes.invitations.push({
    id,
    workspace_id: ctx.workspaceId,
    conversation_id: ctx.conversation.id,
    contact_id: ctx.contact.id,
    channel_id: ctx.conversation.channelId,
    token_hash: hashSecret(keys.invitationToken(id)),
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
  return { invitationId: id, sendAfter: decision.sendAfter, expiresAt: decision.expiresAt };
}

/** A batch's decisions written: its invitations, skips and dispatch jobs, one statement each. */
export async function writeInvites(trx: Db, jobs: Jobs, writes: InviteWrites): Promise<void> {
  await Promise.all(sendInvites(sendVia(trx), jobs, writes));
}

/** The same sent on `send` without waiting (store/pipelined): the answers of its statements. */
export function sendInvites(send: Send, jobs: Jobs, writes: InviteWrites): Promise<unknown>[] {
  return [
    sendInvitations(send, writes.invitations),
    sendSkips(send, writes.skips),
    jobs.sendDispatches(send, writes.invitations.map((i) => ({ invitationId: i.id!, startAfter: i.send_after as Date }))),
  ];
}

export async function decideAndInvite(trx: Db, deps: { keys: Keys; jobs: Jobs }, ctx: InviteContext): Promise<InviteOutcome> {
  const history = await surveyHistory(trx, ctx.conversation.id, ctx.contact.id);
  const writes: InviteWrites = { invitations: [], skips: [] };
  const outcome = decideInvite(deps.keys, ctx, history, writes);
  await writeInvites(trx, deps.jobs, writes);
  return outcome;
}
