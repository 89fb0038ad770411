/**
 * An in-memory TopicSummaryReader for use-case tests: windows are put per (scope, granularity) and
 * read back with the port's semantics (start in [from, to), oldest first, empty cells absent).
 */
import type { TopicGranularity, TopicScope, TopicWindow } from '../../shared/domain/topics/contract';
import type { TopicSummaryReader } from '../../shared/ports/topics';

export function topicScopeKey(scope: TopicScope): string {
  return scope.kind === 'unassigned' ? 'unassigned' : `${scope.kind}:${scope.id}`;
}

export class MemoryTopicSummaries implements TopicSummaryReader {
  private readonly cells = new Map<string, Map<string, TopicWindow>>();

  /** Stores (or replaces) windows of one scope and granularity. */
  put(scope: TopicScope, granularity: TopicGranularity, windows: readonly TopicWindow[]): this {
    const key = `${topicScopeKey(scope)}|${granularity}`;
    const byWindow = this.cells.get(key) ?? new Map<string, TopicWindow>();
    for (const w of windows) byWindow.set(new Date(w.window).toISOString(), structuredClone({ ...w, window: new Date(w.window).toISOString() }));
    this.cells.set(key, byWindow);
    return this;
  }

  async windows(scope: TopicScope, granularity: TopicGranularity, from: Date, to: Date): Promise<TopicWindow[]> {
    const byWindow = this.cells.get(`${topicScopeKey(scope)}|${granularity}`);
    if (!byWindow) return [];
    const lo = from.toISOString();
    const hi = to.toISOString();
    return [...byWindow.values()]
      .filter((w) => w.window >= lo && w.window < hi && w.items > 0)
      .sort((a, b) => a.window.localeCompare(b.window))
      .map((w) => structuredClone(w));
  }
}
