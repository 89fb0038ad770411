import type { NotificationTarget } from '../domain/notifications/contract';
import type { TargetRoute } from '../domain/notifications/targets';

/** Where a named target sends and how it signs: on AWS read from its Secrets Manager secret, locally from CV_NOTIFY_CONFIG. */
export type ResolvedTarget = TargetRoute & Pick<NotificationTarget, 'url' | 'secret'>;

export interface NotificationTargets {
  /** Routing of every configured target (no URL, no secret): what producers fan out over. */
  routes(): readonly TargetRoute[];
  /** The target's URL and signing secret; undefined when no target has that name (any more). */
  resolve(name: string): Promise<ResolvedTarget | undefined>;
}

/** Raised by `resolve` when a target exists but cannot be used (its secret still holds the placeholder URL). */
export class TargetNotConfiguredError extends Error {
  override readonly name = 'TargetNotConfiguredError';
}

export interface HttpAnswer {
  status: number;
  retryAfter?: string;
  /** The start of the receiver's answer, for the DLQ reason. */
  body?: string;
}

/** POSTs a body; rejects when the receiver does not answer within the timeout (or at all). */
export interface NotificationHttp {
  post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpAnswer>;
}

/** The outcome of a delivery, recorded once per event and target. */
export type MarkerClaim = { state: 'acquired' } | { state: 'delivered' } | { state: 'busy'; retryInSeconds: number };

/**
 * Exactly-once delivery markers (event id × target): `acquire` leases the delivery to one
 * worker; `complete` records it delivered for good; `release` gives the lease up after a failure
 * so a retry can take it. A worker that dies holding a lease loses it when the lease ends.
 */
export interface DeliveryMarkers {
  acquire(key: string, now: Date, leaseSeconds: number): Promise<MarkerClaim>;
  complete(key: string, now: Date): Promise<void>;
  release(key: string): Promise<void>;
}

/** Puts a delivery back on the notifications queue to be tried again after a delay. */
export interface DeliveryRetries {
  retry(body: string, attempt: number, delaySeconds: number): Promise<void>;
}
