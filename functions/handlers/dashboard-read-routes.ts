import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { DashboardDeps } from '../../shared/app/dashboard/dashboard-reads';
import { dashboardDepartment } from '../../shared/app/dashboard/department';
import { dashboardIncidents } from '../../shared/app/dashboard/incidents';
import { dashboardInterfaces } from '../../shared/app/dashboard/interfaces';
import { dashboardJourneys } from '../../shared/app/dashboard/journeys';
import { dashboardOverview } from '../../shared/app/dashboard/overview';
import { dashboardSession } from '../../shared/app/dashboard/session';
import { dashboardVerbatims } from '../../shared/app/dashboard/verbatims';
import { readTopics, type ReadTopicsDeps } from '../../shared/app/topics/read-topics';
import type { Viewer } from '../../shared/domain/dashboard/contract';
import { viewerOf } from '../../shared/domain/dashboard/viewer';
import { jwtClaimsOf } from '../../shared/http/claims';
import type { RouteKeyOf } from '../../shared/resources';
import type { RouteHandler } from '../commons/routes';

export type DashboardReadRouteKey = Extract<RouteKeyOf<'readApi'>, `GET /v1/dashboard/${string}`>;

/** The viewer of a signed-in request: the claims in the request context, never a header (401 without them). */
export function viewerOfEvent(event: APIGatewayProxyEventV2, deps: Pick<DashboardDeps, 'departments'>): Viewer {
  return viewerOf(jwtClaimsOf(event), deps.departments);
}

/** The dashboard's read routes: each reads the viewer from the sign-in claims and hands it to its use case, which scopes the answer. */
export function dashboardReadRoutes(deps: DashboardDeps & ReadTopicsDeps): Record<DashboardReadRouteKey, RouteHandler> {
  const query = (event: APIGatewayProxyEventV2) => event.queryStringParameters ?? {};
  return {
    'GET /v1/dashboard/session': async (event) => dashboardSession(viewerOfEvent(event, deps), deps),
    'GET /v1/dashboard/overview': async (event) => dashboardOverview(viewerOfEvent(event, deps), query(event), deps),
    'GET /v1/dashboard/departments/{id}': async (event) => dashboardDepartment(viewerOfEvent(event, deps), event.pathParameters?.id ?? '', query(event), deps),
    'GET /v1/dashboard/verbatims': async (event) => dashboardVerbatims(viewerOfEvent(event, deps), query(event), deps),
    'GET /v1/dashboard/interfaces': async (event) => dashboardInterfaces(viewerOfEvent(event, deps), query(event), deps),
    'GET /v1/dashboard/journeys': async (event) => dashboardJourneys(viewerOfEvent(event, deps), query(event), deps),
    'GET /v1/dashboard/incidents': async (event) => dashboardIncidents(viewerOfEvent(event, deps), query(event), deps),
    'GET /v1/dashboard/topics': async (event) => readTopics({ viewer: viewerOfEvent(event, deps) }, query(event), deps),
  };
}
