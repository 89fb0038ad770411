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
