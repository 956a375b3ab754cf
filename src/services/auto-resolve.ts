/**
 * Auto resolve: a periodic sweep (one process at a time) asks the inbox to resolve each open conversation
 * whose customer has not written for the set time since an agent answered ('resolve' inbox action, with
 * the closing message). The resolve the inbox then reports is marked auto-resolved, and gets a survey
 * only if the setting says so.
 */
import { sql } from 'kysely';
import { fillAutoText, officeState } from '../domain/automation/render-auto-reply.js';
import { autoResolveDue } from '../domain/automation/auto-resolve.js';
import type { AutoResolveSettings } from '../domain/automation/settings.js';
import type { ConversationState } from '../domain/conversations/fold.js';
import { pickLanguage } from '../domain/render/survey-steps.js';
import type { Jobs } from '../jobs/queue.js';
import type { Db } from '../store/db.js';
import { autoResolveWorkspaces } from '../store/automation-settings.js';
import { getContact } from '../store/conversations.js';
import { idleOpenConversations, markAutoResolveRequested } from '../store/inbox-actions.js';
import { getCurrentSettings } from '../store/survey-settings.js';
import { loadTimePolicies } from '../store/time-policies.js';
import { enqueueInboxAction } from './inbox-actions.js';

const SWEEP_LOCK = 7_357_017;

/** One sweep over every workspace with auto resolve on; returns how many resolves it asked for. */
export async function sweepAutoResolve(deps: { db: Db; jobs: Jobs }, now = new Date()): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${SWEEP_LOCK}) as locked`.execute(trx);
    if (!rows[0]?.locked) return 0;
    let asked = 0;
    for (const w of await autoResolveWorkspaces(trx)) {
      const s = w.document as AutoResolveSettings;
      const policies = await loadTimePolicies(trx, w.workspaceId);
      const { settings: survey } = await getCurrentSettings(trx, w.workspaceId);
      for (const c of await idleOpenConversations(trx, w.workspaceId, s.afterMinutes)) {
        const schedule = policies.scheduleFor(c.division_id);
        // The last customer and the last agent message decide it (autoResolveDue reads no other).
        const messages = [{ at: c.last_customer_message_at, sender: 'customer' }, { at: c.last_agent_message_at, sender: 'agent' }].flatMap((m) => (m.at ? [{ at: m.at.toISOString(), sender: m.sender }] : []));
        if (!autoResolveDue({ openedAt: c.opened_at?.toISOString() ?? null, messages }, s, schedule, now.getTime())) continue;
        if (!(await markAutoResolveRequested(trx, c.id))) continue;
        const conv = await trx.selectFrom('conversations').select('contact_id').where('id', '=', c.id).executeTakeFirstOrThrow();
        const contact = await getContact(trx, conv.contact_id);
        const language = pickLanguage(survey, contact.locale);
        const closingMessage = s.closingMessage
          ? fillAutoText(s.closingMessage[language], { language, customerName: contact.name, schedule, firstResponseMinutes: policies.slaFor(c.division_id)?.firstResponseMinutes ?? null, nowMs: now.getTime() }, officeState(schedule, now.getTime()).nextOpening)
          : undefined;
        await enqueueInboxAction(trx, deps.jobs, {
          workspaceId: w.workspaceId, conversationId: c.id, kind: 'resolve', payload: closingMessage ? { closingMessage } : {}, source: 'auto_resolve',
          reason: `Auto resolve: no customer message for ${s.afterMinutes} minutes (${s.clock === 'business' ? 'office hours' : 'wall-clock time'}) since an agent answered.`,
        });
        asked += 1;
      }
    }
    return asked;
  });
}

/**
 * Intake's hook, once the resolve's origin is noted (store/conversations saveConversationStates: whether
 * a new resolve is nilai's auto resolve): the survey flag the resolve is decided with (false when auto
 * resolve says "no survey", which eligibility reports as suppressed_by_inbox).
 */
export async function surveyFlagOf(autoResolved: boolean, state: ConversationState, autoResolve: () => Promise<AutoResolveSettings>): Promise<boolean | undefined> {
  if (!autoResolved) return state.surveyFlag;
  return (await autoResolve()).survey ? state.surveyFlag : false;
}
