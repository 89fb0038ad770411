import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { DEFAULT_ROUTE_FN, FUNCTIONS, matchRoute, ROUTES, type FunctionName } from '../../shared/resources';
import { jsonResponse, type HttpResponse } from '../../shared/http/errors';
import type { LocalRoute } from './clock-route';
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

/**
 * Serves ROUTES exactly as the HTTP API does: payload-v2 events into the same handlers. `local`
 * answers the local stack's own paths (the clock) first; no function ever sees them.
 */
export function createApiServer(handlers: Partial<Record<FunctionName, HttpHandler>>, onError: (e: unknown) => void, local?: LocalRoute): Server {
  return createServer(async (req, res) => {
    try {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      // Like API Gateway: an unmatched method or path goes to the $default route's function.
      const matched = matchRoute(req.method ?? 'GET', path, ROUTES);
      const fn: FunctionName = matched?.route.fn ?? DEFAULT_ROUTE_FN;
      const routeKey = matched ? `${matched.route.method} ${matched.route.path}` : '$default';
      const body = await readBody(req);
      if (body === 'too-large') {
        send(res, jsonResponse(413, { error: { code: 'payload_too_large', message: 'Request body exceeds the 10 MB gateway limit.' } }));
        req.destroy();
        return;
      }
      const own = await local?.(req, path, body);
      if (own) {
        send(res, own);
        return;
      }
      const handler = handlers[fn];
      if (!handler) throw new Error(`no handler loaded for ${fn}`);
      send(res, await handler(httpApiEvent(req, body, routeKey, matched?.pathParameters), lambdaContext(fn, FUNCTIONS[fn].timeoutSeconds)));
    } catch (error) {
      onError(error);
      // What API Gateway answers when the integration itself fails.
      if (!res.headersSent) send(res, jsonResponse(500, { message: 'Internal Server Error' }));
    }
  });
}
