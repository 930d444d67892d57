/**
 * Charts drawn as SVG by hand. The console has no bundler (tsc compiles each
 * file, the browser loads Preact as an ES module), so a charting library would
 * have to ship its own ES-module build and be vendored; the dashboard needs
 * only bars, which are a few rectangles, and SVG prints and scales as it is.
 */
import { yuan } from './labels.js';
import type { MonthMoney } from './api-types.js';

export interface Bar {
  label: string;
  value: number;
}

const BAR_H = 22;
const LABEL_W = 150;
const WIDTH = 470;

/** Horizontal bars with their value at the end; `title` is read out by screen readers. */
export function BarChart({ rows, title, testId, unit = '' }: { rows: Bar[]; title: string; testId: string; unit?: string }) {
  if (rows.length === 0) return <p class="hint">暂无数据。</p>;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const barW = WIDTH - LABEL_W - 70;
  const height = rows.length * (BAR_H + 8) + 4;
  return (
    <svg class="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title} data-testid={testId}>
      {rows.map((r, i) => {
        const y = i * (BAR_H + 8) + 2;
        const w = Math.max(r.value > 0 ? 2 : 0, (r.value / max) * barW);
        return (
          <g data-label={r.label} data-value={r.value}>
            <text x={LABEL_W - 8} y={y + BAR_H / 2 + 5} text-anchor="end" class="chart-label">
              {r.label.length > 11 ? `${r.label.slice(0, 10)}…` : r.label}
            </text>
            <rect x={LABEL_W} y={y} width={w} height={BAR_H} rx="3" class="bar" />
            <text x={LABEL_W + w + 6} y={y + BAR_H / 2 + 5} class="chart-value">
              {r.value}
              {unit}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export const MONEY_SERIES = [
  { key: 'regularFen', text: '正常', cls: 's-regular' },
  { key: 'arrearsFen', text: '补发', cls: 's-arrears' },
  { key: 'grantFen', text: '工作室资助', cls: 's-grant' },
  { key: 'clawbackFen', text: '追回', cls: 's-clawback' },
] as const;

/** One column a month: what was paid stacked above the axis, what was clawed back below it. */
export function MoneyChart({ months, testId }: { months: MonthMoney[]; testId: string }) {
  const W = 900;
  const H = 260;
  const left = 70;
  const top = 10;
  const bottom = 30;
  const up = Math.max(1, ...months.map((m) => m.regularFen + m.arrearsFen + m.grantFen));
  const down = Math.max(0, ...months.map((m) => -m.clawbackFen));
  const scale = (H - top - bottom) / (up + down);
  const zero = top + up * scale;
  const step = (W - left - 10) / months.length;
  const colW = Math.max(2, step * 0.7);
  return (
    <figure class="chart-figure">
      <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="近36个月按发放期间的金额" data-testid={testId}>
        <line x1={left} x2={W - 10} y1={zero} y2={zero} class="axis" />
        <text x={left - 6} y={top + 10} text-anchor="end" class="chart-label">
          {yuan(up)}
        </text>
        <text x={left - 6} y={zero + 4} text-anchor="end" class="chart-label">
          0
        </text>
        {down > 0 && (
          <text x={left - 6} y={H - bottom} text-anchor="end" class="chart-label">
            -{yuan(down)}
          </text>
        )}
        {months.map((m, i) => {
          const x = left + i * step + (step - colW) / 2;
          let y = zero;
          const parts = (['regularFen', 'arrearsFen', 'grantFen'] as const).map((k) => {
            const h = m[k] * scale;
            y -= h;
            return <rect x={x} y={y} width={colW} height={h} class={MONEY_SERIES.find((s) => s.key === k)!.cls} />;
          });
          return (
            <g data-period={m.period} data-net={m.netFen}>
              <title>{`${m.period}：正常 ${yuan(m.regularFen)}，补发 ${yuan(m.arrearsFen)}，资助 ${yuan(m.grantFen)}，追回 ${yuan(m.clawbackFen)}，合计 ${yuan(m.netFen)}`}</title>
              {parts}
              {m.clawbackFen < 0 && <rect x={x} y={zero} width={colW} height={-m.clawbackFen * scale} class="s-clawback" />}
              {(i % 6 === 0 || i === months.length - 1) && (
                <text x={x + colW / 2} y={H - 10} text-anchor="middle" class="chart-label">
                  {m.period}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        {MONEY_SERIES.map((s) => (
          <span>
            <i class={s.cls} /> {s.text}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
