/**
 * In-memory incident store and daily budget with the DynamoDB adapters' semantics (optimistic
 * lock on version; a conditional take), and an aggregate reader that counts items with the real
 * domain functions, for use-case tests. Each call yields once so concurrent evaluations interleave.
 */
import { scopeKeyOf, type Incident, type IncidentStatus } from '../../shared/domain/alerts/incident';
import { addCounters, aggregateCellsFor, countersOf, emptyCounters, type Counters } from '../../shared/domain/scores';
import type { SentimentLabel } from '../../shared/domain/sentiment';
import type { DeliveryBudget, IncidentStore, SendMarkers } from '../../shared/ports/incidents';
import type { DeliveryMarkers, MarkerClaim } from '../../shared/ports/notification-delivery';
import type { AggregateReader, AggregateRow } from '../../shared/ports/stores';

const tick = () => new Promise((r) => setTimeout(r, 1));

export class MemoryIncidents implements IncidentStore {
  readonly rows = new Map<string, Incident>();
  async get(id: string) {
    await tick();
    const i = this.rows.get(id);
    return i ? structuredClone(i) : undefined;
  }
  async openFor(scopeKey: string) {
    await tick();
    const i = [...this.rows.values()].find((r) => r.status === 'open' && scopeKeyOf(r.scope) === scopeKey);
    return i ? structuredClone(i) : undefined;
  }
  async put(incident: Incident) {
    await tick();
    const current = this.rows.get(incident.id);
    if ((current?.version ?? 0) !== incident.version - 1) return false;
    if (incident.status === 'open') {
      const other = [...this.rows.values()].find((r) => r.id !== incident.id && r.status === 'open' && scopeKeyOf(r.scope) === scopeKeyOf(incident.scope));
      if (other) return false;
    }
    this.rows.set(incident.id, structuredClone(incident));
    return true;
  }
  async list(filter: { status?: IncidentStatus; since?: Date } = {}) {
    await tick();
    return [...this.rows.values()]
      .filter((i) => (!filter.status || i.status === filter.status) && (!filter.since || i.openedAt >= filter.since.toISOString()))
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt))
      .map((i) => structuredClone(i));
  }
}

export class MemoryBudget implements DeliveryBudget {
  readonly taken = new Map<string, number>();
  async take(recipient: string, day: string, limit: number) {
    await tick();
    const key = `${recipient.toLowerCase()}|${day}`;
    const used = this.taken.get(key) ?? 0;
    if (used >= limit) return false;
    this.taken.set(key, used + 1);
    return true;
  }
  async used(recipient: string, day: string) {
    return this.taken.get(`${recipient.toLowerCase()}|${day}`) ?? 0;
  }
}

export class MemoryMarkers implements SendMarkers {
  readonly claimed = new Set<string>();
  async claim(marker: string) {
    await tick();
    if (this.claimed.has(marker)) return false;
    this.claimed.add(marker);
    return true;
  }
}

/** Leased then delivered markers with DynamoNotificationMarkers' rules: a lease is taken again once it has ended. */
export class MemoryDeliveryMarkers implements DeliveryMarkers {
  readonly rows = new Map<string, { state: 'sending'; until: number } | { state: 'delivered' }>();
  async acquire(key: string, now: Date, leaseSeconds: number): Promise<MarkerClaim> {
    await tick();
    const row = this.rows.get(key);
    if (row?.state === 'delivered') return { state: 'delivered' };
    if (row && row.until >= now.getTime()) return { state: 'busy', retryInSeconds: Math.max(1, Math.ceil((row.until - now.getTime()) / 1000) + 1) };
    this.rows.set(key, { state: 'sending', until: now.getTime() + leaseSeconds * 1000 });
    return { state: 'acquired' };
  }
  async complete(key: string): Promise<void> {
    this.rows.set(key, { state: 'delivered' });
  }
  async release(key: string): Promise<void> {
    if (this.rows.get(key)?.state === 'sending') this.rows.delete(key);
  }
}

export interface CountedItem {
  occurredAt: string;
  sentiment: SentimentLabel;
  departments: string[];
  journeys?: string[];
  nps?: number;
  /** The sentiment model that scored it (recorded on the cells, as the processor does). */
  model?: string;
}

/** Aggregates as the processor writes them (every cell of every item), read back by series. */
export class CountingAggregates implements AggregateReader {
  private readonly cells = new Map<string, Map<string, Counters>>();
  private readonly models = new Map<string, Set<string>>();
  constructor(private readonly zones: readonly string[]) {}
  add(items: readonly CountedItem[]): void {
    for (const item of items) {
      const counters = countersOf({ sentiment: item.sentiment, ...(item.nps !== undefined ? { ratings: { nps: item.nps } } : {}) });
      const cells = aggregateCellsFor(
        { occurredAt: item.occurredAt, departments: item.departments.map((id) => ({ id })), journeys: (item.journeys ?? []).map((id) => ({ id })) },
        this.zones,
      );
      for (const cell of cells) {
        const series = this.cells.get(cell.series) ?? new Map<string, Counters>();
        series.set(cell.window, addCounters(series.get(cell.window) ?? emptyCounters(), counters));
        this.cells.set(cell.series, series);
        if (item.model) {
          const key = `${cell.series}|${cell.window}`;
          this.models.set(key, (this.models.get(key) ?? new Set()).add(item.model));
        }
      }
    }
  }
  /** The day cells these items touch, as the processor announces them. */
  touched(items: readonly CountedItem[]): { series: string; window: string }[] {
    return items.flatMap((item) =>
      aggregateCellsFor({ occurredAt: item.occurredAt, departments: item.departments.map((id) => ({ id })), journeys: (item.journeys ?? []).map((id) => ({ id })) }, this.zones),
    );
  }
  async series(series: string, from: Date, to: Date): Promise<AggregateRow[]> {
    const rows = this.cells.get(series) ?? new Map<string, Counters>();
    return [...rows.entries()]
      .filter(([w]) => w >= from.toISOString() && w <= to.toISOString())
      .map(([window, counters]) => {
        const models = this.models.get(`${series}|${window}`);
        return { series, window, counters, ...(models ? { models: [...models].sort() } : {}) };
      });
  }
  async *scanAll(): AsyncIterable<AggregateRow> {}
}
