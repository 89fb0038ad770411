import type { Incident, IncidentStatus } from '../domain/alerts/incident';

/** Incidents, written under an optimistic lock on `version` (see `Incident`). */
export interface IncidentStore {
  get(id: string): Promise<Incident | undefined>;
  /** The open incident of a scope key (`billing`, `billing+delivery`), if any. */
  openFor(scopeKey: string): Promise<Incident | undefined>;
  /**
   * Writes `incident` only if the stored version is still `incident.version − 1` (absent for
   * version 1). False when another writer got there first: re-read and decide again.
   */
  put(incident: Incident): Promise<boolean>;
  /** Newest first; optionally one status, optionally opened at or after `since`. */
  list(filter?: { status?: IncidentStatus; since?: Date }): Promise<Incident[]>;
}

/**
 * The daily email budget: per recipient and local day, how many incident and update emails went
 * out. `take` counts one only if fewer than `limit` were taken (a conditional write), so two
 * concurrent evaluations never both take the last one.
 */
export interface DeliveryBudget {
  take(recipient: string, localDay: string, limit: number): Promise<boolean>;
  used(recipient: string, localDay: string): Promise<number>;
}

/**
 * Exactly-once markers for scheduled emails (the 18:00 daily summary of a recipient and day):
 * `claim` is true for the first caller only.
 */
export interface SendMarkers {
  claim(marker: string, at: Date): Promise<boolean>;
}
