import type { DynamoRequest } from '../../cli/local/dynamo-meter';
import type { IamRequest } from './iam-policy';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';

export const tableArn = (table: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${table}`;

type AttributeValue = Record<string, unknown>;
type Item = Record<string, AttributeValue>;

/** The string form of a wire attribute value ({ S: "x" } → "x"). */
function scalar(value: AttributeValue | undefined): string | undefined {
  if (!value) return undefined;
  if (typeof value.S === 'string') return value.S;
  if (typeof value.N === 'string') return value.N;
  return undefined;
}

/** The partition key value a Query's KeyConditionExpression fixes (`pk = :v`, names resolved). */
function queriedPartitionKey(input: Record<string, unknown>, partitionKey: string): string | undefined {
  const expression = String(input.KeyConditionExpression ?? '');
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, AttributeValue>;
  for (const [, name, placeholder] of expression.matchAll(/(#?[A-Za-z_][\w]*)\s*=\s*(:[\w]+)/g)) {
    if ((name!.startsWith('#') ? names[name!] : name) === partitionKey) return scalar(values[placeholder!]);
  }
  return undefined;
}

/**
 * What IAM evaluates for one DynamoDB request: the action(s), the table (or index) ARN and the
 * `dynamodb:LeadingKeys` values (partition keys of the items touched). A transaction is
 * authorised item by item, under each item's own action (PutItem, UpdateItem, …), as on AWS.
 */
export function iamRequestsOf(request: DynamoRequest, partitionKeyOf: (table: string) => string): IamRequest[] {
  const { action, input } = request;
  const single = (table: string, leadingKeys: (string | undefined)[] | undefined, act = action, index?: string): IamRequest => ({
    action: `dynamodb:${act}`,
    resource: index ? `${tableArn(table)}/index/${index}` : tableArn(table),
    keys: { 'dynamodb:LeadingKeys': leadingKeys?.map((k) => k ?? '<unreadable key>') },
  });
  const table = String(input.TableName ?? '');
  const pk = (item: unknown) => scalar((item as Item | undefined)?.[partitionKeyOf(table)]);
  switch (action) {
    case 'GetItem':
    case 'DeleteItem':
    case 'UpdateItem':
      return [single(table, [pk(input.Key)])];
    case 'PutItem':
      return [single(table, [pk(input.Item)])];
    case 'Query':
      // Index queries lead with the index's key; none of the control table's callers uses one.
      return [single(table, input.IndexName ? undefined : [queriedPartitionKey(input, partitionKeyOf(table))], action, input.IndexName as string | undefined)];
    case 'Scan':
      return [single(table, undefined, action, input.IndexName as string | undefined)];
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.entries((input.RequestItems ?? {}) as Record<string, unknown>).map(([name, entries]) => {
        const keyOf = partitionKeyOf(name);
        const rows: Item[] =
          action === 'BatchGetItem'
            ? ((entries as { Keys?: Item[] }).Keys ?? [])
            : (entries as { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]).map((e) => e.PutRequest?.Item ?? e.DeleteRequest?.Key ?? {});
        return single(name, rows.map((r) => scalar(r[keyOf])));
      });
    case 'TransactWriteItems':
    case 'TransactGetItems':
      return ((input.TransactItems ?? []) as Record<string, { TableName: string; Key?: Item; Item?: Item }>[]).flatMap((entry) =>
        Object.entries(entry).map(([kind, op]) => {
          const underlying = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' }[kind] ?? kind;
          return single(op.TableName, [scalar((op.Item ?? op.Key)?.[partitionKeyOf(op.TableName)])], underlying);
        }),
      );
    default:
      return [single(table, undefined)];
  }
}
