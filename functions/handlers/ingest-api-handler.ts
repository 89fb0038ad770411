import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createAuthenticator } from '../../shared/app/authenticate';
import { completeUpload, createUploadJob, readExportJob } from '../../shared/app/export-jobs';
import { exportFormatOf, ingestExport } from '../../shared/app/ingest-export';
import { ingestFeedback, itemsOf } from '../../shared/app/ingest-feedback';
import { profileOptionsFromQuery } from '../../shared/app/parse-export';
import { EXPORT_PROFILE_NAMES } from '../../shared/domain/export-profiles';
import { InvalidRequestError, PayloadTooLargeError } from '../../shared/domain/failures';
import { jsonResponse } from '../../shared/http/errors';
import { httpErrorResponder } from '../../shared/http/middleware';
import { apiKeyOf, headerOf, jsonBodyOf, rawBodyOf } from '../../shared/http/request';
import type { ControlStore } from '../../shared/ports/stores';
import type { ExportFiles, ExportJobStore } from '../../shared/ports/export-jobs';
import type { FeedbackQueue } from '../../shared/ports/feedback-queues';
import type { ExportProfilesConfig } from '../../shared/domain/export-profiles/config';
import type { RouteTable } from '../../shared/resources';
import { dispatchByRouteKey, type RouteHandler } from '../commons/routes';
import { createMetrics, recordIngestion } from '../commons/metrics';

export interface IngestApiDeps {
  /** API keys and the customer-id salt. */
  control: ControlStore;
  queue: FeedbackQueue;
  jobs: ExportJobStore;
  files: ExportFiles;
  /** Export dates written without an offset are read in this zone. */
  timeZone: string;
  /** The export profiles the deployment adds to the built-in ones (read at cold start). */
  configuredProfiles: ExportProfilesConfig;
  logger: Logger;
  metrics?: Metrics;
  /** What `receivedAt` and export jobs are stamped with (the local stack's clock in a replay). */
  now?: () => Date;
}

/**
 * Inline exports are read inside this function (512 MB, 10 s): parse, hash and queue cost about
 * 0.55-0.65 s of CPU per MB measured here (scripts/measure-inline-export.ts), which extrapolates to
 * 1.9-2.2 s per MB on Lambda's 0.29 vCPU at 512 MB — an extrapolation, not a Lambda measurement —
 * so 5 MB would not fit 10 s. 1 MiB leaves room for a cold start and the SQS round trips; larger
 * files take the upload route, read in chunks by ingestExportFile.
 */
export const MAX_INLINE_EXPORT_BYTES = 1024 * 1024;

/**
 * POST /v1/feedback (one item or { items } ≤ 100), POST /v1/exports?profile= (an export file
 * inline), POST /v1/exports/uploads?profile= (a presigned URL for a larger file) and
 * GET /v1/exports/{jobId} (an export's summary).
 */
export function makeIngestApiHandler(deps: IngestApiDeps) {
  const { control, queue, jobs, files, configuredProfiles, logger } = deps;
  const metrics = deps.metrics ?? createMetrics(logger);
  const authenticate = createAuthenticator(control);
  const customerSalt = () => control.customerSalt();
  const now = deps.now ?? (() => new Date());

  async function postFeedback(event: APIGatewayProxyEventV2) {
    const caller = await authenticate(apiKeyOf(event), 'ingest');
    const { items, batch } = itemsOf(jsonBodyOf(event));
    const result = await ingestFeedback(items, { channel: 'api', provider: caller.source }, { queue, customerSalt, now });
    recordIngestion(metrics, 'api', { accepted: result.accepted.length, rejectedByReason: result.rejectedByReason });
    if (result.accepted.length === 0) {
      const message = batch ? 'No item was accepted; see details.rejected for what to fix in each.' : `Invalid feedback item: ${result.rejected[0]?.error}`;
      throw new InvalidRequestError('invalid_feedback', message, { rejected: result.rejected });
    }
    logger.info('feedback accepted', { source: caller.source, accepted: result.accepted.length, rejected: result.rejected.length });
    return jsonResponse(202, { accepted: result.accepted.map(({ id }) => ({ id })), rejected: result.rejected });
  }

  async function postExport(event: APIGatewayProxyEventV2) {
    const caller = await authenticate(apiKeyOf(event), 'ingest');
    const profile = event.queryStringParameters?.profile;
    if (!profile) throw new InvalidRequestError('invalid_query', `profile is required: ?profile=${EXPORT_PROFILE_NAMES.join('|')} or a profile of this deployment`);
    let body: Buffer;
    try {
      body = rawBodyOf(event, MAX_INLINE_EXPORT_BYTES);
    } catch (error) {
      if (!(error instanceof PayloadTooLargeError)) throw error;
      throw new PayloadTooLargeError(
        `Inline exports are limited to ${MAX_INLINE_EXPORT_BYTES} bytes (1 MiB); upload larger files through POST /v1/exports/uploads?profile=${profile} (a presigned URL for files up to 5 GB).`,
      );
    }
    if (body.length === 0) throw new InvalidRequestError('empty_body', 'The request body is empty; send the export file as the body.');
    const { rejectedByReason, ...result } = await ingestExport(
      body,
      {
        profile,
        profileOptions: profileOptionsFromQuery(event.queryStringParameters) as Record<string, string>,
        format: exportFormatOf(headerOf(event, 'content-type')),
        sender: caller.source,
        timeZone: deps.timeZone,
        receivedAt: now(),
      },
      { queue, customerSalt, jobs, configuredProfiles },
    );
    recordIngestion(metrics, 'export', { accepted: result.accepted, rejectedByReason });
    logger.info('export accepted', { source: caller.source, profile, rows: result.rows, accepted: result.accepted, rejected: result.rejected.length });
    return jsonResponse(202, result);
  }

  async function postUpload(event: APIGatewayProxyEventV2) {
    const caller = await authenticate(apiKeyOf(event), 'ingest');
    const query = event.queryStringParameters ?? {};
    const ticket = await createUploadJob({ query, sender: caller.source, now: now() }, { jobs, files, configuredProfiles });
    logger.info('export upload prepared', { source: caller.source, profile: query.profile, jobId: ticket.jobId, method: ticket.upload.method });
    return jsonResponse(201, ticket);
  }

  async function postUploadComplete(event: APIGatewayProxyEventV2) {
    const caller = await authenticate(apiKeyOf(event), 'ingest');
    const done = await completeUpload(event.pathParameters?.jobId ?? '', jsonBodyOf(event), caller, { jobs, files });
    return jsonResponse(202, done);
  }

  async function getExportJob(event: APIGatewayProxyEventV2) {
    const caller = await authenticate(apiKeyOf(event), 'ingest');
    return jsonResponse(200, await readExportJob(event.pathParameters?.jobId ?? '', caller, jobs));
  }

  const routes: RouteTable<'ingestApi', RouteHandler> = {
    'POST /v1/feedback': postFeedback,
    'POST /v1/exports': postExport,
    'POST /v1/exports/uploads': postUpload,
    'GET /v1/exports/{jobId}': getExportJob,
    'POST /v1/exports/{jobId}/complete': postUploadComplete,
  };

  return middy(dispatchByRouteKey(routes))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(httpErrorResponder(logger));
}
