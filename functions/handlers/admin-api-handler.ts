import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { actOnIncident } from '../../shared/app/act-on-incident';
import { actOnDashboardIncident } from '../../shared/app/dashboard/act-on-incident';
import { createAuthenticator } from '../../shared/app/authenticate';
import { eraseCustomer, type ErasureReceipt } from '../../shared/app/erase-customer';
import { jsonResponse } from '../../shared/http/errors';
import { httpErrorResponder } from '../../shared/http/middleware';
import type { IncidentActionKind } from '../../shared/domain/alerts/incident-actions';
import { viewerOf } from '../../shared/domain/dashboard/viewer';
import type { DepartmentsConfig } from '../../shared/domain/departments/schema';
import type { RedactionOptions } from '../../shared/domain/redaction/types';
import { jwtClaimsOf } from '../../shared/http/claims';
import { apiKeyOf, jsonBodyOf, rawBodyOf } from '../../shared/http/request';
import type { IncidentStore } from '../../shared/ports/incidents';
import type { ControlStore, CustomerDataStore } from '../../shared/ports/stores';
import type { RouteTable } from '../../shared/resources';
import { dispatchByRouteKey, type RouteHandler } from '../commons/routes';

export interface AdminApiDeps {
  /** API keys, the customer-id salt and erasure receipts. */
  control: ControlStore & { recordErasure(receipt: ErasureReceipt): Promise<void> };
  store: CustomerDataStore;
  /** Incidents acted on through POST /v1/alerts/{id}/ack|assign|resolve. */
  incidents: Pick<IncidentStore, 'get' | 'put'>;
  /** The raw bucket, where a customer's inbound emails are deleted. */
  s3: S3Client;
  rawBucket: string;
  /** Who owns what: an owner acts on their departments' incidents from the dashboard. */
  departments: DepartmentsConfig;
  /** How resolve notes are redacted before they are stored: the shipped first-name gazetteer on Lambda. */
  redaction?: RedactionOptions;
  logger: Logger;
  now?: () => Date;
}

/**
 * Admin role: POST /v1/erasure { customer } erases one customer's data and answers the receipt;
 * POST /v1/alerts/{id}/ack, /assign { owner }, /resolve { note } act on an incident, recorded
 * with the key's source label and the time, and answer the incident as GET /v1/alerts shows it.
 * POST /v1/dashboard/incidents/{id}/ack|assign|resolve are the same actions by a signed-in
 * viewer (the sign-in claims, no API key), recorded under their email: the officer on every
 * incident, an owner on their departments'.
 */
export function makeAdminApiHandler(deps: AdminApiDeps) {
  const { control, store, incidents, s3, rawBucket, departments, redaction, logger } = deps;
  const authenticate = createAuthenticator(control);

  const incidentAction = (action: IncidentActionKind) => async (event: APIGatewayProxyEventV2) => {
    const caller = await authenticate(apiKeyOf(event), 'admin');
    // ack needs no body; an empty one is not an error there.
    const body = action === 'ack' && rawBodyOf(event).length === 0 ? undefined : jsonBodyOf(event);
    const incident = await actOnIncident({ id: event.pathParameters?.id ?? '', action, body, by: caller.source }, { incidents, redaction });
    logger.info('incident action', { incident: incident.id, action, by: caller.source, status: incident.status });
    return jsonResponse(200, { incident });
  };

  const dashboardAction = (action: IncidentActionKind) => async (event: APIGatewayProxyEventV2) => {
    const viewer = viewerOf(jwtClaimsOf(event), departments);
    const body = action === 'ack' && rawBodyOf(event).length === 0 ? undefined : jsonBodyOf(event);
    const incident = await actOnDashboardIncident(viewer, { id: event.pathParameters?.id ?? '', action, body }, { incidents, departments, redaction, now: deps.now });
    logger.info('incident action', { incident: incident.id, action, by: viewer.role, status: incident.status });
    return jsonResponse(200, { incident });
  };

  const routes: RouteTable<'adminApi', RouteHandler> = {
    'POST /v1/erasure': async (event) => {
      await authenticate(apiKeyOf(event), 'admin');
      const receipt = await eraseCustomer(jsonBodyOf(event), {
        customerSalt: () => control.customerSalt(),
        store,
        deleteRawObjects: async (keys) => {
          for (const key of keys) await s3.send(new DeleteObjectCommand({ Bucket: rawBucket, Key: key }));
          return keys.length;
        },
        recordReceipt: (r) => control.recordErasure(r),
      });
      logger.info('customer data erased', { erasureId: receipt.erasureId, items: receipt.itemsAnonymised });
      return jsonResponse(200, receipt);
    },
    'POST /v1/alerts/{id}/ack': incidentAction('ack'),
    'POST /v1/alerts/{id}/assign': incidentAction('assign'),
    'POST /v1/alerts/{id}/resolve': incidentAction('resolve'),
    'POST /v1/dashboard/incidents/{id}/ack': dashboardAction('ack'),
    'POST /v1/dashboard/incidents/{id}/assign': dashboardAction('assign'),
    'POST /v1/dashboard/incidents/{id}/resolve': dashboardAction('resolve'),
  };

  return middy(dispatchByRouteKey(routes))
    .use(injectLambdaContext(logger))
    .use(httpErrorResponder(logger));
}
