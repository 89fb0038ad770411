/**
 * How topic summary cells are keyed and encoded in the aggregates table, beside the counter
 * series but under their own prefix (`TOPIC#`), which the aggregate readers leave out.
 *
 *   pk  TOPIC#<scope>#<granularity>#<zone>#s<shard>   sk  window start (ISO)
 *   items, negativeItems   exact counts (the shares' denominators)
 *   v                      version: a write is conditioned on the version it read
 *   t | tz                 the summary (summary.ts encoding), plain or deflated when smaller
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { TOPIC_GRANULARITIES, type TopicGranularity, type TopicScope } from '../domain/topics/contract';
import { scopeKey, scopeOfKey } from '../domain/topics/cells';
import { decodeSummary, encodeSummary, truncated, type TopicSummary } from '../domain/topics/summary';
import { dynamoItemBytes } from './dynamo-feedback-codec';

export const TOPIC_PK_PREFIX = 'TOPIC#';
/** A transactional write of up to 1 KB costs 2 units: every cell row is kept within it. */
export const TOPIC_ROW_BYTES = 1024;

export const topicSeriesId = (scope: TopicScope, granularity: TopicGranularity, zone: string) => `${TOPIC_PK_PREFIX}${scopeKey(scope)}#${granularity}#${zone}`;
export const topicPk = (series: string, shard: number) => `${series}#s${shard}`;

/** What a stored pk names: scope, granularity and zone (the shard left out); undefined for another row. */
export function parseTopicPk(pk: string): { scope: TopicScope; granularity: TopicGranularity; zone: string } | undefined {
  if (!pk.startsWith(TOPIC_PK_PREFIX)) return undefined;
  const parts = pk.slice(TOPIC_PK_PREFIX.length).replace(/#s\d+$/, '').split('#');
  const zone = parts.pop();
  const granularity = parts.pop() as TopicGranularity | undefined;
  const scope = scopeOfKey(parts.join('#'));
  if (!zone || !granularity || !TOPIC_GRANULARITIES.includes(granularity) || !scope) return undefined;
  return { scope, granularity, zone };
}

export interface TopicCellState {
  items: number;
  negativeItems: number;
  summary: TopicSummary;
}

/**
 * The cell as stored; `version` is the one written (the read one + 1). The summary gets what the
 * 1 KB leaves: deflated when that is smaller; when even that does not fit, the most entries that
 * do (the heaviest), the floor raised to cover the rest, so every entry-level guarantee holds.
 */
export function topicRowOf(key: { pk: string; sk: string }, cell: TopicCellState, version: number): Record<string, unknown> {
  const base = { ...key, items: cell.items, negativeItems: cell.negativeItems, v: version };
  // Its attribute name is 2 bytes at most.
  const budget = TOPIC_ROW_BYTES - dynamoItemBytes(base) - 2;
  const storedKeeping = (n: number) => smaller(encodeSummary(truncated(cell.summary.entries, n, cell.summary.floor)));
  let stored = storedKeeping(cell.summary.entries.length);
  if (bytesOf(stored) > budget) {
    // Deflated size grows with the entries kept, not strictly (hence the search for the largest n that fits).
    let [fits, tooMany] = [0, cell.summary.entries.length];
    while (tooMany - fits > 1) {
      const n = Math.floor((fits + tooMany) / 2);
      if (bytesOf(storedKeeping(n)) <= budget) fits = n;
      else tooMany = n;
    }
    stored = storedKeeping(fits);
  }
  return { ...base, ...stored };
}

export function topicCellOfRow(row: Record<string, unknown>): TopicCellState & { version: number } {
  const text = row.tz instanceof Uint8Array ? inflateRawSync(row.tz).toString('utf8') : typeof row.t === 'string' ? row.t : '';
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return { items: num(row.items), negativeItems: num(row.negativeItems), version: num(row.v), summary: decodeSummary(text) };
}

function smaller(text: string): { t: string } | { tz: Uint8Array } {
  const deflated = deflateRawSync(text, { level: 9 });
  return deflated.byteLength < Buffer.byteLength(text) ? { tz: new Uint8Array(deflated) } : { t: text };
}

const bytesOf = (stored: { t: string } | { tz: Uint8Array }) => ('tz' in stored ? stored.tz.byteLength : Buffer.byteLength(stored.t));
