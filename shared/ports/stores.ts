import type { Attribution } from '../domain/departments';
import type { FeedbackEnvelope } from '../domain/feedback';
import type { Counters, Granularity } from '../domain/scores';
import type { SentimentResult } from './sentiment';

/** A feedback item after classification: what is stored, and what the aggregates are counted from. */
export interface ProcessedFeedback extends FeedbackEnvelope {
  lang: string;
  langConfidence: number;
  sentiment: SentimentResult;
  departments: Attribution[];
  processedAt: string;
  /** Epoch seconds; DynamoDB TTL deletes the item after the retention period. */
  expiresAt: number;
}

export type SaveOutcome = { outcome: 'stored' | 'duplicate'; writeUnits: number };

export interface FeedbackStore {
  /** Stores the item and applies its aggregate increments atomically, at most once per item id. */
  saveWithAggregates(item: ProcessedFeedback): Promise<SaveOutcome>;
  /** Every stored item, for recounts and recompute. */
  scanItems(): AsyncIterable<ProcessedFeedback>;
}

export interface AggregateRow {
  pk: string;
  window: string;
  counters: Counters;
}

export interface AggregateReader {
  series(departmentId: string, granularity: Granularity, from: Date, to: Date): Promise<AggregateRow[]>;
  scanAll(): AsyncIterable<AggregateRow>;
}

export const API_ROLES = ['ingest', 'read', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export interface ApiKeyRecord {
  /** SHA-256 (hex) of the key; the key itself is never stored. */
  keyHash: string;
  role: ApiRole;
  /** Which feedback source or reader holds this key (e.g. "crm", "zendesk", "officer-dashboard"). */
  source: string;
  createdAt: string;
  disabled?: boolean;
}

export interface ControlStore {
  findApiKey(keyHash: string): Promise<ApiKeyRecord | undefined>;
  putApiKey(record: ApiKeyRecord): Promise<void>;
  /** The deployment's secret salt for customer-id hashes, created once on first use. */
  customerSalt(): Promise<string>;
}

export interface FeedbackQueue {
  /** Sends envelopes; returns the ids that could not be enqueued, with why. */
  send(envelopes: readonly FeedbackEnvelope[]): Promise<{ failed: { id: string; error: string }[] }>;
}
