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
  /** 18:00 summaries of the emails the daily budget held back, one per recipient. */
  dailySummariesSent: 'DailySummariesSent',
  /** Weekly digests SES refused permanently (not retried: the sandbox, an unverified identity). */
  digestEmailsRejected: 'DigestEmailsRejected',
  /** Chat and webhook deliveries a target accepted, by `channel` (slack, teams, webhook). */
  notificationsDelivered: 'NotificationsDelivered',
  /** Deliveries put back on the queue after a 429, 408, 5xx or no answer. */
  notificationsRetried: 'NotificationsRetried',
  /** Deliveries parked in the notifications DLQ with their reason, by `reason` (refused, gave-up, unknown-target, …). */
  notificationsDeadLettered: 'NotificationsDeadLettered',
  /** Interface briefs and notes of recognition sent this week (after the digest, by its function). */
  briefsSent: 'BriefsSent',
  recognitionNotesSent: 'RecognitionNotesSent',
  /** Interface briefs or notes of recognition that failed (not retried: their send markers are taken, and a retry would send the digest again). */
  weeklyNotesFailed: 'WeeklyNotesFailed',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

export const DIMENSION = { service: 'service', channel: 'channel', reason: 'reason', sentiment: 'sentiment' } as const;
