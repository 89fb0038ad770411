/**
 * One delivery of one event to one target, as it travels on the notifications queue, and the
 * rules that judge a receiver's answer: delivered, try again later (429 with its Retry-After,
 * 408, 5xx, no answer), or refused for good (any other 4xx, which retrying cannot change).
 */
import * as z from 'zod';
import { NOTIFICATION_EVENTS, type NotificationEvent } from './contract';

export const NotificationEventSchema = z.object({
  kind: z.enum(NOTIFICATION_EVENTS),
  eventId: z.string().min(1).max(200),
  occurredAt: z.string().min(1),
  departments: z.array(z.string()),
  incidentId: z.string().optional(),
  title: z.string(),
  summary: z.string(),
  figures: z.array(z.object({ label: z.string(), value: z.string() })),
  verbatims: z.array(z.object({ text: z.string(), lang: z.string().optional(), occurredAt: z.string().optional() })),
  link: z.string().optional(),
  lang: z.enum(['fr', 'en']),
}) satisfies z.ZodType<NotificationEvent>;

/** The notifications queue's message: which target (by name) and what to send it. */
export const DeliveryMessageSchema = z.object({ target: z.string().min(1), event: NotificationEventSchema });
export type DeliveryMessage = z.infer<typeof DeliveryMessageSchema>;

export interface DeliveryPolicy {
  /** Attempts before the delivery lands in the DLQ with the last reason. */
  maxAttempts: number;
  /** The first retry waits this long; each next one twice as long. */
  baseDelaySeconds: number;
  /** SQS delays a message at most 15 minutes. */
  maxDelaySeconds: number;
  /** How long a receiver has to answer. */
  timeoutMs: number;
  /** How long a delivery in progress keeps others of the same event and target away. */
  leaseSeconds: number;
}

/** Eight attempts over about an hour: 15 s, 30 s, 1, 2, 4, 8 and 15 min (twice) apart. */
export const DELIVERY_POLICY: DeliveryPolicy = { maxAttempts: 8, baseDelaySeconds: 15, maxDelaySeconds: 900, timeoutMs: 10_000, leaseSeconds: 60 };

/** Why a delivery was parked in the DLQ (its `cv-error-code`, and the metric's `reason`). */
export const DEAD_LETTER_CODES = ['invalid-message', 'unknown-target', 'target-not-configured', 'refused', 'gave-up'] as const;
export type DeadLetterCode = (typeof DEAD_LETTER_CODES)[number];

export type DeliveryOutcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; afterSeconds: number; reason: string }
  | { kind: 'permanent'; reason: string };

/** The wait before attempt `attempt + 1` after attempt `attempt` failed (1-based), capped by SQS's longest delay. */
export function backoffSeconds(attempt: number, policy: DeliveryPolicy): number {
  return Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** Math.max(0, attempt - 1));
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** What a receiver's HTTP answer means for the delivery (`attempt` is 1-based). */
export function outcomeOf(response: { status: number; retryAfter?: string; body?: string }, attempt: number, policy: DeliveryPolicy, now: Date): DeliveryOutcome {
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  const said = response.body ? `: ${response.body.replace(/\s+/g, ' ').trim().slice(0, 200)}` : '';
  if (status === 429) {
    const asked = retryAfterSeconds(response.retryAfter, now);
    const afterSeconds = Math.min(policy.maxDelaySeconds, asked ?? backoffSeconds(attempt, policy));
    return { kind: 'retry', afterSeconds, reason: `HTTP 429 (rate limited${asked === undefined ? '' : `, Retry-After ${asked} s`})${said}` };
  }
  if (status === 408 || status >= 500) {
    const asked = status === 503 ? retryAfterSeconds(response.retryAfter, now) : undefined;
    return { kind: 'retry', afterSeconds: Math.min(policy.maxDelaySeconds, asked ?? backoffSeconds(attempt, policy)), reason: `HTTP ${status}${said}` };
  }
  return { kind: 'permanent', reason: `HTTP ${status}, refused for good (fix the target's URL or configuration, then replay)${said}` };
}

/** A receiver that did not answer (refused connection, DNS, timeout): worth another try. */
export function unreachableOutcome(error: unknown, attempt: number, policy: DeliveryPolicy): DeliveryOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'retry', afterSeconds: backoffSeconds(attempt, policy), reason: `no answer: ${message.slice(0, 200)}` };
}
