import { parseArgs } from 'node:util';
import { DynamoAggregateReader, DynamoAggregateRewriter } from '../../shared/adapters/dynamo-aggregates';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo-feedback-store';
import { DynamoInterfacePartners } from '../../shared/adapters/dynamo-interface-partners';
import { DynamoTopicSummaries } from '../../shared/adapters/dynamo-topic-summaries';
import { createSentimentEngine, SENTIMENT_ENGINE_NAMES, SentimentEngineName } from '../../shared/adapters/sentiment-engines';
import { attributorFor } from '../../shared/app/attribute';
import { recompute as recomputeAggregates, type RecomputeReport } from '../../shared/app/recompute';
import type { RedactOptions, RedactProgress } from '../../shared/app/reredact';
import type { RescoreOptions, RescoreProgress } from '../../shared/app/rescore';
import { loadDepartmentsConfig } from '../../shared/config/departments-source';
import { loadEnv } from '../../shared/config/env';
import { shippedFirstNames } from '../../shared/adapters/first-names-file';
import { redactPii } from '../../shared/domain/redaction/redact-pii';
import { AGGREGATE_SHARDS, ENV } from '../../shared/resources';
import { isoDate, UsageError, type Command } from './command';
import { tablesTarget } from './tables-target';

/** The engine the processor runs: --engine, else SENTIMENT_ENGINE as the stack sets it, else the default. */
async function currentEngine(name: string | undefined) {
  const parsed = SentimentEngineName.safeParse(name ?? process.env[ENV.sentimentEngine] ?? 'embedded');
  if (!parsed.success) throw new UsageError(`--engine must be one of ${SENTIMENT_ENGINE_NAMES.join(', ')} (the engine the stack runs)`);
  const needsComprehend = parsed.data === 'comprehend' || parsed.data === 'hybrid';
  const comprehend = needsComprehend ? new (await import('@aws-sdk/client-comprehend')).ComprehendClient({}) : undefined;
  return createSentimentEngine(parsed.data, { comprehend });
}

/** One progress line on stderr: rewritten in place on a terminal, every few seconds in a log. */
function progressPrinter(stream: NodeJS.WriteStream): (p: RescoreProgress) => void {
  let last = 0;
  return (p) => {
    const line = `rescore: ${p.done}/${p.total} items, ${p.rescored} rescored, ${p.labelsChanged} labels changed`;
    if (stream.isTTY) stream.write(`\r${line}${p.done === p.total ? '\n' : ''}`);
    else if (p.done === p.total || Date.now() - last >= 5_000) {
      last = Date.now();
      stream.write(`${line}\n`);
    }
  };
}

/** One progress line on stderr for --redact: in place on a terminal, every few seconds in a log. */
function redactProgressPrinter(stream: NodeJS.WriteStream): (p: RedactProgress) => void {
  let last = 0;
  return (p) => {
    const line = `redact: ${p.scanned} items scanned, ${p.changed} changed`;
    if (stream.isTTY) {
      if (Date.now() - last >= 200) {
        last = Date.now();
        stream.write(`\r${line}`);
      }
    } else if (Date.now() - last >= 5_000) {
      last = Date.now();
      stream.write(`${line}\n`);
    }
  };
}

/** What --redact did, for a person: items scanned and changed, placeholders added by kind. */
export function redactSummary(report: RecomputeReport): string {
  const r = report.redact;
  if (!r) return '';
  const kinds = Object.entries(r.placeholdersAdded).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const added = kinds.reduce((s, [, n]) => s + n, 0);
  return [
    `redact: ${r.scanned} items scanned, ${r.changed} ${report.dryRun ? 'would change' : 'changed'}, ${added} placeholders ${report.dryRun ? 'to add' : 'added'}${kinds.length ? ` (${kinds.map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`,
    `${r.withoutText} items without text (erased, or sent without consent) left alone`,
  ].join('\n');
}

/** The summary a person reads; the JSON report goes to stdout for scripts. */
export function rescoreSummary(report: RecomputeReport): string {
  const r = report.rescore;
  if (!r) return '';
  const changes = Object.entries(r.labelsChanged).sort(([, a], [, b]) => b - a);
  const changed = changes.reduce((s, [, n]) => s + n, 0);
  return [
    `${report.dryRun ? 'would rescore' : 'rescored'} ${r.rescored} items with ${r.model}: ${changed} labels changed${changes.length ? ` (${changes.map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`,
    `${r.alreadyCurrent} already scored by this model, ${r.withoutText} without text kept their label`,
    `${report.cellsWithDrift + report.cellsWithModelDrift > 0 ? `${report.cellsFixed} cells rewritten` : 'aggregates already exact'} in ${(report.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

export const recompute: Command = {
  usage: `  recompute [--from ISO] [--to ISO] [--config FILE] [--dry-run]
                              re-attribute stored items with the current configuration, extract their
                              topics again, rebuild the aggregates and topic summaries from them and
                              report the drift (pause ingestion first)
  recompute --rescore [--engine NAME] [--force] [--config FILE] [--dry-run]
                              also re-score every item's redacted text with the current sentiment model
                              (after a model change; items it already scored are skipped unless --force)
  recompute --redact [--config FILE] [--dry-run]
                              also re-apply the current redaction to every stored item's text (what an
                              older version missed); items it leaves unchanged are not rewritten`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        config: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        rescore: { type: 'boolean', default: false },
        engine: { type: 'string' },
        force: { type: 'boolean', default: false },
        redact: { type: 'boolean', default: false },
      },
    });
    if (!values.rescore && (values.force || values.engine)) throw new UsageError('--force and --engine go with --rescore');
    if (values.rescore && (values.from || values.to)) throw new UsageError('--rescore re-scores every item and rebuilds every cell: leave out --from/--to');
    const range = { from: values.from ? isoDate(values.from, '--from') : undefined, to: values.to ? isoDate(values.to, '--to') : undefined };
    const engine = values.rescore ? await currentEngine(values.engine) : undefined;
    const { doc, tables, destroy } = await tablesTarget();
    const config = loadDepartmentsConfig(values.config ? { file: values.config } : { json: process.env[ENV.departments] });
    const store = new DynamoFeedbackStore(doc, { feedback: tables.feedback, aggregates: tables.aggregates });
    const attribute = attributorFor(config);
    const rescore: RescoreOptions | undefined = engine && { engine, sentiments: store, force: values.force, onProgress: progressPrinter(process.stderr) };
    // The processor's rules, first names and setting (REDACTION_KEEP_STAFF_NAMES), so history reads like new items.
    const redaction = values.redact ? { keepStaffNames: loadEnv(['redactionKeepStaffNames']).redactionKeepStaffNames, firstNames: shippedFirstNames() } : undefined;
    const redact: RedactOptions | undefined = redaction && { redact: (text) => redactPii(text, redaction), texts: store, onProgress: redactProgressPrinter(process.stderr) };
    const zone = process.env[ENV.timeZone] ?? 'Europe/Paris';
    try {
      const report = await recomputeAggregates({
        items: () => store.scanItems(),
        attribute: (item) => attribute(item),
        attributions: store,
        aggregates: new DynamoAggregateReader(doc, tables.aggregates, AGGREGATE_SHARDS),
        rewriter: new DynamoAggregateRewriter(doc, tables.aggregates, AGGREGATE_SHARDS),
        partners: new DynamoInterfacePartners(doc, tables.feedback),
        zones: [zone],
        range,
        rescore,
        redact,
        topics: { cells: new DynamoTopicSummaries(doc, { table: tables.aggregates, zone, shards: AGGREGATE_SHARDS }), items: store, zone },
        dryRun: values['dry-run'],
      });
      process.stdout.write(`${JSON.stringify(report)}\n`);
      if (report.redact) process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}${redactSummary(report)}\n`);
      if (report.rescore) process.stderr.write(`${rescoreSummary(report)}\n`);
      if (values['dry-run'] && (report.cellsWithDrift + report.cellsWithModelDrift + (report.partners?.rowsWithDrift ?? 0) > 0 || (report.redact?.changed ?? 0) > 0)) process.exitCode = 3;
    } finally {
      destroy();
    }
  },
};
