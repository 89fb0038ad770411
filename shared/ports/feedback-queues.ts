import type { FeedbackEnvelope } from '../domain/feedback';

export interface FeedbackQueue {
  /** Sends envelopes; returns the ids that could not be enqueued, with why. */
  send(envelopes: readonly FeedbackEnvelope[]): Promise<{ failed: { id: string; error: string }[] }>;
}

export interface DeadLetterQueue {
  /** Parks a message that can never succeed, with the reason an operator needs to fix it. */
  send(body: string, failure: { code: string; message: string; originalMessageId: string }): Promise<void>;
}
