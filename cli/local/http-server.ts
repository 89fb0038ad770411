import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { ROUTES, FUNCTIONS, type FunctionName } from '../../shared/resources';
import { jsonResponse, type HttpResponse } from '../../shared/http/errors';
import { httpApiEvent, lambdaContext } from './lambda-events';

/** API Gateway's own payload cap; above it the gateway answers 413 before any function runs. */
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;

function send(res: ServerResponse, response: HttpResponse): void {
  res.writeHead(response.statusCode, response.headers);
  res.end(response.body);
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > GATEWAY_MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Serves ROUTES exactly as the HTTP API does: payload-v2 events into the same handlers. */
export function createApiServer(handlers: Partial<Record<FunctionName, HttpHandler>>, onError: (e: unknown) => void): Server {
  return createServer(async (req, res) => {
    try {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const route = ROUTES.find((r) => r.path === path && r.method === req.method);
      if (!route) {
        const known = ROUTES.some((r) => r.path === path);
        send(res, jsonResponse(known ? 405 : 404, { error: { code: known ? 'method_not_allowed' : 'not_found', message: `No route ${req.method} ${path}.` } }));
        return;
      }
      const body = await readBody(req);
      if (body === 'too-large') {
        send(res, jsonResponse(413, { error: { code: 'payload_too_large', message: 'Request body exceeds the 10 MB gateway limit.' } }));
        req.destroy();
        return;
      }
      const handler = handlers[route.fn];
      if (!handler) throw new Error(`no handler loaded for ${route.fn}`);
      const event = httpApiEvent(req, body, `${route.method} ${route.path}`);
      send(res, await handler(event, lambdaContext(route.fn, FUNCTIONS[route.fn].timeoutSeconds)));
    } catch (error) {
      onError(error);
      if (!res.headersSent) send(res, jsonResponse(502, { error: { code: 'bad_gateway', message: 'The function failed to answer.' } }));
    }
  });
}
