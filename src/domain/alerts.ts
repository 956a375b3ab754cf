/** Alert rules: a bad answer (score at or below a threshold) notifies the division's supervisor and opens a ticket. */
import type { ErrorDetail } from './errors.js';
import { isHttpUrl } from './channels/config.js';
import type { SurveyType } from './settings/schema.js';

export interface AlertRule {
  surveyType: SurveyType;
  /** Answers with a score at or below this trigger the rule (e.g. CSAT ≤ 2, NPS ≤ 6 = detractors). */
  maxScore: number;
  ticketWebhookUrl: string | null;
}

const BOUNDS: Record<SurveyType, [number, number]> = { csat: [1, 5], ces: [1, 10], nps: [0, 10] };

export function validateAlertRule(r: AlertRule): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const [lo, hi] = BOUNDS[r.surveyType];
  if (!Number.isInteger(r.maxScore) || r.maxScore < lo || r.maxScore > hi) issues.push({ path: 'maxScore', message: `For ${r.surveyType.toUpperCase()} it must be a whole number from ${lo} to ${hi}.` });
  if (r.ticketWebhookUrl !== null && !isHttpUrl(r.ticketWebhookUrl)) issues.push({ path: 'ticketWebhookUrl', message: 'Must be an http or https URL.' });
  return issues;
}

export const ruleMatches = (r: AlertRule & { enabled: boolean }, surveyType: string, score: number): boolean =>
  r.enabled && r.surveyType === surveyType && score <= r.maxScore;
