/** Quality reviews against the workspace rubric, and the agent scorecard. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DateTime } from 'luxon';
import { invalid, notFound } from '../../domain/errors.js';
import { scoreReview, validateRubric } from '../../domain/reviews/rubric.js';
import { checkDateParams } from '../../domain/time/instant.js';
import { isUuid } from '../../lib/secret-token.js';
import { summaryReport } from '../../services/report-summary.js';
import { findConversation } from '../../store/conversations.js';
import { getRubric, insertReview, listReviews, reviewAverage, saveRubric } from '../../store/reviews.js';
import { getUser } from '../../store/users.js';
import { principalOf } from '../plugins/auth.js';
import { errors, Nullable } from '../schemas.js';
import { Figures } from '../report-schemas.js';
import { Criterion, Review } from '../review-schemas.js';
import { getWorkspace } from '../../store/workspaces.js';

const Period = { from: Type.Optional(Type.String({ format: 'date' })), to: Type.Optional(Type.String({ format: 'date' })) };
const tags = ['Quality reviews'];

/** Local dates of the workspace → [from, to) instants. */
/** Local report days (both included) as the instants reviews are filtered by. */
function period(zone: string, from?: string, to?: string) {
  checkDateParams({ from, to });
  return {
    from: from ? DateTime.fromISO(from, { zone }).toJSDate() : undefined,
    to: to ? DateTime.fromISO(to, { zone }).plus({ days: 1 }).toJSDate() : undefined,
  };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.get('/api/v1/review-rubric', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'The rubric conversations are reviewed against (a sensible default until saved)', response: { 200: Type.Object({ criteria: Type.Array(Criterion), custom: Type.Boolean() }), ...errors() } },
  }, async (req) => getRubric(db, principalOf(req).workspaceId));

  app.put('/api/v1/review-rubric', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Replace the rubric (past reviews keep the rubric they were made with)',
      body: Type.Object({ criteria: Type.Array(Criterion, { maxItems: 20 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ criteria: Type.Array(Criterion), custom: Type.Boolean() }), ...errors(422) },
    },
  }, async (req) => {
    const issues = validateRubric(req.body.criteria);
    if (issues.length) throw invalid(issues);
    await saveRubric(db, principalOf(req).workspaceId, req.body.criteria);
    return { criteria: req.body.criteria, custom: true };
  });

  app.post('/api/v1/conversations/:id/reviews', {
    config: { auth: 'supervisor' },
    schema: {
      tags, summary: 'Review a conversation: a score 1–5 per criterion and a comment',
      params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
      body: Type.Object({ scores: Type.Record(Type.String(), Type.Integer()), comment: Type.Optional(Type.String({ maxLength: 5000 })) }, { additionalProperties: false }),
      response: { 201: Review, ...errors(404, 422) },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const conv = await findConversation(db, p.workspaceId, req.params.id);
    if (!conv) throw notFound('Conversation');
    const { criteria } = await getRubric(db, p.workspaceId);
    const scored = scoreReview(criteria, req.body.scores);
    if ('issues' in scored) throw invalid(scored.issues);
    const review = await insertReview(db, p.workspaceId, { conversationId: conv.id, agentId: conv.agentId, reviewerId: p.userId, criteria, scores: req.body.scores, score: scored.score, comment: req.body.comment?.trim() || null });
    return reply.status(201).send(review);
  });

  app.get('/api/v1/reviews', {
    config: { auth: 'agent' },
    schema: {
      tags, summary: 'Quality reviews, newest first (agents: their own)',
      querystring: Type.Object({ agentId: Type.Optional(Type.String({ format: 'uuid' })), ...Period, limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }),
      response: { 200: Type.Object({ items: Type.Array(Review) }), ...errors(422) },
    },
  }, async (req) => {
    const p = principalOf(req);
    const agentId = p.role === 'agent' ? (p.userId ?? undefined) : req.query.agentId;
    return { items: await listReviews(db, p.workspaceId, { agentId, ...period((await getWorkspace(db, p.workspaceId)).timeZone, req.query.from, req.query.to) }, req.query.limit) };
  });

  app.get('/api/v1/agents/:id/scorecard', {
    config: { auth: 'agent' },
    schema: {
      tags: ['Reports'], summary: 'Agent scorecard: survey scores, timings and SLA of the agent\'s conversations, and quality reviews',
      description: 'The same figures as the summary report filtered by the agent, plus the average quality-review score. Agents can open only their own.',
      params: Type.Object({ id: Type.String() }),
      querystring: Type.Object(Period),
      response: {
        200: Type.Object({
          agent: Type.Object({ id: Type.String(), name: Type.String(), divisionIds: Type.Array(Type.String()) }),
          period: Type.Object({ from: Type.String(), to: Type.String(), timeZone: Type.String() }),
          exactTimings: Type.Boolean(),
          figures: Type.Object(Figures),
          reviews: Type.Object({ n: Type.Integer(), averageScore: Nullable(Type.Number()), latest: Type.Array(Review) }),
        }, { title: 'AgentScorecard' }),
        ...errors(404, 422),
      },
    },
  }, async (req) => {
    const p = principalOf(req);
    const own = p.role !== 'agent' || p.userId === req.params.id;
    const agent = own && isUuid(req.params.id) ? await getUser(db, p.workspaceId, req.params.id) : null;
    if (!agent) throw notFound('Agent');
    const report = await summaryReport(db, p.workspaceId, { ...req.query, agentId: agent.id });
    const range = period(report.period.timeZone, report.period.from, report.period.to);
    const reviews = await reviewAverage(db, p.workspaceId, { agentId: agent.id, ...range });
    return {
      agent: { id: agent.id, name: agent.name, divisionIds: agent.divisionIds },
      period: report.period,
      exactTimings: report.exactTimings,
      figures: report.overall,
      reviews: { ...reviews, latest: await listReviews(db, p.workspaceId, { agentId: agent.id, ...range }, 10) },
    };
  });
};

export default routes;
