import { hashCustomerId } from '../domain/customer';
import { parseFeedbackEmail } from '../domain/email-feedback';
import { toEnvelope } from '../domain/feedback';
import type { FeedbackQueue } from '../ports/feedback-queues';

export type EmailOutcome =
  | { outcome: 'queued'; id: string }
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'rejected'; reason: string };

/**
 * One received email (the raw bytes SES stored) → at most one feedback envelope on the ingest
 * queue. The sender's address is hashed with the deployment's salt and never kept; auto-replies,
 * bounces and bulk mail are skipped, a malformed message is rejected with its reason — neither
 * fails the invocation. Only a queue failure throws, so the event is retried.
 */
export async function ingestEmail(
  raw: Uint8Array,
  context: { receivedAt: Date; provider: string; rawObjectKey?: string },
  deps: { queue: FeedbackQueue; customerSalt: () => Promise<string> },
): Promise<EmailOutcome> {
  const parsed = await parseFeedbackEmail(raw, { receivedAt: context.receivedAt });
  if (parsed.kind === 'skipped') return { outcome: 'skipped', reason: parsed.reason };
  if (parsed.kind === 'rejected') return { outcome: 'rejected', reason: parsed.reason };
  // The stored message's key, so that erasing this customer can delete the raw email too.
  const input = context.rawObjectKey ? { ...parsed.input, metadata: { ...parsed.input.metadata, rawObject: context.rawObjectKey } } : parsed.input;
  const envelope = toEnvelope(input, {
    channel: 'email',
    provider: context.provider,
    receivedAt: context.receivedAt,
    customerIdHash: hashCustomerId(parsed.sender, await deps.customerSalt()),
  });
  const { failed } = await deps.queue.send([envelope]);
  if (failed.length > 0) throw new Error(`the ingest queue refused the email's envelope: ${failed[0]!.error}`);
  return { outcome: 'queued', id: envelope.id };
}
