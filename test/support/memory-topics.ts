import type { SentimentLabel } from '../../shared/domain/sentiment';
import { windowsOfCells } from '../../shared/domain/topics/cell-windows';
import { tallyTopicCells, type TopicCellTally } from '../../shared/domain/topics/cells';
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

/**
 * Topic summaries as the processor writes them, in memory: each `add` is one batch merged into
 * the bounded summary of every cell it touches (same domain code, same capacity), read back per
 * scope. For use-case tests of what reads topics.
 */
export class MemoryTopicSummaries implements TopicSummaryReader {
  private readonly cells = new Map<string, TopicCellTally>();
  constructor(
    private readonly zone: string,
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

  async windows(scope: TopicScope, granularity: TopicGranularity, from: Date, to: Date): Promise<TopicWindow[]> {
    return windowsOfCells(this.cells.values(), scope, granularity, from, to);
  }
}
