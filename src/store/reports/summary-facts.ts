/**
 * The facts behind `GET /api/v1/reports/summary`, read from the packed rollups (migration 0039): per
 * local day, one row per grain and dimension tuple with its counts in arrays; and per ISO week and per
 * month the same (migration 0052, not for the cube), read as a signed sum that makes the period (rollupRows).
 *
 * Which rows a report reads, by the dimensions it filters or groups by:
 *   none: grain 1 (total)
 *   one of channel, agent, division, settings version: grain 2, 3, 4 or 6 (settings version alone)
 *   tag alone: grain 5
 *   two or more of channel, agent, division, settings version: grain 0, the cube
 *   a tag with any other dimension, or the `resolvedBy` filter: the facts, bounded by the period
 * Who resolved the conversation (`resolvedBy`) is no rollup dimension: it is the conversation's current
 * `auto_resolved`, which a later reopen and resolve changes after its surveys and answers were counted.
 * Conversations have no settings version: their figures ignore that filter, as before.
 *
 * Both ways return the same facts (one per key × score, kind or metric): the rollup arrays are summed
 * elementwise in SQL (fixed positions, plain sum()) and unpacked here.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DurationValue, InvitationFact, ResponseFact, TimingFact } from '../../domain/reports/summary.js';
import { BUCKETS, type DurationSketch } from '../../domain/reports/duration-sketch.js';
import { SKIP_REASONS } from '../../domain/eligibility.js';
import { coverPeriod } from '../../domain/reports/period-cover.js';
import type { Db } from '../db.js';

export const GROUP_BYS = ['day', 'week', 'month', 'channel', 'agent', 'division', 'tag'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export interface ReportFilters {
  /** Local dates (workspace time zone), both included. */
  from: string;
  to: string;
  type?: string;
  channelId?: string;
  agentId?: string;
  divisionId?: string;
  tag?: string;
  settingsVersion?: number;
  /** Conversations resolved by nilai's auto resolve, or by anyone else (surveys outside conversations are neither). */
  resolvedBy?: 'auto' | 'agent';
  /** The workspace's local date: later days hold no rollup rows yet, which helps choose the rows to read (the figures are exact either way). */
  today?: string;
}

export const NIL = '00000000-0000-0000-0000-000000000000';

type Dim = 'channel' | 'agent' | 'division' | 'tag' | 'version';

/**
 * The smallest grain holding every needed dimension (see the top of this module); null when none does
 * (a tag with any other dimension: read the facts).
 */
export function chooseGrain(needed: ReadonlySet<Dim>): number | null {
  if (needed.has('tag')) return needed.size === 1 ? 5 : null;
  const dims = [...needed];
  if (dims.length === 0) return 1;
  if (dims.length === 1) return { channel: 2, agent: 3, division: 4, version: 6, tag: 5 }[dims[0]!];
  return 0;
}

/** rollup_invitations.counts positions: nilai_invitation_kinds() of migration 0039, in its order. */
export const INVITATION_KINDS = [
  'scheduled', 'sent', 'delivered', 'answered', 'expired', 'cancelled', 'failed', 'reminded', 'answered_after_reminder',
  ...SKIP_REASONS.map((r) => `skipped:${r}`),
] as const;
/** rollup_conversations.n positions; the first six are also those of sum_ms. */
const DURATIONS = ['frt', 'frt_business', 'art', 'art_business', 'resolution', 'resolution_business'] as const;
const DURATION_COLUMNS = DURATIONS.map((m) => `${m}_ms`);
const SLA = ['sla_first_response', 'sla_resolution'] as const;
/** A grain's week rows are grain + 10, its month rows grain + 20 (migration 0052). */
const WEEK_GRAIN = 10;
const MONTH_GRAIN = 20;
/** Sketch keys per metric (migration 0046: key = metric · 512 + bucket). */
const SKETCH_STRIDE = 512;
const RESPONSE_SLOTS = 11;
const CONVERSATION_SLOTS = 11;

/**
 * `array[sum(sign * col[1]), …]`: the elementwise signed sum of a count array column over the group
 * (rollupRows), sent as JSON: parsed by JSON.parse into numbers (as Number() made of the text array's
 * elements before, which a JavaScript parser split one by one).
 */
const sumArray = (col: string, len: number, cast = '') =>
  sql.raw(`to_json(array[${Array.from({ length: len }, (_, i) => `sum(sign * ${col}[${i + 1}]${cast})`).join(', ')}]::bigint[])`);
/** Counts of one row (a month's at most) fit an int: their sum is then an int8 sum, not a numeric one. */
const sumCounts = (col: string, len: number) => sumArray(col, len, '::int');
const num = (xs: (string | number | null)[], i: number) => Number(xs[i] ?? 0);

function neededDims(f: ReportFilters, groupBy: GroupBy | undefined, withVersion: boolean): Set<Dim> {
  const d = new Set<Dim>();
  if (f.channelId || groupBy === 'channel') d.add('channel');
  if (f.agentId || groupBy === 'agent') d.add('agent');
  if (f.divisionId || groupBy === 'division') d.add('division');
  if (f.tag || groupBy === 'tag') d.add('tag');
  if (withVersion && f.settingsVersion !== undefined) d.add('version');
  return d;
}

function keyExpr(groupBy: GroupBy | undefined, day: RawBuilder<unknown>): RawBuilder<string> {
  switch (groupBy) {
    case 'day': return sql<string>`to_char(${day}, 'YYYY-MM-DD')`;
    case 'week': return sql<string>`to_char(nilai_week(${day}), 'YYYY-MM-DD')`;
    case 'month': return sql<string>`to_char(${day}, 'YYYY-MM')`;
    case 'channel': return sql<string>`channel_id::text`;
    case 'agent': return sql<string>`agent_id::text`;
    case 'division': return sql<string>`division_id::text`;
    case 'tag': return sql<string>`tag`;
    default: return sql<string>`''`;
  }
}

function dimFilters(f: ReportFilters, withVersion: boolean): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (f.channelId) parts.push(sql`channel_id = ${f.channelId}::uuid`);
  if (f.agentId) parts.push(sql`agent_id = ${f.agentId}::uuid`);
  if (f.divisionId) parts.push(sql`division_id = ${f.divisionId}::uuid`);
  if (f.tag) parts.push(sql`tag = ${f.tag}`);
  if (withVersion && f.settingsVersion !== undefined) parts.push(sql`settings_version = ${f.settingsVersion}`);
  return parts.length ? sql`and ${sql.join(parts, sql` and `)}` : sql``;
}

/** The workspace's zone and the instant bounds of the local period, for reads of the facts. */
function period(workspaceId: string, f: ReportFilters) {
  const tz = sql`(select time_zone from workspaces where id = ${workspaceId}::uuid)`;
  return { tz, start: sql`(${f.from}::date::timestamp at time zone ${tz})`, end: sql`((${f.to}::date + 1)::timestamp at time zone ${tz})` };
}

const METRICS = sql`(values ('frt', nilai_measured(c.frt_ms), c.frt_ms), ('frt_business', nilai_measured(c.frt_business_ms), c.frt_business_ms),
  ('art', nilai_measured(c.art_ms), c.art_ms), ('art_business', nilai_measured(c.art_business_ms), c.art_business_ms),
  ('resolution', nilai_measured(c.resolution_ms), c.resolution_ms), ('resolution_business', nilai_measured(c.resolution_business_ms), c.resolution_business_ms),
  ('sla_first_response', c.sla_first_response_met::integer, 0::bigint), ('sla_resolution', c.sla_resolution_met::integer, 0::bigint),
  ('resolved', 0, 0::bigint)) m(metric, bucket, ms)`;

/**
 * The rows a rollup table would hold for the conversations `resolvedBy` picks, one per fact (n = 1),
 * with the columns the summary reads: the same rules as nilai_rebuild_rollups (no broadcast answers or
 * invitations, cumulative funnel steps, skips with their conversation's agent, division and tags).
 */
function factRows(table: string, workspaceId: string, f: ReportFilters, withTag: boolean): RawBuilder<unknown> {
  const { tz, start, end } = period(workspaceId, f);
  // Without `resolvedBy`, every fact the rollups count (surveys outside conversations too).
  const auto = f.resolvedBy ? sql`c.auto_resolved = ${f.resolvedBy === 'auto'}` : sql`true`;
  const join = f.resolvedBy ? sql`join` : sql`left join`;
  const tags = (col: RawBuilder<unknown>) => (withTag ? sql`cross join lateral unnest(${col}) as t(tag)` : sql`cross join lateral (select ''::text as tag) t`);
  const dims = (x: string, agent = x) => sql`${sql.ref(`${x}.channel_id`)} as channel_id, nilai_nil(${sql.ref(`${agent}.agent_id`)}) as agent_id,
    nilai_nil(${sql.ref(`${agent}.division_id`)}) as division_id, t.tag`;
  const ws = sql`${workspaceId}::uuid`;
  switch (table) {
    case 'rollup_responses': return sql`select (r.answered_at at time zone ${tz})::date as day, ${dims('r')}, r.settings_version, r.survey_type, r.scale_max, r.score, 1::bigint as n
      from responses r ${join} conversations c on c.id = r.conversation_id ${tags(sql`r.tags`)}
      where r.workspace_id = ${ws} and r.source <> 'broadcast' and ${auto} and r.answered_at >= ${start} and r.answered_at < ${end}`;
    case 'rollup_invitations': return sql`select (i.created_at at time zone ${tz})::date as day, ${dims('i')}, i.settings_version, k.kind, 1::bigint as n
      from invitations i ${join} conversations c on c.id = i.conversation_id ${tags(sql`i.tags`)}
      cross join lateral unnest(array_remove(array['scheduled',
         case when i.sent_at is not null or i.status in ('sent', 'delivered', 'answered') then 'sent' end,
         case when i.delivered_at is not null or i.status in ('delivered', 'answered') then 'delivered' end,
         case when i.answered_at is not null or i.status = 'answered' then 'answered' end,
         case when i.status in ('expired', 'cancelled', 'failed') then i.status end,
         case when i.reminder_status = 'sent' then 'reminded' end,
         case when i.status = 'answered' and i.reminded_at is not null then 'answered_after_reminder' end], null)) k(kind)
      where i.workspace_id = ${ws} and i.source <> 'broadcast' and ${auto} and i.created_at >= ${start} and i.created_at < ${end}
      union all
      select (s.created_at at time zone ${tz})::date, ${dims('s', 'c')}, s.settings_version, 'skipped:' || s.reason, 1::bigint
      from survey_skips s join conversations c on c.id = s.conversation_id ${tags(sql`c.tags`)}
      where s.workspace_id = ${ws} and ${auto} and s.created_at >= ${start} and s.created_at < ${end}`;
    default: return sql`select (c.resolved_at at time zone ${tz})::date as day, ${dims('c')}, m.metric, m.bucket, 1::bigint as n, coalesce(m.ms, 0) as sum_ms
      from conversations c ${tags(sql`c.tags`)} cross join lateral ${METRICS}
      where c.workspace_id = ${ws} and ${auto} and c.resolved_at >= ${start} and c.resolved_at < ${end} and m.bucket is not null`;
  }
}

/**
 * The rollup rows of `grain` that sum to the period (period-cover.ts: month, week and day rows, each with
 * `sign` 1 or −1), and the deltas not folded into them yet (a few seconds' worth, day rows, sign 1): one
 * SELECT (`sign` and `columns` of each) per kind of row, to be read as their UNION ALL. Readers sum
 * `sign` × the counts.
 */
function rollupParts(table: string, workspaceId: string, f: ReportFilters, groupBy: GroupBy | undefined, grain: number, filters: RawBuilder<unknown>, columns = sql`*`, deltaColumns = columns): RawBuilder<unknown>[] {
  const ws = sql`workspace_id = ${workspaceId}::uuid`;
  const days = sql`day between ${f.from}::date and ${f.to}::date`;
  const deltas = sql`select 1 as sign, ${deltaColumns} from ${sql.table(`${table}_deltas`)} where ${ws} and grain = ${grain} and ${days} ${filters}`;
  // The cube has day rows only (migration 0052).
  if (grain === 0 || groupBy === 'day') return [sql`select 1 as sign, ${columns} from ${sql.table(table)} where ${ws} and grain = ${grain} and ${days} ${filters}`, deltas];
  const cover = coverPeriod(f.from, f.to, groupBy, f.today);
  const parts: RawBuilder<unknown>[] = [];
  for (const [spans, offset] of [[cover.months, MONTH_GRAIN], [cover.weeks, WEEK_GRAIN], [cover.days, 0]] as const) {
    for (const [dates, sign] of [[spans.plus, 1], [spans.minus, -1]] as const) {
      if (dates.length) parts.push(sql`select ${sql.raw(String(sign))} as sign, ${columns} from ${sql.table(table)} where ${ws} and grain = ${grain + offset} and day = any(${dates}::date[]) ${filters}`);
    }
  }
  return [...parts, deltas];
}

const rollupRows = (...args: Parameters<typeof rollupParts>): RawBuilder<unknown> => sql.join(rollupParts(...args), sql` union all `);

export async function summaryFacts(db: Db, workspaceId: string, f: ReportFilters, groupBy?: GroupBy) {
  const key = keyExpr(groupBy, sql`day`);
  const typeFilter = f.type ? sql`and survey_type = ${f.type}` : sql``;
  const grainOf = (withVersion: boolean) => (f.resolvedBy ? null : chooseGrain(neededDims(f, groupBy, withVersion)));
  const rollups = (table: string, grain: number, withVersion: boolean, extra = sql``, columns = sql`*`) =>
    sql`from (${rollupRows(table, workspaceId, f, groupBy, grain, sql`${dimFilters(f, withVersion)} ${extra}`, columns)}) facts`;
  const facts = (table: string, withVersion: boolean, extra = sql``) =>
    sql`from (${factRows(table, workspaceId, f, neededDims(f, groupBy, withVersion).has('tag'))}) facts
        where day between ${f.from}::date and ${f.to}::date ${dimFilters(f, withVersion)} ${extra}`;

  const readResponses = async (): Promise<ResponseFact[]> => {
    const grain = grainOf(true);
    if (grain === null) {
      const r = await sql<{ key: string; survey_type: string; scale_max: number; score: number; n: number }>`
        select ${key} as key, survey_type, scale_max, score, sum(n)::bigint as n ${facts('rollup_responses', true, typeFilter)} group by 1, 2, 3, 4`.execute(db);
      return r.rows.map((x) => ({ key: x.key, surveyType: x.survey_type, scaleMax: x.scale_max, score: x.score, n: Number(x.n) }));
    }
    const r = await sql<{ key: string; survey_type: string; scale_max: number; counts: number[] }>`
      select ${key} as key, survey_type, scale_max, ${sumCounts('counts', RESPONSE_SLOTS)} as counts ${rollups('rollup_responses', grain, true, typeFilter)}
      group by 1, 2, 3`.execute(db);
    const out: ResponseFact[] = [];
    for (const x of r.rows) {
      for (let i = 0; i < RESPONSE_SLOTS; i++) {
        const n = num(x.counts, i);
        if (n !== 0) out.push({ key: x.key, surveyType: x.survey_type, scaleMax: x.scale_max, score: i, n });
      }
    }
    return out;
  };
  const readInvitations = async (): Promise<InvitationFact[]> => {
    const grain = grainOf(true);
    if (grain === null) {
      const r = await sql<{ key: string; kind: string; n: number }>`
        select ${key} as key, kind, sum(n)::bigint as n ${facts('rollup_invitations', true)} group by 1, 2`.execute(db);
      return r.rows.map((x) => ({ key: x.key, kind: x.kind, n: Number(x.n) }));
    }
    const r = await sql<{ key: string; counts: number[] }>`
      select ${key} as key, ${sumCounts('counts', INVITATION_KINDS.length)} as counts ${rollups('rollup_invitations', grain, true)} group by 1`.execute(db);
    const out: InvitationFact[] = [];
    for (const x of r.rows) {
      INVITATION_KINDS.forEach((kind, i) => {
        const n = num(x.counts, i);
        if (n !== 0) out.push({ key: x.key, kind, n });
      });
    }
    return out;
  };
  const readTimings = async (): Promise<TimingFact[]> => {
    const grain = grainOf(false);
    if (grain === null) {
      const r = await sql<{ key: string; metric: string; bucket: number; n: number; sum_ms: number }>`
        select ${key} as key, metric, bucket, sum(n)::bigint as n, sum(sum_ms)::bigint as sum_ms ${facts('rollup_conversations', false)}
        group by 1, 2, 3 having sum(n) <> 0`.execute(db);
      return r.rows.map((x) => ({ key: x.key, metric: x.metric, bucket: x.bucket, n: Number(x.n), sumMs: Number(x.sum_ms) }));
    }
    const r = await sql<{ key: string; n: number[]; sum_ms: number[] }>`
      select ${key} as key, ${sumCounts('n', CONVERSATION_SLOTS)} as n, ${sumArray('sum_ms', DURATIONS.length)} as sum_ms
      ${rollups('rollup_conversations', grain, false, sql``, sql`day, channel_id, agent_id, division_id, tag, n, sum_ms`)} group by 1`.execute(db);
    return r.rows.flatMap((x) => unpackTimings(x.key, x.n, x.sum_ms));
  };
  const [responses, invitations, timings] = await Promise.all([readResponses(), readInvitations(), readTimings()]);
  return { responses, invitations, timings };
}

/** The timing facts of one summed rollup_conversations row (n and sum_ms in the positions of migration 0039). */
export function unpackTimings(key: string, n: (string | number | null)[], sumMs: (string | number | null)[]): TimingFact[] {
  const out: TimingFact[] = [];
  DURATIONS.forEach((metric, i) => {
    if (num(n, i) !== 0) out.push({ key, metric, bucket: 0, n: num(n, i), sumMs: num(sumMs, i) });
  });
  SLA.forEach((metric, j) => {
    const [measured, met] = [num(n, 6 + 2 * j), num(n, 7 + 2 * j)];
    if (met !== 0) out.push({ key, metric, bucket: 1, n: met, sumMs: 0 });
    if (measured - met !== 0) out.push({ key, metric, bucket: 0, n: measured - met, sumMs: 0 });
  });
  if (num(n, 10) !== 0) out.push({ key, metric: 'resolved', bucket: 0, n: num(n, 10), sumMs: 0 });
  return out;
}

/** The rollup grain holding the conversation figures of a report; null when it reads the facts. */
export const conversationGrain = (f: ReportFilters, groupBy?: GroupBy): number | null => (f.resolvedBy ? null : chooseGrain(neededDims(f, groupBy, false)));

/**
 * The duration sketches of each group (key → metric → sketch): the sketches of the rollup rows it reads
 * (migration 0046: key = metric · 512 + bucket, metric the position in DURATIONS; read packed, migration
 * 0053), added here (× their sign, rollupParts). Sent whole and added in node, this took half the time of
 * unnest + GROUP BY in SQL (bench/reports.ts at 1 M responses: 16 vs 48 ms for the agents over 30 days,
 * 112k entries).
 * Null when no rollup grain holds the report (a tag with another dimension, or `resolvedBy`).
 */
export async function durationSketches(db: Db, workspaceId: string, f: ReportFilters, groupBy?: GroupBy): Promise<GroupSketches | null> {
  const grain = conversationGrain(f, groupBy);
  if (grain === null) return null;
  const key = keyExpr(groupBy, sql`day`);
  // The packed sketches (migration 0053: 6 bytes an entry, stored; the few deltas packed here), in base64:
  // no per-element output in PostgreSQL, half of array_send's bytes, decoded with Buffer reads here. Rows
  // with empty sketches are not filtered out: testing `sketch` would read (detoast) it for every row.
  // In two queries at once (about half the kinds of rows each: months and weeks first, then days and the
  // deltas), so two backends read them: 17.4 against 18.2 ms for the agents' 30 days at 10 M (HTTP).
  const parts = rollupParts('rollup_conversations', workspaceId, f, groupBy, grain, dimFilters(f, false),
    sql`${key} as key, sketch_bin as b`, sql`${key} as key, nilai_sketch_pack(sketch) as b`);
  const half = Math.max(1, Math.ceil((parts.length - 1) / 2));
  const results = await Promise.all([parts.slice(0, half), parts.slice(half)].filter((p) => p.length).map((chunk) =>
    sql<{ key: string; sign: number; s: string }>`select key, sign, encode(b, 'base64') as s from (${sql.join(chunk, sql` union all `)}) facts`.execute(db)));
  const sketches = results.flatMap((r) => r.rows);
  const sums = new Map<string, Float64Array>();
  const total = new Float64Array(DURATIONS.length * SKETCH_STRIDE);
  // Each row decoded into one reused buffer (a packed sketch holds at most BUCKETS entries a metric; a
  // larger one, which cannot be, would get its own rather than be cut short).
  const shared = Buffer.allocUnsafe(6 * DURATIONS.length * BUCKETS);
  for (const x of sketches) {
    let counts = sums.get(x.key);
    if (!counts) sums.set(x.key, (counts = new Float64Array(DURATIONS.length * SKETCH_STRIDE)));
    const most = Math.ceil(x.s.length / 4) * 3; // bytes the base64 text decodes to, at most
    const bin = most <= shared.length ? shared : Buffer.allocUnsafe(most);
    addSketchEntries(counts, bin, bin.write(x.s, 'base64'), x.sign);
  }
  const groups = new Map<string, Map<string, DurationSketch>>();
  for (const [key, counts] of sums) {
    for (let i = 0; i < counts.length; i++) total[i] = total[i]! + counts[i]!;
    groups.set(key, sparseSketches(counts));
  }
  return { groups, total: sparseSketches(total) };
}

/** Per group key, metric → sketch; and the groups' sketches added (the overall ones when the groups partition the conversations). */
export interface GroupSketches {
  groups: Map<string, Map<string, DurationSketch>>;
  total: Map<string, DurationSketch>;
}

/** Metric → sparse sketch of counts by sketch key (metric · SKETCH_STRIDE + bucket); metrics without counts left out. */
function sparseSketches(counts: Float64Array): Map<string, DurationSketch> {
  const byMetric = new Map<string, DurationSketch>();
  for (let m = 0; m < DURATIONS.length; m++) {
    const sketch: DurationSketch = { buckets: [], counts: [] };
    for (let b = 0, at = m * SKETCH_STRIDE; b < BUCKETS; b++, at++) {
      const n = counts[at]!;
      if (n !== 0) {
        sketch.buckets.push(b);
        sketch.counts.push(n);
      }
    }
    if (sketch.buckets.length) byMetric.set(DURATIONS[m]!, sketch);
  }
  return byMetric;
}

/**
 * Adds `sign` × the counts of a packed sketch (migration 0053: per entry the key as a big-endian int2,
 * then the count as a big-endian int4), the first `length` bytes of `bin`, to `counts` (by sketch key).
 */
function addSketchEntries(counts: Float64Array, bin: Buffer, length: number, sign: number): void {
  for (let o = 0; o + 6 <= length; o += 6) {
    const k = bin.readUInt16BE(o);
    counts[k] = counts[k]! + sign * bin.readInt32BE(o + 2);
  }
}

/** Conversations resolved in the period under the filters, from the rollups. */
export async function resolvedCount(db: Db, workspaceId: string, f: ReportFilters): Promise<number> {
  const grain = chooseGrain(neededDims(f, undefined, false));
  if (f.resolvedBy || grain === null) {
    const { start, end } = period(workspaceId, f);
    const r = await sql<{ n: number }>`select count(*)::bigint as n from conversations c
      where c.workspace_id = ${workspaceId}::uuid and c.resolved_at >= ${start} and c.resolved_at < ${end} ${conversationFilters(f)}`.execute(db);
    return Number(r.rows[0]?.n ?? 0);
  }
  const rows = rollupRows('rollup_conversations', workspaceId, f, undefined, grain, dimFilters(f, false), sql`n`);
  const r = await sql<{ n: number | null }>`select sum(sign * n[${sql.raw(String(CONVERSATION_SLOTS))}]::int)::bigint as n from (${rows}) x`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** The filters on conversations `c` (the dimensions a conversation has, and who resolved it). */
function conversationFilters(f: ReportFilters): RawBuilder<unknown> {
  return sql`${f.channelId ? sql`and c.channel_id = ${f.channelId}::uuid` : sql``}
    ${f.agentId ? sql`and c.agent_id = ${f.agentId}::uuid` : sql``}
    ${f.divisionId ? sql`and c.division_id = ${f.divisionId}::uuid` : sql``}
    ${f.tag ? sql`and ${f.tag} = any(c.tags)` : sql``}
    ${f.resolvedBy ? sql`and c.auto_resolved = ${f.resolvedBy === 'auto'}` : sql``}`;
}

/**
 * The durations of the conversations resolved in the period whose random slice (0–99) is below
 * `slices`: all of them with 100, a uniform sample of about slices % otherwise.
 */
export async function durationSample(db: Db, workspaceId: string, timeZone: string, f: ReportFilters, groupBy: GroupBy | undefined, slices: number): Promise<DurationValue[]> {
  const day = sql`(c.resolved_at at time zone ${timeZone})::date`;
  // Instant bounds of the local period, so the resolved_at index is used.
  const start = sql`(${f.from}::date::timestamp at time zone ${timeZone})`;
  const end = sql`((${f.to}::date + 1)::timestamp at time zone ${timeZone})`;
  const tagSource = groupBy === 'tag' ? sql`cross join lateral unnest(c.tags) as tag` : sql`cross join lateral (select null::text as tag) t`;
  const where = sql`c.workspace_id = ${workspaceId}::uuid and c.sample < ${slices} and c.resolved_at >= ${start} and c.resolved_at < ${end}
    ${conversationFilters(f)}`;
  const key = groupBy === 'channel' || groupBy === 'agent' || groupBy === 'division'
    ? sql<string>`coalesce(c.${sql.ref(`${groupBy}_id`)}, ${NIL}::uuid)::text`
    : keyExpr(groupBy, day);
  const rows = await sql<Record<string, string | null>>`
    select ${key} as key, c.frt_ms, c.frt_business_ms, c.art_ms, c.art_business_ms, c.resolution_ms, c.resolution_business_ms
    from conversations c ${tagSource} where ${where}`.execute(db);
  const out: DurationValue[] = [];
  // Plain loops over fixed columns: with thousands of sampled rows per report this was a visible share of
  // the request's CPU (node --cpu-prof, bench/reports.ts).
  for (const r of rows.rows) {
    const key = r.key!;
    for (let i = 0; i < DURATIONS.length; i++) {
      const v = r[DURATION_COLUMNS[i]!];
      if (v !== null && v !== undefined) out.push({ key, metric: DURATIONS[i]!, ms: Number(v) });
    }
  }
  return out;
}
