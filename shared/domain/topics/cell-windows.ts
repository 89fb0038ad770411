import { scopeKey, type TopicCellTally } from './cells';
import type { TopicGranularity, TopicScope, TopicWindow } from './contract';

/** Cells held in memory, read with TopicSummaryReader's semantics: one scope, start in [from, to), oldest first. */
export function windowsOfCells(cells: Iterable<TopicCellTally>, scope: TopicScope, granularity: TopicGranularity, from: Date, to: Date): TopicWindow[] {
  const [lo, hi] = [from.toISOString(), to.toISOString()];
  return [...cells]
    .filter((c) => scopeKey(c.scope) === scopeKey(scope) && c.granularity === granularity && c.window >= lo && c.window < hi)
    .sort((a, b) => a.window.localeCompare(b.window))
    .map((c) => ({ window: c.window, items: c.items, negativeItems: c.negativeItems, entries: c.summary.entries, floor: c.summary.floor }));
}
