/**
 * `customer-voice suggest-keywords`: wires the use case to the tables (the local stack's, or the
 * deployed ones named by FEEDBACK_TABLE_NAME / AGGREGATES_TABLE_NAME, as `recompute` does) and to
 * the configuration (--config FILE, else DEPARTMENTS_CONFIG, else the defaults).
 */
import { readFile } from 'node:fs/promises';
import { DynamoFeedbackStore } from '../shared/adapters/dynamo-feedback-store';
import { DynamoTopicSummaries } from '../shared/adapters/dynamo-topic-summaries';
import { suggestKeywords, type SuggestKeywordsReport } from '../shared/app/suggest-keywords';
import { loadDepartmentsConfig } from '../shared/config/departments-source';
import { applyKeywordsPatch, patchConfigJson } from '../shared/domain/departments/keywords-patch';
import { extractTopics } from '../shared/domain/topics/phrases';
import { AGGREGATE_SHARDS, ENV } from '../shared/resources';
import { UsageError } from './commands/command';
import { tablesTarget } from './commands/tables-target';

export async function runSuggestKeywords(options: { from: Date; to: Date; config?: string }): Promise<{ report: SuggestKeywordsReport; patched: unknown }> {
  const config = loadDepartmentsConfig(options.config ? { file: options.config } : { json: process.env[ENV.departments] });
  const { doc, tables, destroy } = await tablesTarget();
  try {
    const zone = process.env[ENV.timeZone] ?? 'Europe/Paris';
    const report = await suggestKeywords(
      {
        topics: new DynamoTopicSummaries(doc, { table: tables.aggregates, zone, shards: AGGREGATE_SHARDS }),
        items: new DynamoFeedbackStore(doc, { feedback: tables.feedback, aggregates: tables.aggregates }),
        config,
        topicsOf: extractTopics,
      },
      { from: options.from, to: options.to },
    );
    // A user's file keeps its own shape (only keyword lists grow); the defaults are written out whole.
    if (!options.config) return { report, patched: applyKeywordsPatch(config, report.patch) };
    const { json, missing } = patchConfigJson(JSON.parse(await readFile(options.config, 'utf8')), report.patch);
    if (missing.length) throw new UsageError(`${options.config} has no department ${missing.join(', ')}: is it the configuration the stack runs?`);
    return { report, patched: json };
  } finally {
    destroy();
  }
}
