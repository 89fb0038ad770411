import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { lambdaContext } from '../../cli/local/lambda-events';
import { makeIngestExportFileHandler } from '../../functions/handlers/ingest-export-file-handler';
import type { ExportFiles, ExportJobStore } from '../../shared/ports/export-jobs';
import { sqsRecordOf } from '../support/items';
import { MemoryFeedbackQueue, silentLogger } from '../support/handler-deps';

function setup() {
  const deadLetters: { body: string; code: string; originalMessageId: string }[] = [];
  const continued: unknown[] = [];
  const jobLookups: string[] = [];
  const handler = makeIngestExportFileHandler({
    queue: new MemoryFeedbackQueue(),
    customerSalt: async () => 'salt',
    // No job exists: a continuation is for an expired or unknown job.
    jobs: { getJob: async (jobId: string) => void jobLookups.push(jobId) } as unknown as ExportJobStore,
    files: {} as ExportFiles,
    continuation: { continueJob: async (m) => void continued.push(m) },
    deadLetters: { send: async (body, failure) => void deadLetters.push({ body, code: failure.code, originalMessageId: failure.originalMessageId }) },
    rawBucket: 'raw-bucket',
    timeZone: 'Europe/Paris',
    configuredProfiles: {},
    chunkRows: 1000,
    logger: silentLogger(),
  });
  const invoke = (...bodies: string[]) => handler({ Records: bodies.map((body, i) => sqsRecordOf(`m-${i}`, body)) } as SQSEvent, lambdaContext('ingestExportFile', 900));
  return { invoke, deadLetters, continued, jobLookups };
}

const notification = (bucket: string, eventName: string, key: string) => JSON.stringify({ Records: [{ eventName, s3: { bucket: { name: bucket }, object: { key, size: 10, eTag: 'e' } } }] });

describe('makeIngestExportFileHandler', () => {
  it('dead-letters a body that is neither a notification nor a continuation (JSON or not), and drops S3 test events', async () => {
    // Prepare
    const { invoke, deadLetters } = setup();
    // Act
    const { outcomes } = await invoke('not json', JSON.stringify({ hello: 'world' }), JSON.stringify({ Event: 's3:TestEvent', Bucket: 'raw-bucket' }));
    // Assess
    expect(deadLetters).toEqual([
      { body: 'not json', code: 'unrecognised_message', originalMessageId: 'm-0' },
      { body: '{"hello":"world"}', code: 'unrecognised_message', originalMessageId: 'm-1' },
    ]);
    expect(outcomes).toEqual([
      { outcome: 'ignored', reason: 'not an S3 object notification or an export continuation' },
      { outcome: 'ignored', reason: 'not an S3 object notification or an export continuation' },
    ]);
  });

  it('reads only objects created in its raw bucket, and ignores keys outside exports/ without touching a job', async () => {
    // Prepare
    const { invoke, deadLetters, jobLookups } = setup();
    // Act
    const { outcomes } = await invoke(
      notification('other-bucket', 'ObjectCreated:Put', 'exports/uploads/job-1'),
      notification('raw-bucket', 'ObjectRemoved:Delete', 'exports/uploads/job-1'),
      notification('raw-bucket', 'ObjectCreated:Put', 'inbound/some+mail.eml'),
    );
    // Assess
    expect(outcomes).toEqual([{ outcome: 'ignored', reason: expect.stringContaining('inbound/some mail.eml is not an export upload') }]);
    expect(jobLookups).toEqual([]);
    expect(deadLetters).toEqual([]);
  });

  it('routes a continuation to its job: an unknown job is ignored, nothing continued', async () => {
    // Prepare
    const { invoke, jobLookups, continued } = setup();
    // Act
    const { outcomes } = await invoke(JSON.stringify({ kind: 'export-chunk', jobId: 'job-9', startRow: 200, startByte: 4096 }));
    // Assess
    expect(jobLookups).toEqual(['job-9']);
    expect(outcomes).toEqual([{ outcome: 'ignored', jobId: 'job-9', reason: expect.stringContaining('no such export job') }]);
    expect(continued).toEqual([]);
  });
});
