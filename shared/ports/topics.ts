import type { TopicGranularity, TopicScope, TopicWindow } from '../domain/topics/contract';

/** The topic summaries the processor writes, read back per scope (write shards merged). */
export interface TopicSummaryReader {
  /** The windows of one scope whose start lies in [from, to), oldest first; empty cells are absent. */
  windows(scope: TopicScope, granularity: TopicGranularity, from: Date, to: Date): Promise<TopicWindow[]>;
}
