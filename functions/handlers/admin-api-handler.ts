import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import middy from '@middy/core';
import { createAuthenticator } from '../../shared/app/authenticate';
import { eraseCustomer, type ErasureReceipt } from '../../shared/app/erase-customer';
import { jsonResponse } from '../../shared/http/errors';
import { httpErrorResponder } from '../../shared/http/middleware';
import { apiKeyOf, jsonBodyOf } from '../../shared/http/request';
import type { ControlStore, CustomerDataStore } from '../../shared/ports/stores';
import type { RouteTable } from '../../shared/resources';
import { dispatchByRouteKey, type RouteHandler } from '../commons/routes';

export interface AdminApiDeps {
  /** API keys, the customer-id salt and erasure receipts. */
  control: ControlStore & { recordErasure(receipt: ErasureReceipt): Promise<void> };
  store: CustomerDataStore;
  /** The raw bucket, where a customer's inbound emails are deleted. */
  s3: S3Client;
  rawBucket: string;
  logger: Logger;
}

/** POST /v1/erasure { customer } — admin role: erase one customer's data, answer the receipt. */
export function makeAdminApiHandler(deps: AdminApiDeps) {
  const { control, store, s3, rawBucket, logger } = deps;
  const authenticate = createAuthenticator(control);

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
  };

  return middy(dispatchByRouteKey(routes))
    .use(injectLambdaContext(logger))
    .use(httpErrorResponder(logger));
}
