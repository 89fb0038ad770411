import { addCounters, aggregateKeysFor, COUNTER_NAMES, countersOf, emptyCounters, type Counters } from '../domain/scores';
import type { AggregateRow, ProcessedFeedback } from '../ports/stores';

export type AggregateMap = Map<string, Counters>;

const keyOf = (pk: string, window: string) => `${pk}|${window}`;

/** What the aggregates must be, recomputed from the stored items alone. */
export async function recountAggregates(items: AsyncIterable<ProcessedFeedback> | Iterable<ProcessedFeedback>): Promise<AggregateMap> {
  const out: AggregateMap = new Map();
  for await (const item of items) {
    const c = countersOf({ sentiment: item.sentiment.label, ratings: item.ratings });
    for (const { pk, sk } of aggregateKeysFor(item)) out.set(keyOf(pk, sk), addCounters(out.get(keyOf(pk, sk)) ?? emptyCounters(), c));
  }
  return out;
}

export async function collectAggregates(rows: AsyncIterable<AggregateRow>): Promise<AggregateMap> {
  const out: AggregateMap = new Map();
  for await (const row of rows) out.set(keyOf(row.pk, row.window), row.counters);
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
