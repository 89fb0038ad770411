/** A chart with its text alternative: the drawing loads with uPlot on first use; the label says what it shows, a table nearby gives its figures. */
import { useEffect, useState } from 'preact/hooks';
import type { ChartSpec } from '../charts/chart-spec';

type ChartModule = typeof import('../charts/uplot-chart');
let loading: Promise<ChartModule> | undefined;

export function Chart({ spec, label, height = 180 }: { spec: ChartSpec; label: string; height?: number }) {
  const [module, setModule] = useState<ChartModule>();
  useEffect(() => {
    let live = true;
    (loading ??= import('../charts/uplot-chart')).then((m) => live && setModule(m));
    return () => {
      live = false;
    };
  }, []);
  return (
    <div class="chart" role="img" aria-label={label} style={{ minHeight: `${height}px` }}>
      {module && <module.UPlotChart spec={spec} height={height} />}
    </div>
  );
}
