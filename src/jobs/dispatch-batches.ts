/**
 * The dispatch queue's batches for the send loop: first sends are claimed, sent and recorded together
 * (services/dispatch); a reminder job takes a slot and runs on its own (services/remind).
 */
import type PgBoss from 'pg-boss';
import { claimSends, recordSends, sendClaimed, type ClaimedSend, type DispatchDeps, type SendAnswer } from '../services/dispatch.js';
import { sendReminder } from '../services/remind.js';
import type { DispatchJob } from './queue.js';
import type { SendBatches } from './send-loop.js';
import type { ChannelType } from '../store/types.js';

export type SendUnit = { claimed: ClaimedSend } | { reminder: true };

/**
 * The send loop's lane of sends whose receiver drops a repeat: web callbacks carry `webhook-id`
 * (`inv_<invitation id>`, Standard Webhooks), so one a crash repeats is dropped where it arrives.
 */
export const KEYED_LANE = 'keyed';
const KEYED_TYPES: ReadonlySet<ChannelType> = new Set(['web']);
export type SendDone = { answer: SendAnswer } | { reminder: Error | null };

export function dispatchBatches(deps: DispatchDeps): SendBatches<DispatchJob, SendUnit, SendDone> {
  const attempt = (job: PgBoss.JobWithMetadata<DispatchJob>) => ({ invitationId: job.data.invitationId, retryCount: job.retryCount, retryLimit: job.retryLimit });
  return {
    async claim(jobs) {
      const units = new Map<string, SendUnit>();
      const firsts = jobs.filter((j) => !j.data.reminder);
      for (const j of jobs) if (j.data.reminder) units.set(j.id, { reminder: true });
      if (!firsts.length) return units;
      const { sends, settled } = await claimSends(deps, firsts.map(attempt));
      for (const [invitationId, outcome] of settled) deps.log.info({ invitationId, outcome }, 'invitation dispatched');
      const jobOf = new Map(firsts.map((j) => [j.data.invitationId, j.id]));
      for (const claimed of sends) units.set(jobOf.get(claimed.inv.id)!, { claimed });
      return units;
    },
    lane(unit) {
      return 'claimed' in unit && KEYED_TYPES.has(unit.claimed.ctx.channel.type) ? KEYED_LANE : undefined;
    },
    async send(job, unit) {
      if ('claimed' in unit) return { answer: await sendClaimed(deps, unit.claimed) };
      try {
        const outcome = await sendReminder(deps, job.data.invitationId, attempt(job));
        deps.log.info({ invitationId: job.data.invitationId, outcome }, 'reminder dispatched');
        return { reminder: null };
      } catch (err) {
        return { reminder: err as Error };
      }
    },
    async record(done) {
      const failed = new Map<string, string>();
      const answers: SendAnswer[] = [];
      const jobOf = new Map<string, string>();
      for (const { job, r } of done) {
        if ('reminder' in r) {
          if (r.reminder) failed.set(job.id, r.reminder.message);
        } else {
          answers.push(r.answer);
          jobOf.set(job.data.invitationId, job.id);
        }
      }
      if (!answers.length) return failed;
      for (const [invitationId, outcome] of await recordSends(deps, answers)) {
        if (typeof outcome === 'string') deps.log.info({ invitationId, outcome }, 'invitation dispatched');
        else failed.set(jobOf.get(invitationId)!, outcome.retry.message);
      }
      return failed;
    },
  };
}
