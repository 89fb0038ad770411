import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../cli/local/stack';
import { ENV } from '../../shared/resources';
import { call, tempDir } from '../support/http';
import { stackState } from '../support/stack-state';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'exports');

let stack: LocalStack;
let dir: Awaited<ReturnType<typeof tempDir>>;
let state: ReturnType<typeof stackState>;
let previousConfig: string | undefined;

const post = (profile: string, file: string, contentType = 'text/csv') =>
  call(`${stack.info.apiUrl}/v1/exports?profile=${profile}`, { key: stack.info.keys.ingest, raw: readFileSync(join(FIXTURES, file)), contentType });

beforeAll(async () => {
  // The local stack reads the deployment's export profiles from EXPORT_PROFILES_CONFIG (here a file path).
  previousConfig = process.env[ENV.exportProfiles];
  process.env[ENV.exportProfiles] = join(FIXTURES, 'mapping-reviews.json');
  dir = await tempDir('export-profiles');
  stack = await startLocalStack({ dataDir: dir.path, port: 0 });
  state = stackState(stack.info);
}, 120_000);

afterAll(async () => {
  state?.close();
  await stack?.stop();
  await dir?.remove();
  if (previousConfig === undefined) delete process.env[ENV.exportProfiles];
  else process.env[ENV.exportProfiles] = previousConfig;
});

describe('POST /v1/exports with the qualtrics and configured profiles', () => {
  it('ingests a Qualtrics download: skipped previews and spam counted apart, a score off the scale rejected with its row', async () => {
    // Act
    const r = await post('qualtrics', 'qualtrics-en-numeric.csv');

    // Assess
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ profile: 'qualtrics', rows: 6, accepted: 2, skipped: 3, rejected: [{ row: 3, error: 'response R_cD4fG6hJ8kL0pQ2: Q2: 6 is out of range; CSAT is 1–5' }] });
    await state.drained();
    const first = (await state.storedItems()).find((i) => i.source.externalId === 'R_aB3dE5gH7jK9mN1')!;
    expect(first).toMatchObject({ occurredAt: '2026-02-02T14:03:31.000Z', ratings: { nps: 3, csat: 2, ces: 6 } });
    // The recipient's address is hashed, never stored.
    expect(first.customer?.idHash).toMatch(/^cus_[0-9a-f]{16,}$/);
    expect(JSON.stringify(first)).not.toContain('j.doe@example.com');
  });

  it('runs a mapping and a Qualtrics preset the deployment configured, by name', async () => {
    const reviews = await post('shop-reviews', 'mapping-reviews.csv');
    expect(reviews.status).toBe(202);
    expect(reviews.body).toMatchObject({ profile: 'shop-reviews', rows: 8, accepted: 3, skipped: 2 });
    expect(reviews.body.rejected.map((x: { row: number }) => x.row)).toEqual([4, 5, 6]);

    const survey = await post('survey-webhooks', 'mapping-survey-responses.json', 'application/json');
    expect(survey.body).toMatchObject({ rows: 4, accepted: 2 });

    const preset = await post('nps-2026', 'qualtrics-en-numeric.csv');
    // The preset skips the unfinished response for being unfinished (not for lacking a comment) and takes the queue as department.
    expect(preset.body).toMatchObject({ profile: 'nps-2026', accepted: 2, skipped: 3 });
    await state.drained();
    const stored = await state.storedItems();
    expect(stored.find((i) => i.source.externalId === 'RV-88123')).toMatchObject({ ratings: { csat: 5 }, occurredAt: '2026-03-14T13:30:00.000Z' });
    expect(stored.find((i) => i.source.externalId === 'resp_01HQ7Z')).toMatchObject({ ratings: { nps: 3, ces: 1 }, journey: 'resiliation' });
  });

  it('answers 400 naming the configured profiles for an unknown one', async () => {
    const r = await post('reviews', 'mapping-reviews.csv');

    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/unknown export profile "reviews": use one of .*qualtrics, shop-reviews, survey-webhooks, nps-2026/);
  });

  it('answers 400 naming the mapping field when a file does not fit the mapping', async () => {
    const r = await post('shop-reviews', 'qualtrics-legacy.csv');

    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/^mapping "shop-reviews" does not fit this file: text\[0\]: no column "Headline"/);
  });
});
