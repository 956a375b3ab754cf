/** `GET /api/v1/reports/summary`: period in the workspace's time zone, filters, optional grouping. */
import { DateTime } from 'luxon';
import { invalid } from '../domain/errors.js';
import { figures, type ExactTiming, type Figures } from '../domain/reports/summary.js';
import type { Db } from '../store/db.js';
import { exactTimings, NIL, summaryFacts, type GroupBy, type ReportFilters } from '../store/reports/summary-facts.js';
import { getCurrentSettings } from '../store/survey-settings.js';

/** Up to this many resolved conversations, medians and p90s are exact; above, from ±1 % histograms. */
export const EXACT_TIMINGS_LIMIT = 5000;
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

export async function summaryReport(db: Db, workspaceId: string, q: SummaryQuery) {
  const { time_zone: timeZone } = await db.selectFrom('workspaces').select('time_zone').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const today = DateTime.now().setZone(timeZone).toISODate()!;
  const to = q.to ?? today;
  const from = q.from ?? DateTime.fromISO(to).minus({ days: 29 }).toISODate()!;
  const days = DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days + 1;
  if (days < 1) throw invalid([{ path: 'query.from', message: 'must be on or before `to`' }]);
  if (days > MAX_DAYS) throw invalid([{ path: 'query.from', message: `the period may span at most ${MAX_DAYS} days` }]);
  const filters: ReportFilters = { ...q, from, to };
  const { settings } = await getCurrentSettings(db, workspaceId);
  const threshold = settings.csat.satisfiedThreshold;

  const build = async (groupBy: GroupBy | undefined) => {
    const [facts, exact] = await Promise.all([
      summaryFacts(db, workspaceId, filters, groupBy),
      exactTimings(db, workspaceId, timeZone, filters, groupBy, EXACT_TIMINGS_LIMIT),
    ]);
    return { facts, exact };
  };
  const overall = await build(undefined);
  const result = {
    period: { from, to, timeZone },
    filters: { type: q.type ?? null, channelId: q.channelId ?? null, agentId: q.agentId ?? null, divisionId: q.divisionId ?? null, tag: q.tag ?? null, settingsVersion: q.settingsVersion ?? null },
    groupBy: q.groupBy ?? null,
    csatSatisfiedThreshold: threshold,
    exactTimings: overall.exact !== null,
    overall: figures(overall.facts.responses, overall.facts.invitations, overall.facts.timings, overall.exact, threshold),
    groups: [] as Group[],
  };
  if (q.groupBy) {
    const { facts, exact } = await build(q.groupBy);
    const names = await labels(db, workspaceId, q.groupBy);
    const keys = [...new Set([...facts.responses, ...facts.invitations, ...facts.timings].map((r) => r.key))];
    const of = <T extends { key: string }>(rows: T[], key: string) => rows.filter((r) => r.key === key);
    result.groups = keys
      .map((key) => ({
        key,
        label: names.get(key) ?? key,
        ...figures(of(facts.responses, key), of(facts.invitations, key), of(facts.timings, key), exact ? of(exact as ExactTiming[], key) : null, threshold),
      }))
      .sort((a, b) => (['day', 'week', 'month'].includes(q.groupBy!) ? a.key.localeCompare(b.key) : a.label.localeCompare(b.label)));
  }
  return result;
}
