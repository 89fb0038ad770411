import { addCounters, aggregateCellsFor, COUNTER_NAMES, countersOf, emptyCounters, type Counters } from '../domain/scores';
import type { AggregateRow, ProcessedFeedback } from '../ports/stores';

/** Counters per aggregate cell, keyed `series|window`. */
export type AggregateMap = Map<string, Counters>;

const keyOf = (series: string, window: string) => `${series}|${window}`;

/** What the aggregates must be, recomputed from the stored items alone. */
export async function recountAggregates(
  items: AsyncIterable<ProcessedFeedback> | Iterable<ProcessedFeedback>,
  zones: readonly string[] = [],
): Promise<AggregateMap> {
  const out: AggregateMap = new Map();
  for await (const item of items) {
    const c = countersOf({ sentiment: item.sentiment.label, ratings: item.ratings });
    for (const cell of aggregateCellsFor(item, zones)) {
      const key = keyOf(cell.series, cell.window);
      out.set(key, addCounters(out.get(key) ?? emptyCounters(), c));
    }
  }
  return out;
}

/** The stored aggregates, write shards summed. */
export async function collectAggregates(rows: AsyncIterable<AggregateRow>): Promise<AggregateMap> {
  const out: AggregateMap = new Map();
  for await (const row of rows) {
    const key = keyOf(row.series, row.window);
    out.set(key, addCounters(out.get(key) ?? emptyCounters(), row.counters));
  }
  return out;
}

export interface Drift {
  key: string;
  counter: keyof Counters;
  expected: number;
  actual: number;
}

/** Every counter where the stored aggregates differ from the recount; empty means exact. */
export function driftBetween(expected: AggregateMap, actual: AggregateMap): Drift[] {
  const drift: Drift[] = [];
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(key) ?? emptyCounters();
    const a = actual.get(key) ?? emptyCounters();
    for (const counter of COUNTER_NAMES) if (e[counter] !== a[counter]) drift.push({ key, counter, expected: e[counter], actual: a[counter] });
  }
  return drift;
}
