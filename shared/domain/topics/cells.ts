/**
 * Which topic summary cells an item counts in: each of its departments (`unassigned` when it has
 * none), each interface pair of them, × the local day and the local week of the deployment's zone.
 */
import { UNASSIGNED } from '../departments/schema';
import { interfacePairsOf, windowStart } from '../scores';
import { TOPIC_GRANULARITIES, type ItemTopic, type TopicGranularity, type TopicScope } from './contract';
import { capacityOf, emptySummary, mergeSummaries, tally, TOPIC_CAPACITY, type TopicCapacity, type TopicSummary } from './summary';

export interface TopicCell {
  scope: TopicScope;
  granularity: TopicGranularity;
  /** ISO instant of the window start. */
  window: string;
}

export function topicScopesOf(departments: readonly { id: string }[]): TopicScope[] {
  const ids = [...new Set(departments.map((d) => d.id))].filter((id) => id !== UNASSIGNED).sort();
  if (ids.length === 0) return [{ kind: 'unassigned' }];
  return [...ids.map((id) => ({ kind: 'dept' as const, id })), ...interfacePairsOf(ids).map((id) => ({ kind: 'pair' as const, id }))];
}

export function topicCellsFor(item: { occurredAt: string; departments: readonly { id: string }[] }, zone: string): TopicCell[] {
  const at = new Date(item.occurredAt);
  const windows = TOPIC_GRANULARITIES.map((granularity) => ({ granularity, window: windowStart(at, granularity, zone).toISOString() }));
  return topicScopesOf(item.departments).flatMap((scope) => windows.map((w) => ({ scope, ...w })));
}

/** A scope as text ("dept:billing", "pair:billing+delivery", "unassigned"): a map key and part of a stored key. */
export const scopeKey = (scope: TopicScope): string => (scope.kind === 'unassigned' ? 'unassigned' : `${scope.kind}:${scope.id}`);

/** The scope a department query names: "unassigned", an interface pair ("a+b"), or a department. */
export function scopeOfDepartment(department: string): TopicScope {
  if (department === UNASSIGNED) return { kind: 'unassigned' };
  return department.includes('+') ? { kind: 'pair', id: department } : { kind: 'dept', id: department };
}

export interface TopicCellTally extends TopicCell {
  items: number;
  negativeItems: number;
  summary: TopicSummary;
}

/**
 * Every topic cell of these items, as one batch: exact item counts and the bounded summary of the
 * exact tally (what a recompute writes, and what the processor's merges approximate).
 */
export function tallyTopicCells(
  items: Iterable<{ occurredAt: string; departments: readonly { id: string }[]; topics?: readonly ItemTopic[]; negative: boolean }>,
  zone: string,
  capacity: TopicCapacity = TOPIC_CAPACITY,
): Map<string, TopicCellTally> {
  const grouped = new Map<string, TopicCell & { members: { topics?: readonly ItemTopic[]; negative: boolean }[] }>();
  for (const item of items) {
    for (const cell of topicCellsFor(item, zone)) {
      const key = topicCellKey(cell);
      const group = grouped.get(key) ?? { ...cell, members: [] };
      group.members.push(item);
      grouped.set(key, group);
    }
  }
  const out = new Map<string, TopicCellTally>();
  for (const [key, { members, ...cell }] of grouped) {
    out.set(key, {
      ...cell,
      items: members.length,
      negativeItems: members.filter((m) => m.negative).length,
      summary: mergeSummaries(emptySummary(), tally(members), capacityOf(capacity, cell.granularity)),
    });
  }
  return out;
}

/** The scope a `scopeKey` names back; undefined for text that is not one. */
export function scopeOfKey(key: string): TopicScope | undefined {
  if (key === 'unassigned') return { kind: 'unassigned' };
  const [kind, ...rest] = key.split(':');
  const id = rest.join(':');
  return (kind === 'dept' || kind === 'pair') && id ? { kind, id } : undefined;
}

/** The key `tallyTopicCells` files a cell under. */
export const topicCellKey = (cell: TopicCell): string => `${scopeKey(cell.scope)}|${cell.granularity}|${cell.window}`;
