import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { FunctionName } from '../../shared/resources';

/**
 * The item families of the control table, each named by the partition key values it uses
 * (`dynamodb:LeadingKeys` patterns, IAM StringLike syntax). The families hold very different
 * things, so a function's grant names the families it needs, never the whole table. The keys
 * themselves are built in shared/adapters (CONTROL_KEYS, EXPORT_JOB_KEYS);
 * test/unit/control-access.test.ts fails if a key no longer matches its pattern here.
 */
export const CONTROL_FAMILIES = {
  /** `APIKEY#<sha256 of the key>` / `APIKEY`: role, source, dates of one API key. */
  apiKeys: 'APIKEY#*',
  /** `CONFIG` / `CUSTOMER_SALT`: the salt of every customer-id hash. */
  customerSalt: 'CONFIG',
  /** `ALERT` / `<alert key>`: open/recovered state of each alert, under an optimistic lock. */
  alertStates: 'ALERT',
  /**
   * `INCIDENT` / `INC#<id>`: each incident, under an optimistic lock; `INCIDENT` / `OPEN#<scope
   * key>`: a copy of the scope's open incident, written in the same transaction.
   */
  incidents: 'INCIDENT',
  /** `BUDGET#<local day>#<sha256 of the address>` / `BUDGET`: incident emails a recipient got that day (expires). */
  deliveryBudgets: 'BUDGET#*',
  /** `SENT#<sha256 of the marker>` / `MARKER`: a scheduled email that went out, exactly once (expires). */
  sendMarkers: 'SENT#*',
  /** `NOTIFY#<sha256 of event id and target>` / `MARKER`: a chat or webhook delivery, leased then delivered (expires). */
  notificationMarkers: 'NOTIFY#*',
  /** `ERASURE#<at>#<erasureId>` / `RECEIPT`: proof of each erasure (counts and the hash). */
  erasureReceipts: 'ERASURE#*',
  /** `EXPORT#<jobId>` / `JOB` and `CHUNK#<row>`: an export job and the counts of its chunks. */
  exportJobs: 'EXPORT#*',
} as const;
export type ControlFamily = keyof typeof CONTROL_FAMILIES;

/** Item-level actions, the only ones `dynamodb:LeadingKeys` can restrict (Scan has no leading key). */
export type ControlAction = 'GetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem';
const WRITE_ACTIONS: ReadonlySet<ControlAction> = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

export type ControlGrant = Partial<Record<ControlFamily, readonly ControlAction[]>>;

/**
 * Who may do what on the control table: the one place to read it, and what the policies are
 * generated from. Each entry is what the function's code does (see SECURITY.md for the why):
 *
 * - API keys are read (GetItem) by the three API functions to authenticate; no function writes
 *   them: `customer-voice keys create|disable` does, with the operator's credentials, and
 *   `keys list` is a Scan, which no function is granted.
 * - The salt is only read (GetItem), by every function that hashes a customer id and by
 *   erasure: a function that could write it could replace it, and every hash made before would
 *   stop matching (erasure would miss those items). New deployments keep it in Secrets Manager
 *   (the table has none, so the GetItem finds nothing); deployments from before keep theirs here.
 * - Alert states (from before incidents) are only listed, by evaluateAlerts once per cold start,
 *   to become incidents (shared/app/upgrade-alert-states.ts); nothing writes them any more.
 * - Incidents: the read API and the digest list them (Query on the one `INCIDENT` partition);
 *   adminApi acts on them (ack, assign, resolve): it reads one (GetItem, also the scope's open
 *   pointer before closing one) and writes it with its pointer in one transaction (PutItem,
 *   and DeleteItem of the pointer when resolving an open incident). The evaluator reads
 *   incidents and their open pointers (GetItem, Query), opens, updates and closes them (PutItem,
 *   DeleteItem of the pointer, in transactions) and takes from recipients' daily budgets (a
 *   conditional UpdateItem).
 * - Erasure receipts are written by adminApi alone, and never read by a function.
 * - The daily summary lists the incidents (Query on the one `INCIDENT` partition), claims its
 *   marker per recipient and day (conditional PutItem), and records on each incident that the
 *   summary carried its held-back notices (PutItem, in a transaction with the open pointer; a
 *   closed incident's write reads the pointer first, GetItem).
 * - Notification markers: deliverNotification leases a delivery (conditional PutItem, which
 *   returns the row it lost to), marks it delivered (UpdateItem) or gives the lease up after a
 *   failure (conditional DeleteItem); sendDigest does the same with its digest email, once per
 *   scheduled event, so that Lambda's retry of a run that timed out does not send it again.
 * - Export jobs: ingestApi creates them (inline exports, upload tickets) and reads them back
 *   (GET /v1/exports/{jobId}); ingestExportFile creates dropped files' jobs and updates them
 *   as it reads their chunks. A conditional PutItem that finds the row reads it (GetItem).
 */
export const CONTROL_ACCESS = {
  ingestApi: { apiKeys: ['GetItem'], customerSalt: ['GetItem'], exportJobs: ['GetItem', 'Query', 'PutItem'] },
  readApi: { apiKeys: ['GetItem'], incidents: ['Query'] },
  adminApi: { apiKeys: ['GetItem'], customerSalt: ['GetItem'], erasureReceipts: ['PutItem'], incidents: ['GetItem', 'PutItem', 'DeleteItem'] },
  processFeedback: {},
  evaluateAlerts: { alertStates: ['Query'], incidents: ['GetItem', 'Query', 'PutItem', 'DeleteItem'], deliveryBudgets: ['UpdateItem'] },
  sendDigest: { incidents: ['Query'], sendMarkers: ['PutItem'], notificationMarkers: ['PutItem', 'UpdateItem', 'DeleteItem'] },
  sendDailySummary: { incidents: ['GetItem', 'Query', 'PutItem'], sendMarkers: ['PutItem'] },
  ingestEmail: { customerSalt: ['GetItem'] },
  ingestExportFile: { customerSalt: ['GetItem'], exportJobs: ['GetItem', 'PutItem', 'UpdateItem'] },
  ingestSocial: { customerSalt: ['GetItem'] },
  deliverNotification: { notificationMarkers: ['PutItem', 'UpdateItem', 'DeleteItem'] },
} as const satisfies Record<FunctionName, ControlGrant>;

/** An IAM statement on the control table, without its Resource (the table's ARN, added by CDK). */
export interface ControlStatement {
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Condition: {
    readonly 'ForAllValues:StringLike': { readonly 'dynamodb:LeadingKeys': string[] };
    readonly Null: { readonly 'dynamodb:LeadingKeys': 'false' };
  };
}

/**
 * One statement per family `fn` may touch: its actions, on items whose partition key matches
 * the family's pattern. ForAllValues is true when the request has no leading key at all, so
 * `Null: false` requires one: an action without a key (Scan) is never allowed by accident.
 */
export function controlStatements(fn: FunctionName): ControlStatement[] {
  const grant: ControlGrant = CONTROL_ACCESS[fn];
  return (Object.entries(grant) as [ControlFamily, readonly ControlAction[]][]).map(([family, actions]) => ({
    Effect: 'Allow',
    Action: [...actions].sort().map((a) => `dynamodb:${a}`),
    Condition: {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [CONTROL_FAMILIES[family]] },
      Null: { 'dynamodb:LeadingKeys': 'false' },
    },
  }));
}

/** Whether `fn` may change anything in the control table (then it also encrypts with the table's key). */
export function writesControl(fn: FunctionName): boolean {
  return Object.values(CONTROL_ACCESS[fn] as ControlGrant).some((actions) => actions!.some((a) => WRITE_ACTIONS.has(a)));
}

/** What Table.grantReadData / grantReadWriteData gave on the table's customer-managed key. */
const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITE_ACTIONS = ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];

/**
 * Grants `fn` its CONTROL_ACCESS entry on the control table, and the key actions the table's own
 * grant methods would add (decrypt to read; encrypt and data keys to write).
 */
export function grantControlAccess(fn: FunctionName, grantee: IGrantable, table: ITable, key: IKey): void {
  const statements = controlStatements(fn);
  if (statements.length === 0) return;
  for (const statement of statements) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: statement.Action, resources: [table.tableArn], conditions: statement.Condition }),
    );
  }
  key.grant(grantee, ...KEY_READ_ACTIONS, ...(writesControl(fn) ? KEY_WRITE_ACTIONS : []));
}
