/**
 * A horizontal bar chart as SVG text (pure), rasterized to PNG by the report email service: email
 * clients (Gmail, Outlook) do not show SVG, but all show PNG. Labels use DejaVu Sans / sans-serif.
 */
export interface Bar {
  label: string;
  /** 0–100 (a percentage), or null for "no answers". */
  value: number | null;
  /** Shown right of the bar, e.g. "82 % (n = 40)". */
  caption: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cut = (s: string, max: number) => ([...s].length > max ? `${[...s].slice(0, max - 1).join('')}…` : s);

export function barChartSvg(title: string, bars: Bar[], opts: { width?: number; color?: string } = {}): string {
  const width = opts.width ?? 560;
  const row = 26;
  const labelW = 160;
  const captionW = 130;
  const barW = width - labelW - captionW - 16;
  const height = 34 + row * Math.max(1, bars.length);
  const rows = bars.map((b, i) => {
    const y = 30 + i * row;
    const w = b.value === null ? 0 : Math.max(1, Math.round((Math.min(100, Math.max(0, b.value)) / 100) * barW));
    return `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" font-size="12" fill="#222">${esc(cut(b.label, 24))}</text>`
      + `<rect x="${labelW}" y="${y + 3}" width="${barW}" height="16" fill="#eef1f5"/>`
      + (w ? `<rect x="${labelW}" y="${y + 3}" width="${w}" height="16" fill="${opts.color ?? '#2f6fd6'}"/>` : '')
      + `<text x="${labelW + barW + 8}" y="${y + 15}" font-size="12" fill="#222">${esc(b.caption)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`
    + `<rect width="100%" height="100%" fill="#ffffff"/><text x="8" y="18" font-size="14" font-weight="bold" fill="#111">${esc(title)}</text>`
    + (bars.length ? rows.join('') : `<text x="8" y="46" font-size="12" fill="#555">No answers in this period.</text>`)
    + '</svg>';
}
