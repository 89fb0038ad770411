import { createInterface } from 'node:readline';
import { TinyldLanguageDetector } from '../shared/adapters/language-detector';
import { createSentimentEngine, SentimentEngineName } from '../shared/adapters/sentiment-engines';
import { attributorFor } from '../shared/app/attribute';
import { prepareBatch } from '../shared/app/process-feedback';
import { loadDepartmentsConfig } from '../shared/config/departments-source';
import { describeIssues, FeedbackInputSchema, toEnvelope } from '../shared/domain/feedback';
import { shippedFirstNames } from '../shared/adapters/first-names-file';
import { patternPiiRedactor } from '../shared/domain/redaction/redact-pii';

const BATCH = 25;

/**
 * `customer-voice classify [--config FILE] [--engine NAME]`: JSONL items on stdin → one JSON
 * line each with language, sentiment, departments and journeys with their reasons. The same
 * code path as the processor, so an officer can dry-run a configuration change.
 */
export async function runClassify(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  options: { config?: string; engine?: string },
): Promise<number> {
  const config = loadDepartmentsConfig(options.config ? { file: options.config } : {});
  const engineName = SentimentEngineName.parse(options.engine ?? 'embedded');
  const redaction = { firstNames: shippedFirstNames() };
  const deps = {
    detector: new TinyldLanguageDetector(),
    redactor: patternPiiRedactor(redaction),
    redaction,
    engine: createSentimentEngine(engineName, {}),
    attribute: attributorFor(config),
    retentionDays: 1,
  };
  let failures = 0;
  let lineNo = 0;
  let pending: { line: number; body: string }[] = [];

  const flush = async () => {
    const prepared = await prepareBatch(pending.map((p) => ({ id: String(p.line), body: p.body })), deps);
    for (const p of pending) {
      const entry = prepared.get(String(p.line))!;
      if (entry.kind !== 'ready') {
        failures++;
        output.write(`${JSON.stringify({ line: p.line, error: entry.kind === 'poison' ? entry.error.message : String(entry.error) })}\n`);
        continue;
      }
      const { item } = entry;
      output.write(
        `${JSON.stringify({
          line: p.line,
          lang: item.lang,
          sentiment: {
            label: item.sentiment.label,
            confidence: Math.round(item.sentiment.confidence * 1000) / 1000,
            // Which model answered: the shipped file is found the same way as on Lambda.
            ...(deps.engine.modelId ? { model: deps.engine.modelId } : {}),
          },
          departments: item.departments,
          journeys: item.journeys,
        })}\n`,
      );
    }
    pending = [];
  };

  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    const line = raw.trim();
    if (!line) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      failures++;
      output.write(`${JSON.stringify({ line: lineNo, error: `not JSON: ${(error as Error).message}` })}\n`);
      continue;
    }
    const parsed = FeedbackInputSchema.safeParse(typeof json === 'string' ? { text: json } : json);
    if (!parsed.success) {
      failures++;
      output.write(`${JSON.stringify({ line: lineNo, error: describeIssues(parsed.error) })}\n`);
      continue;
    }
    const envelope = toEnvelope(parsed.data, { channel: 'api', provider: 'classify', receivedAt: new Date() });
    pending.push({ line: lineNo, body: JSON.stringify(envelope) });
    if (pending.length >= BATCH) await flush();
  }
  if (pending.length > 0) await flush();
  return failures > 0 ? 1 : 0;
}
