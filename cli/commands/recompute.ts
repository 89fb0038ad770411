import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoAggregateReader, DynamoAggregateRewriter } from '../../shared/adapters/dynamo-aggregates';
import { documentClient } from '../../shared/adapters/dynamo-client';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo-feedback-store';
import { attributorFor } from '../../shared/app/attribute';
import { recompute as recomputeAggregates } from '../../shared/app/recompute';
import { loadDepartmentsConfig } from '../../shared/config/departments-source';
import { AGGREGATE_SHARDS, ENV } from '../../shared/resources';
import { localClientConfig } from '../local/local-aws';
import { isoDate, type Command } from './command';
import { localStackInfo } from './local-stack-info';

/** The tables: from FEEDBACK_TABLE_NAME / AGGREGATES_TABLE_NAME (deployed) or the local stack.json. */
async function tablesTarget() {
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

export const recompute: Command = {
  usage: `  recompute [--from ISO] [--to ISO] [--config FILE] [--dry-run]
                              re-attribute stored items with the current configuration, rebuild the
                              aggregates from them and report the drift (pause ingestion first)`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { from: { type: 'string' }, to: { type: 'string' }, config: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    });
    const range = { from: values.from ? isoDate(values.from, '--from') : undefined, to: values.to ? isoDate(values.to, '--to') : undefined };
    const { doc, tables, destroy } = await tablesTarget();
    const config = loadDepartmentsConfig(values.config ? { file: values.config } : { json: process.env[ENV.departments] });
    const store = new DynamoFeedbackStore(doc, { feedback: tables.feedback, aggregates: tables.aggregates });
    const attribute = attributorFor(config);
    const report = await recomputeAggregates({
      items: () => store.scanItems(),
      attribute: (item) => attribute(item),
      attributions: store,
      aggregates: new DynamoAggregateReader(doc, tables.aggregates, AGGREGATE_SHARDS),
      rewriter: new DynamoAggregateRewriter(doc, tables.aggregates, AGGREGATE_SHARDS),
      zones: [process.env[ENV.timeZone] ?? 'Europe/Paris'],
      range,
      dryRun: values['dry-run'],
    });
    destroy();
    process.stdout.write(`${JSON.stringify(report)}\n`);
    if (values['dry-run'] && report.cellsWithDrift > 0) process.exitCode = 3;
  },
};
