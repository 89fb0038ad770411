import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AlertState } from '../domain/alerts/state';
import type { AlertStateStore } from '../ports/alert-states';
import { CONTROL_KEYS } from './dynamo-control-keys';
import { isConditionalCheckFailure } from './dynamo-client';

/** Alert states in the control table (pk `ALERT`, sk the alert key), written under an optimistic lock on `version`. */
export class DynamoAlertStateStore implements AlertStateStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(key: string): Promise<AlertState | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: CONTROL_KEYS.alertState(key), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...state } = out.Item;
    return state as AlertState;
  }

  async put(state: AlertState): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...CONTROL_KEYS.alertState(state.key), ...state },
          ...(state.version === 1
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: '#v = :prev', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':prev': state.version - 1 } }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  async list(): Promise<AlertState[]> {
    const out: AlertState[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({ TableName: this.table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': CONTROL_KEYS.alertStatesPk }, ExclusiveStartKey: startKey }),
      );
      for (const row of page.Items ?? []) {
        const { pk: _pk, sk: _sk, ...state } = row;
        out.push(state as AlertState);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return out.sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  }
}
