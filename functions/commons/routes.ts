import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { NotFoundError } from '../../shared/domain/failures';
import type { FunctionName, RouteTable } from '../../shared/resources';

export type RouteHandler = (event: APIGatewayProxyEventV2) => Promise<unknown>;

/** The handler of one of the function's route keys (`GET /v1/scores`), if it serves that route. */
export function routeFor<F extends FunctionName>(routes: RouteTable<F, RouteHandler>, routeKey: string): RouteHandler | undefined {
  return Object.hasOwn(routes, routeKey) ? (routes as Record<string, RouteHandler>)[routeKey] : undefined;
}

/** Dispatches on API Gateway's route key; a key the function does not serve is the contract's JSON 404. */
export function dispatchByRouteKey<F extends FunctionName>(routes: RouteTable<F, RouteHandler>): RouteHandler {
  return async (event) => {
    const route = routeFor(routes, event.routeKey);
    if (!route) throw new NotFoundError(`No route ${event.routeKey}.`);
    return route(event);
  };
}
