/**
 * Quality reviews (the Qontak Agent Scorecard): a supervisor scores one conversation on each criterion
 * of the workspace rubric from 1 to 5; the review's score is the weighted mean mapped to 0–100.
 */
import type { ErrorDetail } from '../errors.js';

export interface Criterion {
  id: string;
  name: string;
  description?: string;
  /** Relative weight, 1–100. */
  weight: number;
}

export const REVIEW_SCALE = { min: 1, max: 5 } as const;

export const DEFAULT_RUBRIC: Criterion[] = [
  { id: 'greeting', name: 'Greeting and tone', description: 'Friendly, polite, uses the customer\'s name', weight: 20 },
  { id: 'understanding', name: 'Understanding the problem', description: 'Asks the right questions, no repeated questions', weight: 25 },
  { id: 'solution', name: 'Correct solution', description: 'Accurate, complete answer; follows procedure', weight: 40 },
  { id: 'closing', name: 'Closing', description: 'Confirms the problem is solved, offers more help', weight: 15 },
];

export function validateRubric(criteria: Criterion[]): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  if (criteria.length === 0) issues.push({ path: 'criteria', message: 'A rubric needs at least one criterion.' });
  const ids = new Set<string>();
  criteria.forEach((c, i) => {
    if (ids.has(c.id)) issues.push({ path: `criteria.${i}.id`, message: `The id "${c.id}" is used twice.` });
    ids.add(c.id);
    if (!c.name.trim()) issues.push({ path: `criteria.${i}.name`, message: 'A criterion needs a name.' });
    if (!Number.isInteger(c.weight) || c.weight < 1 || c.weight > 100) issues.push({ path: `criteria.${i}.weight`, message: 'The weight must be a whole number from 1 to 100.' });
  });
  return issues;
}

/** Checks that every criterion has a score 1–5 (and nothing else is scored), then weighs them to 0–100. */
export function scoreReview(criteria: Criterion[], scores: Record<string, number>): { score: number } | { issues: ErrorDetail[] } {
  const issues: ErrorDetail[] = [];
  for (const c of criteria) {
    const s = scores[c.id];
    if (s === undefined) issues.push({ path: `scores.${c.id}`, message: `Score "${c.name}" from ${REVIEW_SCALE.min} to ${REVIEW_SCALE.max}.` });
    else if (!Number.isInteger(s) || s < REVIEW_SCALE.min || s > REVIEW_SCALE.max) issues.push({ path: `scores.${c.id}`, message: `Must be a whole number from ${REVIEW_SCALE.min} to ${REVIEW_SCALE.max}.` });
  }
  for (const id of Object.keys(scores)) if (!criteria.some((c) => c.id === id)) issues.push({ path: `scores.${id}`, message: 'Not a criterion of the rubric.' });
  if (issues.length) return { issues };
  const total = criteria.reduce((s, c) => s + c.weight, 0);
  const weighted = criteria.reduce((s, c) => s + c.weight * ((scores[c.id]! - REVIEW_SCALE.min) / (REVIEW_SCALE.max - REVIEW_SCALE.min)), 0);
  return { score: Math.round((10_000 * weighted) / total) / 100 };
}
