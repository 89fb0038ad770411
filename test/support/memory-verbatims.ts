/**
 * Stored verbatims in memory with the DynamoDB store's reading rules (newest first, one
 * department's items between two instants inclusive, the filter's fields all matching, at most
 * `limit`), built from the same items the CountingAggregates count, for use-case tests.
 */
import type { FeedbackStore, Verbatim, VerbatimFilter } from '../../shared/ports/stores';
import type { CountedItem } from './memory-incidents';

export interface StoredItem extends CountedItem {
  id: string;
  text: string;
  lang?: string;
  customerKey?: string;
}

export class MemoryVerbatims implements Pick<FeedbackStore, 'verbatims'> {
  readonly items: StoredItem[] = [];
  /** Every read, to check what a use case asked for. */
  readonly reads: { department: string; from: string; to: string; limit: number; filter?: VerbatimFilter }[] = [];

  add(items: readonly StoredItem[]): void {
    this.items.push(...items);
  }

  async verbatims(departmentId: string, from: Date, to: Date, limit: number, filter: VerbatimFilter = {}): Promise<Verbatim[]> {
    this.reads.push({ department: departmentId, from: from.toISOString(), to: to.toISOString(), limit, ...(Object.keys(filter).length ? { filter } : {}) });
    return this.items
      .filter((i) => i.departments.includes(departmentId) && i.occurredAt >= from.toISOString() && i.occurredAt <= to.toISOString())
      .filter((i) => (!filter.alsoDepartment || i.departments.includes(filter.alsoDepartment)) && (!filter.sentiment || i.sentiment === filter.sentiment))
      .filter((i) => !filter.journey || (i.journeys ?? []).includes(filter.journey))
      .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map((i) => ({
        id: i.id,
        occurredAt: i.occurredAt,
        text: i.text,
        lang: i.lang ?? 'fr',
        sentiment: i.sentiment,
        departments: i.departments.map((id) => ({ id, reason: 'keyword' }) as Verbatim['departments'][number]),
        journeys: (i.journeys ?? []).map((id) => ({ id, reason: 'keyword' }) as Verbatim['journeys'][number]),
        channel: 'api',
        ...(i.customerKey ? { customerKey: i.customerKey } : {}),
      }));
  }
}
