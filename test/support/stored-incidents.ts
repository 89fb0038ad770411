import type { Incident, IncidentRule, IncidentScope } from '../../shared/domain/alerts/incident';
import { incidentIdOf, scopeKeyOf } from '../../shared/domain/alerts/incident';
import type { IncidentStore } from '../../shared/ports/incidents';

/** A broken rule as the evaluator stores it (figures of a negative-share rule by default). */
export function incidentRule(overrides: Partial<IncidentRule> = {}): IncidentRule {
  return {
    rule: 'negative-share',
    kind: 'negative-share',
    source: { kind: 'dept', id: 'billing' },
    value: 0.62,
    threshold: 0.4,
    baseline: 0.18,
    volume: 60,
    window: '2026-12-01T23:00:00.000Z',
    firing: true,
    excess: 0.55,
    message: { en: 'Negative share 62% (threshold 40%, 60 items)', fr: 'Part négative 62 % (seuil 40 %, 60 avis)' },
    firstSeenAt: '2026-12-02T09:00:00.000Z',
    lastSeenAt: '2026-12-02T09:00:00.000Z',
    ...overrides,
  };
}

/** An open incident of `scope`, opened on 2026-12-02 (Europe/Paris), version 1. */
export function storedIncident(overrides: Partial<Incident> & { scope?: IncidentScope } = {}): Incident {
  const scope = overrides.scope ?? { department: 'billing' };
  return {
    id: incidentIdOf(scope, '2026-12-02'),
    scope,
    zone: 'Europe/Paris',
    window: '2026-12-01T23:00:00.000Z',
    severity: 'major',
    status: 'open',
    openedAt: '2026-12-02T09:00:00.000Z',
    updatedAt: '2026-12-02T09:00:00.000Z',
    recoveredAt: null,
    rules: [incidentRule()],
    related: [],
    verbatims: [{ id: 'fb-1', text: 'Facturé deux fois, personne ne répond.', occurredAt: '2026-12-02T08:55:00.000Z' }],
    lateDataAt: null,
    recoveryWindows: 0,
    recoveryLastWindow: null,
    notifiedSeverity: 'major',
    lastUpdateEmailAt: null,
    pending: [],
    sent: [{ recipient: 'cco@example.com', kind: 'incident', severity: 'major', at: '2026-12-02T09:00:01.000Z' }],
    deferred: [],
    acknowledged: null,
    assignee: null,
    resolved: null,
    migratedFrom: null,
    version: 1,
    ...overrides,
  };
}

/** An in-memory IncidentStore with the DynamoDB store's contract (optimistic lock, one open incident per scope key). */
export class InMemoryIncidentStore implements IncidentStore {
  readonly rows = new Map<string, Incident>();
  /** Writes refused because the version moved (or another incident of the scope is open). */
  lost = 0;
  /** Called before each write lands: lets a test slip a concurrent write in. */
  beforePut?: (incident: Incident) => Promise<void> | void;

  async get(id: string) {
    const row = this.rows.get(id);
    return row ? structuredClone(row) : undefined;
  }

  async openFor(scopeKey: string) {
    const open = [...this.rows.values()].find((i) => i.status === 'open' && scopeKeyOf(i.scope) === scopeKey);
    return open ? structuredClone(open) : undefined;
  }

  async put(incident: Incident) {
    const hook = this.beforePut;
    this.beforePut = undefined;
    await hook?.(incident);
    const stored = this.rows.get(incident.id);
    const otherOpen = [...this.rows.values()].some((i) => i.id !== incident.id && i.status === 'open' && scopeKeyOf(i.scope) === scopeKeyOf(incident.scope));
    const fresh = incident.version === 1 ? !stored : stored?.version === incident.version - 1;
    if (!fresh || (incident.status === 'open' && otherOpen)) {
      this.lost++;
      return false;
    }
    this.rows.set(incident.id, structuredClone(incident));
    return true;
  }

  async list(filter: { status?: Incident['status']; since?: Date } = {}) {
    const since = filter.since?.toISOString();
    return [...this.rows.values()]
      .filter((i) => (!filter.status || i.status === filter.status) && (!since || i.openedAt >= since))
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt))
      .map((i) => structuredClone(i));
  }
}

