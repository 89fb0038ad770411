/**
 * How many entries a topic summary needs for the injected theme to be seen: the stored items'
 * topics (as the pipeline extracted and stored them) tallied again per cell, exactly, then cut to
 * a capacity (what `recompute` writes), and run through the same detector as the stored cells.
 */
import { tallyTopicCells, type TopicCellTally } from '../../../shared/domain/topics/cells';
import type { TopicGranularity, TopicScope, TopicWindow } from '../../../shared/domain/topics/contract';
import { windowsOfCells } from '../../../shared/domain/topics/cell-windows';
import { EMERGING_DEFAULTS } from '../../../shared/domain/topics/emerging';
import type { ProcessedFeedback } from '../../../shared/ports/stores';
import type { TopicSummaryReader } from '../../../shared/ports/topics';
import { emergingFigures, type EmergingFigures } from './emerging-days';
import type { TopicStream } from './stream';
import { STREAM_DEPARTMENTS } from './stream-texts';

/** Rebuilt cells read back with the port's semantics (start in [from, to), oldest first). */
class RebuiltTopicCells implements TopicSummaryReader {
  constructor(private readonly cells: ReadonlyMap<string, TopicCellTally>) {}

  async windows(scope: TopicScope, granularity: TopicGranularity, from: Date, to: Date): Promise<TopicWindow[]> {
    return windowsOfCells(this.cells.values(), scope, granularity, from, to);
  }
}

export interface CapacityFigures {
  capacity: number;
  firstFlaggedDay: string | undefined;
  injectedByFirstFlag: number;
  falseFlagsPerDepartmentWeek: number;
}

export async function figuresAtCapacity(stream: TopicStream, stored: readonly ProcessedFeedback[], capacity: number): Promise<CapacityFigures> {
  const items = stored.map((i) => ({ occurredAt: i.occurredAt, departments: i.departments, topics: i.topics, negative: i.sentiment.label === 'negative' }));
  const figures: EmergingFigures = await emergingFigures(stream, new RebuiltTopicCells(tallyTopicCells(items, stream.zone, capacity)), STREAM_DEPARTMENTS, EMERGING_DEFAULTS.day);
  return { capacity, firstFlaggedDay: figures.firstFlaggedDay, injectedByFirstFlag: figures.injectedByFirstFlag, falseFlagsPerDepartmentWeek: figures.falseFlagsPerDepartmentWeek };
}
