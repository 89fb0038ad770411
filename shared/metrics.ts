/**
 * The application metrics the functions emit (CloudWatch EMF through Powertools) and the
 * dashboard reads: one list, so a renamed metric cannot leave an empty graph behind.
 * Dimensions are low-cardinality on purpose (each distinct value is a billed custom metric):
 * a channel, a reason code from a fixed list, a sentiment label — never free text or ids.
 */
export const METRICS_NAMESPACE = 'CustomerVoice';
export const METRICS_SERVICE = 'customer-voice';

export const METRIC = {
  /** Items put on the ingest queue, by `channel`. */
  itemsIngested: 'ItemsIngested',
  /** Items refused or set aside at ingestion, by `reason` (REJECT_REASONS). */
  itemsRejected: 'ItemsRejected',
  /** Items classified and stored for the first time (redeliveries are not counted again). */
  itemsProcessed: 'ItemsProcessed',
  /** Newly stored items by `sentiment` label. */
  itemsBySentiment: 'ItemsBySentiment',
  /** Messages the processor moved to the ingest DLQ itself (poison or unstorable). */
  messagesDeadLettered: 'MessagesDeadLettered',
  /** Records left for SQS to redeliver (transient failures). */
  recordsRetried: 'RecordsRetried',
  alertsSent: 'AlertsSent',
  alertRecoveriesSent: 'AlertRecoveriesSent',
  /** Alert or recovery emails SES refused permanently (not retried). */
  alertEmailsRejected: 'AlertEmailsRejected',
  digestsSent: 'DigestsSent',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

export const DIMENSION = { service: 'service', channel: 'channel', reason: 'reason', sentiment: 'sentiment' } as const;

/**
 * Why an item did not make it onto the ingest queue. Codes, not messages: the message that
 * tells the caller what to fix stays in the response, this only counts.
 */
export const REJECT_REASONS = [
  /** The item failed validation (missing text, bad rating, unknown field type…). */
  'invalid_item',
  /** An export row the profile could not read. */
  'invalid_row',
  /** occurredAt in the future or implausibly old. */
  'implausible_date',
  /** SQS refused the item; the caller was told to retry it. */
  'queue_refused',
  /** An email that could not be parsed. */
  'unreadable_email',
  /** Not customer feedback: auto-replies, bounces, bulk mail, deleted tickets, agent messages. */
  'not_feedback',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export type RejectCounts = Partial<Record<RejectReason, number>>;

export const SENTIMENT_LABELS = ['positive', 'neutral', 'negative', 'mixed'] as const;
