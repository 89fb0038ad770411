/** What a chart shows, without uPlot: the pages describe charts with this, the lazily loaded chart code draws them. */
export type ChartSpec =
  | {
      kind: 'trend';
      /** One label per window (x axis). */
      labels: string[];
      values: (number | null)[];
      /** Bars (volume) rather than a line. */
      bars?: boolean;
      /** A fixed y range (CSAT 0–100, CES 1–7); otherwise fitted to the values. */
      range?: [number, number];
      name: string;
    }
  | {
      kind: 'pareto';
      labels: string[];
      /** Negative items of the vital-few journeys (null elsewhere), of the others, and the cumulative share (0–1). */
      vital: (number | null)[];
      other: (number | null)[];
      cumulative: number[];
      names: { vital: string; other: string; cumulative: string; percent: (share: number) => string };
    };
