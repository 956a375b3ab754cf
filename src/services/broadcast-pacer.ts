/**
 * The broadcast pacer, run every second by each process: for each broadcast whose start has come, it
 * takes the channel's free slots (domain/broadcasts/pace) and, in one transaction, decides the next
 * recipients (opt-out, recontact cooldown, address: domain/broadcasts/recipient), records each skip with
 * its reason, and for the others writes the invitation (source `broadcast`) and its dispatch job, so the
 * usual dispatch sends it. A crash loses nothing and repeats nothing: a recipient leaves `pending` in the
 * same commit as its invitation and job. The broadcast row is locked with SKIP LOCKED (one process paces
 * a broadcast at a time) and the channel's pace row is locked (two broadcasts on one channel share its rate).
 */
import { randomUUID } from 'node:crypto';
import { takeSlots } from '../domain/broadcasts/pace.js';
import { decideRecipient, type BroadcastChannelType } from '../domain/broadcasts/recipient.js';
import { pickLanguage } from '../domain/render/survey-steps.js';
import type { Jobs } from '../jobs/queue.js';
import type { Keys } from '../lib/keys.js';
import { hashSecret } from '../lib/secret-token.js';
import { dueBroadcastIds, hasPending, lockActiveBroadcast, lockPace, markRecipient, nextPending, setBroadcastStatus, setPace } from '../store/broadcasts.js';
import type { Db } from '../store/db.js';
import { insertInvitation } from '../store/invitations.js';
import { getCurrentSettings } from '../store/survey-settings.js';

/**
 * Messages a minute per channel unless set: Telegram allows about 30 a second per bot for bulk sends,
 * WhatsApp's lowest throughput tier is 80 a second but a new number's quality rating suffers from
 * bursts, SMTP relays commonly cap a few a second.
 */
export const DEFAULT_RATE: Record<BroadcastChannelType, number> = { telegram: 600, whatsapp: 300, email: 120 };
/** The most recipients one round looks at (skips included), so one transaction stays short. */
const ROUND_MAX = 500;

export interface PacerDeps {
  db: Db;
  keys: Keys;
  jobs: Jobs;
}

export async function paceBroadcasts(deps: PacerDeps, now = new Date()): Promise<number> {
  let queued = 0;
  for (const id of await dueBroadcastIds(deps.db, now)) queued += await paceOne(deps, id);
  return queued;
}

async function paceOne(deps: PacerDeps, id: string): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const b = await lockActiveBroadcast(trx, id);
    if (!b) return 0;
    if (b.status === 'scheduled') await setBroadcastStatus(trx, b.id, 'running');
    const channel = await trx.selectFrom('channels').select(['type', 'deleted_at']).where('id', '=', b.channel_id).executeTakeFirstOrThrow();
    const type = channel.type as BroadcastChannelType;
    const pace = await lockPace(trx, b.channel_id, DEFAULT_RATE[type] ?? 60);
    const now = new Date();
    const slots = takeSlots({ perMinute: pace.per_minute, nextAt: pace.next_at, now, want: ROUND_MAX });
    if (slots.n === 0) return 0;
    const { settings, version } = await getCurrentSettings(trx, b.workspace_id);
    let queued = 0;
    let looked = 0;
    while (queued < slots.n && looked < ROUND_MAX) {
      const batch = await nextPending(trx, b.id, Math.min(ROUND_MAX - looked, Math.max(slots.n - queued, 50)));
      if (!batch.length) break;
      for (const r of batch) {
        if (queued >= slots.n) break;
        looked++;
        const decision = channel.deleted_at
          ? { send: false as const, reason: 'no_address' as const }
          : decideRecipient({ channelType: type, contact: { optedOut: r.opted_out_at !== null, phone: r.phone, email: r.email, handle: r.handle, lastInvitationAt: r.last_at }, cooldownDays: settings.sending.cooldownDays, now });
        if (!decision.send) {
          await markRecipient(trx, b.id, r.position, { skipReason: decision.reason });
          continue;
        }
        const invitationId = randomUUID();
        await insertInvitation(trx, {
          id: invitationId, workspace_id: b.workspace_id, conversation_id: null, contact_id: r.contact_id, channel_id: b.channel_id,
          token_hash: hashSecret(deps.keys.invitationToken(invitationId)), survey_types: [b.survey_type], settings_version: version,
          language: pickLanguage(settings, r.locale), trigger: 'broadcast', source: 'broadcast', broadcast_id: b.id, status: 'scheduled',
          send_after: now, expires_at: new Date(now.getTime() + settings.sending.expiryHours * 3_600_000),
        });
        await deps.jobs.enqueueDispatch(trx, invitationId, now);
        await markRecipient(trx, b.id, r.position, { invitationId });
        queued++;
      }
    }
    // Only the slots used are taken: skips cost none.
    await setPace(trx, b.channel_id, { nextAt: takeSlots({ perMinute: pace.per_minute, nextAt: pace.next_at, now, want: queued }).nextAt });
    if (!(await hasPending(trx, b.id))) await setBroadcastStatus(trx, b.id, 'done');
    return queued;
  });
}
