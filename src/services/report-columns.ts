/** The summary report as a table (one row for the whole period, one per group) for CSV / XLSX export. */
import type { Figures } from '../domain/reports/summary.js';
import type { Column } from '../lib/export-table.js';

export type SummaryRow = Figures & { key: string; label: string };

const round = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? null : Number(x.toFixed(digits)));

export const SUMMARY_COLUMNS: Column<SummaryRow>[] = [
  ['group', (r) => r.label],
  ['csat_percent', (r) => round(r.csat.percent)], ['csat_ci_low', (r) => round(r.csat.percentCi?.low)], ['csat_ci_high', (r) => round(r.csat.percentCi?.high)],
  ['csat_mean', (r) => round(r.csat.mean)], ['csat_n', (r) => r.csat.n], ['csat_low_sample', (r) => r.csat.lowSample],
  ['ces_score', (r) => round(r.ces.score)], ['ces_ci_low', (r) => round(r.ces.scoreCi?.low)], ['ces_ci_high', (r) => round(r.ces.scoreCi?.high)], ['ces_mean', (r) => round(r.ces.mean)], ['ces_n', (r) => r.ces.n], ['ces_low_sample', (r) => r.ces.lowSample],
  ['nps_score', (r) => round(r.nps.score)], ['nps_ci_low', (r) => round(r.nps.scoreCi?.low)], ['nps_ci_high', (r) => round(r.nps.scoreCi?.high)],
  ['nps_promoters_percent', (r) => round(r.nps.shares?.promoter)], ['nps_passives_percent', (r) => round(r.nps.shares?.passive)], ['nps_detractors_percent', (r) => round(r.nps.shares?.detractor)], ['nps_n', (r) => r.nps.n], ['nps_low_sample', (r) => r.nps.lowSample],
  ['invitations_scheduled', (r) => r.invitations.scheduled], ['invitations_sent', (r) => r.invitations.sent], ['invitations_delivered', (r) => r.invitations.delivered],
  ['invitations_answered', (r) => r.invitations.answered], ['invitations_expired', (r) => r.invitations.expired], ['invitations_failed', (r) => r.invitations.failed],
  ['skipped', (r) => r.invitations.skippedTotal], ['response_rate_percent', (r) => round(r.invitations.responseRate.percent)],
  ['resolved_conversations', (r) => r.resolvedConversations],
  ['first_response_median_s', (r) => round(r.timings.firstResponse.wall.medianSeconds, 0)], ['first_response_p90_s', (r) => round(r.timings.firstResponse.wall.p90Seconds, 0)],
  ['first_response_business_median_s', (r) => round(r.timings.firstResponse.business.medianSeconds, 0)],
  ['average_response_median_s', (r) => round(r.timings.averageResponse.wall.medianSeconds, 0)], ['average_response_business_median_s', (r) => round(r.timings.averageResponse.business.medianSeconds, 0)],
  ['resolution_median_s', (r) => round(r.timings.resolution.wall.medianSeconds, 0)], ['resolution_p90_s', (r) => round(r.timings.resolution.wall.p90Seconds, 0)],
  ['resolution_business_median_s', (r) => round(r.timings.resolution.business.medianSeconds, 0)],
  ['sla_first_response_percent', (r) => round(r.sla.firstResponse.percent)], ['sla_resolution_percent', (r) => round(r.sla.resolution.percent)],
];
