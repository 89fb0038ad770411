import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createAuthenticator } from '../../shared/app/authenticate';
import type { AlertStateStore } from '../../shared/ports/alert-states';
import { readFeedback } from '../../shared/app/read-feedback';
import { readScores } from '../../shared/app/read-scores';
import { UNASSIGNED, type DepartmentsConfig } from '../../shared/domain/departments/schema';
import { InvalidRequestError, MethodNotAllowedError, NotFoundError } from '../../shared/domain/failures';
import { jsonResponse } from '../../shared/http/errors';
import { httpErrorResponder } from '../../shared/http/middleware';
import { apiKeyOf } from '../../shared/http/request';
import type { AggregateReader, ControlStore, FeedbackStore } from '../../shared/ports/stores';
import type { RouteTable } from '../../shared/resources';
import { routeFor, type RouteHandler } from '../commons/routes';

export interface ReadApiDeps {
  /** API keys. */
  control: ControlStore;
  aggregates: AggregateReader;
  store: Pick<FeedbackStore, 'verbatims'>;
  alertStates: Pick<AlertStateStore, 'list'>;
  departments: DepartmentsConfig;
  timeZone: string;
  logger: Logger;
}

/**
 * The read API: health (no key), departments, scores and redacted verbatims (read role). It is
 * also the HTTP API's $default route, so unknown paths get the contract's JSON error locally and
 * on API Gateway alike.
 */
export function makeReadApiHandler(deps: ReadApiDeps) {
  const { aggregates, store, departments, alertStates, timeZone, logger } = deps;
  const authenticate = createAuthenticator(deps.control);

  const routes: RouteTable<'readApi', RouteHandler> = {
    'GET /v1/health': async () => ({ status: 'ok' }),
    'GET /v1/departments': async (event) => {
      await authenticate(apiKeyOf(event), 'read');
      return {
        departments: [
          ...departments.departments.map((d) => ({ id: d.id, names: d.names, journeys: d.journeys })),
          { id: UNASSIGNED, names: { en: 'Unassigned', fr: 'Non attribué' }, journeys: [] },
        ],
        timeZone,
      };
    },
    'GET /v1/scores': async (event) => {
      await authenticate(apiKeyOf(event), 'read');
      return readScores(event.queryStringParameters ?? {}, { aggregates, departments, timeZone });
    },
    'GET /v1/alerts': async (event) => {
      await authenticate(apiKeyOf(event), 'read');
      const status = event.queryStringParameters?.status;
      if (status !== undefined && status !== 'open' && status !== 'recovered') {
        throw new InvalidRequestError('invalid_query', 'status is open or recovered (or leave it out for both).');
      }
      const alerts = (await alertStates.list()).filter((a) => !status || a.status === status);
      return { alerts };
    },
    'GET /v1/feedback': async (event) => {
      await authenticate(apiKeyOf(event), 'read');
      return readFeedback(event.queryStringParameters ?? {}, { store, departments });
    },
  };

  // Matched on the path, not the route key: as the $default route this function also gets the
  // paths it serves with another method, which are answered 405 rather than 404.
  return middy(async (event: APIGatewayProxyEventV2) => {
    const route = routeFor(routes, `GET ${event.rawPath}`);
    if (!route) throw new NotFoundError(`No route ${event.requestContext.http.method} ${event.rawPath}.`);
    if (event.requestContext.http.method !== 'GET') throw new MethodNotAllowedError(`${event.rawPath} answers GET only.`);
    return jsonResponse(200, await route(event));
  })
    .use(injectLambdaContext(logger))
    .use(httpErrorResponder(logger));
}
