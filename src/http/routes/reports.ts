import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { literals } from '../../domain/settings/schema.js';
import { summaryReport } from '../../services/report-summary.js';
import { GROUP_BYS, NIL } from '../../store/reports/summary-facts.js';
import { principalOf } from '../plugins/auth.js';
import { sendExport } from '../send-export.js';
import { SUMMARY_COLUMNS } from '../../services/report-columns.js';
import { errors, Nullable } from '../schemas.js';
import { Figures, ReportFilterQuery } from '../report-schemas.js';


const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  app.get('/api/v1/reports/summary', {
    config: { auth: 'agent' },
    schema: {
      tags: ['Reports'],
      summary: 'CSAT, CES, NPS, invitation funnel, response rate, timings and SLA, filtered and grouped',
      description: [
        'The period is in the workspace time zone (`from`/`to` are local dates, both included; default: the last 30 days).',
        'Scores come with n, a 95 % confidence interval and `lowSample` (n < 30). Response rate = answered ÷ sent invitations (sent: accepted by the provider, SMTP server or callback; the same on every channel, with or without delivery receipts).',
        'Timings are per resolved conversation (by day of resolution), wall-clock and in office hours; n and means are exact;',
        'medians and p90s are exact up to 2,000 conversations (5,000 when grouped, `exactTimings: true`); above, they come from duration',
        'sketches kept in the report rollups and are within 4.2 % of the exact figures (`timingsMethod: sketch`, `timingsWithinPercent`),',
        'except when a tag is combined with another filter or grouping, or with `resolvedBy`: then from a uniform random sample of',
        'about that size (`timingsMethod: sample`, `sampledPercent`). `type` and `settingsVersion` filter',
        'responses (and `settingsVersion` invitations); timings are about conversations, not surveys. Agents see only their own figures.',
      ].join(' '),
      querystring: Type.Object({
        ...ReportFilterQuery,
        groupBy: Type.Optional(literals(GROUP_BYS)),
        format: Type.Optional(literals(['json', 'csv', 'xlsx'] as const)),
      }),
      response: {
        200: Type.Object({
          period: Type.Object({ from: Type.String(), to: Type.String(), timeZone: Type.String() }),
          reportsRebuilding: Type.Boolean({ description: 'The time zone changed and the report days are still being rebuilt: figures per day may still follow the old zone.' }),
          filters: Type.Record(Type.String(), Type.Union([Type.String(), Type.Integer(), Type.Null()])),
          groupBy: Nullable(Type.String()),
          csatSatisfiedThreshold: Type.Integer(),
          exactTimings: Type.Boolean({ description: 'Medians and p90s from every duration (else estimates: `timingsMethod`).' }),
          sampledPercent: Type.Integer({ description: 'Share of conversations the medians and p90s are computed from (100 unless `timingsMethod` is `sample`).' }),
          timingsMethod: Type.Union([Type.Literal('exact'), Type.Literal('sketch'), Type.Literal('sample')], { description: 'How medians and p90s were computed: every duration; the rollups\' duration sketches (every conversation, durations bucketed); a uniform sample of conversations.' }),
          timingsWithinPercent: Nullable(Type.Number({ description: 'Medians and p90s are within this many percent of the exact figures: 0 exact, 4.2 from sketches (durations up to 400 days); null for a sample.' })),
          overall: Type.Object(Figures),
          groups: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), ...Figures })),
        }, { title: 'SummaryReport' }),
        ...errors(422),
      },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    // Agents read their own scorecard only.
    const agentId = p.role === 'agent' ? (p.userId ?? NIL) : req.query.agentId;
    const { format = 'json', ...query } = req.query;
    const report = await summaryReport(db, p.workspaceId, { ...query, agentId });
    if (format === 'json') return report;
    const rows = [{ key: '', label: `All (${report.period.from} – ${report.period.to})`, ...report.overall }, ...report.groups];
    async function* each() {
      yield* rows;
    }
    return sendExport(reply, format, `nilai-summary-${report.period.from}-${report.period.to}`, SUMMARY_COLUMNS, each(), 'Summary');
  });
};

export default routes;
