import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ExportChunkSchema, ExportJobSchema, type ExportChunk, type ExportJob } from '../domain/export-jobs';
import type { ExportJobStore } from '../ports/export-jobs';
import { isConditionalCheckFailure } from './dynamo-client';

/** Export jobs live in the control table for this long (their rows are long queued by then). */
export const EXPORT_JOB_RETENTION_DAYS = 30;

/**
 * A job's keys in the control table. Exported because the functions' IAM grants on that table
 * are scoped to these partition keys (infra/constructs/control-access.ts); a test checks both agree.
 */
export const EXPORT_JOB_KEYS = {
  jobPk: (jobId: string) => `EXPORT#${jobId}`,
  jobSk: 'JOB',
  // Zero-padded so chunks sort in file order.
  chunkSk: (startRow: number) => `CHUNK#${String(startRow).padStart(12, '0')}`,
} as const;
const { jobPk, jobSk: JOB_SK, chunkSk } = EXPORT_JOB_KEYS;

/** Job and chunk rows under one partition of the control table (pk `EXPORT#<jobId>`). */
export class DynamoExportJobStore implements ExportJobStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private expiresAt(): number {
    return Math.floor(this.now().getTime() / 1000) + EXPORT_JOB_RETENTION_DAYS * 86_400;
  }

  async createJob(job: ExportJob): Promise<ExportJob> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: jobPk(job.jobId), sk: JOB_SK, ...job, expiresAt: this.expiresAt() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return job;
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      return (await this.getJob(job.jobId))!;
    }
  }

  async getJob(jobId: string): Promise<ExportJob | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: jobPk(jobId), sk: JOB_SK }, ConsistentRead: true }));
    return out.Item ? ExportJobSchema.parse(out.Item) : undefined;
  }

  async markStarted(jobId: string, started: { startedAt: string; bytes?: number; csv?: ExportJob['csv'] }): Promise<ExportJob> {
    const sets = ['startedAt = if_not_exists(startedAt, :startedAt)'];
    const values: Record<string, unknown> = { ':startedAt': started.startedAt };
    if (started.bytes !== undefined) {
      sets.push('bytes = if_not_exists(bytes, :bytes)');
      values[':bytes'] = started.bytes;
    }
    if (started.csv) {
      sets.push('csv = if_not_exists(csv, :csv)');
      values[':csv'] = started.csv;
    }
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: jobPk(jobId), sk: JOB_SK },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return ExportJobSchema.parse(out.Attributes);
  }

  async failJob(jobId: string, failure: NonNullable<ExportJob['failure']>): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: jobPk(jobId), sk: JOB_SK },
        UpdateExpression: 'SET failure = :failure',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':failure': failure },
      }),
    );
  }

  async recordChunk(jobId: string, chunk: ExportChunk): Promise<ExportChunk> {
    const key = { pk: jobPk(jobId), sk: chunkSk(chunk.startRow) };
    try {
      await this.doc.send(
        new PutCommand({ TableName: this.table, Item: { ...key, ...chunk, expiresAt: this.expiresAt() }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return chunk;
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
      return ExportChunkSchema.parse(out.Item);
    }
  }

  async chunk(jobId: string, startRow: number): Promise<ExportChunk | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: jobPk(jobId), sk: chunkSk(startRow) }, ConsistentRead: true }));
    return out.Item ? ExportChunkSchema.parse(out.Item) : undefined;
  }

  async chunks(jobId: string): Promise<ExportChunk[]> {
    const chunks: ExportChunk[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :chunk)',
          ExpressionAttributeValues: { ':pk': jobPk(jobId), ':chunk': 'CHUNK#' },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) chunks.push(ExportChunkSchema.parse(item));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return chunks;
  }
}
