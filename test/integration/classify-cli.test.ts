import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/customer-voice.mjs');

describe('customer-voice classify', () => {
  it('prints language, sentiment, departments and journeys with reasons for each JSONL line, and the error for bad lines', () => {
    const input = [
      JSON.stringify({ text: "Mon colis n'est jamais arrivé et on m'a quand même prélevé, c'est inadmissible" }),
      JSON.stringify({ text: 'The app keeps logging me out, I cannot access my account', lang: 'en' }),
      'not json',
      JSON.stringify({ text: 'Merci', department: 'sales' }),
    ].join('\n');
    const run = spawnSync(process.execPath, [BIN, 'classify'], { input, encoding: 'utf8', timeout: 60_000 });
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines).toHaveLength(4);
    const byLine = new Map(lines.map((l) => [l.line, l]));
    expect(byLine.get(1)).toMatchObject({ lang: 'fr', sentiment: { label: 'negative', model: expect.stringMatching(/^sentiment-fr-en@[0-9a-f]{12}$/) } });
    expect(byLine.get(1)!.departments.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(['delivery', 'billing']));
    expect(byLine.get(1)!.departments.every((d: { reason: string }) => d.reason.length > 0)).toBe(true);
    expect(byLine.get(2)!.departments.map((d: { id: string }) => d.id)).toContain('digital');
    expect(byLine.get(3)!.error).toMatch(/not JSON/);
    expect(byLine.get(4)!.departments).toEqual([{ id: 'sales', reason: 'hint:source' }]);
    expect(run.status).toBe(1);
  });

  it('uses the configuration file it is given', () => {
    const config = join(import.meta.dirname, '../fixtures/departments-minimal.json');
    const run = spawnSync(process.execPath, [BIN, 'classify', '--config', config], {
      input: JSON.stringify({ text: 'The warranty repair took a month' }),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).departments).toEqual([{ id: 'repairs', reason: expect.stringContaining('warranty') }]);
  });
});

describe('customer-voice redact', () => {
  it('prints each stdin line with personal data replaced, keeping order numbers', () => {
    const input = ['Mon IBAN est FR76 3000 6000 0112 3456 7890 189, commande CMD-2026-000123', 'Call +44 7700 900123 please', ''].join('\n');
    const run = spawnSync(process.execPath, [BIN, 'redact'], { input, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual(['Mon IBAN est [IBAN], commande CMD-2026-000123', 'Call [PHONE] please']);
  });
});
