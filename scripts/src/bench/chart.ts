// npm run bench:chart -- [--in .state/bench/cast-before.json,.state/bench/cast-after.json] [--out docs/bench-cast.svg]
//
// Draws the output of bench:cast as an SVG: committed votes/s against offered votes/s (left) and
// p50/p95 latency against offered votes/s (right), one colour per run; the legend sits below
// the panels so that it never covers a line.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTopology, REPO_ROOT } from '@ballotledger/test-network';
import { args } from './common.js';

interface Step { offered: number; committedPerSecond: number; p50: number; p95: number }
interface Run { label: string; voters: number; steps: Step[]; steps0?: never }

const a = args({ in: '', out: join(REPO_ROOT, 'docs', 'bench-cast.svg') });
const dir = join(createTopology().stateDir, 'bench');
const files = a.in ? a.in.split(',') : readdirSync(dir).filter((f) => /^cast-.*\.json$/.test(f) && !f.includes('smoke')).map((f) => join(dir, f));
const runs: Run[] = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Run);
if (runs.length === 0) throw new Error(`no bench:cast results in ${dir}`);

const W = 420;
const H = 300;
const M = { l: 52, r: 16, t: 34, b: 44 };
const colours = ['#c0392b', '#2471a3', '#229954', '#7d3c98', '#b9770e'];
const maxOffered = Math.max(...runs.flatMap((r) => r.steps.map((s) => s.offered)));
const maxRate = Math.max(maxOffered, ...runs.flatMap((r) => r.steps.map((s) => s.committedPerSecond)));
const maxLatency = Math.max(1, ...runs.flatMap((r) => r.steps.map((s) => s.p95 / 1000)));

function niceTicks(max: number, n = 5): number[] {
  const step = 10 ** Math.floor(Math.log10(max / n));
  const m = [1, 2, 5, 10].map((k) => k * step).find((s) => max / s <= n) ?? step * 10;
  return Array.from({ length: Math.floor(max / m) + 1 }, (_, i) => i * m);
}

function panel(x0: number, title: string, yLabel: string, yMax: number, series: { colour: string; dash?: string; points: [number, number][] }[], diagonal: boolean): string {
  const sx = (v: number): number => x0 + M.l + (v / maxOffered) * (W - M.l - M.r);
  const sy = (v: number): number => M.t + (H - M.t - M.b) * (1 - v / yMax);
  const parts: string[] = [];
  parts.push(`<text x="${x0 + W / 2}" y="18" text-anchor="middle" font-weight="bold">${title}</text>`);
  for (const t of niceTicks(maxOffered)) parts.push(`<line x1="${sx(t)}" y1="${sy(0)}" x2="${sx(t)}" y2="${sy(0) + 4}" stroke="#333"/><text x="${sx(t)}" y="${sy(0) + 16}" text-anchor="middle">${t}</text>`);
  for (const t of niceTicks(yMax)) parts.push(`<line x1="${sx(0)}" y1="${sy(t)}" x2="${x0 + W - M.r}" y2="${sy(t)}" stroke="#ddd"/><text x="${sx(0) - 6}" y="${sy(t) + 4}" text-anchor="end">${t}</text>`);
  parts.push(`<line x1="${sx(0)}" y1="${sy(0)}" x2="${x0 + W - M.r}" y2="${sy(0)}" stroke="#333"/><line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(0)}" y2="${M.t}" stroke="#333"/>`);
  parts.push(`<text x="${x0 + W / 2}" y="${H - 6}" text-anchor="middle">offered votes/s</text>`);
  parts.push(`<text transform="translate(${x0 + 14},${(M.t + H - M.b) / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text>`);
  if (diagonal) parts.push(`<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(Math.min(maxOffered, yMax))}" y2="${sy(Math.min(maxOffered, yMax))}" stroke="#999" stroke-dasharray="3,3"/>`);
  series.forEach((s) => {
    parts.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2" ${s.dash ? `stroke-dasharray="${s.dash}"` : ''} points="${s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`);
    for (const [x, y] of s.points) parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${s.colour}"/>`);
  });
  return parts.join('\n');
}

const left = panel(0, 'Committed votes/s', 'votes/s committed', Math.ceil(maxRate * 1.1), runs.map((r, i) => ({
  colour: colours[i % colours.length]!, points: r.steps.map((s) => [s.offered, s.committedPerSecond] as [number, number]),
})), true);
const right = panel(W, 'Latency (HTTP cast → 201 receipt)', 'seconds', Math.ceil(maxLatency * 1.1), runs.flatMap((r, i) => [
  { colour: colours[i % colours.length]!, points: r.steps.map((s) => [s.offered, s.p50 / 1000] as [number, number]) },
  { colour: colours[i % colours.length]!, dash: '5,3', points: r.steps.map((s) => [s.offered, s.p95 / 1000] as [number, number]) },
]), false);
const LEGEND_ROW = 16;
const legendRows = Math.ceil(runs.length / 3) + 1;
const legend = [
  ...runs.map((r, i) => {
    const x = M.l + (i % 3) * 240;
    const y = H + 8 + LEGEND_ROW * Math.floor(i / 3);
    return `<line x1="${x}" y1="${y - 4}" x2="${x + 22}" y2="${y - 4}" stroke="${colours[i % colours.length]}" stroke-width="2"/><circle cx="${x + 11}" cy="${y - 4}" r="3" fill="${colours[i % colours.length]}"/><text x="${x + 28}" y="${y}">${r.label} (${r.voters} voters)</text>`;
  }),
  `<text x="${M.l}" y="${H + 8 + LEGEND_ROW * (legendRows - 1)}" fill="#555">latency: solid line p50, dashed line p95; grey diagonal: committed = offered</text>`,
].join('\n');
const height = H + 8 + LEGEND_ROW * legendRows;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${height}" viewBox="0 0 ${2 * W} ${height}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
${left}
${right}
${legend}
</svg>
`;
writeFileSync(a.out!, svg);
console.log(`wrote ${a.out} from ${files.join(', ')}`);
