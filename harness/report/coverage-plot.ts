// How coverage grew over a sweep, drawn as an inline SVG line chart: distinct coverage
// points (y) after each run (x), one line per curve (a sweep's own, or swarm against
// guided side by side). Plain SVG, no script: the summary page stays one static file.

import type { GrowthSample } from '../explore/growth.ts';
import { escapeHtml } from './html.ts';

export interface GrowthCurve {
  label: string;
  growth: readonly GrowthSample[];
}

const width = 640;
const height = 260;
const margin = { left: 64, right: 16, top: 16, bottom: 40 };
const colors = ['#2b6cb0', '#c05621', '#2f855a', '#6b46c1'] as const;
const ticks = 4;

/** "1 234": plot labels group digits as the CLI does. */
function grouped(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** The chart, or '' when no curve has a point. */
export function renderCoveragePlot(curves: readonly GrowthCurve[]): string {
  const shown = curves.filter((c) => c.growth.length > 0);
  if (shown.length === 0) return '';
  const runsMax = Math.max(1, ...shown.map((c) => (c.growth[c.growth.length - 1] as GrowthSample)[0]));
  const pointsMax = Math.max(1, ...shown.flatMap((c) => c.growth.map((s) => s[1])));
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const x = (run: number): number => margin.left + (run / runsMax) * plotW;
  const y = (points: number): number => margin.top + plotH - (points / pointsMax) * plotH;
  const parts: string[] = [];
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#ccc"/>`);
  for (let i = 0; i <= ticks; i++) {
    const run = (runsMax * i) / ticks;
    const pts = (pointsMax * i) / ticks;
    parts.push(`<text x="${x(run).toFixed(1)}" y="${height - margin.bottom + 16}" text-anchor="middle" font-size="11">${grouped(run)}</text>`);
    parts.push(`<text x="${margin.left - 6}" y="${(y(pts) + 4).toFixed(1)}" text-anchor="end" font-size="11">${grouped(pts)}</text>`);
  }
  parts.push(`<text x="${margin.left + plotW / 2}" y="${height - 6}" text-anchor="middle" font-size="12">runs</text>`);
  parts.push(`<text x="14" y="${margin.top + plotH / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${margin.top + plotH / 2})">coverage points</text>`);
  shown.forEach((curve, i) => {
    const color = colors[i % colors.length] as string;
    const path = [[0, 0] as GrowthSample, ...curve.growth].map(([run, pts]) => `${x(run).toFixed(1)},${y(pts).toFixed(1)}`).join(' ');
    parts.push(`<polyline class="growth" data-label="${escapeHtml(curve.label)}" fill="none" stroke="${color}" stroke-width="2" points="${path}"/>`);
    const last = curve.growth[curve.growth.length - 1] as GrowthSample;
    parts.push(`<text x="${margin.left + 8}" y="${margin.top + 16 + i * 16}" font-size="12" fill="${color}">${escapeHtml(curve.label)}: ${grouped(last[1])} points after ${grouped(last[0])} runs</text>`);
  });
  return `<svg id="coverage-plot" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="coverage points over runs">${parts.join('')}</svg>`;
}
