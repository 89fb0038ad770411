import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { lambdaContext } from '../../cli/local/lambda-events';
import { generateApiKey, hashApiKey } from '../../shared/domain/api-keys';
import type { FeedbackEnvelope } from '../../shared/domain/feedback';
import type { HttpResponse } from '../../shared/http/errors';
import { API_ROLES, type ApiKeyRecord, type ApiRole } from '../../shared/domain/api-keys';
import type { ControlStore } from '../../shared/ports/stores';
import type { FeedbackQueue } from '../../shared/ports/feedback-queues';

/** A logger that writes nothing, for handlers under test. */
export const silentLogger = () => new Logger({ logLevel: 'SILENT' });

/** API keys and the salt in memory, with one key per role (and erasure receipts for the admin API). */
export class MemoryControlStore implements ControlStore {
  readonly records = new Map<string, ApiKeyRecord>();
  readonly erasures: unknown[] = [];
  readonly keys = {} as Record<ApiRole, string>;
  constructor() {
    for (const role of API_ROLES) {
      const key = generateApiKey(role);
      this.keys[role] = key;
      this.records.set(hashApiKey(key), { keyHash: hashApiKey(key), role, source: `test-${role}`, createdAt: '2026-01-01T00:00:00Z' });
    }
  }
  async findApiKey(hash: string) {
    return this.records.get(hash);
  }
  async putApiKey(r: ApiKeyRecord) {
    this.records.set(r.keyHash, r);
  }
  async customerSalt() {
    return 'test-salt';
  }
  async recordErasure(receipt: unknown) {
    this.erasures.push(receipt);
  }
}

/** The ingest queue in memory: what was sent, in order. */
export class MemoryFeedbackQueue implements FeedbackQueue {
  readonly sent: FeedbackEnvelope[] = [];
  async send(envelopes: readonly FeedbackEnvelope[]) {
    this.sent.push(...envelopes);
    return { failed: [] };
  }
}

/** An HTTP API (payload v2) request as API Gateway gives it to a route's function. */
export function httpEvent(routeKey: string, options: {
    path?: string;
    key?: string;
    body?: string;
    contentType?: string;
    headers?: Record<string, string>;
    query?: Record<string, string>;
    pathParameters?: Record<string, string>;
  } = {},): APIGatewayProxyEventV2 {
  const [method, routePath] = routeKey === '$default' ? ['GET', options.path ?? '/'] : routeKey.split(' ');
  const rawPath = options.path ?? routePath!;
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers['x-api-key'] = options.key;
  if (options.contentType ?? options.body) headers['content-type'] = options.contentType ?? 'application/json';
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers,
    queryStringParameters: options.query,
    pathParameters: options.pathParameters,
    body: options.body,
    isBase64Encoded: false,
    requestContext: { http: { method: method!, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' } },
  } as unknown as APIGatewayProxyEventV2;
}

/** Calls a middy HTTP handler the way Lambda does, and reads its JSON body back. */
export async function invokeHttp(handler: (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<unknown>, event: APIGatewayProxyEventV2) {
  const response = (await handler(event, lambdaContext('test', 10))) as HttpResponse;
  return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, any> };
}
