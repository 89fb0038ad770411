import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { InvalidRequestError, PayloadTooLargeError, UnauthenticatedError, UnsupportedMediaTypeError } from '../domain/failures';

/** The JSON API's body cap (the design's contract); larger exports go through presigned uploads. */
export const MAX_JSON_BODY_BYTES = 1_000_000;

export function headerOf(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

export function apiKeyOf(event: APIGatewayProxyEventV2): string {
  const key = headerOf(event, 'x-api-key')?.trim();
  if (!key) throw new UnauthenticatedError('Missing API key: send it in the "x-api-key" header.');
  return key;
}

export function rawBodyOf(event: APIGatewayProxyEventV2, maxBytes = MAX_JSON_BODY_BYTES): Buffer {
  const body = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  if (body.length > maxBytes) {
    throw new PayloadTooLargeError(
      `Body is ${body.length} bytes; the limit is ${maxBytes}. Split it into requests of at most 100 items, or upload files through POST /v1/exports/uploads.`,
    );
  }
  return body;
}

export function jsonBodyOf(event: APIGatewayProxyEventV2): unknown {
  const type = headerOf(event, 'content-type');
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new UnsupportedMediaTypeError(`Content-Type "${type}" is not supported here; send application/json.`);
  }
  const body = rawBodyOf(event);
  if (body.length === 0) throw new InvalidRequestError('empty_body', 'The request body is empty; send a JSON feedback item or { "items": [...] }.');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new InvalidRequestError('invalid_json', `The body is not valid JSON: ${(error as Error).message}.`, undefined, { cause: error });
  }
}
