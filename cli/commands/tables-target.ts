/** The tables a maintenance command reads: the deployed ones (FEEDBACK_TABLE_NAME, AGGREGATES_TABLE_NAME) or the local stack's. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../../shared/adapters/dynamo-client';
import { ENV } from '../../shared/resources';
import { localClientConfig } from '../local/local-aws';
import { localStackInfo } from './local-stack-info';

export async function tablesTarget() {
  const feedback = process.env[ENV.feedbackTable];
  const aggregates = process.env[ENV.aggregatesTable];
  let client: DynamoDBClient;
  let tables: { feedback: string; aggregates: string };
  if (feedback && aggregates) {
    client = new DynamoDBClient({});
    tables = { feedback, aggregates };
  } else {
    const info = await localStackInfo();
    client = new DynamoDBClient(localClientConfig(info.endpoints.dynamodb));
    tables = info.resources.tables;
  }
  return { doc: documentClient(client), tables, destroy: () => client.destroy() };
}
