import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../cli/local/stack';
import { call, tempDir } from '../support/http';
import { stackState } from '../support/stack-state';

const execFileAsync = promisify(execFile);
let stack: LocalStack;
let dir: Awaited<ReturnType<typeof tempDir>>;
let state: ReturnType<typeof stackState>;

const day = '2026-04-07';
const scores = () =>
  call(`${stack.info.apiUrl}/v1/scores?department=delivery&granularity=day&from=${day}T00:00:00Z&to=${day}T23:00:00Z`, { key: stack.info.keys.read });
const verbatims = () =>
  call(`${stack.info.apiUrl}/v1/feedback?department=delivery&from=${day}T00:00:00Z&to=${day}T23:59:59Z`, { key: stack.info.keys.read });

beforeAll(async () => {
  dir = await tempDir('privacy');
  stack = await startLocalStack({ dataDir: dir.path, port: 0 });
  state = stackState(stack.info);
  const items = [
    { text: 'Colis jamais livré, rappelez-moi au 06 12 34 56 78', externalId: 'j1', occurredAt: `${day}T09:00:00Z`, customer: { id: 'Jane@Example.com', consent: true }, ratings: { nps: 2 } },
    { text: 'Livreur très désagréable avec moi', externalId: 'j2', occurredAt: `${day}T10:00:00Z`, customer: { id: 'jane@example.com', consent: false }, ratings: { nps: 1 } },
    { text: 'Colis arrivé en avance, merci', externalId: 'b1', occurredAt: `${day}T11:00:00Z`, customer: { id: 'bob@example.org' }, ratings: { nps: 10 } },
  ];
  expect((await call(`${stack.info.apiUrl}/v1/feedback`, { key: stack.info.keys.ingest, body: { items } })).status).toBe(202);
  await state.drained();
});

afterAll(async () => {
  state?.close();
  await stack?.stop();
  await dir?.remove();
});

describe('personal data', () => {
  it('stores redacted text, counts an item without consent but keeps none of its words', async () => {
    const items = await state.storedItems();
    expect(items).toHaveLength(3);
    const raw = JSON.stringify(items);
    expect(raw).not.toMatch(/06 12 34 56 78|jane@example\.com|bob@example\.org|désagréable/i);
    expect(items.find((i) => i.text.startsWith('Colis jamais'))!.text).toContain('[PHONE]');
    expect(items.filter((i) => i.textWithheld)).toHaveLength(1);
    expect((await scores()).body.series[0]).toMatchObject({ count: 3, nps: -33.33 });
    const shown = (await verbatims()).body.items.map((v: { text: string }) => v.text);
    expect(shown).toHaveLength(2);
    expect(shown.join(' ')).not.toMatch(/désagréable/);
  });

  it('erases a customer by email through the CLI: items anonymised, verbatims gone, scores unchanged, a receipt printed', async () => {
    const before = (await scores()).body.series[0];
    const departmentsOfJane = new Set((await state.storedItems()).find((i) => i.text.startsWith('Colis jamais'))!.departments.map((d) => d.id)).size;
    // Asynchronously: the stack answering the CLI runs in this very process.
    const run = await execFileAsync(process.execPath, [join(import.meta.dirname, '../../bin/customer-voice.mjs'), 'erase', '--customer', ' JANE@example.com '], {
      env: { ...process.env, CV_DATA_DIR: dir.path },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const receipt = JSON.parse(run.stdout);
    // Jane's consented item had one verbatim row per department; the other had none.
    const janeRows = (await state.storedItems()).find((i) => i.id && i.text === '' && !i.erasedAt);
    expect(janeRows).toBeUndefined();
    expect(receipt).toMatchObject({ itemsAnonymised: 2, aggregates: 'kept-as-anonymous-counts' });
    expect(receipt.verbatimRowsDeleted).toBe(departmentsOfJane);
    expect(run.stdout).not.toMatch(/jane/i);

    const items = await state.storedItems();
    const janes = items.filter((i) => i.erasedAt);
    expect(janes).toHaveLength(2);
    for (const item of janes) expect(item).toMatchObject({ text: '', customer: {}, textWithheld: true });
    expect(items.find((i) => !i.erasedAt)!.customer.idHash).toMatch(/^cus_/);
    expect((await verbatims()).body.items.map((v: { text: string }) => v.text)).toEqual(['Colis arrivé en avance, merci']);
    expect((await scores()).body.series[0]).toEqual(before);
    expect(await state.drift()).toEqual([]);
  });

  it('refuses erasure to a read key and explains a bad request', async () => {
    expect((await call(`${stack.info.apiUrl}/v1/erasure`, { key: stack.info.keys.read, body: { customer: 'x' } })).status).toBe(403);
    const bad = await call(`${stack.info.apiUrl}/v1/erasure`, { key: stack.info.keys.admin, body: { email: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('customer');
  });
});

describe('API key rotation', () => {
  it('creates a key that works at once, lists it without the key, and disables it', async () => {
    const cli = (...args: string[]) =>
      execFileAsync(process.execPath, [join(import.meta.dirname, '../../bin/customer-voice.mjs'), ...args], { env: { ...process.env, CV_DATA_DIR: dir.path }, encoding: 'utf8', timeout: 60_000 });
    // Act: rotate the CRM's key.
    const key = (await cli('keys', 'create', '--role', 'ingest', '--source', 'crm')).stdout.trim();
    const accepted = await call(`${stack.info.apiUrl}/v1/feedback`, { key, body: { text: 'Colis livré, parfait', externalId: 'rot-1' } });
    const listed = (await cli('keys', 'list')).stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; source: string; disabled: boolean });
    const crm = listed.find((k) => k.source === 'crm')!;
    await cli('keys', 'disable', crm.id);
    // Assess
    expect(accepted.status).toBe(202);
    expect(listed.map((k) => k.source)).toEqual(expect.arrayContaining(['local-ingest', 'local-read', 'local-admin', 'crm']));
    expect(JSON.stringify(listed)).not.toContain(key);
    const { createAuthenticator } = await import('../../shared/app/authenticate');
    const { documentClient } = await import('../../shared/adapters/dynamo-client');
    const { DynamoControlStore } = await import('../../shared/adapters/dynamo-control-store');
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const control = new DynamoControlStore(
      documentClient(new DynamoDBClient({ endpoint: stack.info.endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } })),
      stack.info.resources.tables.control,
    );
    await expect(createAuthenticator(control, { cacheTtlMs: 0 })(key, 'ingest')).rejects.toThrow(/disabled/);
    await expect(createAuthenticator(control, { cacheTtlMs: 0 })(stack.info.keys.ingest, 'ingest')).resolves.toMatchObject({ source: 'local-ingest' });
    expect((await cli('keys', 'list')).stdout).toMatch(new RegExp(`"id":"${crm.id}".*"disabled":true`));
  });
});

describe('customer-voice ingest email (SES inbound, locally)', () => {
  it('queues what the customer wrote, hashes the sender, and skips out-of-office and bounces with a reason', async () => {
    const fixtures = join(import.meta.dirname, '../fixtures/emails');
    const run = await execFileAsync(
      process.execPath,
      [join(import.meta.dirname, '../../bin/customer-voice.mjs'), 'ingest', 'email', join(fixtures, 'gmail-reply-fr-quoted.eml'), join(fixtures, 'outlook-oof-fr.eml'), join(fixtures, 'dsn-bounce.eml')],
      { env: { ...process.env, CV_DATA_DIR: dir.path }, encoding: 'utf8', timeout: 60_000 },
    );
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; outcomes: Record<string, number> });
    expect(lines.map((l) => l.outcomes)).toEqual([{ queued: 1 }, { skipped: 1 }, { skipped: 1 }]);
    await state.drained();
    const email = (await state.storedItems()).find((i) => i.source.channel === 'email')!;
    expect(email.text).toMatch(/^Bonjour,\n\nJe vous réécris car ma commande n°45821 n'est toujours pas arrivée/);
    expect(email.text).not.toMatch(/a écrit|^>/m);
    expect(email.source).toMatchObject({ channel: 'email', provider: 'ses-inbound', externalId: 'CAH5mQ3+b7kWq1x=ZrT9p0Lk2fGdE8sVYbQ@mail.gmail.com' });
    expect(email.customer.idHash).toMatch(/^cus_/);
    expect(JSON.stringify(email)).not.toContain('claire.martin');
    expect(email.departments.map((d) => d.id)).toContain('delivery');
  });
});

describe('erasure of an email customer', () => {
  it('also deletes the raw email the item came from', async () => {
    const { HeadObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
    const s3 = new S3Client({ endpoint: stack.info.endpoints.s3, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    const email = (await state.storedItems()).find((i) => i.source.channel === 'email')!;
    const key = String(email.metadata.rawObject);
    expect(key).toMatch(/^inbound\//);
    await s3.send(new HeadObjectCommand({ Bucket: stack.info.resources.buckets.raw, Key: key }));
    const receipt = await call(`${stack.info.apiUrl}/v1/erasure`, { key: stack.info.keys.admin, body: { customer: 'Claire.Martin@gmail.com' } });
    expect(receipt.status).toBe(200);
    expect(receipt.body).toMatchObject({ itemsAnonymised: 1, rawObjectsDeleted: 1 });
    await expect(s3.send(new HeadObjectCommand({ Bucket: stack.info.resources.buckets.raw, Key: key }))).rejects.toThrow();
    const after = (await state.storedItems()).find((i) => i.id === email.id)!;
    expect(after).toMatchObject({ text: '', textWithheld: true, metadata: {} });
    s3.destroy();
  });
});
