import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FunctionName } from '../shared/resources';
import type { StackConfig } from './config';
import { FeedbackFunctions } from './constructs/feedback-functions';
import { PublicHttpApi } from './constructs/http-api';
import { Operations } from './constructs/operations';
import { StatefulResources } from './constructs/stateful';

/** CloudFormation stack name (and cloud assembly artifact id). */
export const STACK_NAME = 'CustomerVoice';

export interface CustomerVoiceStackProps extends StackProps {
  readonly config: StackConfig;
  /** Test-only: absolute entry files replacing FUNCTIONS[name].entry. */
  readonly entryOverrides?: Partial<Record<FunctionName, string>>;
}

/** The whole pipeline in one stack: data (stateful), functions, HTTP API, operations. */
export class CustomerVoiceStack extends Stack {
  readonly stateful: StatefulResources;
  readonly pipeline: FeedbackFunctions;
  readonly httpApi: PublicHttpApi;
  readonly operations: Operations;

  constructor(scope: Construct, id: string, props: CustomerVoiceStackProps) {
    super(scope, id, {
      description: 'customer-voice: voice-of-the-customer pipeline (ingest, classify, attribute, score, alert)',
      ...props,
    });
    const { config } = props;

    this.stateful = new StatefulResources(this, 'Stateful', { rawRetentionDays: config.rawRetentionDays });
    this.pipeline = new FeedbackFunctions(this, 'Functions', {
      stateful: this.stateful,
      config,
      entryOverrides: props.entryOverrides,
    });
    this.httpApi = new PublicHttpApi(this, 'Http', { functions: this.pipeline.functions });
    this.operations = new Operations(this, 'Operations', {
      ingestQueue: this.stateful.ingestQueue,
      ingestDeadLetterQueue: this.stateful.ingestDeadLetterQueue,
      processor: this.pipeline.functions.processFeedback,
      alarmEmail: config.alarmEmail,
    });

    const { tables } = this.stateful;
    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url });
    new CfnOutput(this, 'IngestQueueUrl', { value: this.stateful.ingestQueue.queueUrl });
    new CfnOutput(this, 'IngestDeadLetterQueueUrl', { value: this.stateful.ingestDeadLetterQueue.queueUrl });
    new CfnOutput(this, 'FeedbackTableName', { value: tables.feedback.tableName });
    new CfnOutput(this, 'AggregatesTableName', { value: tables.aggregates.tableName });
    new CfnOutput(this, 'ControlTableName', { value: tables.control.tableName });
    new CfnOutput(this, 'RawBucketName', { value: this.stateful.rawBucket.bucketName });
    new CfnOutput(this, 'OperatorTopicArn', { value: this.operations.topic.topicArn });
  }
}
