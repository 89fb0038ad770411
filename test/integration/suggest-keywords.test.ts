/**
 * `customer-voice suggest-keywords` against the real local stack: feedback posted through the API
 * and processed (topics stored, summaries written), then the command reads the tables as a user
 * would, from the stack.json in CV_DATA_DIR; its patched configuration dry-runs with classify.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../cli/local/stack';
import { call, eventually, tempDir } from '../support/http';
import { stackState } from '../support/stack-state';

const BIN = join(import.meta.dirname, '../../bin/customer-voice.mjs');
const FROM = '2026-11-02T00:00:00Z';
const TO = '2026-11-09T00:00:00Z';

let stack: LocalStack;
let dir: Awaited<ReturnType<typeof tempDir>>;
let state: ReturnType<typeof stackState>;

/** A week of items: product's own talk of fibre, other departments' thanks, and unassigned ones. */
function week() {
  const texts: [string, string, number][] = [
    ['Le débit de la fibre est excellent, box rapide', 'fr', 14],
    ['Fibre broadband speed is great since the new router', 'en', 8],
    ['Parfait, facture claire et prélèvement correct', 'fr', 12],
    ['Parfait, colis livré à temps', 'fr', 12],
    ['Clear invoice and correct direct debit, perfect', 'en', 6],
    ['Parcel delivered on time, perfect', 'en', 6],
    ['La fibre coupe tous les soirs, écrivez-moi à jean.dupont@example.com', 'fr', 9],
    ['The fibre drops every evening around nine', 'en', 5],
    ['Parfait, très satisfait', 'fr', 8],
  ];
  let n = 0;
  return texts.flatMap(([text, lang, count]) =>
    Array.from({ length: count }, () => {
      n++;
      return { text, lang, externalId: `suggest-${n}`, occurredAt: `2026-11-0${2 + (n % 6)}T${String(8 + (n % 10)).padStart(2, '0')}:15:00Z` };
    }),
  );
}

const cli = (args: string[], input?: string) =>
  spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CV_DATA_DIR: dir.path } });

beforeAll(async () => {
  dir = await tempDir('suggest-keywords');
  stack = await startLocalStack({ dataDir: dir.path, port: 0 });
  state = stackState(stack.info);
  const items = week();
  const posted = await call(`${stack.info.apiUrl}/v1/feedback`, { key: stack.info.keys.ingest, body: { items } });
  expect(posted.status).toBe(202);
  await eventually('every item stored', async () => ((await state.storedItems()).length === items.length && stack.idle() ? true : undefined), 90_000, 250);
}, 240_000);

afterAll(async () => {
  state?.close();
  await stack?.stop();
  await dir?.remove();
});

describe('customer-voice suggest-keywords on the local stack', () => {
  it('proposes "fibre" for product in French and English, with the unassigned items each captures and redacted examples, and writes the patched configuration', async () => {
    const out = join(dir.path, 'departments.next.json');
    const run = cli(['suggest-keywords', '--from', FROM, '--to', TO, '--json', '--out', out]);
    expect(run.stderr).not.toContain('customer-voice:');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.unassignedItems).toBe(22);
    expect(report.proposals.map((p: { department: string; lang: string; keyword: string; captures: number }) => [p.department, p.lang, p.keyword, p.captures])).toEqual([
      ['product', 'fr', 'fibre', 9],
      ['product', 'en', 'fibre', 5],
    ]);
    expect(report.examinedAfterPatch).toBe(8);
    // Only redacted text leaves the pipeline, examples included.
    const examples = report.proposals.flatMap((p: { examples: { text: string }[] }) => p.examples.map((e) => e.text)).join('\n');
    expect(examples).not.toContain('jean.dupont@example.com');
    expect(examples).toContain('[EMAIL]');
    // Said alike in billing's and delivery's own items: no department claims it.
    expect(report.unplaced.find((u: { topic: string }) => u.topic === 'parf')?.reason).toMatch(/spread|common/);

    const patched = JSON.parse(await readFile(out, 'utf8'));
    expect(patched.departments.find((d: { id: string }) => d.id === 'product').keywords.fr).toContain('fibre');
    const dryRun = cli(['classify', '--config', out], JSON.stringify({ text: 'Plus de fibre depuis hier soir', lang: 'fr' }));
    expect(dryRun.status).toBe(0);
    expect(JSON.parse(dryRun.stdout).departments).toEqual([{ id: 'product', reason: 'keywords:fibre' }]);
  }, 240_000);

  it('prints the proposals, their evidence and the patch for a person to review', () => {
    const run = cli(['suggest-keywords', '--from', FROM, '--to', TO]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('+ "fibre" (fr)  9 unassigned items');
    expect(run.stdout).toMatch(/G² \d+(\.\d)? \(threshold 10\.83, p < 0\.001\)/);
    expect(run.stdout).toContain('"keywords": {');
    expect(run.stdout).toMatch(/- parfait \(8\): \(fr\) (spread|common)/i);
  }, 240_000);

  it('refuses a range that ends before it starts, saying which flag to fix', () => {
    const run = cli(['suggest-keywords', '--from', TO, '--to', FROM]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--from must be before --to');
  });
});
