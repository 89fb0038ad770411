/**
 * Interface briefs and recognition through the local stack: a week in which Billing and Delivery
 * share a dozen complaints, and Billing's customers turn from angry to pleased, sends with that
 * week's digest (which opens with Billing's progress) ONE brief to the owners of both departments
 * with the officer in copy, and one note of recognition to Billing's owner (.eml files in the
 * outbox, exactly what SES would send); a second run of the same week sends the digest again (it
 * was asked for) but no second brief or note.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../cli/local/stack';
import { ENV } from '../../shared/resources';
import { call, tempDir } from '../support/http';
import { stackState } from '../support/stack-state';

let stack: LocalStack;
let dir: Awaited<ReturnType<typeof tempDir>>;
let state: ReturnType<typeof stackState>;
let previousDepartments: string | undefined;

/** Monday 8 June 2026: the week of the complaints (long past, so no incident opens on late data). */
const WEEK = '2026-06-08';
const COMPLAINTS = [
  'Facture fausse après la livraison, je suis furieux, scandaleux',
  'Livraison en retard et facture payée deux fois, service inadmissible',
  'Terrible: the delivery never came and the invoice charged me twice, disgusting',
  'Livreur impoli et facture incompréhensible, très déçu et en colère',
  'Awful delivery, damaged parcel, and the invoice is wrong, I am furious',
  'Remboursement de livraison promis, jamais reçu sur la facture, honteux',
];

async function outbox(): Promise<{ kind: string; to: string[]; cc: string[]; subject: string; text: string }[]> {
  const files = (await readdir(stack.info.outboxDir)).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const parsed = await PostalMime.parse(await readFile(join(stack.info.outboxDir, file)));
      return {
        kind: parsed.headers.find((h) => h.key === 'x-customer-voice-kind')?.value ?? '',
        to: (parsed.to ?? []).map((a) => a.address ?? ''),
        cc: (parsed.cc ?? []).map((a) => a.address ?? ''),
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
      };
    }),
  );
}

async function runDigest(): Promise<{ week: string; briefs: number; recognitionNotes: number }> {
  const run = await promisify(execFile)(process.execPath, [join(import.meta.dirname, '../../bin/customer-voice.mjs'), 'digest', '--week', `${WEEK}T00:00:00Z`], {
    env: { ...process.env, CV_DATA_DIR: dir.path },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return JSON.parse(run.stdout) as { week: string; briefs: number; recognitionNotes: number };
}

beforeAll(async () => {
  previousDepartments = process.env[ENV.departments];
  process.env[ENV.departments] = JSON.stringify({
    departments: [
      { id: 'billing', names: { en: 'Billing', fr: 'Facturation' }, keywords: { fr: ['facture'], en: ['invoice'] }, owners: ['billing-head@example.com'] },
      { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' }, keywords: { fr: ['livraison', 'livreur'], en: ['delivery'] }, owners: ['delivery-head@example.com'] },
      { id: 'sales', names: { en: 'Sales', fr: 'Ventes' }, keywords: { fr: ['vendeur'], en: ['salesperson'] } },
    ],
  });
  dir = await tempDir('briefs');
  stack = await startLocalStack({ dataDir: dir.path, port: 0 });
  state = stackState(stack.info);
}, 300_000);

afterAll(async () => {
  state?.close();
  await stack?.stop();
  await dir?.remove();
  if (previousDepartments === undefined) delete process.env[ENV.departments];
  else process.env[ENV.departments] = previousDepartments;
});

describe('interface briefs on the local stack', () => {
  it('sends one brief per hotspot pair to both owners with the officer in copy and one note to the most improved department, and neither again on a second run of the same week', async () => {
    // Prepare: 12 complaints that name both departments, through the public API.
    const items = Array.from({ length: 12 }, (_, i) => ({
      text: `${COMPLAINTS[i % COMPLAINTS.length]} (commande ${1000 + i})`,
      externalId: `shared-${i}`,
      occurredAt: `${WEEK}T${String(8 + (i % 10)).padStart(2, '0')}:${String(i * 3).padStart(2, '0')}:00Z`,
      customer: { id: `client${i}@example.com` },
    }));
    expect((await call(`${stack.info.apiUrl}/v1/feedback`, { key: stack.info.keys.ingest, body: { items } })).status).toBe(202);
    // Billing alone: 25 complaints the week before, 25 thanks this week — progress beyond noise.
    const billing = (label: string, day: string, text: string) =>
      Array.from({ length: 25 }, (_, i) => ({ text: `${text} (${label} ${i})`, externalId: `${label}-${i}`, occurredAt: `${day}T${String(8 + (i % 10)).padStart(2, '0')}:${String(i * 2).padStart(2, '0')}:00Z` }));
    const before25 = billing('billing-before', '2026-06-02', 'Facture fausse encore une fois, scandaleux, je suis furieux');
    const after25 = billing('billing-after', '2026-06-10', 'Facture claire et remboursement rapide, merci beaucoup, parfait');
    expect((await call(`${stack.info.apiUrl}/v1/feedback`, { key: stack.info.keys.ingest, body: { items: [...before25, ...after25] } })).status).toBe(202);
    await state.drained();
    const before = await outbox();

    // Act
    const first = await runDigest();
    const afterFirst = await outbox();
    const second = await runDigest();
    const afterSecond = await outbox();

    // Assess: the digest and one brief, to both owners, the officer in copy.
    expect(first).toMatchObject({ week: '2026-06-07T22:00:00.000Z', briefs: 1 });
    const briefs = afterFirst.filter((e) => e.kind === 'brief');
    expect(briefs).toHaveLength(1);
    expect(afterFirst.length - before.length).toBe(3);
    // The digest opens with billing's progress and its customers' words; its owner gets a note.
    const digest = afterFirst.find((e) => e.kind === 'digest')!;
    expect(digest.text.indexOf('Plus forte progression de la semaine')).toBeLessThan(digest.text.indexOf('Classement par progrès'));
    expect(digest.text).toMatch(/Facturation : indice de sentiment -100 → \d/);
    expect(digest.text).toContain('Facture claire et remboursement rapide');
    const notes = afterFirst.filter((e) => e.kind === 'recognition');
    expect(notes.map((e) => e.to)).toEqual([['billing-head@example.com']]);
    expect(first.recognitionNotes).toBe(1);
    const brief = briefs[0]!;
    expect(brief.to.sort()).toEqual(['billing-head@example.com', 'delivery-head@example.com']);
    expect(brief.cc).toEqual(['officer@example.com']);
    expect(brief.subject).toBe('[customer-voice] Point d’interface — Facturation × Livraison — semaine du 2026-06-08 : 12 avis négatifs en commun');
    expect(brief.text.match(/^> /gm)).toHaveLength(5);
    expect(brief.text).toContain('Proposition : en parler ensemble');
    expect(brief.text).not.toMatch(/client\d+@example\.com/);
    // The second run: the digest again (asked for), no second brief.
    expect(second).toMatchObject({ briefs: 0 });
    expect(afterSecond.filter((e) => e.kind === 'brief')).toHaveLength(1);
    expect(afterSecond.filter((e) => e.kind === 'digest')).toHaveLength(2);
    expect(afterSecond.filter((e) => e.kind === 'recognition')).toHaveLength(1);
  }, 300_000);
});
