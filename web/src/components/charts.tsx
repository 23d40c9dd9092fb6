// Hand-made SVG charts (no inline styles, CSP-safe), each with a data table alternative.
import { useI18n } from '../i18n';
import { formatNumber, formatPercent, formatTime } from '../format';

export interface Bar {
  readonly label: string;
  readonly value: number;
}

export function BarChart(props: { title: string; bars: readonly Bar[]; total?: number; unit?: string }) {
  const { lang, t } = useI18n();
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const rowH = 36;
  const labelW = 130;
  const width = 420;
  const barW = width - labelW - 96;
  const height = props.bars.length * rowH + 8;
  return (
    <figure className="chart">
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${props.title}: ${props.bars.map((b) => `${b.label} ${b.value}`).join(', ')}`} className="chart-svg">
        {props.bars.map((b, i) => {
          const w = (b.value / max) * barW;
          const y = i * rowH + 4;
          return (
            <g key={i}>
              <text x={labelW - 8} y={y + rowH / 2 + 5} textAnchor="end" className="chart-label">
                {b.label.length > 12 ? `${b.label.slice(0, 11)}…` : b.label}
              </text>
              <rect x={labelW} y={y + 4} width={Math.max(w, 1)} height={rowH - 12} rx={3} className={`chart-bar chart-bar-${i % 6}`} />
              <text x={labelW + Math.max(w, 1) + 6} y={y + rowH / 2 + 5} className="chart-value">
                {formatNumber(b.value, lang)}
                {props.total !== undefined && props.total > 0 ? ` (${formatPercent(b.value, props.total, lang)})` : ''}
              </text>
            </g>
          );
        })}
      </svg>
      <details className="chart-table">
        <summary>{t('chart.showTable')}</summary>
        <table>
          <caption className="sr-only">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('chart.item')}</th>
              <th scope="col">{props.unit ?? t('chart.value')}</th>
              {props.total !== undefined && <th scope="col">{t('chart.share')}</th>}
            </tr>
          </thead>
          <tbody>
            {props.bars.map((b, i) => (
              <tr key={i}>
                <th scope="row">{b.label}</th>
                <td className="num">{formatNumber(b.value, lang)}</td>
                {props.total !== undefined && <td className="num">{formatPercent(b.value, props.total, lang)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export function LineChart(props: { title: string; points: readonly { at: string; value: number }[]; max?: number }) {
  const { lang, t } = useI18n();
  const width = 520;
  const height = 200;
  const pad = 36;
  const pts = props.points;
  const maxV = Math.max(1, props.max ?? 0, ...pts.map((p) => p.value));
  const t0 = pts.length > 0 ? new Date(pts[0]!.at).getTime() : 0;
  const t1 = pts.length > 1 ? new Date(pts[pts.length - 1]!.at).getTime() : t0 + 1;
  const x = (at: string): number => pad + ((new Date(at).getTime() - t0) / Math.max(1, t1 - t0)) * (width - pad * 2);
  const y = (v: number): number => height - pad - (v / maxV) * (height - pad * 2);
  const path = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  return (
    <figure className="chart">
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${props.title}: ${pts.length > 0 ? `${formatNumber(pts[pts.length - 1]!.value, lang)}` : '0'}`} className="chart-svg">
        <line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} className="chart-axis" />
        <line x1={pad} y1={pad} x2={pad} y2={height - pad} className="chart-axis" />
        <text x={pad - 4} y={pad + 4} textAnchor="end" className="chart-tick">
          {formatNumber(maxV, lang)}
        </text>
        <text x={pad - 4} y={height - pad + 4} textAnchor="end" className="chart-tick">
          0
        </text>
        {pts.length > 0 && (
          <>
            <text x={pad} y={height - 8} className="chart-tick">
              {formatTime(pts[0]!.at, lang)}
            </text>
            <text x={width - pad} y={height - 8} textAnchor="end" className="chart-tick">
              {formatTime(pts[pts.length - 1]!.at, lang)}
            </text>
            <path d={path} className="chart-line" />
            {pts.map((p, i) => (
              <circle key={i} cx={x(p.at)} cy={y(p.value)} r={3} className="chart-dot" />
            ))}
          </>
        )}
      </svg>
      <details className="chart-table">
        <summary>{t('chart.showTable')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('chart.time')}</th>
              <th scope="col">{t('chart.value')}</th>
            </tr>
          </thead>
          <tbody>
            {pts.map((p, i) => (
              <tr key={i}>
                <th scope="row">{formatTime(p.at, lang)} KST</th>
                <td className="num">{formatNumber(p.value, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
