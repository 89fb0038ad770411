import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ExportError, parseExport, type ParseExportOptions, type ParsedRecord } from '../../shared/app/parse-export';
import { FeedbackInputSchema, type FeedbackInput } from '../../shared/domain/feedback';

export const EXPORT_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'exports');
export const exportFixture = (name: string): string => join(EXPORT_FIXTURES, name);

/**
 * Every record of an export (a fixture name, or chunks). Fixtures are read in 7-byte chunks on
 * purpose: BOMs, multi-byte characters, CRLFs and quoted newlines all straddle chunk boundaries.
 */
export async function collectRecords(
  source: string | Iterable<string | Buffer> | AsyncIterable<string | Buffer>,
  options: Omit<ParseExportOptions, 'configuredProfiles'> & Partial<Pick<ParseExportOptions, 'configuredProfiles'>>,
): Promise<ParsedRecord[]> {
  const stream = typeof source === 'string' ? createReadStream(exportFixture(source), { highWaterMark: 7 }) : source;
  const out: ParsedRecord[] = [];
  for await (const r of parseExport(stream, { configuredProfiles: {}, ...options })) out.push(r);
  return out;
}

/** The accepted records by row, each checked to be a valid FeedbackInput already. */
export function acceptedInputs(records: ParsedRecord[]): Record<number, FeedbackInput> {
  const ok: Record<number, FeedbackInput> = {};
  for (const r of records) {
    if (!r.result.ok) continue;
    expect(FeedbackInputSchema.safeParse(r.result.input).success).toBe(true);
    ok[r.row] = r.result.input;
  }
  return ok;
}

/** Row → "accepted", "skipped: why" or "rejected: why". */
export const recordOutcomes = (records: ParsedRecord[]) =>
  Object.fromEntries(records.map((r) => [r.row, r.result.ok ? 'accepted' : r.result.skipped ? `skipped: ${r.result.error}` : `rejected: ${r.result.error}`]));

/** The ExportError a promise rejects with (fails the test if it resolves or throws anything else). */
export async function exportErrorOf(p: Promise<unknown>): Promise<ExportError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExportError);
  return err as ExportError;
}
