import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../cli/local/stack';
import { buildApp } from '../../infra/app';
import { functionBundles, type FunctionBundle } from '../../infra/assembly';
import { DLQ_ATTRIBUTES } from '../../shared/adapters/sqs-dead-letter';
import { FUNCTIONS, type FunctionName } from '../../shared/resources';
import { call, eventually, tempDir } from '../support/http';
import { stackState } from '../support/stack-state';
import { localClientConfig } from '../../cli/local/local-aws';
import { bundleEnvironment, coldImportScript } from '../../cli/local/bundle-cold-import';

/**
 * What is deployed is what is tested: synthesize the CDK app (local esbuild, exactly as
 * `cdk synth`), then run the bundles from the cloud assembly — not the TypeScript sources —
 * against the embedded emulators.
 */
let bundles: Record<FunctionName, FunctionBundle>;
let stack: LocalStack;
let assembly: Awaited<ReturnType<typeof tempDir>>;
let data: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  assembly = await tempDir('assembly');
  data = await tempDir('bundles');
  // A deployment's own departments and export profiles, compiled into the bundles at synth time.
  const { app } = buildApp({
    outdir: assembly.path,
    context: { sentimentEngine: 'embedded', departments: 'test/fixtures/departments-bundle.json', exportProfiles: 'test/fixtures/exports/mapping-reviews.json' },
  });
  bundles = functionBundles(app.synth().directory);
  stack = await startLocalStack({
    dataDir: data.path,
    port: 0,
    handlers: { kind: 'bundles', files: Object.fromEntries(Object.entries(bundles).map(([n, b]) => [n, b.file])) as Record<FunctionName, string> },
  });
  // The synth bundles every function and builds the dashboard page; a loaded machine needs the margin.
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await data?.remove();
  await assembly?.remove();
});

describe('the synthesized bundles', () => {
  it.each(Object.keys(FUNCTIONS) as FunctionName[])('%s initialises in a fresh Node with only the environment its template gives it', (name) => {
    // Prepare: the template's variable names, with the local resource behind each one.
    const bundle = bundles[name];
    const env = bundleEnvironment(bundle);
    // Act: a cold import, as Lambda's init phase does.
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', coldImportScript(bundle.file)], { env, encoding: 'utf8', timeout: 30_000 });
    // Assess: a missing variable, module or packaging mistake fails the import.
    expect(run.stderr).not.toMatch(/ConfigurationError|Cannot find|ERR_/);
    expect(run.status).toBe(0);
    const { initMs } = JSON.parse(run.stdout.trim().split('\n').pop()!) as { initMs: number };
    expect(initMs).toBeGreaterThan(0);
    // Cold-start budget: the bundle (without its source map) stays under 1 MB.
    const sizeKb = statSync(bundle.file).size / 1024;
    expect(sizeKb).toBeLessThan(1024);
    console.info(`${name}: bundle ${Math.round(sizeKb)} KB, module init ${Math.round(initMs)} ms`);
  });

  it('carry the department configuration given at synth time', async () => {
    const r = await call(`${stack.info.apiUrl}/v1/departments`, { key: stack.info.keys.read });
    expect(r.body.departments.map((d: { id: string }) => d.id)).toEqual(['delivery', 'repairs', 'unassigned']);
    for (const name of ['readApi', 'processFeedback'] as const) expect(bundles[name].environment).not.toHaveProperty('DEPARTMENTS_CONFIG');
  });

  it('carry the export profiles given at synth time: ?profile=<configured name> works without any environment', async () => {
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync('test/fixtures/exports/mapping-reviews.csv');
    const r = await call(`${stack.info.apiUrl}/v1/exports?profile=shop-reviews`, { key: stack.info.keys.ingest, raw: csv, contentType: 'text/csv' });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ profile: 'shop-reviews', rows: 8, accepted: 3, skipped: 2 });
    expect(bundles.ingestApi.environment).not.toHaveProperty('EXPORT_PROFILES_CONFIG');
  });

  it('run the pipeline end to end: ingest, process, score, dead-letter', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({
      text: i % 3 ? `Le livreur a perdu mon colis ${i}, inadmissible` : `Parcel ${i} delivered early, thank you, great courier`,
      externalId: `bundle-${i}`,
      occurredAt: '2026-06-10T08:30:00Z',
      ratings: { nps: i % 3 ? 3 : 10 },
    }));
    const posted = await call(`${stack.info.apiUrl}/v1/feedback`, { key: stack.info.keys.ingest, body: { items } });
    expect(posted.status).toBe(202);
    const day = await eventually('30 delivery items', async () => {
      const r = await call(`${stack.info.apiUrl}/v1/scores?department=delivery&granularity=day&from=2026-06-10T00:00:00Z&to=2026-06-10T23:00:00Z`, {
        key: stack.info.keys.read,
      });
      return r.body.series?.[0]?.count === 30 ? r.body.series[0] : undefined;
    });
    expect(day.nps).toBe(-33.33); // 10 promoters, 20 detractors
    expect(day.negative).toBeGreaterThan(day.positive);

    const sqs = new SQSClient(localClientConfig(stack.info.endpoints.sqs));
    await sqs.send(new SendMessageCommand({ QueueUrl: stack.info.resources.queues.ingest.url, MessageBody: 'not json' }));
    const dead = await eventually('the dead letter', async () => {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.info.resources.queues.ingest.dlqUrl, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }));
      return out.Messages?.[0];
    });
    expect(dead.MessageAttributes?.[DLQ_ATTRIBUTES.code]?.StringValue).toBe('invalid_json');

    const state = stackState(stack.info);
    const drift = await state.drift();
    state.close();
    expect(drift).toEqual([]);
  });
});
