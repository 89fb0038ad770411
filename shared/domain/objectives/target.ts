/**
 * Objectives: what a department commits to reach, in the common language of the product (NPS,
 * CSAT, CES, sentiment index, negative share), and by when. The metrics' scales and directions
 * are the scores' own (shared/domain/scores.ts `Score`), so a target compares with what the
 * dashboard and the digest show.
 */
// Namespace import: lets esbuild tree-shake zod.
import * as z from 'zod';
import type { Counters, Score } from '../scores';

export const OBJECTIVE_METRICS = ['nps', 'csat', 'ces', 'sentimentIndex', 'negativeShare'] as const;
export type ObjectiveMetric = (typeof OBJECTIVE_METRICS)[number];

export interface MetricScale {
  min: number;
  max: number;
  /** `up`: a higher value is better; `down`: a lower one is (effort, negative share). */
  better: 'up' | 'down';
  /** What the value means, for error messages and the README. */
  unit: string;
  /** The counter that says how many answers (or items) a week's value stands on. */
  volume: keyof Pick<Counters, 'count' | 'npsCount' | 'csatCount' | 'cesCount'>;
}

export const METRIC_SCALES: Record<ObjectiveMetric, MetricScale> = {
  nps: { min: -100, max: 100, better: 'up', unit: 'promoters % − detractors %', volume: 'npsCount' },
  csat: { min: 0, max: 100, better: 'up', unit: '% of CSAT answers at 4 or 5', volume: 'csatCount' },
  ces: { min: 1, max: 7, better: 'down', unit: 'mean effort on 1–7, lower is better', volume: 'cesCount' },
  sentimentIndex: { min: -100, max: 100, better: 'up', unit: '(positive − negative) / items × 100', volume: 'count' },
  negativeShare: { min: 0, max: 1, better: 'down', unit: 'negative items / items, 0–1, lower is better', volume: 'count' },
};

/** A target as configured: `{ "metric": "nps", "value": 30, "by": "2027-06-30" }` (`by` is a local day, the target's last). */
export const TargetSchema = z
  .object({
    metric: z.enum(OBJECTIVE_METRICS, { error: `metric is one of ${OBJECTIVE_METRICS.join(', ')}` }),
    value: z.number({ error: 'value is a number on the metric’s scale' }).refine(Number.isFinite, 'value is a finite number'),
    by: z.iso.date({ error: 'by is a calendar date, YYYY-MM-DD (e.g. 2027-06-30)' }),
  })
  .strict()
  .superRefine((t, ctx) => {
    const scale = METRIC_SCALES[t.metric];
    if (t.value < scale.min || t.value > scale.max) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${t.metric} targets are between ${scale.min} and ${scale.max} (${scale.unit}); got ${t.value}` });
    }
  });
export type Target = z.infer<typeof TargetSchema>;

/** A department's targets: the same metric twice needs two dates (a stepped objective), never the same one. */
export const TargetsSchema = z
  .array(TargetSchema)
  .default([])
  .superRefine((targets, ctx) => {
    const seen = new Set<string>();
    targets.forEach((t, i) => {
      const key = `${t.metric}@${t.by}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: `two ${t.metric} targets for ${t.by}; keep one` });
      seen.add(key);
    });
  });

/** The metric's value in a score (null when the week has no data for it). */
export function metricValue(score: Score, metric: ObjectiveMetric): number | null {
  return score[metric];
}

/** How many answers (NPS, CSAT, CES) or items (index, negative share) a value stands on. */
export function metricVolume(counters: Counters, metric: ObjectiveMetric): number {
  return counters[METRIC_SCALES[metric].volume];
}
