/** Response schemas of the report figures, shared by the summary report and the agent scorecard. */
import { Type } from '@sinclair/typebox';
import { literals } from '../domain/settings/schema.js';
import { INT4_MAX, Nullable } from './schemas.js';

const Uuid = (description: string) => Type.Optional(Type.String({ format: 'uuid', description }));
/** The filters every report takes in its query string (period in local dates, dimensions). */
export const ReportFilterQuery = {
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  type: Type.Optional(literals(['csat', 'ces', 'nps'] as const)),
  channelId: Uuid('Only this channel.'),
  agentId: Uuid('Only this agent (a user id).'),
  divisionId: Uuid('Only this division.'),
  tag: Type.Optional(Type.String({ maxLength: 100 })),
  settingsVersion: Type.Optional(Type.Integer({ minimum: 1, maximum: INT4_MAX })),
  resolvedBy: Type.Optional(Type.Unsafe<'auto' | 'agent'>({
    type: 'string', enum: ['auto', 'agent'],
    description: 'Only conversations resolved by nilai\'s auto resolve (`auto`) or otherwise (`agent`), as they stand now; surveys outside conversations (widget, links) are in neither.',
  })),
};

const Num = Nullable(Type.Number());
const Ci = Nullable(Type.Object({ low: Type.Number(), high: Type.Number() }));
const Moments = { n: Type.Integer(), mean: Num, meanCi: Ci, lowSample: Type.Boolean() };
const Duration = Type.Object({ n: Type.Integer(), meanSeconds: Num, medianSeconds: Num, p90Seconds: Num });
const Timing = Type.Object({ wall: Duration, business: Duration });
const Share = Type.Object({ n: Type.Integer(), met: Type.Integer(), percent: Num, ci: Ci });
export const Figures = {
  csat: Type.Object({ ...Moments, satisfied: Type.Integer(), percent: Num, percentCi: Ci }),
  ces: Type.Object({ ...Moments, easy: Type.Integer(), neutral: Type.Integer(), hard: Type.Integer(), score: Num, scoreCi: Ci, mixedScales: Type.Boolean() }),
  nps: Type.Object({
    ...Moments, promoters: Type.Integer(), passives: Type.Integer(), detractors: Type.Integer(), score: Num, scoreCi: Ci,
    shares: Nullable(Type.Object({ promoter: Type.Number(), passive: Type.Number(), detractor: Type.Number() })),
  }),
  invitations: Type.Object({
    scheduled: Type.Integer(), sent: Type.Integer(), delivered: Type.Integer(), answered: Type.Integer(), expired: Type.Integer(), cancelled: Type.Integer(), failed: Type.Integer(),
    reminded: Type.Integer({ description: 'Reminders sent (one per survey at most).' }),
    answeredAfterReminder: Type.Integer({ description: 'Surveys answered after their reminder went out.' }),
    skipped: Type.Record(Type.String(), Type.Integer()), skippedTotal: Type.Integer(),
    responseRate: Type.Object({ numerator: Type.Integer(), denominator: Type.Integer(), percent: Num, ci: Ci, lowSample: Type.Boolean() }),
  }),
  resolvedConversations: Type.Integer(),
  timings: Type.Object({ firstResponse: Timing, averageResponse: Timing, resolution: Timing }),
  sla: Type.Object({ firstResponse: Share, resolution: Share }),
};
