import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runClassify } from '../../cli/classify';
import { suggestKeywords } from '../../shared/app/suggest-keywords';
import { applyKeywordsPatch, patchConfigJson } from '../../shared/domain/departments/keywords-patch';
import { attributeDepartments } from '../../shared/domain/departments/attribution';
import { DEFAULT_DEPARTMENTS, DepartmentsConfigSchema } from '../../shared/domain/departments/schema';
import { InvalidRequestError } from '../../shared/domain/failures';
import type { TopicEntry, TopicWindow } from '../../shared/domain/topics/contract';
import { logLikelihoodRatio, placeKeyword } from '../../shared/domain/topics/keyword-evidence';
import type { Verbatim } from '../../shared/ports/stores';
import { MemoryTopicSummaries } from '../support/memory-topic-summaries';

const FROM = new Date('2026-10-01T00:00:00Z');
const TO = new Date('2026-10-15T00:00:00Z');
const DAY = '2026-10-05T00:00:00.000Z';

const entry = (key: string, phrase: string, count: number, error = 0): TopicEntry => ({ key, phrase, count, negative: 0, error });
/** A cell whose summary has dropped topics of at most `floor` occurrences (0: exact). */
const window = (items: number, entries: TopicEntry[], floor = 0, at = DAY): TopicWindow => ({ window: at, items, negativeItems: 0, entries, floor });

/** Unassigned items as the store's index gives them back: newest first, redacted text, their topics. */
function unassignedItems(): Verbatim[] {
  const items: Verbatim[] = [];
  const add = (text: string, lang: string, topics: { key: string; phrase: string }[], reason = 'no-match') =>
    items.push({ id: `fb_${items.length}`, occurredAt: `2026-10-0${1 + (items.length % 9)}T10:00:00.000Z`, text, lang, sentiment: 'negative', departments: [{ id: 'unassigned', reason }], journeys: [], channel: 'api', topics });
  for (let i = 0; i < 12; i++) add('La fibre coupe tous les soirs', 'fr', [{ key: 'fibr', phrase: 'fibre' }, { key: 'soir', phrase: 'soirs' }]);
  for (let i = 0; i < 6; i++) add('The fibre drops every evening', 'en', [{ key: 'fibr', phrase: 'Fibre' }, { key: 'evening', phrase: 'evening' }]);
  for (let i = 0; i < 10; i++) add('Merci, très satisfait', 'fr', [{ key: 'merci', phrase: 'Merci' }, { key: 'satisf', phrase: 'satisfait' }]);
  // French "signaler" stems like English "signal", which product's English items carry.
  for (let i = 0; i < 8; i++) add('Rien à signaler', 'fr', [{ key: 'signal', phrase: 'signaler' }]);
  // A source named a department nobody configured: no keyword can move it.
  for (let i = 0; i < 5; i++) add('La fibre est lente', 'fr', [{ key: 'fibr', phrase: 'fibre' }], 'hint:unknown-department:network-ops');
  return items.sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || a.id.localeCompare(b.id));
}

/** The departments' own items: product talks of fibre in both languages (and "signal" in English); billing and delivery thank people. */
function departmentItems(): Verbatim[] {
  const texts: [string, string, string][] = [
    ['product', 'Le débit de la fibre est excellent, merci', 'fr'],
    ['product', 'Passage à la fibre, box rapide', 'fr'],
    ['product', 'Fibre broadband speed is great', 'en'],
    ['product', 'No signal at home, poor network coverage', 'en'],
    ['billing', 'Facture claire, merci', 'fr'],
    ['billing', 'Clear invoice, thanks', 'en'],
    ['delivery', 'Colis livré à temps, merci', 'fr'],
    ['delivery', 'Parcel on time, thanks', 'en'],
  ];
  return Array.from({ length: 80 }, (_, i) => {
    const [department, text, lang] = texts[i % texts.length]!;
    return { id: `fb_d${i}`, occurredAt: '2026-10-03T10:00:00.000Z', text, lang, sentiment: 'positive', departments: [{ id: department, reason: 'keywords:x' }], journeys: [], channel: 'api' };
  });
}

function world() {
  const topics = new MemoryTopicSummaries();
  topics.put({ kind: 'unassigned' }, 'day', [window(41, [entry('fibr', 'fibre', 23), entry('merci', 'Merci', 10), entry('soir', 'soirs', 12), entry('satisf', 'satisfait', 10), entry('signal', 'signaler', 8)])]);
  const items = [...unassignedItems(), ...departmentItems()];
  const store = {
    async verbatims(department: string, from: Date, to: Date, limit: number) {
      return items.filter((v) => v.departments.some((d) => d.id === department) && v.occurredAt >= from.toISOString() && v.occurredAt < to.toISOString()).slice(0, limit);
    },
  };
  return { topics, items: store, config: DEFAULT_DEPARTMENTS };
}

describe('placeKeyword', () => {
  it('places a keyword in the department whose own items it matches far more than the others’, with the test behind it', () => {
    const placed = placeKeyword([
      { id: 'product', items: 200, count: 46 },
      { id: 'billing', items: 900, count: 5 },
    ]);
    expect(placed.placed).toBe(true);
    if (!placed.placed) return;
    expect(placed.evidence).toMatchObject({ department: 'product', count: 46, items: 200, restCount: 5, restItems: 900 });
    expect(placed.evidence.g2).toBeCloseTo(logLikelihoodRatio(46, 200, 5, 900), 6);
    expect(placed.evidence.g2).toBeGreaterThan(10.83);
  });

  it('places nothing every department matches alike, nothing too rare, nothing no department matches', () => {
    expect(placeKeyword(['a', 'b', 'c'].map((id) => ({ id, items: 300, count: 30 })))).toMatchObject({ placed: false, reason: expect.stringMatching(/spread|common/) });
    expect(placeKeyword([{ id: 'a', items: 300, count: 2 }, { id: 'b', items: 300, count: 0 }])).toMatchObject({ placed: false, reason: expect.stringMatching(/too rare/) });
    expect(placeKeyword([{ id: 'a', items: 300, count: 0 }, { id: 'b', items: 300, count: 0 }])).toEqual({ placed: false, reason: 'no department’s own items carry it' });
    expect(placeKeyword([{ id: 'a', items: 30, count: 20 }, { id: 'b', items: 0, count: 0 }])).toMatchObject({ placed: false, reason: 'only a has items in this language: nothing to compare with' });
  });

  it('asks for a share well above the others’ even where a large sample makes a small difference significant', () => {
    const placed = placeKeyword([{ id: 'a', items: 20_000, count: 2_000 }, { id: 'b', items: 20_000, count: 1_000 }]);
    expect(placed).toMatchObject({ placed: false, reason: expect.stringMatching(/only 2\.0× the others/) });
  });

  it('G² is zero for equal shares and grows with the difference', () => {
    expect(logLikelihoodRatio(10, 100, 100, 1000)).toBeCloseTo(0, 9);
    expect(logLikelihoodRatio(20, 100, 100, 1000)).toBeGreaterThan(logLikelihoodRatio(15, 100, 100, 1000));
  });
});

describe('suggestKeywords', () => {
  it('proposes "fibre" for product in French and English, with the unassigned items each would capture and redacted examples', async () => {
    const report = await suggestKeywords(world(), { from: FROM, to: TO });
    const fibre = report.proposals.filter((p) => p.topic === 'fibr');
    expect(fibre.map((p) => [p.department, p.lang, p.keyword])).toEqual([['product', 'fr', 'fibre'], ['product', 'en', 'fibre']]);
    // A term matches the items of its own language: each list takes its own items.
    expect(fibre.map((p) => [p.captures, p.newlyCaptured])).toEqual([[12, 12], [6, 6]]);
    expect(report.proposals).toHaveLength(2);
    expect(fibre[0]!.why).toContain('matches 20 of the 20 latest fr product items read (100.0 %) against 0 of 20 of the other departments');
    expect(fibre[1]!.why).toContain('matches 10 of the 20 latest en product items read');
    expect(fibre[0]!.examples).toHaveLength(3);
    expect(fibre[0]!.examples.every((e) => e.text.toLowerCase().includes('fibre'))).toBe(true);
    expect(report.patch).toEqual({ departments: [{ id: 'product', keywords: { fr: ['fibre'], en: ['fibre'] } }] });
  });

  it('leaves out what no department claims by evidence, and says why', async () => {
    const report = await suggestKeywords(world(), { from: FROM, to: TO });
    const reasons = Object.fromEntries(report.unplaced.map((u) => [u.topic, u.reason]));
    expect(reasons.merci).toMatch(/^\(fr\) (spread|common)/);
    expect(reasons.soir).toBe('(fr) no department’s own items carry it');
    expect(report.proposals.some((p) => ['merci', 'soir', 'satisf'].includes(p.topic))).toBe(false);
  });

  it('counts what the patch leaves unassigned with the real attribution; items a source put there are not read', async () => {
    const deps = world();
    const report = await suggestKeywords(deps, { from: FROM, to: TO });
    expect(report.unassignedItems).toBe(41);
    expect(report.examined).toBe(36);
    expect(report.examinedAfterPatch).toBe(18);
    const patched = applyKeywordsPatch(DEFAULT_DEPARTMENTS, report.patch);
    // The patched configuration is a valid one, the user can save and dry-run it.
    expect(() => DepartmentsConfigSchema.parse(patched)).not.toThrow();
    expect(attributeDepartments({ text: 'Ma fibre est coupée', lang: 'fr' }, patched).map((a) => a.id)).toEqual(['product']);
    expect(attributeDepartments({ text: 'Ma fibre est coupée', lang: 'fr' }, DEFAULT_DEPARTMENTS).map((a) => a.id)).toEqual(['unassigned']);
  });

  it('does not take a word of one language for evidence found in the other', async () => {
    const report = await suggestKeywords(world(), { from: FROM, to: TO });
    expect(report.proposals.some((p) => p.keyword === 'signaler')).toBe(false);
    expect(report.unplaced.find((u) => u.topic === 'signal')?.reason).toBe('(fr) no department’s own items carry it');
  });

  it('never proposes a keyword the department already has', async () => {
    const deps = world();
    const config = applyKeywordsPatch(DEFAULT_DEPARTMENTS, { departments: [{ id: 'product', keywords: { fr: ['fibre'], en: ['fibre'] } }] });
    const report = await suggestKeywords({ ...deps, config }, { from: FROM, to: TO });
    expect(report.proposals).toEqual([]);
  });

  it('refuses a range that ends before it starts', async () => {
    await expect(suggestKeywords(world(), { from: TO, to: FROM })).rejects.toBeInstanceOf(InvalidRequestError);
  });
});

describe('patchConfigJson', () => {
  it('adds the keywords to the departments a user’s file names, once, and leaves everything else as written', () => {
    const network = { id: 'network', names: { en: 'Network', fr: 'Réseau' }, keywords: { fr: ['réseau'] }, owners: ['noc@example.com'] };
    const shop = { id: 'shop', names: { en: 'Shop', fr: 'Boutique' } };
    const file = { thresholds: { minVolume: 30 }, departments: [network, shop] };
    const patch = { departments: [{ id: 'network', keywords: { fr: ['fibre', 'réseau'], en: ['fibre'] } }, { id: 'gone', keywords: { fr: ['x'], en: [] } }] };
    const { json, missing } = patchConfigJson(file, patch);
    expect(missing).toEqual(['gone']);
    expect(json).toEqual({ ...file, departments: [{ ...network, keywords: { fr: ['réseau', 'fibre'], en: ['fibre'] } }, shop] });
    expect(network.keywords.fr).toEqual(['réseau']);
    const parsed = DepartmentsConfigSchema.parse(json);
    expect(attributeDepartments({ text: 'Ma fibre est coupée', lang: 'fr' }, parsed).map((a) => a.id)).toEqual(['network']);
  });
});

describe('the defaults with a patch, written out', () => {
  it('load as a configuration file, and classify --config dry-runs it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cv-suggest-'));
    try {
      const file = join(dir, 'departments.next.json');
      await writeFile(file, JSON.stringify(applyKeywordsPatch(DEFAULT_DEPARTMENTS, { departments: [{ id: 'product', keywords: { fr: ['fibre'], en: [] } }] }), null, 2));
      const output = new PassThrough();
      const chunks: string[] = [];
      output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
      const input = Readable.from([`${JSON.stringify({ text: 'La fibre coupe tous les soirs', lang: 'fr' })}\n`]);
      expect(await runClassify(input, output, { config: file })).toBe(0);
      expect(JSON.parse(chunks.join('')).departments).toEqual([{ id: 'product', reason: 'keywords:fibre' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
