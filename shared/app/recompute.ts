import type { Attribution } from '../domain/departments/attribution';
import { InvalidRequestError } from '../domain/failures';
import { emptyCounters, type Counters } from '../domain/scores';
import type { AggregateReader, PartnerRowsReport, PartnerRowsRewriter, ProcessedFeedback } from '../ports/stores';
import { collectCells, driftBetween, modelDriftBetween, recountCells, type CellMaps } from './recount';
import { emptyRedactReport, reredactStored, type RedactOptions, type RedactReport } from './reredact';
import { recomputeTopics, type TopicRecomputeOptions, type TopicRecomputeReport } from './recompute-topics';
import { rescoreItems, type RescoreOptions, type RescoreReport } from './rescore';

export interface AttributionUpdater {
  /** Rewrites an item's attribution and its verbatim index rows. */
  updateAttribution(item: ProcessedFeedback, previous: Pick<ProcessedFeedback, 'departments' | 'journeys'>): Promise<void>;
}

export interface AggregateRewriter {
  /** Sets one cell to exactly these counters and models (all write shards folded into one). */
  replace(series: string, window: string, counters: Counters, models?: readonly string[]): Promise<void>;
}

export interface RecomputeReport {
  dryRun: boolean;
  items: number;
  /** Items whose departments or journeys changed under the current configuration. */
  reattributed: number;
  /** With --rescore: what the current sentiment model changed. */
  rescore?: RescoreReport;
  /** With --redact: what the current redaction removed from the stored texts. */
  redact?: RedactReport;
  /** The topics extracted again and their summary cells rebuilt (issue #20). */
  topics?: TopicRecomputeReport;
  cellsChecked: number;
  /** Cells whose stored counters differed from the recount. */
  cellsWithDrift: number;
  /** Sum of |expected − stored| per counter, over those cells. */
  driftByCounter: Partial<Record<keyof Counters, number>>;
  /** Cells whose recorded sentiment models differed from those of their items. */
  cellsWithModelDrift: number;
  cellsFixed: number;
  /** The interface-partners index checked (and unless a dry run, set) against the items' departments. */
  partners?: PartnerRowsReport;
  durationMs: number;
}

/** Cells rewritten at once. */
const REWRITE_CONCURRENCY = 16;

const sameIds = (a: readonly Attribution[], b: readonly Attribution[]) =>
  a.map((x) => x.id).sort().join(',') === b.map((x) => x.id).sort().join(',');

/**
 * Rebuilds the aggregates from the stored items: re-attributes each item with the current
 * configuration, optionally re-scores its sentiment with the current engine (`rescore`),
 * recounts every cell, reports the drift against what is stored and (unless a dry run)
 * rewrites the cells that differ, counters and models, and the interface-partners rows. Items are rewritten before the cells,
 * so a run that stops half-way is finished by the next one, which gives the same aggregates.
 * Run it with ingestion paused: increments that land during the rewrite of the same cell
 * would be overwritten.
 */
export async function recompute(deps: {
  items: () => AsyncIterable<ProcessedFeedback>;
  attribute: (item: ProcessedFeedback) => { departments: Attribution[]; journeys: Attribution[] };
  attributions: AttributionUpdater;
  aggregates: AggregateReader;
  rewriter: AggregateRewriter;
  /** The interface-partners index, rebuilt from the (re-attributed) items. */
  partners?: PartnerRowsRewriter;
  zones: readonly string[];
  range?: { from?: Date; to?: Date };
  rescore?: RescoreOptions;
  /** Re-applies the current redaction to each item's text before it is re-attributed. */
  redact?: RedactOptions;
  /** Re-extracts every item's topics and rebuilds the topic summary cells. */
  topics?: TopicRecomputeOptions;
  dryRun: boolean;
  now?: () => number;
}): Promise<RecomputeReport> {
  const now = deps.now ?? Date.now;
  const started = now();
  const report: RecomputeReport = {
    dryRun: deps.dryRun,
    items: 0,
    reattributed: 0,
    cellsChecked: 0,
    cellsWithDrift: 0,
    driftByCounter: {},
    cellsWithModelDrift: 0,
    cellsFixed: 0,
    durationMs: 0,
  };
  // Every cell an item is in must be rebuilt with it: a re-scored item outside the range would leave its cells wrong.
  if (deps.rescore && (deps.range?.from || deps.range?.to)) {
    throw new InvalidRequestError('rescore_with_range', 'A rescore re-scores every item and rebuilds every cell: leave out from/to.');
  }
  let current: ProcessedFeedback[] = [];
  if (deps.redact) report.redact = emptyRedactReport();
  for await (const stored of deps.items()) {
    report.items++;
    // Redacted first: the words the attribution matches are those that stay stored.
    const item = deps.redact && report.redact ? await reredactStored(stored, { ...deps.redact, dryRun: deps.dryRun }, report.redact) : stored;
    // Without its words (erased, or sent without consent) an item cannot be matched on keywords
    // again: it keeps the departments it was counted in, as erasure promises.
    if (item.textWithheld || !item.text) {
      current.push(item);
      continue;
    }
    const next = deps.attribute(item);
    const changed = !sameIds(next.departments, item.departments) || !sameIds(next.journeys ?? [], item.journeys ?? []);
    const updated = { ...item, departments: next.departments, journeys: next.journeys };
    if (changed) {
      report.reattributed++;
      if (!deps.dryRun) await deps.attributions.updateAttribution(updated, item);
    }
    current.push(changed ? updated : item);
  }
  if (deps.rescore) {
    const rescored = await rescoreItems(current, { ...deps.rescore, dryRun: deps.dryRun });
    current = rescored.items;
    report.rescore = rescored.report;
  }

  const windowInRange = (window: string) =>
    (!deps.range?.from || window >= deps.range.from.toISOString()) && (!deps.range?.to || window <= deps.range.to.toISOString());
  const inRange = (key: string) => windowInRange(key.slice(key.lastIndexOf('|') + 1));
  if (deps.topics) {
    const rebuilt = await recomputeTopics(current, deps.topics, { dryRun: deps.dryRun, inRange: windowInRange });
    current = rebuilt.items;
    report.topics = rebuilt.report;
  }
  // Every item, whatever the range: a row covers a month, and re-attribution may move any pair.
  if (deps.partners) report.partners = await deps.partners.rebuild(current, deps.dryRun);
  const filter = <V>(m: Map<string, V>) => new Map([...m].filter(([k]) => inRange(k)));
  const inRangeOf = (cells: CellMaps): CellMaps => ({ counters: filter(cells.counters), models: filter(cells.models) });
  const expected = inRangeOf(await recountCells(current, deps.zones));
  const stored = inRangeOf(await collectCells(deps.aggregates.scanAll()));
  report.cellsChecked = new Set([...expected.counters.keys(), ...stored.counters.keys()]).size;

  const drift = driftBetween(expected.counters, stored.counters);
  const modelDrift = modelDriftBetween(expected.models, stored.models);
  report.cellsWithDrift = new Set(drift.map((d) => d.key)).size;
  report.cellsWithModelDrift = modelDrift.length;
  for (const d of drift) report.driftByCounter[d.counter] = (report.driftByCounter[d.counter] ?? 0) + Math.abs(d.expected - d.actual);
  if (!deps.dryRun) {
    const keys = [...new Set([...drift.map((d) => d.key), ...modelDrift])];
    // A model change rewrites nearly every cell: a few at a time, each its own transaction.
    for (let i = 0; i < keys.length; i += REWRITE_CONCURRENCY) {
      await Promise.all(
        keys.slice(i, i + REWRITE_CONCURRENCY).map(async (key) => {
          const split = key.lastIndexOf('|');
          await deps.rewriter.replace(key.slice(0, split), key.slice(split + 1), expected.counters.get(key) ?? emptyCounters(), expected.models.get(key) ?? []);
          report.cellsFixed++;
        }),
      );
    }
  }
  report.durationMs = now() - started;
  return report;
}
