import { addCounters, aggregateCellsFor, COUNTER_NAMES, countersOf, emptyCounters, type Counters } from '../domain/scores';
import type { AggregateRow, ProcessedFeedback } from '../ports/stores';

/** Counters per aggregate cell, keyed `series|window`. */
export type AggregateMap = Map<string, Counters>;
/** The sentiment models recorded per aggregate cell (sorted), keyed `series|window`; cells recording none are absent. */
export type ModelMap = Map<string, string[]>;
/** Every cell's counters and models. */
export interface CellMaps {
  counters: AggregateMap;
  models: ModelMap;
}

const keyOf = (series: string, window: string) => `${series}|${window}`;

function addModels(models: ModelMap, key: string, ids: readonly string[]): void {
  if (ids.length === 0) return;
  models.set(key, [...new Set([...(models.get(key) ?? []), ...ids])].sort());
}

/** What the aggregates must be (counters, and the models that scored each cell), recomputed from the stored items alone. */
export async function recountCells(items: AsyncIterable<ProcessedFeedback> | Iterable<ProcessedFeedback>, zones: readonly string[] = []): Promise<CellMaps> {
  const out: CellMaps = { counters: new Map(), models: new Map() };
  for await (const item of items) {
    const c = countersOf({ sentiment: item.sentiment.label, ratings: item.ratings });
    for (const cell of aggregateCellsFor(item, zones)) {
      const key = keyOf(cell.series, cell.window);
      out.counters.set(key, addCounters(out.counters.get(key) ?? emptyCounters(), c));
      addModels(out.models, key, item.sentimentModel ? [item.sentimentModel] : []);
    }
  }
  return out;
}

/** The stored aggregates, write shards summed and their models merged. */
export async function collectCells(rows: AsyncIterable<AggregateRow>): Promise<CellMaps> {
  const out: CellMaps = { counters: new Map(), models: new Map() };
  for await (const row of rows) {
    const key = keyOf(row.series, row.window);
    out.counters.set(key, addCounters(out.counters.get(key) ?? emptyCounters(), row.counters));
    addModels(out.models, key, row.models ?? []);
  }
  return out;
}

/** What the aggregates' counters must be, recomputed from the stored items alone. */
export async function recountAggregates(
  items: AsyncIterable<ProcessedFeedback> | Iterable<ProcessedFeedback>,
  zones: readonly string[] = [],
): Promise<AggregateMap> {
  return (await recountCells(items, zones)).counters;
}

/** The stored aggregates' counters, write shards summed. */
export async function collectAggregates(rows: AsyncIterable<AggregateRow>): Promise<AggregateMap> {
  return (await collectCells(rows)).counters;
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

/** The cells whose recorded models differ from those of their items; empty means every cell says who scored it. */
export function modelDriftBetween(expected: ModelMap, actual: ModelMap): string[] {
  const same = (a: readonly string[] = [], b: readonly string[] = []) => a.length === b.length && a.every((x, i) => x === b[i]);
  return [...new Set([...expected.keys(), ...actual.keys()])].filter((key) => !same(expected.get(key), actual.get(key)));
}
