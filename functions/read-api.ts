import { DynamoAggregateReader } from '../shared/adapters/dynamo-aggregates';
import { DynamoTopicSummaries } from '../shared/adapters/dynamo-topic-summaries';
import { DynamoControlStore } from '../shared/adapters/dynamo-control-store';
import { DynamoFeedbackStore } from '../shared/adapters/dynamo-feedback-store';
import { DynamoIncidentStore } from '../shared/adapters/dynamo-incidents';
import { deployedDepartments } from '../shared/config/departments-source';
import { loadEnv } from '../shared/config/env';
import { AGGREGATE_SHARDS, FUNCTIONS } from '../shared/resources';
import { dynamoDocumentClient } from './commons/clients/dynamodb';
import { createLogger } from './commons/clients/logger';
import { makeReadApiHandler } from './handlers/read-api-handler';

const logger = createLogger();
const env = loadEnv(FUNCTIONS.readApi.env);

export const handler = makeReadApiHandler({
  control: new DynamoControlStore(dynamoDocumentClient, env.controlTable),
  aggregates: new DynamoAggregateReader(dynamoDocumentClient, env.aggregatesTable, AGGREGATE_SHARDS),
  topics: new DynamoTopicSummaries(dynamoDocumentClient, { table: env.aggregatesTable, zone: env.timeZone, shards: AGGREGATE_SHARDS }),
  store: new DynamoFeedbackStore(dynamoDocumentClient, { feedback: env.feedbackTable, aggregates: env.aggregatesTable }),
  incidents: new DynamoIncidentStore(dynamoDocumentClient, env.controlTable),
  departments: deployedDepartments(env.departments),
  timeZone: env.timeZone,
  logger,
});
