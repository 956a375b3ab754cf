/**
 * Targeting of one survey type (settings `<type>.targeting`): which resolved conversations get it.
 * Pure; the sample is drawn from the conversation id, so a replayed resolve gets the same answer and
 * each survey type samples on its own.
 */
import type { SurveyType, Targeting } from './schema.js';

/** Tags are compared trimmed and case-insensitively ("VIP" matches "vip "). */
export const normalTag = (tag: string) => tag.trim().toLowerCase();

export type TargetingMiss = 'excluded_tag' | 'missing_included_tag' | 'too_few_customer_messages' | 'not_sampled';

export interface TargetedConversation {
  /** A stable id (nilai's conversation id): the sample is drawn from it. */
  id: string;
  tags: readonly string[];
  customerMessages: number;
}

/** FNV-1a (32 bit) of the text, spread to 0–99: stable across processes and versions. */
export function sampleBucket(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // The last multiplication leaves the low bits poorly mixed; fold the high bits in first.
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) % 100;
}

/** Why this type is not for this conversation, or null when it is. */
export function targetingMiss(type: SurveyType, t: Targeting | undefined, c: TargetedConversation): TargetingMiss | null {
  if (!t) return null;
  const tags = new Set(c.tags.map(normalTag));
  if ((t.excludeTags ?? []).some((tag) => tags.has(normalTag(tag)))) return 'excluded_tag';
  const include = t.includeTags ?? [];
  if (include.length > 0 && !include.some((tag) => tags.has(normalTag(tag)))) return 'missing_included_tag';
  if (c.customerMessages < (t.minCustomerMessages ?? 0)) return 'too_few_customer_messages';
  if (sampleBucket(`${c.id}:${type}`) >= (t.samplePercent ?? 100)) return 'not_sampled';
  return null;
}
