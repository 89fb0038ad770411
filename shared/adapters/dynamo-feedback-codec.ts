/** How feedback items and their index rows are keyed and encoded in the feedback table. */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ItemTopic } from '../domain/topics/contract';
import type { SentimentResult } from '../ports/sentiment';
import type { ProcessedFeedback } from '../ports/stores';

export const itemKey = (id: string) => `FB#${id}`;
export const ITEM_SK = 'ITEM';
export const feedbackIndexKey = (departmentId: string, day: string) => `VIDX#${departmentId}#${day}`;

/**
 * What one item or row weighs for DynamoDB's capacity (its documented size rules: names and
 * values in UTF-8 bytes, numbers by significant digits, 3 bytes per map or list plus 1 per
 * element). Write units are charged per started KB of this.
 */
export function dynamoItemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((sum, [name, value]) => (value === undefined ? sum : sum + Buffer.byteLength(name) + valueBytes(value)), 0);
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') {
    const digits = String(Math.abs(value)).replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    return Math.ceil(Math.max(1, digits.length) / 2) + 1;
  }
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((s: number, v) => s + 1 + valueBytes(v), 0);
  if (typeof value === 'object') {
    return 3 + Object.entries(value as Record<string, unknown>).reduce((s, [k, v]) => (v === undefined ? s : s + 1 + Buffer.byteLength(k) + valueBytes(v)), 0);
  }
  return 0;
}

/** Texts shorter than this stay plain: they fit the 1 KB write unit anyway and stay readable in the console. */
const COMPRESS_TEXT_FROM_BYTES = 256;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The item as stored, trimmed so that a typical one fits the 1 KB a transactional write
 * charges 2 units for (1–2 KB costs 4): a long text is deflated into `textZ` (binary), the
 * customer hash is kept once (top-level `customerHash`, which the byCustomer erasure index
 * needs), and the engine's probabilities keep 4 decimals. `itemOfStored` gives the item back.
 */
export function storedItemOf(item: ProcessedFeedback): Record<string, unknown> {
  const { customer, text, sentiment, langConfidence, topics, ...rest } = item;
  const { idHash, ...customerRest } = customer;
  return {
    pk: itemKey(item.id),
    sk: ITEM_SK,
    ...rest,
    ...storedTextOf(text),
    customer: customerRest,
    ...(idHash ? { customerHash: idHash } : {}),
    langConfidence: round(langConfidence, 4),
    sentiment: storedSentimentOf(sentiment),
    ...(topics && topics.length > 0 ? { tp: storedTopicsOf(topics) } : {}),
  };
}

/**
 * An item's topics as one string, "key TAB phrase" per line, the phrase left out when it is the
 * key: a third of a list of maps, so a typical item still fits its 1 KB write unit.
 */
export function storedTopicsOf(topics: readonly ItemTopic[]): string {
  return topics.map((t) => (t.phrase === t.key ? t.key : `${t.key}\t${t.phrase}`)).join('\n');
}

export function topicsOfStored(stored: unknown): ItemTopic[] | undefined {
  if (typeof stored !== 'string' || stored === '') return undefined;
  return stored.split('\n').map((line) => {
    const [key = '', phrase] = line.split('\t');
    return { key, phrase: phrase ?? key };
  });
}

/** An item's text as stored: as it is, or deflated into `textZ` when that is smaller (long texts). */
export function storedTextOf(text: string): { text: string } | { textZ: Uint8Array } {
  const deflated = Buffer.byteLength(text) >= COMPRESS_TEXT_FROM_BYTES ? deflateRawSync(text, { level: 9 }) : undefined;
  return deflated && deflated.byteLength < Buffer.byteLength(text) ? { textZ: new Uint8Array(deflated) } : { text };
}

/** The engine's result as stored: probabilities to 4 decimals. */
export function storedSentimentOf(sentiment: SentimentResult): SentimentResult {
  return {
    label: sentiment.label,
    confidence: round(sentiment.confidence, 4),
    scores: {
      positive: round(sentiment.scores.positive, 4),
      neutral: round(sentiment.scores.neutral, 4),
      negative: round(sentiment.scores.negative, 4),
      mixed: round(sentiment.scores.mixed, 4),
    },
  };
}

export function itemOfStored(row: Record<string, unknown>): ProcessedFeedback {
  const { pk: _pk, sk: _sk, customerHash, textZ, text, customer, tp, ...item } = row;
  const topics = topicsOfStored(tp);
  return {
    ...item,
    ...(topics ? { topics } : {}),
    text: textZ instanceof Uint8Array ? inflateRawSync(textZ).toString('utf8') : String(text ?? ''),
    customer: { ...(customer as ProcessedFeedback['customer'] | undefined), ...(typeof customerHash === 'string' ? { idHash: customerHash } : {}) },
  } as ProcessedFeedback;
}
