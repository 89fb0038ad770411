import type { ApiKeyRecord } from '../domain/api-keys';
import type { Attribution } from '../domain/departments/attribution';
import type { FeedbackEnvelope } from '../domain/feedback';
import type { Counters } from '../domain/scores';
import type { ItemTopic } from '../domain/topics/contract';
import type { SentimentResult } from './sentiment';

/** A feedback item after classification: what is stored, and what the aggregates are counted from. */
export interface ProcessedFeedback extends FeedbackEnvelope {
  lang: string;
  langConfidence: number;
  sentiment: SentimentResult;
  /** The sentiment model that gave `sentiment` (the engine's modelId); absent on items stored before models were recorded. */
  sentimentModel?: string;
  departments: Attribution[];
  journeys: Attribution[];
  /** Which kinds of personal data were redacted from the text (never the values). */
  redacted?: string[];
  /** Salient phrases of the redacted text (issue #20); absent on items stored before topics were. */
  topics?: ItemTopic[];
  /** The text was not kept: no consent, or erased on the customer's request. Still counted. */
  textWithheld?: boolean;
  /** When the customer's data was erased (the item stays as an anonymous count). */
  erasedAt?: string;
  processedAt: string;
  /** Epoch seconds; DynamoDB TTL deletes the item after the retention period. */
  expiresAt: number;
}

export interface BatchSaveResult {
  /** Ids stored (and counted) by this call. */
  stored: string[];
  /** Ids already stored before: not counted again. */
  duplicates: string[];
  /**
   * Ids that could not be written: nothing of theirs was counted. `permanent` when DynamoDB
   * refused the item itself (e.g. too large), so retrying cannot help.
   */
  failed: { id: string; error: unknown; permanent?: boolean }[];
  /** Write units DynamoDB reported (ReturnConsumedCapacity). */
  writeUnits: number;
  transactions: number;
}

/** A stored verbatim as the read API shows it: redacted text with why it is attributed. */
export interface Verbatim {
  id: string;
  occurredAt: string;
  text: string;
  lang: string;
  sentiment: string;
  /** The model that gave `sentiment`, when recorded. */
  sentimentModel?: string;
  departments: Attribution[];
  journeys: Attribution[];
  ratings?: FeedbackEnvelope['ratings'];
  channel: string;
  /** The item's topics, when stored (GET /v1/topics picks examples by them). */
  topics?: ItemTopic[];
  /**
   * The customer's salted hash when the item has one: tells two customers apart when emails
   * pick distinct verbatims. Internal: the read API leaves it out.
   */
  customerKey?: string;
}

/** What narrows a department's verbatims (the dashboard's filters); every field given must match. */
export interface VerbatimFilter {
  /** Also attributed to this department: the items of an interface pair. */
  alsoDepartment?: string;
  journey?: string;
  sentiment?: string;
  channel?: string;
  /** Carries at least one of these topic keys (GET /v1/topics's examples). */
  topics?: readonly string[];
  /** Index entries read at most, whatever passes: a rare filter over a long range stops here. */
  maxExamined?: number;
}

export interface ErasureOutcome {
  itemsAnonymised: number;
  /** Entries taken out of the read API's index (one per department of each erased item); the text itself is only in the item. */
  verbatimRowsDeleted: number;
  /** Keys of raw objects (stored emails) the erased items came from, for the caller to delete. */
  rawObjects: string[];
}

export interface FeedbackStore {
  /**
   * Stores new items and applies their aggregate increments atomically, at most once per item
   * id, whatever the duplicates, redeliveries and crashes.
   */
  saveBatch(items: readonly ProcessedFeedback[]): Promise<BatchSaveResult>;
  /** Every stored item, for recounts and recompute. */
  scanItems(): AsyncIterable<ProcessedFeedback>;
  /**
   * Newest first, for one department, between two instants; with a filter, only the items that
   * pass it (read from the department's index, so at most `filter.maxExamined` entries are read).
   */
  verbatims(departmentId: string, from: Date, to: Date, limit: number, filter?: VerbatimFilter): Promise<Verbatim[]>;
}

export interface CustomerDataStore {
  /**
   * Erases what identifies or quotes one customer: text, subject, metadata and the customer
   * hash go from every item of theirs and their verbatim rows are deleted; the items stay as
   * anonymous counts so the aggregates still equal a recount.
   */
  eraseCustomer(customerHash: string, at: Date): Promise<ErasureOutcome>;
}

export interface AggregateRow {
  /** Series id (scope × granularity × zone), without the write shard. */
  series: string;
  window: string;
  counters: Counters;
  /**
   * The sentiment models that scored the counted items, sorted; absent when none is recorded
   * (rows written before models were), so the alert rules cannot tell which model scored them.
   */
  models?: string[];
}

export interface AggregateReader {
  /** The windows of one series between two instants, write shards summed. */
  series(series: string, from: Date, to: Date): Promise<AggregateRow[]>;
  /** Every stored row (one per write shard; sum by series and window). */
  scanAll(): AsyncIterable<AggregateRow>;
}

/** The interface-partners index (shared/domain/interface-partners.ts): which pairs have shared items when. */
export interface InterfacePartnersReader {
  /**
   * The pairs (`a+b`, sorted) holding at least one of these departments with shared items in
   * the UTC months overlapping [from, to]: a superset of the pairs with items in that range,
   * read from one row per department and month.
   */
  sharedPairs(departmentIds: readonly string[], from: Date, to: Date): Promise<string[]>;
}

export interface PartnerRowsReport {
  rowsChecked: number;
  /** Rows whose stored partners differed from those of the items. */
  rowsWithDrift: number;
  rowsFixed: number;
}

export interface PartnerRowsRewriter {
  /** Sets the index to what these items say (unless a dry run): rows that differ are rewritten, rows without items deleted. */
  rebuild(items: Iterable<{ occurredAt: string; departments: readonly { id: string }[] }>, dryRun: boolean): Promise<PartnerRowsReport>;
}

export interface ControlStore {
  findApiKey(keyHash: string): Promise<ApiKeyRecord | undefined>;
  putApiKey(record: ApiKeyRecord): Promise<void>;
  /** The deployment's secret salt for customer-id hashes, created once on first use. */
  customerSalt(): Promise<string>;
}
