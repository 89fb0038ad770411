/**
 * The charts, drawn by uPlot. This module (and uPlot with its CSS) is loaded on the first page
 * that shows a chart, not with the page itself: the first load stays small.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'preact/hooks';
import type { ChartSpec } from './chart-spec';

const COLOURS = { line: '#1f4e99', fill: 'rgba(31, 78, 153, 0.12)', bar: '#4a6fa5', vital: '#b3261e', other: '#7b8494', cumulative: '#1b1f24', grid: '#e3e6ea', axis: '#3d4450' };

/** Only whole indexes carry a label: the x axis is the windows (or journeys) in order. */
const categoryAxis = (labels: string[]): uPlot.Axis => ({
  stroke: COLOURS.axis,
  grid: { show: false },
  ticks: { stroke: COLOURS.grid },
  space: 56,
  incrs: [1, 2, 3, 4, 5, 7, 10, 14, 21, 28, 30, 60, 90],
  values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? (labels[s] ?? '') : '')),
});

const valueAxis = (extra: Partial<uPlot.Axis> = {}): uPlot.Axis => ({ stroke: COLOURS.axis, grid: { stroke: COLOURS.grid, width: 1 }, ticks: { stroke: COLOURS.grid }, size: 44, ...extra });

const shortLabel = (label: string) => (label.length > 20 ? `${label.slice(0, 19)}…` : label);

function optionsOf(spec: ChartSpec, width: number, height: number): [uPlot.Options, uPlot.AlignedData] {
  const xs = spec.labels.map((_, i) => i);
  const base = { width, height, legend: { show: false }, cursor: { show: true, drag: { x: false, y: false } }, padding: [12, 8, 0, 0] as uPlot.Padding };
  const xScale = { time: false, range: (_u: uPlot, min: number, max: number): uPlot.Range.MinMax => [min - 0.6, max + 0.6] };
  if (spec.kind === 'trend') {
    const bars = uPlot.paths.bars!({ size: [0.7, 40] });
    const series: uPlot.Series = spec.bars
      ? { label: spec.name, stroke: COLOURS.bar, fill: COLOURS.bar, paths: bars, points: { show: false } }
      : { label: spec.name, stroke: COLOURS.line, fill: COLOURS.fill, width: 2, spanGaps: false, points: { show: spec.values.filter((v) => v !== null).length <= 40, size: 5 } };
    const y: uPlot.Scale = spec.range ? { range: spec.range } : spec.bars ? { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } : {};
    return [{ ...base, scales: { x: xScale, y }, axes: [categoryAxis(spec.labels), valueAxis()], series: [{}, series] }, [xs, spec.values]];
  }
  const bars = uPlot.paths.bars!({ size: [0.7, 60] });
  // Journey names tilt when they would not fit side by side (a phone, many journeys).
  const tilted = width / Math.max(1, spec.labels.length) < Math.max(...spec.labels.map((l) => shortLabel(l).length)) * 7 + 12;
  return [
    {
      ...base,
      padding: [12, 8, 0, 0],
      scales: { x: xScale, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] }, share: { range: [0, 1] } },
      axes: [
        { ...categoryAxis(spec.labels.map(shortLabel)), rotate: tilted ? -35 : 0, size: tilted ? 90 : 40, space: 12, incrs: [1] },
        valueAxis(),
        valueAxis({ scale: 'share', side: 1, grid: { show: false }, values: (_u, splits) => splits.map((s) => spec.names.percent(s)) }),
      ],
      series: [
        {},
        { label: spec.names.vital, stroke: COLOURS.vital, fill: COLOURS.vital, paths: bars, points: { show: false } },
        { label: spec.names.other, stroke: COLOURS.other, fill: COLOURS.other, paths: bars, points: { show: false } },
        { label: spec.names.cumulative, scale: 'share', stroke: COLOURS.cumulative, width: 2, points: { show: true, size: 5 } },
      ],
    },
    [xs, spec.vital, spec.other, spec.cumulative],
  ];
}

export function UPlotChart({ spec, height }: { spec: ChartSpec; height: number }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const width = () => Math.max(240, Math.floor(element.clientWidth));
    const [options, data] = optionsOf(spec, width(), height);
    const chart = new uPlot(options, data, element);
    const observer = new ResizeObserver(() => chart.setSize({ width: width(), height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [spec, height]);
  return <div ref={host} class="uplot-host" aria-hidden="true" />;
}
