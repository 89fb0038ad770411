/** How aggregate rows are keyed (series and write shard) and counted (ADD increments) in the aggregates table. */
import { COUNTER_NAMES, emptyCounters, type Counters } from '../domain/scores';
import type { TransactItem } from './dynamo-client';

export const shardedPk = (series: string, shard: number) => `${series}#s${shard}`;
export const seriesOfPk = (pk: string) => pk.replace(/#s\d+$/, '');

export function incrementOf(table: string, key: { pk: string; sk: string }, c: Counters, now: string): TransactItem {
  const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
  const values: Record<string, number | string> = { ':updatedAt': now };
  const adds = COUNTER_NAMES.map((n, i) => {
    names[`#c${i}`] = n;
    values[`:c${i}`] = c[n];
    return `#c${i} :c${i}`;
  });
  return {
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: `ADD ${adds.join(', ')} SET #updatedAt = :updatedAt`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

export function countersFrom(row: Record<string, unknown>): Counters {
  const c = emptyCounters();
  for (const n of COUNTER_NAMES) c[n] = typeof row[n] === 'number' ? (row[n] as number) : 0;
  return c;
}
