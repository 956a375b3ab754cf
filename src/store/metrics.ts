/** What `/metrics` reads from the database at scrape time: one statement for the job queues and the rollup deltas. */
import { sql } from 'kysely';
import type { Db } from './db.js';

export interface QueueStats {
  queue: string;
  /** Waiting and due now. */
  due: number;
  /** Waiting for a later start (a survey's delay, a retry's backoff). */
  scheduled: number;
  active: number;
  /** Seconds the oldest due job has waited past its start; 0 when none is due. */
  oldestDueSeconds: number;
}

export interface ScrapeStats {
  queues: QueueStats[];
  /** Whether report-rollup deltas wait to be folded. */
  deltasPending: boolean;
}

/** `queues`: the queues to report, with zeros when one has no live jobs. */
export async function scrapeStats(db: Db, queues: readonly string[]): Promise<ScrapeStats> {
  // pg-boss's job_state enum is ordered created < retry < active < completed < …: `state < 'completed'`
  // reads only the live jobs (pg-boss indexes by name and state).
  const r = await sql<{ queue: string | null; due: string; scheduled: string; active: string; oldest_due_seconds: string | null; deltas_pending: boolean }>`
    with q as (
      select name,
        count(*) filter (where state < 'active' and start_after <= now()) as due,
        count(*) filter (where state < 'active' and start_after > now()) as scheduled,
        count(*) filter (where state = 'active') as active,
        extract(epoch from now() - min(start_after) filter (where state < 'active' and start_after <= now())) as oldest_due_seconds
      from pgboss.job where state < 'completed' group by name
    ), d as (
      select exists (select 1 from rollup_responses_deltas) or exists (select 1 from rollup_invitations_deltas) or exists (select 1 from rollup_conversations_deltas) as deltas_pending
    )
    select q.name as queue, q.due, q.scheduled, q.active, q.oldest_due_seconds, d.deltas_pending from d left join q on true
  `.execute(db);
  const live = new Map(r.rows.filter((x) => x.queue !== null).map((x) => [x.queue!, x]));
  return {
    queues: queues.map((queue) => {
      const x = live.get(queue);
      return { queue, due: Number(x?.due ?? 0), scheduled: Number(x?.scheduled ?? 0), active: Number(x?.active ?? 0), oldestDueSeconds: Math.max(0, Number(x?.oldest_due_seconds ?? 0)) };
    }),
    deltasPending: r.rows[0]?.deltas_pending ?? false,
  };
}
