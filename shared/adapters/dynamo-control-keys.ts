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
} as const;
