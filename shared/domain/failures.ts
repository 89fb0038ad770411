/**
 * What can go wrong for a caller, one class per kind: raised by the use cases (and by the HTTP
 * edge for HTTP-level problems such as a body that is not JSON). Each carries a stable `code`
 * callers can act on, a message that says what to fix, optional `details` and its `cause`.
 * The HTTP edge maps each kind to its status in one place (`shared/http/errors.ts`).
 */
export type FailureKind =
  | 'invalid_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'service_unavailable';

export abstract class Failure extends Error {
  abstract readonly kind: FailureKind;
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The request itself is wrong; `code` says how (`invalid_query`, `empty_body`…). */
export class InvalidRequestError extends Failure {
  override readonly name: string = 'InvalidRequestError';
  readonly kind = 'invalid_request';
}

/** A failure whose code is its kind: callers need no finer reason than the kind itself. */
function failureKind<K extends FailureKind>(kind: K, name: string) {
  return class extends Failure {
    override readonly name: string = name;
    readonly kind: K = kind;
    constructor(message: string, details?: unknown, options?: ErrorOptions) {
      super(kind, message, details, options);
    }
  };
}

export class UnauthenticatedError extends failureKind('unauthenticated', 'UnauthenticatedError') {}
export class ForbiddenError extends failureKind('forbidden', 'ForbiddenError') {}
export class NotFoundError extends failureKind('not_found', 'NotFoundError') {}
export class MethodNotAllowedError extends failureKind('method_not_allowed', 'MethodNotAllowedError') {}
/** The request is valid but the resource's state forbids it (resolving a resolved incident). */
export class ConflictError extends failureKind('conflict', 'ConflictError') {}
export class PayloadTooLargeError extends failureKind('payload_too_large', 'PayloadTooLargeError') {}
export class UnsupportedMediaTypeError extends failureKind('unsupported_media_type', 'UnsupportedMediaTypeError') {}
/** Our fault, not the caller's: a dependency (queue, table, secret) refused or failed. */
export class ServiceUnavailableError extends failureKind('service_unavailable', 'ServiceUnavailableError') {}
