/**
 * The scheduled report email (HTML and plain text) and the Slack digest's figures, from the summary
 * figures of a period. Pure: charts arrive as image sources (`cid:` in the email, `data:` in the preview).
 */
import type { Interval } from '../scoring/intervals.js';
import type { Figures } from './summary.js';
import type { Period } from './schedule-period.js';
import type { DigestScore } from '../slack/blocks.js';

export interface AgentFigures { name: string; csatPercent: number | null; n: number }
export interface LowAnswer {
  surveyType: 'csat' | 'ces' | 'nps'; score: number; scaleMin: number; scaleMax: number;
  comment: string | null; agent: string | null; channel: string | null; conversationId: string; conversationUrl: string;
}

export interface ReportData {
  name: string;
  workspace: string;
  /** The division's name, or null for the whole workspace. */
  division: string | null;
  period: Period;
  periodLabel: string;
  timeZone: string;
  overall: Figures;
  /** Agents with answers, best CSAT first. */
  agents: AgentFigures[];
  lowAnswers: LowAnswer[];
  dashboardUrl: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pct = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} %`);
const net = (v: number | null) => (v === null ? '–' : `${v > 0 ? '+' : ''}${v.toFixed(1)}`);
const ci = (i: Interval | null, f: (v: number) => string) => (i ? `95 % CI ${f(i.low)} to ${f(i.high)}` : 'no interval');

/** The headline figures as text: CSAT %, CES and NPS (net scores), response rate, SLA. */
export function headline(f: Figures) {
  return {
    csat: { value: f.csat.percent === null ? null : pct(f.csat.percent), ci: ci(f.csat.percentCi, (v) => v.toFixed(1)), n: f.csat.n },
    ces: { value: f.ces.score === null ? null : net(f.ces.score), ci: ci(f.ces.scoreCi, (v) => v.toFixed(1)), n: f.ces.n },
    nps: { value: f.nps.score === null ? null : net(f.nps.score), ci: ci(f.nps.scoreCi, (v) => v.toFixed(1)), n: f.nps.n },
    responseRate: f.invitations.responseRate.percent === null ? null : `${pct(f.invitations.responseRate.percent)} (${f.invitations.responseRate.numerator} of ${f.invitations.responseRate.denominator})`,
    slaFirstResponse: f.sla.firstResponse.percent === null ? null : `${pct(f.sla.firstResponse.percent)} of ${f.sla.firstResponse.n}`,
    slaResolution: f.sla.resolution.percent === null ? null : `${pct(f.sla.resolution.percent)} of ${f.sla.resolution.n}`,
  };
}

export function digestScores(f: Figures): DigestScore[] {
  const h = headline(f);
  return [{ label: 'CSAT', value: h.csat.value, n: h.csat.n }, { label: 'CES', value: h.ces.value, n: h.ces.n }, { label: 'NPS', value: h.nps.value, n: h.nps.n }];
}

/** Top and bottom agents by CSAT % (at most 3 each, never the same agent twice). */
export function topAndBottom(agents: AgentFigures[]): { top: AgentFigures[]; bottom: AgentFigures[] } {
  const rated = agents.filter((a) => a.csatPercent !== null).sort((a, b) => b.csatPercent! - a.csatPercent! || b.n - a.n || a.name.localeCompare(b.name));
  const top = rated.slice(0, 3);
  const bottom = rated.slice(Math.max(3, rated.length - 3)).reverse();
  return { top, bottom };
}

export interface ChartSources { scores: string; agents: string }

export function reportEmail(d: ReportData, charts: ChartSources): { subject: string; html: string; text: string } {
  const h = headline(d.overall);
  const scope = d.division ?? 'all divisions';
  const subject = `[nilai] ${d.name}: ${d.periodLabel} — CSAT ${h.csat.value ?? '–'}, NPS ${h.nps.value ?? '–'}`;
  const { top, bottom } = topAndBottom(d.agents);
  const rows: [string, string | null, string, number | null][] = [
    ['CSAT', h.csat.value, h.csat.ci, h.csat.n], ['CES', h.ces.value, h.ces.ci, h.ces.n], ['NPS', h.nps.value, h.nps.ci, h.nps.n],
    ['Response rate', h.responseRate, '', null], ['SLA first response met', h.slaFirstResponse, '', null], ['SLA resolution met', h.slaResolution, '', null],
  ];
  const td = 'style="padding:6px 10px;border-bottom:1px solid #e5e7eb;text-align:left"';
  const table = rows.map(([k, v, c, n]) => `<tr><th scope="row" ${td}>${k}</th><td ${td}><strong>${esc(v ?? 'no data')}</strong></td><td ${td}>${n === null ? '' : `n = ${n}${v === null ? '' : `, ${esc(c)}`}`}</td></tr>`).join('');
  const agentList = (list: AgentFigures[]) => (list.length ? `<ol>${list.map((a) => `<li>${esc(a.name)}: ${pct(a.csatPercent)} (n = ${a.n})</li>`).join('')}</ol>` : '<p>No rated agents.</p>');
  const comments = d.lowAnswers.filter((a) => a.comment?.trim());
  const commentList = comments.length
    ? `<ul>${comments.map((a) => `<li><strong>${a.surveyType.toUpperCase()} ${a.score}</strong> · ${esc(a.agent ?? 'Unassigned')} · ${esc(a.channel ?? '-')} · <a href="${esc(a.conversationUrl)}">${esc(a.conversationId)}</a><br>“${esc(a.comment!.trim())}”</li>`).join('')}</ul>`
    : '<p>No detractor comments in this period.</p>';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(subject)}</title></head>`
    + `<body style="font-family:Arial,sans-serif;color:#111;max-width:640px;margin:0 auto;padding:16px">`
    + `<h1 style="font-size:20px">${esc(d.name)}</h1><p>${esc(d.workspace)} · ${esc(scope)} · ${esc(d.periodLabel)} (${esc(d.timeZone)})</p>`
    + `<table role="presentation" style="border-collapse:collapse;width:100%">${table}</table>`
    + `<p><img src="${esc(charts.scores)}" alt="Chart: CSAT, CES, NPS and response rate" width="560" style="max-width:100%"></p>`
    + `<h2 style="font-size:16px">Top agents (CSAT)</h2>${agentList(top)}<h2 style="font-size:16px">Bottom agents (CSAT)</h2>${agentList(bottom)}`
    + `<p><img src="${esc(charts.agents)}" alt="Chart: CSAT by agent" width="560" style="max-width:100%"></p>`
    + `<h2 style="font-size:16px">Detractor comments</h2>${commentList}`
    + `<p><a href="${esc(d.dashboardUrl)}">Open the dashboard in nilai</a></p></body></html>`;
  const text = [
    `${d.name}: ${d.workspace}, ${scope}, ${d.periodLabel} (${d.timeZone})`, '',
    ...rows.map(([k, v, c, n]) => `${k}: ${v ?? 'no data'}${n === null ? '' : ` (n = ${n}${v === null ? '' : `, ${c}`})`}`), '',
    `Top agents: ${top.map((a) => `${a.name} ${pct(a.csatPercent)}`).join(', ') || '-'}`,
    `Bottom agents: ${bottom.map((a) => `${a.name} ${pct(a.csatPercent)}`).join(', ') || '-'}`, '',
    'Detractor comments:', ...(comments.length ? comments.map((a) => `- ${a.surveyType.toUpperCase()} ${a.score} (${a.agent ?? 'Unassigned'}, ${a.conversationUrl}): "${a.comment!.trim()}"`) : ['- none']), '',
    `Dashboard: ${d.dashboardUrl}`,
  ].join('\n');
  return { subject, html, text };
}
