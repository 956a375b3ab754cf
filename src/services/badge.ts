/** The public score badge: opt-in per workspace; its figure cached in this process for a few minutes. */
import { badgeFigure, type BadgeFigure } from '../domain/render/badge.js';
import { newSecret } from '../lib/secret-token.js';
import { findBadge, scoreCounts, setBadgeSettings, getBadgeSettings } from '../store/badge.js';
import type { Db } from '../store/db.js';
import { getCurrentSettings } from '../store/survey-settings.js';

export const BADGE_CACHE_SECONDS = 300;
const cache = new Map<string, { at: number; value: { workspaceName: string; figure: BadgeFigure } | null }>();

/** The badge's figure, or null when there is no such enabled badge. */
export async function publicBadge(db: Db, key: string): Promise<{ workspaceName: string; figure: BadgeFigure } | null> {
  const hit = cache.get(key);
  if (hit && hit.at > Date.now() - BADGE_CACHE_SECONDS * 1000) return hit.value;
  const ws = /^bdg_[A-Za-z0-9_-]{20,60}$/.test(key) ? await findBadge(db, key) : undefined;
  let value = null;
  if (ws) {
    const since = new Date(Date.now() - ws.badge_days * 86_400_000);
    const { settings } = await getCurrentSettings(db, ws.id);
    const figure = badgeFigure(ws.badge_survey, await scoreCounts(db, ws.id, ws.badge_survey, since), ws.badge_days, settings.csat.satisfiedThreshold);
    value = { workspaceName: ws.name, figure };
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { at: Date.now(), value });
  return value;
}

/** The opt-in as the admin app shows it, with the badge's addresses once it has a key. */
export async function badgeSettings(db: Db, publicUrl: string, workspaceId: string, patch?: { enabled?: boolean; days?: number; survey?: 'csat' | 'nps' }) {
  const s = patch ? await setBadgeSettings(db, workspaceId, patch, newSecret('bdg_', 18)) : await getBadgeSettings(db, workspaceId);
  if (s.key) cache.delete(s.key);
  return { ...s, svgUrl: s.key ? `${publicUrl}/badge/${s.key}.svg` : null, pageUrl: s.key ? `${publicUrl}/badge/${s.key}` : null };
}
