/** How aggregate rows are keyed (series and write shard) and counted (ADD increments) in the aggregates table. */
import { COUNTER_NAMES, emptyCounters, type Counters } from '../domain/scores';
import type { TransactItem } from './dynamo-client';

export const shardedPk = (series: string, shard: number) => `${series}#s${shard}`;
export const seriesOfPk = (pk: string) => pk.replace(/#s\d+$/, '');

/**
 * The increment of one cell: ADD of every counter and, when the items name their sentiment
 * models, ADD of those ids to the row's string set `models` (a set, so a redelivered or
 * repeated id is kept once and concurrent batches merge).
 */
export function incrementOf(table: string, key: { pk: string; sk: string }, c: Counters, now: string, models: readonly string[] = []): TransactItem {
  const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
  const values: Record<string, number | string | Set<string>> = { ':updatedAt': now };
  const adds = COUNTER_NAMES.map((n, i) => {
    names[`#c${i}`] = n;
    values[`:c${i}`] = c[n];
    return `#c${i} :c${i}`;
  });
  if (models.length > 0) {
    names['#models'] = 'models';
    values[':models'] = new Set(models);
    adds.push('#models :models');
  }
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

/** The model ids a row records (a string set, read back as a Set); empty when it records none. */
export function modelsFrom(row: Record<string, unknown>): string[] {
  const models = row.models;
  return models instanceof Set ? [...models].filter((m): m is string => typeof m === 'string') : [];
}

/** Model ids merged and sorted; undefined when there are none, as AggregateRow.models says. */
export function mergedModels(...sets: readonly (readonly string[] | undefined)[]): string[] | undefined {
  const all = new Set(sets.flatMap((s) => s ?? []));
  return all.size > 0 ? [...all].sort() : undefined;
}
