/**
 * The control table's keys, one builder per item family. Exported because each function's IAM
 * grant on this table is scoped to these partition keys (infra/constructs/control-access.ts);
 * test/unit/control-access.test.ts fails if the two disagree.
 */
export const CONTROL_KEYS = {
  apiKey: (hash: string) => ({ pk: `APIKEY#${hash}`, sk: 'APIKEY' }),
  /** What `keys list` scans for (the operator's credentials: no function may Scan). */
  apiKeyPrefix: 'APIKEY#',
  customerSalt: { pk: 'CONFIG', sk: 'CUSTOMER_SALT' },
  erasureReceipt: (at: string, erasureId: string) => ({ pk: `ERASURE#${at}#${erasureId}`, sk: 'RECEIPT' }),
  /** Every alert state shares one partition (they are few), so listing them is one Query. */
  alertStatesPk: 'ALERT',
  alertState: (key: string) => ({ pk: 'ALERT', sk: key }),
  /**
   * Incidents share one partition too (a few a week), so listing them is one Query; the open
   * incident of each scope key is copied under `OPEN#<scopeKey>`, written in the same transaction
   * (dynamo-incidents.ts says why).
   */
  incidentsPk: 'INCIDENT',
  incidentSkPrefix: 'INC#',
  incident: (id: string) => ({ pk: 'INCIDENT', sk: `INC#${id}` }),
  openIncident: (scopeKey: string) => ({ pk: 'INCIDENT', sk: `OPEN#${scopeKey}` }),
  /** Emails taken from a recipient's daily budget: the SHA-256 of the address, never the address. */
  deliveryBudget: (recipientHash: string, localDay: string) => ({ pk: `BUDGET#${localDay}#${recipientHash}`, sk: 'BUDGET' }),
  /** A scheduled email that went out (hashed: markers name a recipient). */
  sendMarker: (markerHash: string) => ({ pk: `SENT#${markerHash}`, sk: 'MARKER' }),
  /** A chat or webhook delivery of one event to one target: leased while sent, then delivered (expires). */
  notificationMarker: (deliveryKey: string) => ({ pk: `NOTIFY#${deliveryKey}`, sk: 'MARKER' }),
} as const;
