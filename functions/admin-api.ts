import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { documentClient } from '../shared/adapters/dynamo-client';
import { DynamoFeedbackStore } from '../shared/adapters/dynamo-feedback-store';
import { createAuthenticator } from '../shared/app/authenticate';
import { eraseCustomer } from '../shared/app/erase-customer';
import { loadEnv } from '../shared/config/env';
import { jsonResponse } from '../shared/http/errors';
import { httpErrorResponder } from '../shared/http/middleware';
import { apiKeyOf, jsonBodyOf } from '../shared/http/request';
import { controlStoreWithSalt } from './commons/control';

const env = loadEnv(['feedbackTable', 'aggregatesTable', 'controlTable', 'rawBucket']);
// Path-style addressing only against a local S3 emulator (AWS_ENDPOINT_URL_S3).
const s3 = new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
const logger = new Logger({ serviceName: 'customer-voice' });
const doc = documentClient(new DynamoDBClient({}));
const control = controlStoreWithSalt(doc, env.controlTable);
const store = new DynamoFeedbackStore(doc, { feedback: env.feedbackTable, aggregates: env.aggregatesTable });
const authenticate = createAuthenticator(control);

/** POST /v1/erasure { customer } — admin role: erase one customer's data, answer the receipt. */
export const handler = middy(async (event: APIGatewayProxyEventV2) => {
  await authenticate(apiKeyOf(event), 'admin');
  const receipt = await eraseCustomer(jsonBodyOf(event), {
    customerSalt: () => control.customerSalt(),
    store,
    deleteRawObjects: async (keys) => {
      for (const key of keys) await s3.send(new DeleteObjectCommand({ Bucket: env.rawBucket, Key: key }));
      return keys.length;
    },
    recordReceipt: (r) => control.recordErasure(r),
  });
  logger.info('customer data erased', { erasureId: receipt.erasureId, items: receipt.itemsAnonymised });
  return jsonResponse(200, receipt);
})
  .use(injectLambdaContext(logger))
  .use(httpErrorResponder(logger));
