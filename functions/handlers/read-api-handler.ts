import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createAuthenticator } from '../../shared/app/authenticate';
import { readFeedback } from '../../shared/app/read-feedback';
import { readScores } from '../../shared/app/read-scores';
import { readTopics } from '../../shared/app/topics/read-topics';
import { INCIDENT_STATUSES, incidentView, type IncidentStatus } from '../../shared/domain/alerts/incident';
import { UNASSIGNED, type DepartmentsConfig } from '../../shared/domain/departments/schema';
import { InvalidRequestError, MethodNotAllowedError, NotFoundError } from '../../shared/domain/failures';
import { jsonResponse } from '../../shared/http/errors';
import { httpErrorResponder } from '../../shared/http/middleware';
import { apiKeyOf } from '../../shared/http/request';
import type { IncidentStore } from '../../shared/ports/incidents';
import type { AggregateReader, ControlStore, FeedbackStore, InterfacePartnersReader } from '../../shared/ports/stores';
import type { TopicSummaryReader } from '../../shared/ports/topics';
import { matchRoute, ROUTES, type RouteTable } from '../../shared/resources';
import { routeFor, type RouteHandler } from '../commons/routes';
import { dashboardReadRoutes } from './dashboard-read-routes';

export interface ReadApiDeps {
  /** API keys. */
  control: ControlStore;
  aggregates: AggregateReader;
  /** Topic summaries per scope and local day/week (issue #20), write shards merged: GET /v1/topics and the dashboard's twin. */
  topics: TopicSummaryReader;
  store: Pick<FeedbackStore, 'verbatims'> & InterfacePartnersReader;
  incidents: Pick<IncidentStore, 'list'>;
  departments: DepartmentsConfig;
  timeZone: string;
  logger: Logger;
  now?: () => Date;
}

const READ_ROUTES = ROUTES.filter((r) => r.fn === 'readApi');

/**
 * The read API: health (no key), departments, scores, topics and redacted verbatims (read role), and the
 * dashboard's routes (signed-in viewers, scoped by their claims). It is also the HTTP API's
 * $default route, so unknown paths get the contract's JSON error locally and on API Gateway alike.
 */
export function makeReadApiHandler(deps: ReadApiDeps) {
  const { aggregates, store, departments, incidents, timeZone, logger } = deps;
  const authenticate = createAuthenticator(deps.control);

  const routes: RouteTable<'readApi', RouteHandler> = {
    ...dashboardReadRoutes(deps),
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
      if (status !== undefined && !(INCIDENT_STATUSES as readonly string[]).includes(status)) {
        throw new InvalidRequestError('invalid_query', `status is one of ${INCIDENT_STATUSES.join(', ')} (or leave it out for all); got "${status.slice(0, 40)}".`);
      }
      const found = await incidents.list(status ? { status: status as IncidentStatus } : {});
      return { incidents: found.map(incidentView) };
    },
    'GET /v1/topics': async (event) => {
      await authenticate(apiKeyOf(event), 'read');
      return readTopics({ apiKey: true }, event.queryStringParameters ?? {}, deps);
    },
    'GET /v1/feedback': async (event) => {
      await authenticate(apiKeyOf(event), 'read');
      return readFeedback(event.queryStringParameters ?? {}, { store, departments });
    },
  };

  // Matched on the path, not the route key: as the $default route this function also gets the
  // paths it serves with another method, which are answered 405 rather than 404.
  return middy(async (event: APIGatewayProxyEventV2) => {
    const matched = matchRoute('GET', event.rawPath, READ_ROUTES);
    const route = matched && routeFor(routes, `GET ${matched.route.path}`);
    if (!route) throw new NotFoundError(`No route ${event.requestContext.http.method} ${event.rawPath}.`);
    if (event.requestContext.http.method !== 'GET') throw new MethodNotAllowedError(`${event.rawPath} answers GET only.`);
    const pathParameters = event.pathParameters ?? matched.pathParameters;
    return jsonResponse(200, await route(pathParameters ? { ...event, pathParameters } : event));
  })
    .use(injectLambdaContext(logger))
    .use(httpErrorResponder(logger));
}
