import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { scopeKeyOf, type Incident, type IncidentStatus } from '../domain/alerts/incident';
import type { IncidentStore } from '../ports/incidents';
import { CONTROL_KEYS } from './dynamo-control-keys';
import { isConditionalCheckFailure, type TransactItem } from './dynamo-client';

/** Attempts of a transaction DynamoDB cancelled only because another one held its items. */
const CONFLICT_ATTEMPTS = 4;

/**
 * Incidents in the control table: pk `INCIDENT`, sk `INC#<id>`, under an optimistic lock on
 * `version` (as alert states: version 1 requires the item absent, version n the stored n − 1).
 *
 * At most one OPEN incident per scope key, and `openFor` in one consistent read: the open
 * incident is also copied to a pointer item (sk `OPEN#<scopeKey>`, with `incidentId`) in the
 * same transaction as every write of it. Invariant: an incident is stored open ⇔ the pointer of
 * its scope holds it, at the same version. So
 * - writing an open incident puts the pointer on condition that it is absent or already this
 *   incident's: two evaluations opening two incidents for one scope cannot both win, and the
 *   loser re-reads `openFor` and updates the winner's;
 * - writing a closed incident (recovered, resolved) deletes the pointer if it holds this
 *   incident. Which it does is read first; if that read is stale, the incident itself changed
 *   since (only its own writes move its pointer), so the incident's version condition fails the
 *   whole write anyway and the caller re-reads.
 * A transaction cancelled only by a conflict with another transaction (no condition failed) is
 * tried again a few times, then reported lost like a failed condition: the caller re-reads.
 */
export class DynamoIncidentStore implements IncidentStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(id: string): Promise<Incident | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: CONTROL_KEYS.incident(id), ConsistentRead: true }));
    return out.Item ? incidentOf(out.Item) : undefined;
  }

  async openFor(scopeKey: string): Promise<Incident | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: CONTROL_KEYS.openIncident(scopeKey), ConsistentRead: true }));
    return out.Item ? incidentOf(out.Item) : undefined;
  }

  async put(incident: Incident): Promise<boolean> {
    const write = this.incidentWrite(incident);
    const scopeKey = scopeKeyOf(incident.scope);
    const pointer = CONTROL_KEYS.openIncident(scopeKey);
    if (incident.status === 'open') {
      return this.transact([
        { Put: write },
        {
          Put: {
            TableName: this.table,
            Item: { ...incident, ...pointer, incidentId: incident.id },
            ConditionExpression: 'attribute_not_exists(pk) OR incidentId = :id',
            ExpressionAttributeValues: { ':id': incident.id },
          },
        },
      ]);
    }
    const current = await this.doc.send(new GetCommand({ TableName: this.table, Key: pointer, ConsistentRead: true, ProjectionExpression: 'incidentId' }));
    if (current.Item?.incidentId !== incident.id) return this.putAlone(write);
    return this.transact([
      { Put: write },
      { Delete: { TableName: this.table, Key: pointer, ConditionExpression: 'incidentId = :id', ExpressionAttributeValues: { ':id': incident.id } } },
    ]);
  }

  async list(filter: { status?: IncidentStatus; since?: Date } = {}): Promise<Incident[]> {
    const out: Incident[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':p': CONTROL_KEYS.incidentsPk, ':prefix': CONTROL_KEYS.incidentSkPrefix },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const row of page.Items ?? []) out.push(incidentOf(row));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const since = filter.since?.toISOString();
    return out
      .filter((i) => (!filter.status || i.status === filter.status) && (!since || i.openedAt >= since))
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt) || a.id.localeCompare(b.id));
  }

  private incidentWrite(incident: Incident) {
    return {
      TableName: this.table,
      Item: { ...CONTROL_KEYS.incident(incident.id), ...incident },
      ...(incident.version === 1
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: '#v = :prev', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':prev': incident.version - 1 } }),
    };
  }

  private async putAlone(write: ReturnType<DynamoIncidentStore['incidentWrite']>): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand(write));
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  private async transact(items: TransactItem[]): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        // The token makes the SDK's own retries of this attempt idempotent: a retry of a write that
        // landed answers success instead of failing its own version condition.
        await this.doc.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: randomUUID() }));
        return true;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons) throw error;
        if (reasons.includes('ConditionalCheckFailed')) return false;
        if (!reasons.includes('TransactionConflict')) throw error;
        if (attempt >= CONFLICT_ATTEMPTS) return false;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
      }
    }
  }
}

/** The codes of a cancelled transaction's items (`None`, `ConditionalCheckFailed`, `TransactionConflict`…), else undefined. */
function cancellationReasons(error: unknown): string[] | undefined {
  const e = error as { name?: string; CancellationReasons?: { Code?: string }[]; message?: string } | undefined;
  if (e?.name !== 'TransactionCanceledException') return undefined;
  if (e.CancellationReasons) return e.CancellationReasons.map((r) => r.Code ?? 'None');
  // Older emulators give the reasons only in the message: "… [None, ConditionalCheckFailed]".
  return [...(e.message ?? '').matchAll(/ConditionalCheckFailed|TransactionConflict/g)].map((m) => m[0]);
}

function incidentOf(row: Record<string, unknown>): Incident {
  const { pk: _pk, sk: _sk, incidentId: _pointer, ...incident } = row;
  return incident as unknown as Incident;
}
