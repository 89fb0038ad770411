import type { Attribution } from '../domain/departments/attribution';
import { emptyCounters, type Counters } from '../domain/scores';
import type { AggregateReader, ProcessedFeedback } from '../ports/stores';
import { collectAggregates, driftBetween, recountAggregates, type AggregateMap } from './recount';

export interface AttributionUpdater {
  /** Rewrites an item's attribution and its verbatim index rows. */
  updateAttribution(item: ProcessedFeedback, previous: Pick<ProcessedFeedback, 'departments' | 'journeys'>): Promise<void>;
}

export interface AggregateRewriter {
  /** Sets one cell to exactly these counters (all write shards folded into one). */
  replace(series: string, window: string, counters: Counters): Promise<void>;
}

export interface RecomputeReport {
  dryRun: boolean;
  items: number;
  /** Items whose departments or journeys changed under the current configuration. */
  reattributed: number;
  cellsChecked: number;
  /** Cells whose stored counters differed from the recount. */
  cellsWithDrift: number;
  /** Sum of |expected − stored| per counter, over those cells. */
  driftByCounter: Partial<Record<keyof Counters, number>>;
  cellsFixed: number;
}

const sameIds = (a: readonly Attribution[], b: readonly Attribution[]) =>
  a.map((x) => x.id).sort().join(',') === b.map((x) => x.id).sort().join(',');

/**
 * Rebuilds the aggregates from the stored items: re-attributes each item with the current
 * configuration, recounts every cell, reports the drift against what is stored and (unless a
 * dry run) rewrites the cells that differ. Run it with ingestion paused: increments that land
 * during the rewrite of the same cell would be overwritten.
 */
export async function recompute(deps: {
  items: () => AsyncIterable<ProcessedFeedback>;
  attribute: (item: ProcessedFeedback) => { departments: Attribution[]; journeys: Attribution[] };
  attributions: AttributionUpdater;
  aggregates: AggregateReader;
  rewriter: AggregateRewriter;
  zones: readonly string[];
  range?: { from?: Date; to?: Date };
  dryRun: boolean;
}): Promise<RecomputeReport> {
  const report: RecomputeReport = { dryRun: deps.dryRun, items: 0, reattributed: 0, cellsChecked: 0, cellsWithDrift: 0, driftByCounter: {}, cellsFixed: 0 };
  const current: ProcessedFeedback[] = [];
  for await (const item of deps.items()) {
    report.items++;
    const next = deps.attribute(item);
    const changed = !sameIds(next.departments, item.departments) || !sameIds(next.journeys ?? [], item.journeys ?? []);
    const updated = { ...item, departments: next.departments, journeys: next.journeys };
    if (changed) {
      report.reattributed++;
      if (!deps.dryRun) await deps.attributions.updateAttribution(updated, item);
    }
    current.push(changed ? updated : item);
  }

  const inRange = (key: string) => {
    const window = key.slice(key.lastIndexOf('|') + 1);
    return (!deps.range?.from || window >= deps.range.from.toISOString()) && (!deps.range?.to || window <= deps.range.to.toISOString());
  };
  const filter = (m: AggregateMap) => new Map([...m].filter(([k]) => inRange(k)));
  const expected = filter(await recountAggregates(current, deps.zones));
  const stored = filter(await collectAggregates(deps.aggregates.scanAll()));
  report.cellsChecked = new Set([...expected.keys(), ...stored.keys()]).size;

  const drift = driftBetween(expected, stored);
  const cells = new Set(drift.map((d) => d.key));
  report.cellsWithDrift = cells.size;
  for (const d of drift) report.driftByCounter[d.counter] = (report.driftByCounter[d.counter] ?? 0) + Math.abs(d.expected - d.actual);
  if (!deps.dryRun) {
    for (const key of cells) {
      const split = key.lastIndexOf('|');
      const counters = expected.get(key) ?? emptyCounters();
      await deps.rewriter.replace(key.slice(0, split), key.slice(split + 1), counters);
      report.cellsFixed++;
    }
  }
  return report;
}
