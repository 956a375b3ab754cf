/** The public score badge: an SVG (shields-style) and a small page. Only a score and its n: no personal data. */
import { csatScore, npsScore } from '../scoring/scores.js';

export interface BadgeFigure {
  survey: 'csat' | 'nps';
  /** CSAT % or NPS, rounded; null without answers. */
  value: number | null;
  n: number;
  days: number;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function badgeFigure(survey: 'csat' | 'nps', counts: { score: number; n: number }[], days: number, csatThreshold: number): BadgeFigure {
  const hist = new Map(counts.map((c) => [c.score, c.n]));
  const s = survey === 'csat' ? csatScore(hist, csatThreshold) : npsScore(hist, { min: 0, max: 10 });
  const value = survey === 'csat' ? (s as ReturnType<typeof csatScore>).percent : (s as ReturnType<typeof npsScore>).score;
  return { survey, value: value === null ? null : Math.round(value), n: s.n, days };
}

const valueText = (f: BadgeFigure) => (f.value === null ? 'no answers yet' : f.survey === 'csat' ? `${f.value}%` : `${f.value > 0 ? '+' : ''}${f.value}`);

export function renderBadgeSvg(f: BadgeFigure): string {
  const label = f.survey === 'csat' ? 'CSAT' : 'NPS';
  const value = `${valueText(f)}${f.value === null ? '' : ` · n=${f.n}`}`;
  // Verdana 11 px is about 6.5 px per character: the widths shields.io uses.
  const lw = Math.round(label.length * 7 + 14);
  const vw = Math.round(value.length * 6.5 + 14);
  const color = f.value === null ? '#6e6e6e' : (f.survey === 'csat' ? f.value >= 80 : f.value >= 30) ? '#1a7f37' : '#8a5a00';
  const title = `${label} ${valueText(f)} from ${f.n} answers in the last ${f.days} days`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${lw + vw}" height="20" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>`
    + `<rect width="${lw}" height="20" fill="#444"/><rect x="${lw}" width="${vw}" height="20" fill="${color}"/>`
    + `<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">`
    + `<text x="${lw / 2}" y="14">${label}</text><text x="${lw + vw / 2}" y="14">${esc(value)}</text></g></svg>`;
}

export function renderBadgePage(workspaceName: string, f: BadgeFigure, svgPath: string): string {
  const label = f.survey === 'csat' ? 'Customer satisfaction (CSAT)' : 'Net Promoter Score (NPS)';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(workspaceName)} — ${label}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}.v{font-size:3rem;font-weight:700;margin:.5rem 0}</style></head>
<body><main><h1>${esc(workspaceName)}</h1><p>${label}, last ${f.days} days</p><p class="v">${esc(valueText(f))}</p>
<p>${f.n} answers${f.value !== null && f.n < 30 ? ' (few answers: the score can still change a lot)' : ''}. Measured with nilai.</p>
<p><img src="${esc(svgPath)}" alt="${label}: ${esc(valueText(f))}"></p></main></body></html>`;
}
