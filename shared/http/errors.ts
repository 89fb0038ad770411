import { Failure, type FailureKind } from '../domain/failures';

/** The one place failures become HTTP: each kind's status (the body carries the failure's own code). */
const STATUS: Readonly<Record<FailureKind, number>> = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  service_unavailable: 503,
};

export function httpStatusOf(failure: Failure): number {
  return STATUS[failure.kind];
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
  if (error instanceof Failure) {
    const body = { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
    return jsonResponse(httpStatusOf(error), body);
  }
  return jsonResponse(500, { error: { code: 'internal_error', message: `Unexpected error; quote request id ${requestId} when reporting it.` } });
}
