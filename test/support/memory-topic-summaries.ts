/**
 * Topic summaries in memory, for use-case tests of what reads topics (TopicSummaryReader, with the
 * port's semantics: one scope, start in [from, to), oldest first, empty cells absent). Two ways in:
 *   - `add(items)`: a batch as the processor writes it, merged into the bounded summary of every
 *     cell it touches (same domain code, same capacities);
 *   - `put(scope, granularity, windows)`: windows stated outright (replacing those already held).
 */
import type { SentimentLabel } from '../../shared/domain/sentiment';
import { windowsOfCells } from '../../shared/domain/topics/cell-windows';
import { tallyTopicCells, topicCellKey, type TopicCellTally } from '../../shared/domain/topics/cells';
import type { ItemTopic, TopicGranularity, TopicScope, TopicWindow } from '../../shared/domain/topics/contract';
import { extractTopics } from '../../shared/domain/topics/phrases';
import { capacityOf, emptySummary, mergeSummaries, TOPIC_CAPACITY, type TopicCapacity } from '../../shared/domain/topics/summary';
import type { TopicSummaryReader } from '../../shared/ports/topics';

export interface TopicItem {
  occurredAt: string;
  departments: string[];
  sentiment: SentimentLabel;
  /** The item's topics; extracted from `text` when left out. */
  topics?: ItemTopic[];
  text?: string;
  lang?: string;
}

export class MemoryTopicSummaries implements TopicSummaryReader {
  /** `floorUnknown`: a put window that stated no floor reads back without one (the detector then bounds absent topics itself). */
  private readonly cells = new Map<string, TopicCellTally & { floorUnknown?: boolean }>();

  /** `zone`: the local days and weeks `add` files items under. */
  constructor(
    private readonly zone = 'UTC',
    private readonly capacity: TopicCapacity = TOPIC_CAPACITY,
  ) {}

  add(items: readonly TopicItem[]): this {
    const batch = tallyTopicCells(
      items.map((i) => ({
        occurredAt: i.occurredAt,
        departments: i.departments.map((id) => ({ id })),
        topics: i.topics ?? extractTopics(i.text ?? '', i.lang),
        negative: i.sentiment === 'negative',
      })),
      this.zone,
      Number.POSITIVE_INFINITY,
    );
    for (const [key, cell] of batch) {
      const prev = this.cells.get(key);
      this.cells.set(key, {
        ...cell,
        items: (prev?.items ?? 0) + cell.items,
        negativeItems: (prev?.negativeItems ?? 0) + cell.negativeItems,
        summary: mergeSummaries(prev?.summary ?? emptySummary(), cell.summary, capacityOf(this.capacity, cell.granularity)),
      });
    }
    return this;
  }

  put(scope: TopicScope, granularity: TopicGranularity, windows: readonly TopicWindow[]): this {
    for (const w of windows) {
      const cell = { scope, granularity, window: new Date(w.window).toISOString() };
      const summary = { entries: structuredClone(w.entries), floor: w.floor ?? 0 };
      this.cells.set(topicCellKey(cell), { ...cell, items: w.items, negativeItems: w.negativeItems, summary, floorUnknown: w.floor === undefined });
    }
    return this;
  }

  async windows(scope: TopicScope, granularity: TopicGranularity, from: Date, to: Date): Promise<TopicWindow[]> {
    return windowsOfCells(this.cells.values(), scope, granularity, from, to)
      .filter((w) => w.items > 0)
      .map(({ floor, ...w }) => structuredClone(this.cells.get(topicCellKey({ scope, granularity, window: w.window }))?.floorUnknown ? w : { ...w, floor }));
  }
}
