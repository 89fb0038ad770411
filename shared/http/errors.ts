/** One error type per failure kind; `toErrorResponse` maps them to HTTP in one place. */
export abstract class ApiError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details?: unknown,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class InvalidRequestError extends ApiError {
  override readonly name = 'InvalidRequestError';
  readonly status = 400;
  constructor(
    readonly code: string,
    message: string,
    details?: unknown,
    options?: ErrorOptions,
  ) {
    super(message, details, options);
  }
}

export class UnauthenticatedError extends ApiError {
  override readonly name = 'UnauthenticatedError';
  readonly status = 401;
  readonly code = 'unauthenticated';
}

export class ForbiddenError extends ApiError {
  override readonly name = 'ForbiddenError';
  readonly status = 403;
  readonly code = 'forbidden';
}

export class NotFoundError extends ApiError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
  readonly code = 'not_found';
}

export class MethodNotAllowedError extends ApiError {
  override readonly name = 'MethodNotAllowedError';
  readonly status = 405;
  readonly code = 'method_not_allowed';
}

export class PayloadTooLargeError extends ApiError {
  override readonly name = 'PayloadTooLargeError';
  readonly status = 413;
  readonly code = 'payload_too_large';
}

export class UnsupportedMediaTypeError extends ApiError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly status = 415;
  readonly code = 'unsupported_media_type';
}

/** Our fault, not the caller's: a dependency (queue, table) refused or failed. */
export class ServiceUnavailableError extends ApiError {
  override readonly name = 'ServiceUnavailableError';
  readonly status = 503;
  readonly code = 'service_unavailable';
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** Callers see what to fix for 4xx; for anything else only a generic message and a request id — never a stack. */
export function toErrorResponse(error: unknown, requestId: string): HttpResponse {
  if (error instanceof ApiError) {
    const body = { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
    return jsonResponse(error.status, body);
  }
  return jsonResponse(500, { error: { code: 'internal_error', message: `Unexpected error; quote request id ${requestId} when reporting it.` } });
}
