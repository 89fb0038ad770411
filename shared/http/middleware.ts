import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import { Failure } from '../domain/failures';
import { httpStatusOf, toErrorResponse, type HttpResponse } from './errors';

/**
 * The one place errors become HTTP responses: 4xx explain what to fix, anything else is
 * logged with its stack here and answered with a generic 5xx (never the stack).
 */
export function httpErrorResponder(logger: Logger): MiddlewareObj<unknown, HttpResponse> {
  return {
    onError: async (request) => {
      const error = request.error;
      const requestId = (request.context as { awsRequestId?: string }).awsRequestId ?? 'unknown';
      if (error instanceof Failure && httpStatusOf(error) < 500) {
        logger.info('request rejected', { status: httpStatusOf(error), code: error.code });
      } else {
        logger.error('request failed', error as Error);
      }
      request.response = toErrorResponse(error, requestId);
    },
  };
}
