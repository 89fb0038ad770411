import type { TopicCellTally } from '../domain/topics/cells';
import type { TopicGranularity, TopicScope, TopicWindow } from '../domain/topics/contract';
import type { ProcessedFeedback } from './stores';

/** The topic summaries the processor writes, read back per scope (write shards merged). */
export interface TopicSummaryReader {
  /** The windows of one scope whose start lies in [from, to), oldest first; empty cells are absent. */
  windows(scope: TopicScope, granularity: TopicGranularity, from: Date, to: Date): Promise<TopicWindow[]>;
}

/** The stored cells as `recompute` rebuilds them. */
export interface TopicCellStore {
  /** Every stored cell of the zone, write shards merged, by `topicCellKey`. */
  storedCells(): Promise<Map<string, TopicCellTally>>;
  /** Sets one cell outright (all shards folded into one); a cell of 0 items is removed. */
  replaceCell(cell: TopicCellTally): Promise<void>;
}

export interface TopicUpdater {
  /** Rewrites an item's stored topics; false when the item is gone or was erased since it was read. */
  updateTopics(item: Pick<ProcessedFeedback, 'id' | 'topics'>): Promise<boolean>;
}
