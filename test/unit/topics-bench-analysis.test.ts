/**
 * The topics bench's analysis on the bench's own stream, with summaries built in memory by the
 * domain code (redaction, attribution, extraction, bounded summaries per local day and week):
 * the detector flags the injected theme by the target day with few false flags, and
 * suggest-keywords finds the keywords the generator left out. The bench measures the same on
 * the summaries the real pipeline stores in DynamoDB Local.
 */
import { describe, expect, it } from 'vitest';
import { emergingFigures, injectedKeys, naiveWeekOverWeek } from '../../cli/bench/topics/emerging-days';
import { topicStream } from '../../cli/bench/topics/stream';
import { STREAM_DEPARTMENTS } from '../../cli/bench/topics/stream-texts';
import { shippedFirstNames } from '../../shared/adapters/first-names-file';
import { suggestKeywords } from '../../shared/app/suggest-keywords';
import { applyKeywordsPatch } from '../../shared/domain/departments/keywords-patch';
import { attributeDepartments } from '../../shared/domain/departments/attribution';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import { redactPii } from '../../shared/domain/redaction/redact-pii';
import { windowStart } from '../../shared/domain/scores';
import type { TopicGranularity, TopicScope } from '../../shared/domain/topics/contract';
import { extractTopics } from '../../shared/domain/topics/phrases';
import { tally, TOPIC_CAPACITY, truncated } from '../../shared/domain/topics/summary';
import { EMERGING_DEFAULTS } from '../../shared/domain/topics/emerging';
import type { Verbatim } from '../../shared/ports/stores';
import { MemoryTopicSummaries } from '../support/memory-topic-summaries';

const stream = topicStream();
const firstNames = shippedFirstNames();
/**
 * Entries kept per cell here. A topic at 3 % of a department of 80 items a day ranks about 75th of
 * its day cell's 100 distinct topics (the 24th has 8 items): a summary must hold about 100 entries
 * for the injected theme to be seen at all: the day cells' capacity (the bench measures the same
 * on the summaries the pipeline stores, rows deflated within 1 KB).
 */
const CAPACITY = TOPIC_CAPACITY.day;

/** The stream as the pipeline would store it: redacted, attributed, with topics; summaries per scope and local day/week. */
function storedWorld() {
  const verbatims: Verbatim[] = [];
  const cells = new Map<string, { scope: TopicScope; granularity: TopicGranularity; window: string; items: { topics: ReturnType<typeof extractTopics>; negative: boolean }[] }>();
  for (const { item, truth } of stream.items) {
    const text = redactPii(item.text, { firstNames }).text;
    const departments = attributeDepartments({ text, lang: item.lang }, DEFAULT_DEPARTMENTS);
    const topics = extractTopics(text, item.lang);
    const negative = truth.theme !== 'thanks' && (truth.injected || !['positive', 'neutral'].includes(themeTone(truth)));
    verbatims.push({ id: item.externalId, occurredAt: item.occurredAt, text, lang: item.lang, sentiment: negative ? 'negative' : 'positive', departments, journeys: [], channel: 'api', topics });
    const scopes: TopicScope[] = departments.map((d) => (d.id === 'unassigned' ? { kind: 'unassigned' } : { kind: 'dept', id: d.id }));
    for (const scope of scopes) {
      for (const granularity of ['day', 'week'] as const) {
        const window = windowStart(new Date(item.occurredAt), granularity, stream.zone).toISOString();
        const id = `${JSON.stringify(scope)}|${granularity}|${window}`;
        const cell = cells.get(id) ?? { scope, granularity, window, items: [] };
        cell.items.push({ topics, negative });
        cells.set(id, cell);
      }
    }
  }
  const summaries = new MemoryTopicSummaries();
  for (const c of cells.values()) {
    const summary = truncated(tally(c.items).entries, CAPACITY, 0);
    summaries.put(c.scope, c.granularity, [{ window: c.window, items: c.items.length, negativeItems: c.items.filter((i) => i.negative).length, entries: summary.entries, floor: summary.floor }]);
  }
  verbatims.sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  const store = {
    async verbatims(department: string, from: Date, to: Date, limit: number) {
      return verbatims.filter((v) => v.departments.some((d) => d.id === department) && v.occurredAt >= from.toISOString() && v.occurredAt < to.toISOString()).slice(0, limit);
    },
  };
  return { summaries, store, verbatims };
}

function themeTone(truth: { theme: string }): string {
  return /happy|quick|easy|kind|on-time|helpful|loyalty|box-speed|clear|thanks/.test(truth.theme) ? 'positive' : 'negative';
}

describe('the topics bench analysis, on summaries built by the domain code', () => {
  const world = storedWorld();

  it('the injected theme has keys no stable text makes', () => {
    const { distinctive, all } = injectedKeys();
    expect(distinctive.size).toBeGreaterThan(0);
    for (const k of distinctive) expect(all.has(k)).toBe(true);
  });

  it('flags the injected theme in its department no later than the day its count reaches 15, with under 0.1 false flags per department-week', async () => {
    const figures = await emergingFigures(stream, world.summaries, STREAM_DEPARTMENTS, { ...EMERGING_DEFAULTS.day, capacity: CAPACITY });
    expect(figures.firstFlaggedDay, JSON.stringify(figures.falseFlags.slice(0, 5))).toBeDefined();
    expect(figures.firstFlaggedDay! >= figures.injectionDay).toBe(true);
    expect(figures.firstFlaggedDay! <= figures.targetDay!).toBe(true);
    expect(figures.falseFlagsPerDepartmentWeek, JSON.stringify(figures.falseFlags)).toBeLessThanOrEqual(0.1);
  }, 120_000);

  it('counts false flags: the naive week-over-week rule, on the same summaries, raises many', async () => {
    const naive = await emergingFigures(stream, world.summaries, STREAM_DEPARTMENTS, { ...EMERGING_DEFAULTS.day, capacity: CAPACITY }, naiveWeekOverWeek);
    expect(naive.falseFlagsPerDepartmentWeek).toBeGreaterThan(1);
    expect(naive.falseFlags.every((f) => f.support >= 5)).toBe(true);
  }, 120_000);

  it('suggest-keywords finds the words the configuration misses and places each in the department the generator meant', async () => {
    const from = new Date(`${stream.days[0]}T00:00:00+02:00`);
    const to = new Date(`${stream.days.at(-1)}T23:59:59+01:00`);
    const report = await suggestKeywords({ topics: world.summaries, items: world.store, config: DEFAULT_DEPARTMENTS }, { from, to });
    const placed = Object.fromEntries(report.proposals.map((p) => [`${p.lang}:${p.keyword}`, p.department]));
    expect(placed, JSON.stringify(report.unplaced)).toMatchObject({ 'fr:fibre': 'product', 'en:fibre': 'product', 'fr:rendez-vous': 'after-sales', 'en:appointment': 'after-sales' });
    expect(Object.values(placed).every((d) => ['product', 'marketing', 'after-sales'].includes(d)), JSON.stringify(placed)).toBe(true);
    const before = world.verbatims.filter((v) => v.departments.every((d) => d.id === 'unassigned')).length / world.verbatims.length;
    const patched = applyKeywordsPatch(DEFAULT_DEPARTMENTS, report.patch);
    const after = world.verbatims.filter((v) => attributeDepartments({ text: v.text, lang: v.lang }, patched).every((d) => d.id === 'unassigned')).length / world.verbatims.length;
    expect(after).toBeLessThan(before * 0.7);
  }, 120_000);
});
