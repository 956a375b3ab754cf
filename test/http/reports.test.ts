/**
 * The summary report against hand-computed values for a small fixed data set: timings in office hours
 * (a weekend, a Friday-to-Monday wait, a resolve just after local midnight), SLA compliance, scores with
 * confidence intervals, the invitation funnel and skip reasons, grouping and agent scoping.
 */
import { DateTime } from 'luxon';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let rx: Receiver;
let chA: string;
let chB: string;
let agentY: string;
const MIN = 60;

const report = async (query: string, token = ws.tokens.supervisor) => {
  const r = await call(t.url, 'GET', `/api/v1/reports/summary?${query}`, token);
  expect(r.status).toBe(200);
  return r.body;
};

/** A conversation from local Jakarta times: [opened, [sender, at]…, resolved]. */
async function conversation(id: string, channelId: string, agentId: string, opened: string, messages: [string, string][], resolved: string) {
  const iso = (local: string) => DateTime.fromISO(local, { zone: 'Asia/Jakarta' }).toUTC().toISO();
  const conversation = { id, channelId, contact: { id: `contact-${id}` }, agentId };
  const events = [
    { id: `${id}-o`, type: 'conversation.opened', occurredAt: iso(opened), conversation },
    ...messages.map(([sender, at], i) => ({ id: `${id}-m${i}`, type: 'message.created', occurredAt: iso(at), conversation, message: { sender } })),
    { id: `${id}-r`, type: 'conversation.resolved', occurredAt: iso(resolved), conversation },
  ];
  const r = await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, events);
  expect(r.status).toBe(200);
}

beforeAll(async () => {
  // The hand-computed cases are dated March 2026: accept events up to 20 years old so they stay valid.
  t = await startApp(undefined, { eventWindow: { maxAgeDays: 7305, maxAheadMinutes: 5 } });
  ws = await seedWorkspace(t.db);
  rx = await startReceiver();
  chA = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'A web', type: 'web', config: { callbackUrl: rx.url } })).body.id;
  chB = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'B web', type: 'web', config: { callbackUrl: rx.url } })).body.id;
  agentY = (await call(t.url, 'POST', '/api/v1/users', ws.tokens.admin, { name: 'Yanti', email: 'yanti@example.test', role: 'agent' })).body.id;
  const weekday = [{ start: '09:00', end: '17:00' }];
  const hours = await call(t.url, 'POST', '/api/v1/office-hours', ws.tokens.admin, {
    timeZone: 'Asia/Jakarta', weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] }, holidays: [],
  });
  expect(hours.status).toBe(201);
  expect((await call(t.url, 'POST', '/api/v1/sla-policies', ws.tokens.admin, { name: 'Standard', firstResponseMinutes: 60, resolutionMinutes: 480, businessHours: true })).status).toBe(201);

  // T1 Monday: FRT 90 min (30 in office hours), waits 90/30 and 20/20, resolution 180 (120).
  await conversation('t1', chA, ws.agentId, '2026-03-02T08:00', [['customer', '2026-03-02T08:00'], ['agent', '2026-03-02T09:30'], ['customer', '2026-03-02T10:00'], ['agent', '2026-03-02T10:20']], '2026-03-02T11:00');
  // T2 Friday 16:00 → Monday: FRT 3945 min (105), resolution 3960 (120); misses the 60-minute FRT target.
  await conversation('t2', chB, agentY, '2026-03-06T16:00', [['customer', '2026-03-06T16:00'], ['agent', '2026-03-09T09:45']], '2026-03-09T10:00');
  // T3 Saturday: 5 / 10 minutes, none of it in office hours.
  await conversation('t3', chA, ws.agentId, '2026-03-07T10:00', [['customer', '2026-03-07T10:00'], ['agent', '2026-03-07T10:05']], '2026-03-07T10:10');
  // T4 resolved at 00:30 local on 1 April, which is still 31 March in UTC.
  await conversation('t4', chA, ws.agentId, '2026-03-31T23:00', [['customer', '2026-03-31T23:00'], ['agent', '2026-03-31T23:10']], '2026-04-01T00:30');
  // T5 Monday, outbound: only the agent writes, so there is no first response to time.
  await conversation('t5', chA, ws.agentId, '2026-03-16T09:00', [['agent', '2026-03-16T09:00'], ['agent', '2026-03-16T09:05']], '2026-03-16T09:30');
});
afterAll(async () => {
  await t.close();
  await rx.close();
});

describe('timings and SLA (office hours, Asia/Jakarta)', () => {
  it('computes medians, p90s and means in wall-clock and business time', async () => {
    const r = await report('from=2026-03-02&to=2026-03-09');
    expect(r.period).toEqual({ from: '2026-03-02', to: '2026-03-09', timeZone: 'Asia/Jakarta' });
    expect([r.exactTimings, r.sampledPercent]).toEqual([true, 100]);
    const o = r.overall;
    expect(o.resolvedConversations).toBe(3);
    expect(o.timings.firstResponse.wall).toEqual({ n: 3, medianSeconds: 90 * MIN, p90Seconds: 3174 * MIN, meanSeconds: (4040 / 3) * MIN });
    expect(o.timings.firstResponse.business).toEqual({ n: 3, medianSeconds: 30 * MIN, p90Seconds: 90 * MIN, meanSeconds: 45 * MIN });
    expect(o.timings.averageResponse.wall.medianSeconds).toBe(55 * MIN);
    expect(o.timings.averageResponse.business.medianSeconds).toBe(25 * MIN);
    expect(o.timings.resolution.wall).toEqual({ n: 3, medianSeconds: 180 * MIN, p90Seconds: 3204 * MIN, meanSeconds: (4150 / 3) * MIN });
    expect(o.timings.resolution.business).toEqual({ n: 3, medianSeconds: 120 * MIN, p90Seconds: 120 * MIN, meanSeconds: 80 * MIN });
    expect(o.sla.firstResponse).toMatchObject({ n: 3, met: 2 });
    expect(o.sla.firstResponse.percent).toBeCloseTo(200 / 3, 10);
    expect(o.sla.resolution).toMatchObject({ n: 3, met: 3, percent: 100 });
  });

  it('groups by channel and by local day', async () => {
    const byChannel = await report('from=2026-03-02&to=2026-03-09&groupBy=channel');
    expect(byChannel.groups.map((g: any) => [g.label, g.resolvedConversations, g.timings.firstResponse.wall.medianSeconds])).toEqual([
      ['A web', 2, 47.5 * MIN],
      ['B web', 1, 3945 * MIN],
    ]);
    const byDay = await report('from=2026-03-02&to=2026-03-09&groupBy=day');
    expect(byDay.groups.map((g: any) => [g.key, g.resolvedConversations])).toEqual([['2026-03-02', 1], ['2026-03-07', 1], ['2026-03-09', 1]]);
  });

  it('gives a conversation without a customer message no first response, and leaves it out of the first-response SLA', async () => {
    const o = (await report('from=2026-03-16&to=2026-03-16')).overall;
    expect(o.resolvedConversations).toBe(1);
    expect(o.timings.firstResponse.wall).toEqual({ n: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null });
    expect(o.timings.resolution.wall.medianSeconds).toBe(30 * MIN);
    expect(o.sla.firstResponse).toEqual({ n: 0, met: 0, percent: null, ci: null });
    expect(o.sla.resolution).toMatchObject({ n: 1, met: 1, percent: 100 });
    const c = await call(t.url, 'GET', '/api/v1/conversations/t5', ws.tokens.admin);
    expect(c.body).toMatchObject({ firstCustomerMessageAt: null, firstAgentResponseAt: null });
  });

  it('puts a resolve just after local midnight on the local day', async () => {
    expect((await report('from=2026-03-31&to=2026-03-31')).overall.resolvedConversations).toBe(0);
    const april = (await report('from=2026-04-01&to=2026-04-01')).overall;
    expect(april.resolvedConversations).toBe(1);
    expect(april.timings.resolution.wall.medianSeconds).toBe(90 * MIN);
    expect(april.timings.resolution.business.medianSeconds).toBe(0);
  });

  it('estimates medians from the rollups\' duration sketches when there are many conversations, keeping n and means exact', async () => {
    const { summaryReport, slicesFor } = await import('../../src/services/report-summary.js');
    // Folded, so the rollup rows (not the pending deltas) hold the conversations.
    await (await import('../../src/store/reports/rebuild.js')).foldRollups(t.db);
    expect([slicesFor(3, 5000), slicesFor(765_000, 5000), slicesFor(255_000, 20_000), slicesFor(10_000_000, 10)]).toEqual([100, 1, 8, 1]);
    // The second period is March minus its first two days: a month row and the day rows taken from it (t1's among them).
    for (const [period, groupBy] of [{ from: '2026-03-02', to: '2026-03-09' }, { from: '2026-03-03', to: '2026-03-31' }].flatMap((p) => (['channel', undefined, 'day', 'tag'] as const).map((g) => [p, g] as const))) {
      const exact = await summaryReport(t.db, ws.workspaceId, { ...period, groupBy });
      const sketched = await summaryReport(t.db, ws.workspaceId, { ...period, groupBy }, { overall: 1, grouped: 1 });
      expect([exact.exactTimings, exact.timingsMethod, exact.timingsWithinPercent]).toEqual([true, 'exact', 0]);
      expect([sketched.exactTimings, sketched.timingsMethod, sketched.sampledPercent, sketched.timingsWithinPercent]).toEqual([false, 'sketch', 100, 4.2]);
      expect(sketched.groups.map((g) => g.key)).toEqual(exact.groups.map((g) => g.key));
      for (const [e, s] of [[exact.overall, sketched.overall], ...exact.groups.map((g, i) => [g, sketched.groups[i]!] as const)] as const) {
        for (const m of ['firstResponse', 'averageResponse', 'resolution'] as const) {
          for (const kind of ['wall', 'business'] as const) {
            const [a, b] = [e.timings[m][kind], s.timings[m][kind]];
            // n and means stay exact; medians and p90s are within 1/24 of the exact ones (null where there are none).
            expect([b.n, b.meanSeconds]).toEqual([a.n, a.meanSeconds]);
            for (const q of ['medianSeconds', 'p90Seconds'] as const) {
              if (a[q] === null) expect(b[q]).toBeNull();
              else expect(Math.abs(b[q]! - a[q]!)).toBeLessThanOrEqual(a[q]! / 24 + 1e-9);
            }
          }
        }
      }
    }
    const period = { from: '2026-03-02', to: '2026-03-09' };
    // A report no rollup holds (resolvedBy) still samples.
    const sampled = await summaryReport(t.db, ws.workspaceId, { ...period, resolvedBy: 'agent' }, { overall: 1, grouped: 1 });
    expect([sampled.exactTimings, sampled.timingsMethod, sampled.sampledPercent, sampled.timingsWithinPercent]).toEqual([false, 'sample', 34, null]);
    const frt = sampled.overall.timings.firstResponse.wall;
    expect(frt.n).toBe(3);
    expect(frt.meanSeconds).toBeCloseTo((4040 / 3) * MIN, 6);
    // The sample may hold any of the three conversations (or none): the estimate stays within their range.
    if (frt.medianSeconds !== null) {
      expect(frt.medianSeconds).toBeGreaterThanOrEqual(5 * MIN);
      expect(frt.medianSeconds).toBeLessThanOrEqual(3945 * MIN);
    }
  });
});

describe('scores and funnel', () => {
  const today = () => DateTime.now().setZone('Asia/Jakarta').toISODate();

  beforeAll(async () => {
    const cur = await call(t.url, 'GET', '/api/v1/settings/survey', ws.tokens.admin);
    const s = cur.body.settings;
    s.ces.enabled = true;
    s.nps.enabled = true;
    for (const k of ['csat', 'ces', 'nps']) s[k].followUp.mode = 'off';
    s.sending.cooldownDays = 0;
    expect((await call(t.url, 'PUT', '/api/v1/settings/survey', ws.tokens.admin, s)).status).toBe(200);
    const answers: [string, string, string, number[] | null][] = [
      ['s1', chA, ws.agentId, [5, 5, 10]],
      ['s2', chA, ws.agentId, [4, 4, 7]],
      ['s3', chB, agentY, [2, 2, 3]],
      ['s4', chB, agentY, null],
    ];
    for (const [id, channelId, agentId] of answers) {
      const e = eventsFor({ conversationId: id, channelId, contactId: `k-${id}`, agentId });
      await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()]);
    }
    const bot = eventsFor({ conversationId: 's5', channelId: chA, contactId: 'k-s5' });
    await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [bot.opened, bot.customer, bot.bot, bot.resolved()]);
    const deliveries = await rx.waitFor(4);
    for (const [id, , , scores] of answers) {
      if (!scores) continue;
      const link = deliveries.find((d) => d.json.data.conversationId === id)!.json.data.url;
      for (const [i, type] of ['csat', 'ces', 'nps'].entries()) {
        const res = await fetch(link, { method: 'POST', body: new URLSearchParams({ step: `rating:${type}`, score: String(scores[i]) }), redirect: 'manual' });
        expect(res.status).toBe(303);
      }
    }
    await eventually(async () => (await t.db.selectFrom('invitations').select('id').where('status', 'in', ['scheduled', 'sending']).execute()).length === 0);
  });

  it('computes CSAT, CES and NPS with intervals, the funnel, skips and the response rate', async () => {
    const o = (await report(`from=${today()}&to=${today()}`)).overall;
    expect(o.csat).toMatchObject({ n: 3, satisfied: 2, lowSample: true });
    expect(o.csat.percent).toBeCloseTo(200 / 3, 10);
    expect(o.csat.mean).toBeCloseTo(11 / 3, 10);
    expect(o.csat.percentCi.low).toBeCloseTo(20.77, 1);
    expect(o.csat.percentCi.high).toBeCloseTo(93.85, 1);
    expect(o.nps).toMatchObject({ n: 3, promoters: 1, passives: 1, detractors: 1, score: 0 });
    expect(o.nps.shares.promoter).toBeCloseTo(100 / 3, 10);
    expect(o.ces).toMatchObject({ n: 3, easy: 2, neutral: 0, hard: 1, mixedScales: false });
    expect(o.ces.score).toBeCloseTo(100 / 3, 10);
    expect(o.invitations).toMatchObject({ scheduled: 4, sent: 4, delivered: 4, answered: 3, expired: 0, cancelled: 0, failed: 0 });
    expect(o.invitations.skipped).toEqual({ no_agent_message: 1, resolved_too_long_ago: 5 });
    expect(o.invitations.responseRate).toMatchObject({ numerator: 3, denominator: 4, percent: 75 });
  });

  it('filters and groups by channel, agent and survey type', async () => {
    const byChannel = (await report(`from=${today()}&to=${today()}&groupBy=channel`)).groups;
    expect(byChannel.map((g: any) => [g.label, g.csat.percent, g.nps.score, g.invitations.answered])).toEqual([
      ['A web', 100, 50, 2],
      ['B web', 0, -100, 1],
    ]);
    const byAgent = (await report(`from=${today()}&to=${today()}&groupBy=agent`)).groups;
    // The bot-only conversation had no agent: its skip is counted under "Unassigned". Budi's backfilled
    // t1, t3, t4 and t5 were skipped as resolved too long ago.
    expect(byAgent.map((g: any) => [g.label, g.csat.n, g.invitations.skippedTotal])).toEqual([['Budi Agent', 2, 4], ['Unassigned', 0, 1], ['Yanti', 1, 1]]);
    const onlyB = (await report(`from=${today()}&to=${today()}&channelId=${chB}&type=nps`)).overall;
    expect([onlyB.nps.n, onlyB.csat.n]).toEqual([1, 0]);
  });

  it('shows agents only their own figures', async () => {
    const mine = (await report(`from=${today()}&to=${today()}&agentId=${agentY}`, ws.tokens.agent)).overall;
    expect(mine.csat.n).toBe(2);
    expect(mine.csat.percent).toBe(100);
  });

  it('lists the responses of local days (workspace time zone) as the summary counts them, exports too', async () => {
    const list = async (query: string) => {
      const r = await call(t.url, 'GET', `/api/v1/responses?type=csat&${query}`, ws.tokens.supervisor);
      expect(r.status).toBe(200);
      return r.body.items.map((i: any) => i.id);
    };
    const day = today()!;
    const yesterday = DateTime.fromISO(day).minus({ days: 1 }).toISODate()!;
    const todays = await list(`from=${day}&to=${day}`);
    expect(todays).toHaveLength((await report(`from=${day}&to=${day}`)).overall.csat.n);
    expect(todays).toHaveLength(3);
    // One answer moved to 23:59 yesterday in Jakarta (16:59 UTC): yesterday's, whatever zone the server or browser is in.
    const moved = todays[0];
    const [before] = await t.db.selectFrom('responses').select('answered_at').where('id', '=', moved).execute();
    const lastMinute = DateTime.fromISO(`${yesterday}T23:59`, { zone: 'Asia/Jakarta' }).toJSDate();
    await sql`update responses set answered_at = ${lastMinute} where id = ${moved}`.execute(t.db); // answered_at is immutable to the app
    try {
      expect(await list(`from=${yesterday}&to=${yesterday}`)).toEqual([moved]);
      expect(await list(`from=${day}&to=${day}`)).toEqual(todays.slice(1));
      const csv = await fetch(`${t.url}/api/v1/responses?type=csat&format=csv&from=${yesterday}&to=${yesterday}`, { headers: { authorization: `Bearer ${ws.tokens.supervisor}` } });
      expect((await csv.text()).trim().split('\n')).toHaveLength(2);
      // Instants still work, and a date that is neither says so.
      expect(await list(`from=${encodeURIComponent(lastMinute.toISOString())}&to=${encodeURIComponent(new Date(lastMinute.getTime() + 60_000).toISOString())}`)).toEqual([moved]);
      const bad = await call(t.url, 'GET', '/api/v1/responses?from=2026-02-30&to=yesterday', ws.tokens.supervisor);
      expect(bad.status).toBe(422);
      expect(bad.body.error.details.map((d: any) => d.path)).toEqual(['query.from', 'query.to']);
    } finally {
      await sql`update responses set answered_at = ${before!.answered_at} where id = ${moved}`.execute(t.db);
    }
  });

  it('reads periods as sums of month, week and day rollup rows: the same figures as from the day rows alone', async () => {
    const { foldRollups } = await import('../../src/store/reports/rebuild.js');
    await foldRollups(t.db);
    for (const grains of [[11, 16], [21, 26]]) {
      const rows = await t.db.selectFrom('rollup_responses').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws.workspaceId)
        .where('grain', '>=', grains[0]!).where('grain', '<=', grains[1]!).executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBeGreaterThan(0);
    }
    // Periods around today's answers, and around March's conversations (a week crossing into April: not a
    // month group's). Grouped by day, a report reads day rows only; its overall figures are the days'
    // together, so they must equal those of the same period ungrouped or grouped otherwise (month and
    // week rows, days added and taken away: src/domain/reports/period-cover.ts).
    const plus = (d: string, n: number) => DateTime.fromISO(d).plus({ days: n }).toISODate();
    for (const [from, to] of [[plus(today()!, -20), plus(today()!, 20)], [plus(today()!, -40), today()], ['2026-03-01', '2026-04-05'], ['2026-03-03', '2026-03-31'], ['2026-02-27', '2026-04-02']]) {
      const byDay = await report(`from=${from}&to=${to}&groupBy=day`);
      // (Grouped by tag, the overall figures are the ungrouped ones: tags overlap.)
      for (const q of ['', '&groupBy=week', '&groupBy=month', '&groupBy=channel', '&groupBy=tag']) {
        expect((await report(`from=${from}&to=${to}${q}`)).overall).toEqual(byDay.overall);
      }
      // Filtered by an agent: the same, against the filtered days.
      const agentDays = await report(`from=${from}&to=${to}&agentId=${ws.agentId}&groupBy=day`);
      expect((await report(`from=${from}&to=${to}&agentId=${ws.agentId}&groupBy=agent`)).overall).toEqual(agentDays.overall);
      // A month's group is that month's report alone, week rows or not.
      const byMonth = await report(`from=${from}&to=${to}&groupBy=month`);
      for (const g of byMonth.groups) {
        const [y, m] = g.key.split('-').map(Number);
        const first = DateTime.fromObject({ year: y, month: m, day: 1 });
        const lo = [from, first.toISODate()].sort()[1];
        const hi = [to, first.endOf('month').toISODate()].sort()[0];
        const alone = (await report(`from=${lo}&to=${hi}&groupBy=day`)).overall;
        expect({ ...g, key: undefined, label: undefined }).toEqual({ ...alone, key: undefined, label: undefined });
      }
      expect(byMonth.groups.length).toBeGreaterThan(0);
    }
    // By week, today's answers are in one week.
    const week = await report(`from=${plus(today()!, -20)}&to=${plus(today()!, 20)}&groupBy=week`);
    expect(week.groups.reduce((n: number, g: any) => n + g.csat.n, 0)).toBe(3);
  });

  it('keeps the rollups equal to a rebuild from the facts (triggers and rebuild agree)', async () => {
    const snapshot = async () => {
      const read = async (table: 'rollup_responses' | 'rollup_invitations' | 'rollup_conversations') =>
        (await t.db.selectFrom(table).selectAll().where('workspace_id', '=', ws.workspaceId).execute())
          // Rows whose counts all cancelled out (a conversation moved away) are no different from no row.
          .filter((r) => Object.values(r).some((v) => Array.isArray(v) && v.some((x) => Number(x) !== 0)))
          .map((r) => JSON.stringify({ ...r, day: (r.day as Date).toISOString() }))
          .sort();
      return { responses: await read('rollup_responses'), invitations: await read('rollup_invitations'), conversations: await read('rollup_conversations') };
    };
    const { foldRollups, rebuildRollups } = await import('../../src/store/reports/rebuild.js');
    await foldRollups(t.db);
    const before = await snapshot();
    expect(before.responses.length).toBeGreaterThan(0);
    await rebuildRollups(t.db, ws.workspaceId);
    expect(await snapshot()).toEqual(before);
  });

  it('converts rollups of the old layout (one row per score, kind, metric) into what a rebuild gives (the 0039 upgrade)', async () => {
    const { sql } = await import('kysely');
    const { rebuildRollups } = await import('../../src/store/reports/rebuild.js');
    // The old layout has no duration sketches (0046 computes them from the conversations): the conversion is compared without them.
    const rows = async (sketches = true) => {
      const out: string[] = [];
      for (const table of ['rollup_responses', 'rollup_invitations', 'rollup_conversations'] as const) {
        for (const r of await t.db.selectFrom(table).selectAll().where('workspace_id', '=', ws.workspaceId).execute()) {
          out.push(JSON.stringify({ table, ...r, ...(!sketches && 'sketch' in r ? { sketch: null, sketch_bin: null } : {}) }));
        }
      }
      return out.sort();
    };
    await rebuildRollups(t.db, ws.workspaceId);
    const rebuilt = await rows();
    const rebuiltWithoutSketches = await rows(false);
    // The old tables filled from the facts as the old rebuild (0029, with 0003's grains) did.
    await sql`create function pg_temp.old_grains(channel uuid, agent uuid, division uuid, tags text[], version integer)
      returns table (grain smallint, channel_id uuid, agent_id uuid, division_id uuid, tag text, settings_version integer) language sql immutable as $$
      select * from (values (0::smallint, channel, nilai_nil(agent), nilai_nil(division), ''::text, version), (1::smallint, nilai_nil(null), nilai_nil(null), nilai_nil(null), '', 0),
        (2::smallint, channel, nilai_nil(null), nilai_nil(null), '', 0), (3::smallint, nilai_nil(null), nilai_nil(agent), nilai_nil(null), '', 0),
        (4::smallint, nilai_nil(null), nilai_nil(null), nilai_nil(division), '', 0)) g
      union all select 5::smallint, channel, nilai_nil(agent), nilai_nil(division), t, version from unnest(tags) t $$`.execute(t.db);
    const ddl = { responses: 'settings_version integer, survey_type text, scale_max smallint, score smallint, n bigint', invitations: 'settings_version integer, kind text, n bigint', conversations: 'metric text, bucket integer, n bigint, sum_ms bigint' };
    for (const [name, cols] of Object.entries(ddl)) {
      for (const suffix of ['', '_deltas']) {
        await sql.raw(`create table rollup_${name}${suffix}_v1 (workspace_id uuid, grain smallint, day date, channel_id uuid, agent_id uuid, division_id uuid, tag text, ${cols})`).execute(t.db);
      }
    }
    const w = sql`${ws.workspaceId}::uuid`;
    const tz = sql`(select time_zone from workspaces where id = ${w})`;
    await sql`insert into rollup_responses_v1 select r.workspace_id, g.grain, (r.answered_at at time zone ${tz})::date, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version, r.survey_type, r.scale_max, r.score, count(*)
      from responses r, pg_temp.old_grains(r.channel_id, r.agent_id, r.division_id, r.tags, r.settings_version) g where r.workspace_id = ${w} and r.source <> 'broadcast' group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`.execute(t.db);
    await sql`insert into rollup_invitations_v1 select i.workspace_id, g.grain, (i.created_at at time zone ${tz})::date, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version, k.kind, count(*)
      from invitations i, pg_temp.old_grains(i.channel_id, i.agent_id, i.division_id, i.tags, i.settings_version) g,
        unnest(array_remove(array['scheduled', case when i.sent_at is not null or i.status in ('sent', 'delivered', 'answered') then 'sent' end,
          case when i.delivered_at is not null or i.status in ('delivered', 'answered') then 'delivered' end, case when i.answered_at is not null or i.status = 'answered' then 'answered' end,
          case when i.status in ('expired', 'cancelled', 'failed') then i.status end, case when i.reminder_status = 'sent' then 'reminded' end,
          case when i.status = 'answered' and i.reminded_at is not null then 'answered_after_reminder' end], null)) k(kind)
      where i.workspace_id = ${w} and i.source <> 'broadcast' group by 1, 2, 3, 4, 5, 6, 7, 8, 9`.execute(t.db);
    // Pending deltas are converted too: the skips go there.
    await sql`insert into rollup_invitations_deltas_v1 select s.workspace_id, g.grain, (s.created_at at time zone ${tz})::date, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version, 'skipped:' || s.reason, count(*)
      from survey_skips s join conversations c on c.id = s.conversation_id cross join lateral pg_temp.old_grains(s.channel_id, c.agent_id, c.division_id, c.tags, s.settings_version) g
      where s.workspace_id = ${w} group by 1, 2, 3, 4, 5, 6, 7, 8, 9`.execute(t.db);
    await sql`insert into rollup_conversations_v1 select c.workspace_id, g.grain, (c.resolved_at at time zone ${tz})::date, g.channel_id, g.agent_id, g.division_id, g.tag, m.metric, m.bucket, count(*), coalesce(sum(m.ms), 0)
      from conversations c cross join lateral pg_temp.old_grains(c.channel_id, c.agent_id, c.division_id, c.tags, 0) g
        cross join lateral (values ('frt', nilai_measured(c.frt_ms), c.frt_ms), ('frt_business', nilai_measured(c.frt_business_ms), c.frt_business_ms),
          ('art', nilai_measured(c.art_ms), c.art_ms), ('art_business', nilai_measured(c.art_business_ms), c.art_business_ms),
          ('resolution', nilai_measured(c.resolution_ms), c.resolution_ms), ('resolution_business', nilai_measured(c.resolution_business_ms), c.resolution_business_ms),
          ('sla_first_response', c.sla_first_response_met::integer, 0::bigint), ('sla_resolution', c.sla_resolution_met::integer, 0::bigint), ('resolved', 0, 0::bigint)) m(metric, bucket, ms)
      where c.workspace_id = ${w} and c.resolved_at is not null and m.bucket is not null group by 1, 2, 3, 4, 5, 6, 7, 8, 9`.execute(t.db);
    const old = await sql<{ n: number }>`select count(*)::int as n from rollup_responses_v1`.execute(t.db);
    expect(old.rows[0]!.n).toBeGreaterThan(0);
    for (const table of ['rollup_responses', 'rollup_invitations', 'rollup_conversations']) await sql`delete from ${sql.table(table)} where workspace_id = ${w}`.execute(t.db);
    await sql`select nilai_convert_rollups_v1()`.execute(t.db);
    for (const name of Object.keys(ddl)) await sql.raw(`drop table rollup_${name}_v1, rollup_${name}_deltas_v1`).execute(t.db);
    // The conversion makes the day rows; the week and month rows (grain ≥ 10) come with 0052, below.
    expect(await rows(false)).toEqual(rebuiltWithoutSketches.filter((r) => JSON.parse(r).grain < 10));
    expect(rebuilt.some((r) => r.includes('"grain":6'))).toBe(true);
    // Then 0046's upgrade step gives the sketches a rebuild gives, and 0052's the week and month rows.
    await sql`select nilai_rebuild_conversation_rollups(${w})`.execute(t.db);
    await sql`select nilai_rebuild_span_rollups(${w})`.execute(t.db);
    expect(await rows()).toEqual(rebuilt);
    expect([13, 23].every((g) => rebuilt.some((r) => r.includes(`"grain":${g}`)))).toBe(true);
    expect(rebuilt.some((r) => /"sketch":\[[^\]]/.test(r))).toBe(true);
  });

  it('exports the summary as CSV and XLSX that spreadsheet programs read', async () => {
    const q = `from=${today()}&to=${today()}&groupBy=channel`;
    const csv = await fetch(`${t.url}/api/v1/reports/summary?${q}&format=csv`, { headers: { authorization: `Bearer ${ws.tokens.admin}` } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\n').map((l) => l.split(','));
    expect(lines[0]!.slice(0, 3)).toEqual(['group', 'csat_percent', 'csat_ci_low']);
    expect(lines.map((l) => [l[0], l[1]])).toEqual([['group', 'csat_percent'], [`All (${today()} – ${today()})`, '66.67'], ['A web', '100'], ['B web', '0']]);
    // A low sample per survey type, written as a word (false was an empty cell).
    const low = ['csat_low_sample', 'ces_low_sample', 'nps_low_sample'].map((h) => lines[0]!.indexOf(h));
    expect(low.every((i) => i > 0)).toBe(true);
    expect(low.map((i) => lines[1]![i])).toEqual(['true', 'true', 'true']);

    const xlsx = await fetch(`${t.url}/api/v1/reports/summary?${q}&format=xlsx`, { headers: { authorization: `Bearer ${ws.tokens.admin}` } });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = book.getWorksheet('Summary')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('group');
    expect([sheet.getRow(3).getCell(1).value, sheet.getRow(3).getCell(2).value, sheet.getRow(4).getCell(2).value]).toEqual(['A web', 100, 0]);

    const responses = await fetch(`${t.url}/api/v1/responses?format=xlsx`, { headers: { authorization: `Bearer ${ws.tokens.admin}` } });
    const rbook = new ExcelJS.Workbook();
    await rbook.xlsx.load(Buffer.from(await responses.arrayBuffer()) as never);
    expect(rbook.getWorksheet('Responses')!.rowCount).toBe(1 + 9);
  });

  it('validates the period', async () => {
    const r = await call(t.url, 'GET', '/api/v1/reports/summary?from=2026-03-09&to=2026-03-01', ws.tokens.admin);
    expect(r.status).toBe(422);
    expect(r.body.error.details[0].path).toBe('query.from');
    expect((await call(t.url, 'GET', '/api/v1/reports/summary?groupBy=hour', ws.tokens.admin)).status).toBe(422);
  });
});

describe('changing the reporting time zone', () => {
  it('rebuilds the report days in a job, and says so until it is done', async () => {
    expect((await report('from=2026-04-01&to=2026-04-01')).overall.resolvedConversations).toBe(1);
    const changed = await call(t.url, 'PATCH', '/api/v1/workspace', ws.tokens.admin, { timeZone: 'UTC' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ timeZone: 'UTC', reportsRebuilding: true });
    await eventually(async () => !(await call(t.url, 'GET', '/api/v1/workspace', ws.tokens.admin)).body.reportsRebuilding);
    // T4, resolved at 00:30 on 1 April in Jakarta, is a 31 March conversation in UTC.
    const april = await report('from=2026-04-01&to=2026-04-01');
    expect(april).toMatchObject({ reportsRebuilding: false, period: { timeZone: 'UTC' } });
    expect(april.overall.resolvedConversations).toBe(0);
    expect((await report('from=2026-03-31&to=2026-03-31')).overall.resolvedConversations).toBe(1);
    // The same zone again changes nothing and starts no rebuild.
    expect((await call(t.url, 'PATCH', '/api/v1/workspace', ws.tokens.admin, { timeZone: 'UTC', name: 'Renamed' })).body).toMatchObject({ name: 'Renamed', reportsRebuilding: false });
    const back = await call(t.url, 'PATCH', '/api/v1/workspace', ws.tokens.admin, { timeZone: 'Asia/Jakarta' });
    expect(back.body.reportsRebuilding).toBe(true);
    await eventually(async () => !(await call(t.url, 'GET', '/api/v1/workspace', ws.tokens.admin)).body.reportsRebuilding);
    expect((await report('from=2026-04-01&to=2026-04-01')).overall.resolvedConversations).toBe(1);
  });
});

describe('duration sketches of pending deltas', () => {
  it('reads the sketches of deltas not folded yet (packed as they are read) as the folded rows give them', async () => {
    const { summaryReport } = await import('../../src/services/report-summary.js');
    const { foldRollups } = await import('../../src/store/reports/rebuild.js');
    const pg = (await import('pg')).default;
    // The fold takes this lock (migration 0052, nilai_fold_rollups): held here, the new deltas stay pending.
    const holder = new pg.Client({ connectionString: t.dbUrl });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock(7357002)');
      await conversation('t6', chA, ws.agentId, '2026-05-04T09:00', [['customer', '2026-05-04T09:00'], ['agent', '2026-05-04T09:12']], '2026-05-04T10:00');
      await conversation('t7', chB, agentY, '2026-05-05T09:00', [['customer', '2026-05-05T09:00'], ['agent', '2026-05-05T11:00']], '2026-05-06T09:00');
      const pending = await holder.query(`select count(*)::int as n from rollup_conversations_deltas where workspace_id = $1 and day >= '2026-05-01' and sketch <> '{}'`, [ws.workspaceId]);
      expect(pending.rows[0].n).toBeGreaterThan(0);
      const period = { from: '2026-05-01', to: '2026-05-31' };
      const read = async () => Promise.all((['channel', undefined, 'week'] as const).map((groupBy) => summaryReport(t.db, ws.workspaceId, { ...period, groupBy }, { overall: 1, grouped: 1 })));
      const fromDeltas = await read();
      expect(fromDeltas[1]!.timingsMethod).toBe('sketch');
      // 12 and 120 minutes: their median is within 1/24 of 66.
      expect(Math.abs(fromDeltas[1]!.overall.timings.firstResponse.wall.medianSeconds! - 66 * MIN)).toBeLessThanOrEqual((66 * MIN) / 24);
      await holder.query('select pg_advisory_unlock(7357002)');
      await foldRollups(t.db);
      const left = await holder.query(`select count(*)::int as n from rollup_conversations_deltas where workspace_id = $1`, [ws.workspaceId]);
      expect(left.rows[0].n).toBe(0);
      expect(await read()).toEqual(fromDeltas);
    } finally {
      await holder.end();
    }
  });
});
