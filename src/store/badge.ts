/** The public score badge: a workspace's opt-in and the answer counts it shows. */
import { sql } from 'kysely';
import type { Db } from './db.js';

export interface BadgeSettings {
  enabled: boolean;
  key: string | null;
  days: number;
  survey: 'csat' | 'nps';
}

export async function getBadgeSettings(db: Db, workspaceId: string): Promise<BadgeSettings> {
  const r = await db.selectFrom('workspaces').select(['badge_enabled', 'badge_key', 'badge_days', 'badge_survey']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return { enabled: r.badge_enabled, key: r.badge_key, days: r.badge_days, survey: r.badge_survey };
}

/** Changes the opt-in; the key is made once (`newKey`) and kept, so a badge turned off and on keeps its address. */
export async function setBadgeSettings(db: Db, workspaceId: string, patch: { enabled?: boolean; days?: number; survey?: 'csat' | 'nps' }, newKey: string): Promise<BadgeSettings> {
  await db.updateTable('workspaces').set({
    ...(patch.enabled !== undefined && { badge_enabled: patch.enabled }),
    ...(patch.days !== undefined && { badge_days: patch.days }),
    ...(patch.survey !== undefined && { badge_survey: patch.survey }),
    badge_key: sql<string>`coalesce(badge_key, ${newKey})`,
  }).where('id', '=', workspaceId).execute();
  return getBadgeSettings(db, workspaceId);
}

export async function findBadge(db: Db, key: string) {
  return db.selectFrom('workspaces').select(['id', 'name', 'badge_days', 'badge_survey']).where('badge_key', '=', key).where('badge_enabled', '=', true).executeTakeFirst();
}

/** Answers per score of one survey type since a moment (every source, every channel). */
export async function scoreCounts(db: Db, workspaceId: string, surveyType: 'csat' | 'nps', since: Date): Promise<{ score: number; n: number }[]> {
  const rows = await db.selectFrom('responses').select(['score', (eb) => eb.fn.countAll<string>().as('n')])
    .where('workspace_id', '=', workspaceId).where('survey_type', '=', surveyType).where('answered_at', '>=', since)
    .groupBy('score').execute();
  return rows.map((r) => ({ score: r.score, n: Number(r.n) }));
}
