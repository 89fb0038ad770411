import { hashCustomerId } from '../domain/customer';
import {
  describeIssues,
  FeedbackBatchInputSchema,
  FeedbackInputSchema,
  implausibleOccurredAt,
  toEnvelope,
  type Channel,
  type FeedbackEnvelope,
} from '../domain/feedback';
import { InvalidRequestError, ServiceUnavailableError } from '../domain/failures';
import type { FeedbackQueue } from '../ports/feedback-queues';
import type { RejectCounts, RejectReason } from '../domain/reject-reasons';

export interface IngestResult {
  accepted: { id: string; index: number }[];
  rejected: { index: number; error: string }[];
  /** The same rejections counted by reason code, for metrics (the messages stay in `rejected`). */
  rejectedByReason: RejectCounts;
}

export interface IngestDeps {
  queue: FeedbackQueue;
  customerSalt: () => Promise<string>;
  now?: () => Date;
}

/** `{ items: [...] }` or one bare item; anything else is the caller's mistake, explained. */
export function itemsOf(body: unknown): { items: unknown[]; batch: boolean } {
  if (body && typeof body === 'object' && !Array.isArray(body) && 'items' in body) {
    const parsed = FeedbackBatchInputSchema.safeParse(body);
    if (!parsed.success) throw new InvalidRequestError('invalid_batch', describeIssues(parsed.error));
    return { items: parsed.data.items, batch: true };
  }
  if (Array.isArray(body)) {
    throw new InvalidRequestError('invalid_batch', 'Send several items as { "items": [ ... ] } (at most 100), not as a bare array.');
  }
  return { items: [body], batch: false };
}

/**
 * Validates each item on its own (one bad item never rejects its neighbours), hashes the
 * customer identifier, normalises to envelopes and enqueues them. Items that share an
 * idempotency key inside one request are enqueued once.
 */
export async function ingestFeedback(
  items: readonly unknown[],
  source: { channel: Channel; provider: string },
  deps: IngestDeps,
): Promise<IngestResult> {
  const receivedAt = (deps.now ?? (() => new Date()))();
  const rejected: IngestResult['rejected'] = [];
  const rejectedByReason: RejectCounts = {};
  const reject = (index: number, error: string, reason: RejectReason) => {
    rejected.push({ index, error });
    rejectedByReason[reason] = (rejectedByReason[reason] ?? 0) + 1;
  };
  const valid: { index: number; envelope: FeedbackEnvelope }[] = [];
  let salt: string | undefined;

  for (const [index, raw] of items.entries()) {
    const parsed = FeedbackInputSchema.safeParse(raw);
    if (!parsed.success) {
      reject(index, describeIssues(parsed.error), 'invalid_item');
      continue;
    }
    const implausible = implausibleOccurredAt(parsed.data.occurredAt, receivedAt);
    if (implausible) {
      reject(index, implausible, 'implausible_date');
      continue;
    }
    const customerId = parsed.data.customer?.id;
    if (customerId) salt ??= await deps.customerSalt();
    const envelope = toEnvelope(parsed.data, {
      ...source,
      receivedAt,
      customerIdHash: customerId && salt ? hashCustomerId(customerId, salt) : undefined,
    });
    valid.push({ index, envelope });
  }

  const unique = [...new Map(valid.map((v) => [v.envelope.id, v.envelope])).values()];
  let failed: { id: string; error: string }[];
  try {
    ({ failed } = await deps.queue.send(unique));
  } catch (error) {
    throw new ServiceUnavailableError('The ingest queue is unavailable; nothing was accepted. Retry with backoff.', undefined, { cause: error });
  }
  if (unique.length > 0 && failed.length === unique.length) {
    throw new ServiceUnavailableError('The ingest queue refused every item; nothing was accepted. Retry with backoff.');
  }
  const failedIds = new Map(failed.map((f) => [f.id, f.error]));
  const accepted: IngestResult['accepted'] = [];
  for (const { index, envelope } of valid) {
    const error = failedIds.get(envelope.id);
    if (error) reject(index, `could not be queued (${error}); retry this item`, 'queue_refused');
    else accepted.push({ id: envelope.id, index });
  }
  rejected.sort((a, b) => a.index - b.index);
  return { accepted, rejected, rejectedByReason };
}
