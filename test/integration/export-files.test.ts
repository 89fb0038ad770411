import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestExportFile } from '../../cli/ingest-export';
import { localClientConfig } from '../../cli/local/local-aws';
import { objectCreatedEvent } from '../../cli/local/lambda-events';
import { startLocalStack, type LocalStack } from '../../cli/local/stack';
import { dropJobId } from '../../shared/domain/export-jobs';
import { ENV } from '../../shared/resources';
import { call, eventually, tempDir } from '../support/http';
import { stackState } from '../support/stack-state';

/** Rows per chunk for this test: a 1,600-row file is read in 4 invocations (a 2-million-row one in 10 at the default 200,000). */
const CHUNK_ROWS = 500;

let stack: LocalStack;
let dir: Awaited<ReturnType<typeof tempDir>>;
let state: ReturnType<typeof stackState>;
let s3: S3Client;
const previousChunkRows = process.env[ENV.exportChunkRows];

beforeAll(async () => {
  process.env[ENV.exportChunkRows] = String(CHUNK_ROWS);
  dir = await tempDir('export-files');
  stack = await startLocalStack({ dataDir: dir.path, port: 0 });
  state = stackState(stack.info);
  s3 = new S3Client({ ...localClientConfig(stack.info.endpoints.s3), forcePathStyle: true });
}, 60_000);

afterAll(async () => {
  if (previousChunkRows === undefined) delete process.env[ENV.exportChunkRows];
  else process.env[ENV.exportChunkRows] = previousChunkRows;
  s3?.destroy();
  state?.close();
  await stack?.stop();
  await dir?.remove();
});

/**
 * A French-Excel export: BOM, `;` delimiter, CRLF, a quoted newline, and three bad rows
 * (missing text, impossible date, NPS out of range) among 1,600.
 */
function frenchExcelExport(rows: number, idPrefix: string): { csv: string; bad: Map<number, RegExp> } {
  const lines = ['\uFEFFid;date;message;nps;department'];
  const bad = new Map<number, RegExp>([
    [10, /message: is empty/],
    [900, /date/i],
    [1500, /nps/i],
  ]);
  for (let row = 1; row <= rows; row++) {
    const day = String((row % 28) + 1).padStart(2, '0');
    if (row === 10) lines.push(`${idPrefix}-${row};2026-02-${day}T10:00:00Z;;7;billing`);
    else if (row === 900) lines.push(`${idPrefix}-${row};31/02/2026 99:99;Facture illisible;5;billing`);
    else if (row === 1500) lines.push(`${idPrefix}-${row};2026-02-${day}T10:00:00Z;Livraison correcte;11;delivery`);
    else if (row === 7) lines.push(`${idPrefix}-${row};2026-02-${day}T10:00:00Z;Livraison rapide 😀 merci 👍🏽;9;delivery`);
    else if (row === 5) lines.push(`${idPrefix}-${row};2026-02-${day}T10:00:00Z;"Colis reçu abîmé;\r\nemballage déchiré";2;delivery`);
    else lines.push(`${idPrefix}-${row};2026-02-${day}T10:00:00Z;Facture n°${row} reçue, service correct;${row % 11};billing`);
  }
  return { csv: `${lines.join('\r\n')}\r\n`, bad };
}

async function upload(body: string, key = stack.info.keys.ingest): Promise<string> {
  const ticket = await call(`${stack.info.apiUrl}/v1/exports/uploads?profile=generic&format=csv`, { method: 'POST', key });
  expect(ticket.status).toBe(201);
  expect(ticket.body.upload).toMatchObject({ method: 'PUT' });
  const put = await fetch(ticket.body.upload.url, { method: 'PUT', body });
  expect(put.status).toBe(200);
  return ticket.body.jobId as string;
}

async function finished(jobId: string, key = stack.info.keys.ingest) {
  return eventually(
    `export job ${jobId} to finish`,
    async () => {
      const r = await call(`${stack.info.apiUrl}/v1/exports/${jobId}`, { key });
      return r.body.status === 'completed' || r.body.status === 'failed' ? r.body : undefined;
    },
    90_000,
    200,
  );
}

describe('exports uploaded through a presigned URL', () => {
  let firstJob: string;
  const { csv, bad } = frenchExcelExport(1600, 'fx');

  it('reads a 1,600-row file in chunks and reports every bad row with its number and why', async () => {
    firstJob = await upload(csv);
    const summary = await finished(firstJob);
    expect(summary).toMatchObject({ status: 'completed', origin: 'upload', profile: 'generic', rows: 1600, accepted: 1597, rejectedCount: 3, chunks: Math.ceil(1600 / CHUNK_ROWS) });
    expect(summary.rejected.map((r: { row: number }) => r.row)).toEqual([...bad.keys()]);
    for (const r of summary.rejected as { row: number; error: string }[]) expect(r.error).toMatch(bad.get(r.row)!);
  }, 120_000);

  it('stores each accepted row once, the quoted newline intact', async () => {
    await state.drained(120_000);
    const items = await eventually('1,597 stored items', async () => {
      const stored = await state.storedItems();
      return stored.length === 1597 ? stored : undefined;
    }, 60_000, 500);
    // Line endings are normalised like every other channel's text; the newline itself stays.
    expect(items.find((i) => i.source.externalId === 'fx-5')?.text).toBe('Colis reçu abîmé;\nemballage déchiré');
    // Emoji are outside what some SQS implementations take raw: they travel escaped and arrive intact.
    expect(items.find((i) => i.source.externalId === 'fx-7')?.text).toBe('Livraison rapide 😀 merci 👍🏽');
    expect(await state.drift()).toEqual([]);
  }, 180_000);

  it('counts nothing twice when the same file is uploaded again, or S3 notifies twice', async () => {
    const again = await finished(await upload(csv));
    expect(again).toMatchObject({ status: 'completed', rows: 1600, accepted: 1597 });
    // S3 delivers at least once: the same notification again passes the first chunk's baton on, rereads nothing.
    const exportsQueue = stack.info.resources.queues.exports.url;
    const notification = objectCreatedEvent(stack.info.resources.buckets.raw, `exports/uploads/${firstJob}`, csv.length, 'same', new Date(), 'exports');
    await state.sqs.send(new SendMessageCommand({ QueueUrl: exportsQueue, MessageBody: JSON.stringify(notification) }));
    await eventually('the exports queue to drain', async () => ((await state.queueDepth(exportsQueue)) === 0 ? true : undefined), 30_000, 200);
    await state.drained(60_000);
    expect((await finished(firstJob)).accepted).toBe(1597);
    expect((await state.storedItems()).length).toBe(1597);
    expect(await state.drift()).toEqual([]);
  }, 180_000);

  it('ends on the last row when the file is an exact number of chunks: no empty or phantom chunk', async () => {
    const { csv: exact } = frenchExcelExport(2 * CHUNK_ROWS, 'exact');
    const summary = await finished(await upload(exact));
    expect(summary).toMatchObject({ status: 'completed', rows: 2 * CHUNK_ROWS, chunks: 2, rejectedCount: 2 });
  }, 120_000);

  it('shows a job only to the source that sent it', async () => {
    const other = await call(`${stack.info.apiUrl}/v1/exports/${firstJob}`, { key: stack.info.keys.read });
    expect(other.status).toBe(403);
    const admin = await call(`${stack.info.apiUrl}/v1/exports/${firstJob}`, { key: stack.info.keys.admin });
    expect(admin.status).toBe(200);
    const missing = await call(`${stack.info.apiUrl}/v1/exports/00000000-0000-4000-8000-000000000000`, { key: stack.info.keys.ingest });
    expect(missing.status).toBe(404);
  });

  it('refuses an unknown profile before handing out a URL, naming the profiles', async () => {
    const r = await call(`${stack.info.apiUrl}/v1/exports/uploads?profile=salesforce`, { method: 'POST', key: stack.info.keys.ingest });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/generic/);
  });
});

describe('customer-voice ingest export', () => {
  it('uploads a file from disk through the presigned URL and follows the job to its summary', async () => {
    const file = join(dir.path, 'survey.csv');
    await writeFile(file, 'id,date,text,csat\ncli-1,2026-02-01T10:00:00Z,Very helpful agent,5\ncli-2,2026-02-01T11:00:00Z,,3\n');
    const seen: string[] = [];
    const summary = await ingestExportFile(file, { apiUrl: stack.info.apiUrl, key: stack.info.keys.ingest, profile: 'generic', wait: true, pollMs: 100, progress: (s) => seen.push(s.status) });
    expect(summary).toMatchObject({ status: 'completed', rows: 2, accepted: 1, rejected: [{ row: 2, error: expect.stringMatching(/text: is empty/) }] });
    expect(seen.at(-1)).toBe('completed');
  }, 60_000);
});

describe('exports dropped in the bucket', () => {
  it('reads a Zendesk CSV dropped under exports/zendesk/ as a job of its own', async () => {
    const csv = await readFile('test/fixtures/exports/zendesk-tickets.csv');
    const key = 'exports/zendesk/2026-03-12 tickets.csv';
    const put = await s3.send(new PutObjectCommand({ Bucket: stack.info.resources.buckets.raw, Key: key, Body: csv }));
    const jobId = dropJobId(key, (put.ETag ?? '').replace(/"/g, ''));
    const summary = await finished(jobId, stack.info.keys.admin);
    expect(summary).toMatchObject({ status: 'completed', origin: 'drop', profile: 'zendesk', rows: 4, accepted: 2, rejectedCount: 2 });
    expect(summary.rejected.map((r: { row: number }) => r.row)).toEqual([3, 4]);
  }, 60_000);

  it('fails a dropped file whose profile is unknown, with the reason in the job', async () => {
    const key = 'exports/acme-crm/today.csv';
    const put = await s3.send(new PutObjectCommand({ Bucket: stack.info.resources.buckets.raw, Key: key, Body: 'a,b\n1,2\n' }));
    const summary = await finished(dropJobId(key, (put.ETag ?? '').replace(/"/g, '')), stack.info.keys.admin);
    expect(summary.status).toBe('failed');
    expect(summary.error).toMatchObject({ code: 'unknown_profile' });
    expect(summary.error.message).toMatch(/acme-crm/);
  }, 60_000);
});
