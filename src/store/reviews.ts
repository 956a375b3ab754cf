import { sql } from 'kysely';
import { DEFAULT_RUBRIC, type Criterion } from '../domain/reviews/rubric.js';
import type { Db } from './db.js';

export async function getRubric(db: Db, workspaceId: string): Promise<{ criteria: Criterion[]; custom: boolean }> {
  const r = await db.selectFrom('review_rubrics').select('criteria').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return r ? { criteria: r.criteria as Criterion[], custom: true } : { criteria: DEFAULT_RUBRIC, custom: false };
}

export async function saveRubric(db: Db, workspaceId: string, criteria: Criterion[]): Promise<void> {
  await db.insertInto('review_rubrics').values({ workspace_id: workspaceId, criteria: JSON.stringify(criteria) })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ criteria: JSON.stringify(criteria), updated_at: new Date() })).execute();
}

export interface Review {
  id: string;
  conversationId: string;
  agentId: string | null;
  reviewerId: string | null;
  criteria: Criterion[];
  scores: Record<string, number>;
  score: number;
  comment: string | null;
  createdAt: string;
}

function base(db: Db, workspaceId: string) {
  return db.selectFrom('quality_reviews as q').innerJoin('conversations as c', 'c.id', 'q.conversation_id')
    .select(['q.id', 'c.external_id', 'q.agent_id', 'q.reviewer_id', 'q.criteria', 'q.scores', 'q.weighted_score', 'q.comment', 'q.created_at'])
    .where('q.workspace_id', '=', workspaceId);
}
type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;
const toReview = (r: Row): Review => ({
  id: r.id, conversationId: r.external_id, agentId: r.agent_id, reviewerId: r.reviewer_id, criteria: r.criteria as Criterion[],
  scores: r.scores as Record<string, number>, score: Number(r.weighted_score), comment: r.comment, createdAt: r.created_at.toISOString(),
});

export async function insertReview(db: Db, workspaceId: string, v: { conversationId: string; agentId: string | null; reviewerId: string | null; criteria: Criterion[]; scores: Record<string, number>; score: number; comment: string | null }): Promise<Review> {
  const { id } = await db.insertInto('quality_reviews').values({
    workspace_id: workspaceId, conversation_id: v.conversationId, agent_id: v.agentId, reviewer_id: v.reviewerId,
    criteria: JSON.stringify(v.criteria), scores: JSON.stringify(v.scores), weighted_score: v.score, comment: v.comment,
  }).returning('id').executeTakeFirstOrThrow();
  return toReview(await base(db, workspaceId).where('q.id', '=', id).executeTakeFirstOrThrow());
}

export interface ReviewFilters {
  agentId?: string;
  /** nilai's conversation id (internal). */
  conversationId?: string;
  from?: Date;
  to?: Date;
}

export async function listReviews(db: Db, workspaceId: string, f: ReviewFilters, limit = 200): Promise<Review[]> {
  let q = base(db, workspaceId);
  if (f.agentId) q = q.where('q.agent_id', '=', f.agentId);
  if (f.conversationId) q = q.where('q.conversation_id', '=', f.conversationId);
  if (f.from) q = q.where('q.created_at', '>=', f.from);
  if (f.to) q = q.where('q.created_at', '<', f.to);
  return (await q.orderBy('q.created_at', 'desc').limit(limit).execute()).map(toReview);
}

/** Count and average review score of an agent in a period (all reviews, not only the listed page). */
export async function reviewAverage(db: Db, workspaceId: string, f: ReviewFilters) {
  let q = db.selectFrom('quality_reviews').select([sql<number>`count(*)::int`.as('n'), sql<string | null>`avg(weighted_score)`.as('avg')]).where('workspace_id', '=', workspaceId);
  if (f.agentId) q = q.where('agent_id', '=', f.agentId);
  if (f.from) q = q.where('created_at', '>=', f.from);
  if (f.to) q = q.where('created_at', '<', f.to);
  const r = await q.executeTakeFirstOrThrow();
  return { n: r.n, averageScore: r.avg === null ? null : Math.round(Number(r.avg) * 100) / 100 };
}
