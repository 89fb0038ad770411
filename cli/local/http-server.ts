import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { DASHBOARD_ROUTE_PREFIX } from '../../shared/domain/dashboard/contract';
import { DEFAULT_ROUTE_FN, FUNCTIONS, matchRoute, ROUTES, type FunctionName } from '../../shared/resources';
import { jsonResponse, type HttpResponse } from '../../shared/http/errors';
import type { LocalRoute } from './clock-route';
import type { SiteHandler } from './dashboard-assets';
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

/** The claims of the token a request carries (API Gateway's JWT authorizer map), or undefined when it has none valid. */
export type JwtAuthorizer = (req: IncomingMessage) => Promise<Record<string, string> | undefined>;

export interface ApiServerExtras {
  /** The local stack's own paths (the clock, sign-in), answered before ROUTES; no function ever sees them. */
  local?: LocalRoute[];
  /** Guards the routes under DASHBOARD_ROUTE_PREFIX as API Gateway's JWT authorizer does on AWS. */
  authorizer?: JwtAuthorizer;
  /** The dashboard page (CloudFront's origin on AWS): GETs that are not the API's. */
  site?: SiteHandler;
  /** The route table (ROUTES; a test may serve others). */
  routes?: readonly { method: string; path: string; fn: FunctionName }[];
}

/** The event API Gateway hands a function behind its JWT authorizer: the token's claims, no scopes (an ID token). */
function withJwtClaims(event: APIGatewayProxyEventV2, claims: Record<string, string>): APIGatewayProxyEventV2WithJWTAuthorizer {
  return { ...event, requestContext: { ...event.requestContext, authorizer: { jwt: { claims, scopes: null } } } };
}

/**
 * Serves ROUTES exactly as the HTTP API does: payload-v2 events into the same handlers. The
 * dashboard's routes need a valid sign-in token, whose claims reach the function where API
 * Gateway puts them; without one the answer is the gateway's own 401, and no function runs.
 */
export function createApiServer(handlers: Partial<Record<FunctionName, HttpHandler>>, onError: (e: unknown) => void, extras: ApiServerExtras = {}): Server {
  return createServer(async (req, res) => {
    try {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (await extras.site?.(req, res, path)) return;
      // Like API Gateway: an unmatched method or path goes to the $default route's function.
      const matched = matchRoute(req.method ?? 'GET', path, extras.routes ?? ROUTES);
      const fn: FunctionName = matched?.route.fn ?? DEFAULT_ROUTE_FN;
      const routeKey = matched ? `${matched.route.method} ${matched.route.path}` : '$default';
      const body = await readBody(req);
      if (body === 'too-large') {
        send(res, jsonResponse(413, { error: { code: 'payload_too_large', message: 'Request body exceeds the 10 MB gateway limit.' } }));
        req.destroy();
        return;
      }
      for (const route of extras.local ?? []) {
        const own = await route(req, path, body);
        if (own) {
          send(res, own);
          return;
        }
      }
      let event: APIGatewayProxyEventV2 = httpApiEvent(req, body, routeKey, matched?.pathParameters);
      if (matched && path.startsWith(DASHBOARD_ROUTE_PREFIX)) {
        const claims = await extras.authorizer?.(req);
        if (!claims) {
          send(res, jsonResponse(401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' }));
          return;
        }
        event = withJwtClaims(event, claims);
      }
      const handler = handlers[fn];
      if (!handler) throw new Error(`no handler loaded for ${fn}`);
      send(res, await handler(event, lambdaContext(fn, FUNCTIONS[fn].timeoutSeconds)));
    } catch (error) {
      onError(error);
      // What API Gateway answers when the integration itself fails.
      if (!res.headersSent) send(res, jsonResponse(500, { message: 'Internal Server Error' }));
    }
  });
}
