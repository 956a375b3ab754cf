/** `GET /api/v1/reports/summary`: period in the workspace's time zone, filters, optional grouping. */
import { DateTime } from 'luxon';
import { invalid } from '../domain/errors.js';
import { checkDateParams } from '../domain/time/instant.js';
import { figures, type Figures } from '../domain/reports/summary.js';
import type { Db } from '../store/db.js';
import { RELATIVE_ACCURACY } from '../domain/reports/duration-sketch.js';
import { conversationGrain, durationSample, durationSketches, NIL, resolvedCount, summaryFacts, type GroupBy, type ReportFilters } from '../store/reports/summary-facts.js';
import { getCurrentSettings } from '../store/survey-settings.js';
import { getWorkspace } from '../store/workspaces.js';

/**
 * Medians and p90s are exact up to this many resolved conversations (for the whole report, or for all
 * groups together); above, they come from the rollups' duration sketches (within RELATIVE_ACCURACY,
 * 4.2 %), or, for the reports no rollup holds (a tag with another dimension, `resolvedBy`), from a
 * uniform random sample of about this size.
 */
export const SAMPLE_TARGET = { overall: 2000, grouped: 5000 };

/** Slices (of 100) to read so that about `target` of `total` conversations come back. */
export const slicesFor = (total: number, target: number): number => (total <= target ? 100 : Math.max(1, Math.ceil((100 * target) / total)));
const MAX_DAYS = 732;

export interface SummaryQuery extends Partial<ReportFilters> {
  groupBy?: GroupBy;
}

export interface Group extends Figures {
  key: string;
  label: string;
}

async function labels(db: Db, workspaceId: string, groupBy: GroupBy | undefined): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  const none = { agent: 'Unassigned', division: 'No division', channel: 'Unknown channel' } as const;
  if (groupBy === 'channel') for (const r of await db.selectFrom('channels').select(['id', 'name']).where('workspace_id', '=', workspaceId).execute()) map.set(r.id, r.name);
  if (groupBy === 'agent') for (const r of await db.selectFrom('users').select(['id', 'name']).where('workspace_id', '=', workspaceId).execute()) map.set(r.id, r.name);
  if (groupBy === 'division') for (const r of await db.selectFrom('divisions').select(['id', 'name']).where('workspace_id', '=', workspaceId).execute()) map.set(r.id, r.name);
  if (groupBy === 'channel' || groupBy === 'agent' || groupBy === 'division') map.set(NIL, none[groupBy]);
  return map;
}

export async function summaryReport(db: Db, workspaceId: string, q: SummaryQuery, target = SAMPLE_TARGET) {
  checkDateParams({ from: q.from, to: q.to });
  const { timeZone, reportsRebuilding } = await getWorkspace(db, workspaceId);
  const today = DateTime.now().setZone(timeZone).toISODate()!;
  const to = q.to ?? today;
  const from = q.from ?? DateTime.fromISO(to).minus({ days: 29 }).toISODate()!;
  const days = DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days + 1;
  if (days < 1) throw invalid([{ path: 'query.from', message: 'must be on or before `to`' }]);
  if (days > MAX_DAYS) throw invalid([{ path: 'query.from', message: `the period may span at most ${MAX_DAYS} days` }]);
  const filters: ReportFilters = { ...q, from, to, today };
  // Every read that does not need another's answer runs at once (each round trip is a per-request cost).
  const build = async (groupBy: GroupBy | undefined) => {
    const [facts, { durations, slices, sketches }] = await Promise.all([
      summaryFacts(db, workspaceId, filters, groupBy),
      (async () => {
        // The rollups know how many conversations were resolved, which chooses the way: every duration
        // while they are few, else the sketches, else (no rollup holds the report) a sample. The sketches
        // are read alongside the count rather than after it (one round trip less on the report's longest
        // path); when the count says they are not needed, they are dropped.
        const sketchRead = conversationGrain(filters, groupBy) !== null ? durationSketches(db, workspaceId, filters, groupBy) : null;
        // The read once it is in, whatever its outcome: handled at once (it may fail while the count is
        // still being read; awaited itself below, it still throws), and awaited wherever the report goes
        // on without it, so no read outlives the report.
        const settled = sketchRead?.catch(() => undefined);
        const resolved = await resolvedCount(db, workspaceId, filters).catch(async (err: unknown) => {
          await settled;
          throw err;
        });
        const slices = slicesFor(resolved, groupBy ? target.grouped : target.overall);
        if (slices < 100 && sketchRead) return { durations: [], slices: 100, sketches: (await sketchRead)! };
        // Not needed: its answer (or failure) is dropped.
        const [, durations] = await Promise.all([settled, durationSample(db, workspaceId, timeZone, filters, groupBy, slices)]);
        return { durations, slices, sketches: null };
      })(),
    ]);
    return { facts, durations, slices, sketches };
  };
  // Grouping by channel, agent, division or period partitions the facts: the overall figures are the
  // groups' facts together, so one round of queries serves both. Tags overlap, so they need their own.
  const partition = q.groupBy !== undefined && q.groupBy !== 'tag';
  const [{ settings }, names, grouped, separate] = await Promise.all([
    getCurrentSettings(db, workspaceId),
    labels(db, workspaceId, q.groupBy),
    q.groupBy ? build(q.groupBy) : null,
    partition ? null : build(undefined),
  ]);
  const overall = partition ? grouped! : separate!;
  const threshold = settings.csat.satisfiedThreshold;
  // The groups partition the conversations: the overall sketches are theirs added.
  const overallSketches = overall.sketches && (partition ? overall.sketches.total : (overall.sketches.groups.get('') ?? new Map()));
  const timingsMethod: 'exact' | 'sketch' | 'sample' = overall.sketches ? 'sketch' : overall.slices === 100 ? 'exact' : 'sample';
  const result = {
    period: { from, to, timeZone },
    reportsRebuilding,
    filters: { type: q.type ?? null, channelId: q.channelId ?? null, agentId: q.agentId ?? null, divisionId: q.divisionId ?? null, tag: q.tag ?? null, settingsVersion: q.settingsVersion ?? null, resolvedBy: q.resolvedBy ?? null },
    groupBy: q.groupBy ?? null,
    csatSatisfiedThreshold: threshold,
    /** Whether medians and p90s are exact (every duration), or estimates (`timingsMethod`). */
    exactTimings: timingsMethod === 'exact',
    /** Share of conversations the medians and p90s come from: 100 unless sampled. */
    sampledPercent: overall.slices,
    timingsMethod,
    /** Medians and p90s are within this many percent of the exact figures (null for a sample). */
    timingsWithinPercent: timingsMethod === 'exact' ? 0 : timingsMethod === 'sketch' ? Math.round(1000 * RELATIVE_ACCURACY) / 10 : null,
    overall: figures(overall.facts.responses, overall.facts.invitations, overall.facts.timings, overall.durations, threshold, overallSketches ?? undefined),
    groups: [] as Group[],
  };
  if (q.groupBy && grouped) {
    const { facts, durations } = grouped;
    const byKey = <T extends { key: string }>(rows: T[]) => {
      const m = new Map<string, T[]>();
      for (const r of rows) {
        const list = m.get(r.key);
        if (list) list.push(r);
        else m.set(r.key, [r]);
      }
      return m;
    };
    const [responses, invitations, timings, values] = [byKey(facts.responses), byKey(facts.invitations), byKey(facts.timings), byKey(durations)];
    const keys = new Set([...responses.keys(), ...invitations.keys(), ...timings.keys()]);
    result.groups = [...keys]
      .map((key) => ({
        key,
        label: names.get(key) ?? key,
        ...figures(responses.get(key) ?? [], invitations.get(key) ?? [], timings.get(key) ?? [], values.get(key) ?? [], threshold,
          grouped.sketches ? (grouped.sketches.groups.get(key) ?? new Map()) : undefined),
      }))
      .sort((a, b) => (['day', 'week', 'month'].includes(q.groupBy!) ? a.key.localeCompare(b.key) : a.label.localeCompare(b.label)));
  }
  return result;
}
