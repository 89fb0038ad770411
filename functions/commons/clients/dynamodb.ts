import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../../../shared/adapters/dynamo-client';

/** The DynamoDB document client every store of a function shares (created once per container). */
export const dynamoDocumentClient = documentClient(new DynamoDBClient({}));
