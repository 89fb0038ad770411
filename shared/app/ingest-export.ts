import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { hashCustomerId } from '../domain/customer';
import { implausibleOccurredAt, toEnvelope, type FeedbackEnvelope } from '../domain/feedback';
import { InvalidRequestError, PayloadTooLargeError, ServiceUnavailableError } from '../http/errors';
import type { FeedbackQueue } from '../ports/stores';
import type { RejectCounts, RejectReason } from '../metrics';
import { ExportError, parseExport, type ExportFormat } from './parse-export';

/** Envelopes sent per queue call while a file streams through (10 SQS batches). */
const SEND_EVERY = 100;

export interface ExportJobResult {
  jobId: string;
  profile: string;
  rows: number;
  accepted: number;
  /** Records that are not customer feedback (deleted tickets, agent e-mails, empty lines). */
  skipped: number;
  rejected: { row: number; error: string }[];
}

/** The job's rejections (and skipped records) by reason code, for metrics; not part of the response. */
export interface ExportJobOutcome extends ExportJobResult {
  rejectedByReason: RejectCounts;
}

export function exportFormatOf(contentType: string | undefined): ExportFormat {
  const type = (contentType ?? '').toLowerCase();
  if (/\b(text\/csv|application\/csv|text\/plain)\b/.test(type)) return 'csv';
  if (/\b(application\/x-ndjson|application\/jsonl|application\/x-jsonlines)\b/.test(type)) return 'jsonl';
  if (/\bjson\b/.test(type)) return 'json';
  return 'auto';
}

/**
 * A contact-centre export, streamed row by row through its profile into envelopes on the
 * ingest queue: every bad row is reported with its number and why, the rest go on. The same
 * idempotency keys apply, so a re-uploaded file counts once.
 */
export async function ingestExport(
  content: Buffer | AsyncIterable<Buffer>,
  options: { profile: string; format: ExportFormat; sender: string; timeZone: string; sourceName?: string; receivedAt?: Date },
  deps: { queue: FeedbackQueue; customerSalt: () => Promise<string> },
): Promise<ExportJobOutcome> {
  const receivedAt = options.receivedAt ?? new Date();
  const result: ExportJobResult = { jobId: randomUUID(), profile: options.profile, rows: 0, accepted: 0, skipped: 0, rejected: [] };
  const rejectedByReason: RejectCounts = {};
  const reject = (row: number, error: string, reason: RejectReason) => {
    result.rejected.push({ row, error });
    rejectedByReason[reason] = (rejectedByReason[reason] ?? 0) + 1;
  };
  let pending: { row: number; envelope: FeedbackEnvelope }[] = [];
  let salt: string | undefined;

  const flush = async () => {
    if (pending.length === 0) return;
    let failed: { id: string; error: string }[];
    try {
      ({ failed } = await deps.queue.send(pending.map((p) => p.envelope)));
    } catch (error) {
      throw new ServiceUnavailableError(`The ingest queue is unavailable after ${result.accepted} accepted rows; retry the file (rows already accepted count once).`, undefined, { cause: error });
    }
    const failedIds = new Set(failed.map((f) => f.id));
    for (const p of pending) {
      if (failedIds.has(p.envelope.id)) reject(p.row, 'could not be queued; retry the file', 'queue_refused');
      else result.accepted++;
    }
    pending = [];
  };

  try {
    const stream = Buffer.isBuffer(content) ? Readable.from([content]) : content;
    for await (const record of parseExport(stream, { profile: options.profile, format: options.format, timeZone: options.timeZone, sourceName: options.sourceName })) {
      result.rows++;
      const r = record.result;
      if (!r.ok) {
        if (r.skipped) {
          result.skipped++;
          rejectedByReason.not_feedback = (rejectedByReason.not_feedback ?? 0) + 1;
        } else reject(record.row, r.error, 'invalid_row');
        continue;
      }
      const implausible = implausibleOccurredAt(r.input.occurredAt, receivedAt);
      if (implausible) {
        reject(record.row, implausible, 'implausible_date');
        continue;
      }
      const customerId = r.input.customer?.id;
      if (customerId) salt ??= await deps.customerSalt();
      const envelope = toEnvelope(r.input, {
        channel: 'export',
        provider: options.sender,
        receivedAt,
        customerIdHash: customerId && salt ? hashCustomerId(customerId, salt) : undefined,
      });
      pending.push({ row: record.row, envelope });
      if (pending.length >= SEND_EVERY) await flush();
    }
    await flush();
  } catch (error) {
    if (error instanceof ExportError) {
      const details = { rowsRead: result.rows, accepted: result.accepted };
      if (error.code === 'too_large') throw new PayloadTooLargeError(error.message, details, { cause: error });
      throw new InvalidRequestError('invalid_export', error.message, { ...details, reason: error.code }, { cause: error });
    }
    throw error;
  }
  return { ...result, rejectedByReason };
}
