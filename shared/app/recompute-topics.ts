/**
 * `recompute`'s topic half: every stored item's topics extracted again from its stored (redacted)
 * text, and every topic summary cell rebuilt from the items as one exact tally cut to the
 * summary's capacity. A cell whose items are gone (re-attributed elsewhere) is removed.
 */
import { tallyTopicCells, type TopicCellTally } from '../domain/topics/cells';
import type { ItemTopic } from '../domain/topics/contract';
import { extractTopics } from '../domain/topics/phrases';
import type { TopicCapacity } from '../domain/topics/summary';
import type { ProcessedFeedback } from '../ports/stores';
import type { TopicCellStore, TopicUpdater } from '../ports/topics';

export interface TopicRecomputeOptions {
  cells: TopicCellStore;
  items: TopicUpdater;
  zone: string;
  capacity?: TopicCapacity;
}

export interface TopicRecomputeReport {
  /** Items whose topics changed with the current extraction (and, unless a dry run, were rewritten). */
  itemsRetopiced: number;
  cellsChecked: number;
  /** Cells whose exact item or negative counts differed from the items: a real drift. */
  cellsWithCountDrift: number;
  /** Cells whose summary differed from the rebuilt one (approximation included). */
  cellsRebuilt: number;
}

/** Cells rewritten at once, each its own transaction. */
const REWRITE_CONCURRENCY = 16;

const sameTopics = (a: readonly ItemTopic[] | undefined, b: readonly ItemTopic[]) => JSON.stringify(a ?? []) === JSON.stringify(b);
const sameCell = (a: TopicCellTally, b: TopicCellTally) => a.items === b.items && a.negativeItems === b.negativeItems && JSON.stringify(a.summary) === JSON.stringify(b.summary);

/** Returns the items with their current topics, and rewrites the cells (in `inRange`) that differ. */
export async function recomputeTopics(
  items: readonly ProcessedFeedback[],
  options: TopicRecomputeOptions,
  run: { dryRun: boolean; inRange: (window: string) => boolean },
): Promise<{ items: ProcessedFeedback[]; report: TopicRecomputeReport }> {
  const report: TopicRecomputeReport = { itemsRetopiced: 0, cellsChecked: 0, cellsWithCountDrift: 0, cellsRebuilt: 0 };
  const current: ProcessedFeedback[] = [];
  for (const item of items) {
    const topics = item.textWithheld || !item.text ? [] : extractTopics(item.text, item.lang);
    if (sameTopics(item.topics, topics)) {
      current.push(item);
      continue;
    }
    const { topics: _old, ...rest } = item;
    const updated: ProcessedFeedback = topics.length > 0 ? { ...rest, topics } : rest;
    report.itemsRetopiced++;
    // Items first: a run stopped half-way is finished by the next one.
    if (!run.dryRun) await options.items.updateTopics(updated);
    current.push(updated);
  }
  const expected = tallyTopicCells(
    current.map((i) => ({ ...i, negative: i.sentiment.label === 'negative' })),
    options.zone,
    options.capacity,
  );
  const stored = await options.cells.storedCells();
  const keys = [...new Set([...expected.keys(), ...stored.keys()])].filter((k) => run.inRange(k.slice(k.lastIndexOf('|') + 1)));
  report.cellsChecked = keys.length;
  const rebuild: TopicCellTally[] = [];
  for (const key of keys) {
    const want = expected.get(key);
    const have = stored.get(key);
    const cell = want ?? { ...have!, items: 0, negativeItems: 0, summary: { entries: [], floor: 0 } };
    if (have && sameCell(cell, have)) continue;
    if (!have || have.items !== cell.items || have.negativeItems !== cell.negativeItems) report.cellsWithCountDrift++;
    report.cellsRebuilt++;
    rebuild.push(cell);
  }
  for (let i = 0; !run.dryRun && i < rebuild.length; i += REWRITE_CONCURRENCY) {
    await Promise.all(rebuild.slice(i, i + REWRITE_CONCURRENCY).map((cell) => options.cells.replaceCell(cell)));
  }
  return { items: current, report };
}
