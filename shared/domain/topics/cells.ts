/**
 * Which topic summary cells an item counts in: each of its departments (`unassigned` when it has
 * none), each interface pair of them, × the local day and the local week of the deployment's zone.
 */
import { UNASSIGNED } from '../departments/schema';
import { interfacePairsOf, windowStart } from '../scores';
import { TOPIC_GRANULARITIES, type TopicGranularity, type TopicScope } from './contract';

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
